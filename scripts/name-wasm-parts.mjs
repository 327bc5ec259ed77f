// Step 4 of scripts/build-wasm: copies the split build from PKG to OUT with one content
// hash in every name, rewrites the references between the files, and writes manifest.json
// ({ js, wasm, loader, lazy: [...] }) for scripts/trunk-post-build.mjs and size-check.
// Usage: node scripts/name-wasm-parts.mjs PKG OUT
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

const [pkg, out] = process.argv.slice(2);
const files = readdirSync(pkg).filter((f) => /\.(wasm|js)$/.test(f)).sort();
const hash = createHash("sha256");
for (const f of files) hash.update(f).update(readFileSync(join(pkg, f)));
const h = hash.digest("hex").slice(0, 16);

// doorstep.js -> doorstep-H.js, doorstep_bg.wasm -> doorstep-H_bg.wasm,
// __wasm_split.js -> wasm-split-H.js, split_office.wasm -> split_office-H.wasm, chunk_N.wasm -> chunk_N-H.wasm
const rename = (f) =>
  f === "doorstep_bg.wasm"
    ? `doorstep-${h}_bg.wasm`
    : f === "__wasm_split.js"
      ? `wasm-split-${h}.js`
      : f.replace(/\.(wasm|js)$/, `-${h}.$1`);
const names = Object.fromEntries(files.map((f) => [f, rename(f)]));
if (!names["doorstep.js"] || !names["doorstep_bg.wasm"] || !names["__wasm_split.js"]) {
  console.error(`name-wasm-parts: ${pkg} lacks doorstep.js, doorstep_bg.wasm or __wasm_split.js`);
  process.exit(1);
}

function rewrite(text, pairs) {
  for (const [from, to] of pairs) {
    if (!text.includes(from)) throw new Error(`name-wasm-parts: no ${from} to rewrite`);
    text = text.split(from).join(to);
  }
  return text;
}
const lazy = files.filter((f) => f.endsWith(".wasm") && f !== "doorstep_bg.wasm");
for (const f of files) {
  let bytes = readFileSync(join(pkg, f));
  if (f === "doorstep.js") {
    bytes = rewrite(bytes.toString("utf8"), [
      // Only the import statement: the imports object keeps the wasm's module name.
      ['from "./__wasm_split.js"', `from "./${names["__wasm_split.js"]}"`],
      ["'doorstep_bg.wasm'", `'${names["doorstep_bg.wasm"]}'`],
    ]);
  } else if (f === "__wasm_split.js") {
    bytes = rewrite(bytes.toString("utf8"), [
      ['"./main.js"', `"./${names["doorstep.js"]}"`],
      ...lazy.map((w) => [`"./${w}"`, `"./${names[w]}"`]),
    ]);
  }
  writeFileSync(join(out, names[f]), bytes);
}
const manifest = {
  js: names["doorstep.js"],
  wasm: names["doorstep_bg.wasm"],
  loader: names["__wasm_split.js"],
  lazy: lazy.map((w) => names[w]),
};
writeFileSync(join(out, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
console.log(`build-wasm: first download ${manifest.js} + ${manifest.wasm}; lazy ${manifest.lazy.join(", ")}`);
