// The download-size guard: sums gzip -9 (and, for information, Brotli -11) of the
// release build's first download (the main wasm, every js and the css) in dist/, prints
// the figures, lists the lazily loaded wasm parts (wasm-parts.json, written by
// scripts/trunk-post-build.mjs: fetched after the first screen and precached, not counted),
// and exits 1 when the gzip sum exceeds the budget in size-budget.txt.
// Usage: node scripts/size-check.mjs [DIST]
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join, dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const dist = resolve(process.argv[2] ?? join(root, "dist"));

function budgetBytes(text) {
  const lines = text.split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
  const value = Number(lines.at(-1));
  if (!Number.isInteger(value) || value <= 0) throw new Error("size-budget.txt: the last non-comment line must be a positive integer");
  return value;
}

const gzip9 = (bytes) => gzipSync(bytes, { level: 9 }).length;
const brotli11 = (bytes) =>
  brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

// Everything the page loads before its first screen; the service worker is fetched apart,
// by the browser, and the lazy wasm parts after the first screen.
const partsFile = join(dist, "wasm-parts.json");
const lazy = existsSync(partsFile) ? JSON.parse(readFileSync(partsFile, "utf8")).lazy : [];
const shipped = readdirSync(dist).filter((f) => /\.(wasm|js|css)$/.test(f) && f !== "sw.js" && !lazy.includes(f));
const extra = readdirSync(dist).filter((f) => f === "sw.js" || lazy.includes(f));
if (!shipped.some((f) => f.endsWith(".wasm"))) {
  console.error(`size-check: no .wasm in ${dist}; run scripts/build first`);
  process.exit(1);
}
const rows = [...shipped, ...extra].map((file) => {
  const bytes = readFileSync(join(dist, file));
  return { file, raw: bytes.length, gz: gzip9(bytes), br: brotli11(bytes), counted: shipped.includes(file) };
});
const fmt = (n) => n.toLocaleString("en-US").padStart(10);
console.log(`${"file".padEnd(40)} ${"raw".padStart(10)} ${"gzip -9".padStart(10)} ${"brotli -11".padStart(10)}`);
for (const r of rows) console.log(`${(r.file + (r.counted ? "" : lazy.includes(r.file) ? " (lazy)" : " (not counted)")).padEnd(40)} ${fmt(r.raw)} ${fmt(r.gz)} ${fmt(r.br)}`);
const sum = (key) => rows.filter((r) => r.counted).reduce((s, r) => s + r[key], 0);
const budgetFile = process.env.DOORSTEP_SIZE_BUDGET ?? join(root, "size-budget.txt");
const budget = budgetBytes(readFileSync(budgetFile, "utf8"));
console.log(`${"wasm + js + css".padEnd(40)} ${fmt(sum("raw"))} ${fmt(sum("gz"))} ${fmt(sum("br"))}`);
if (lazy.length) {
  const all = (key) => rows.reduce((s, r) => s + r[key], 0) - rows.filter((r) => r.file === "sw.js").reduce((s, r) => s + r[key], 0);
  console.log(`${"with the lazy parts (all precached)".padEnd(40)} ${fmt(all("raw"))} ${fmt(all("gz"))} ${fmt(all("br"))}`);
}
console.log(`budget (size-budget.txt): ${budget.toLocaleString("en-US")} B gzip -9`);
if (sum("gz") > budget) {
  console.error(`size-check: FAILED — ${sum("gz").toLocaleString("en-US")} B gzip is over the budget of ${budget.toLocaleString("en-US")} B by ${(sum("gz") - budget).toLocaleString("en-US")} B. Make the app smaller, or raise the budget in a commit that says why.`);
  process.exit(1);
}
console.log(`size-check: ok, ${(budget - sum("gz")).toLocaleString("en-US")} B under budget`);
