// Trunk post_build hook (see Trunk.toml). Runs in the staging directory's parent
// with TRUNK_STAGING_DIR set. It:
//  0. copies in the wasm parts scripts/build-wasm made (target/split/out) and writes the
//     first module's hashed names into index.html's loader script;
//  1. writes into sw.js the list of every staged file (hashed wasm/js/css included)
//     and a build id made from their contents, so a new build replaces the old one;
//  2. writes the SHA-256 of each inline <script> Trunk injected into the CSP, so
//     the policy can stay 'self'-only without 'unsafe-inline';
//  3. in release builds, writes FILE.gz (gzip -9) and FILE.br (Brotli -11) beside
//     every hashed file (wasm, js, css), for servers that send precompressed files
//     (scripts/static-server.mjs does). Only hashed files: their name changes with
//     their content, so a copy can never be stale (index.html and sw.js are edited
//     in place by deploys and tests). They are not in the precache list: the
//     browser decodes them, and the service worker stores the decoded response.
import { createHash } from "node:crypto";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";
import { readFileSync, writeFileSync, readdirSync, statSync, copyFileSync } from "node:fs";
import { join, relative, sep, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error("trunk-post-build: TRUNK_STAGING_DIR is not set (run through trunk)");
  process.exit(1);
}
const release = process.env.TRUNK_PROFILE === "release";

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

// 0. The wasm parts.
const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const parts = join(process.env.CARGO_TARGET_DIR ? resolve(root, process.env.CARGO_TARGET_DIR) : join(root, "target"), "split", "out");
const manifest = JSON.parse(readFileSync(join(parts, "manifest.json"), "utf8"));
for (const file of [manifest.js, manifest.wasm, manifest.loader, ...manifest.lazy]) {
  copyFileSync(join(parts, file), join(staging, file));
}
writeFileSync(join(staging, "wasm-parts.json"), JSON.stringify(manifest, null, 2) + "\n");

// 1. CSP hashes of inline scripts in index.html.
const indexPath = join(staging, "index.html");
let html = readFileSync(indexPath, "utf8");
for (const name of ["__DOORSTEP_JS__", "__DOORSTEP_WASM__", "__DOORSTEP_LOADER__"]) {
  if (!html.includes(name)) {
    console.error(`trunk-post-build: index.html has no ${name} placeholder`);
    process.exit(1);
  }
}
// The loader script and the preload links name the same files.
html = html
  .replaceAll("__DOORSTEP_JS__", manifest.js)
  .replaceAll("__DOORSTEP_WASM__", manifest.wasm)
  .replaceAll("__DOORSTEP_LOADER__", manifest.loader);
const hashes = [];
for (const match of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
  if (match[1].trim() === "") continue;
  hashes.push(`'sha256-${createHash("sha256").update(match[1], "utf8").digest("base64")}'`);
}
if (!html.includes("__TRUNK_INLINE_HASHES__")) {
  console.error("trunk-post-build: index.html has no __TRUNK_INLINE_HASHES__ placeholder in its CSP");
  process.exit(1);
}
html = html.replace("__TRUNK_INLINE_HASHES__", hashes.join(" "));
writeFileSync(indexPath, html);

// 2. Precache list and build id (after index.html is final: it is part of the build).
const files = walk(staging)
  .map((path) => relative(staging, path).split(sep).join("/"))
  .filter((path) => path !== "sw.js")
  .sort();
const build = createHash("sha256");
for (const file of files) {
  build.update(file);
  build.update(readFileSync(join(staging, file)));
}
const buildId = build.digest("hex").slice(0, 16);
const precache = release ? JSON.stringify(["./", ...files.map((f) => `./${f}`)]) : "null";

const swPath = join(staging, "sw.js");
const sw = readFileSync(swPath, "utf8")
  .replace("__BUILD_ID__", release ? buildId : `dev-${buildId}`)
  .replace("__PRECACHE__", precache);
writeFileSync(swPath, sw);
// 3. Precompressed copies (after every file above is final).
let compressed = 0;
if (release) {
  for (const file of files) {
    if (!/-[0-9a-f]{8,}(_bg)?\.(wasm|js|css)$/.test(file)) continue;
    const bytes = readFileSync(join(staging, file));
    writeFileSync(join(staging, `${file}.gz`), gzipSync(bytes, { level: 9 }));
    writeFileSync(
      join(staging, `${file}.br`),
      brotliCompressSync(bytes, {
        params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
      })
    );
    compressed += 1;
  }
}
console.log(
  `trunk-post-build: ${release ? "release" : "dev"} build ${buildId}, ${files.length} files precached, ${hashes.length} inline script hash(es) in CSP, ${compressed} file(s) precompressed (.gz, .br)`
);
