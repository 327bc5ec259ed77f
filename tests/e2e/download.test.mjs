// What a phone downloads: every hashed file of the build has gzip and Brotli
// copies that decode to exactly its bytes, the server sends them only to a
// browser that asks, the app starts from them, and the size guard fails a build
// over its budget (and passes this one).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { spawnSync } from "node:child_process";
import { gunzipSync, brotliDecompressSync } from "node:zlib";
import { DIST, ROOT, serve, openDevice, waitForApp } from "./helpers.mjs";

const hashed = readdirSync(DIST).filter((f) => /-[0-9a-f]{8,}(_bg)?\.(wasm|js|css)$/.test(f));

test("download: precompressed copies equal the files, are sent on request, and the app starts from them", async () => {
  assert.ok(hashed.some((f) => f.endsWith(".wasm")), `no hashed wasm in ${DIST}`);
  for (const file of hashed) {
    const raw = readFileSync(join(DIST, file));
    assert.deepEqual(gunzipSync(readFileSync(join(DIST, `${file}.gz`))), raw, `${file}.gz`);
    assert.deepEqual(brotliDecompressSync(readFileSync(join(DIST, `${file}.br`))), raw, `${file}.br`);
  }
  // index.html and sw.js are edited in place by deploys: never precompressed, so never stale.
  assert.ok(!readdirSync(DIST).some((f) => /^(index\.html|sw\.js)\.(gz|br)$/.test(f)));

  const server = await serve();
  try {
    const wasm = hashed.find((f) => f.endsWith(".wasm"));
    const raw = readFileSync(join(DIST, wasm));
    const plain = await fetch(server.url + wasm, { headers: { "accept-encoding": "identity" } });
    assert.equal(plain.headers.get("content-encoding"), null);
    assert.equal(Number((await plain.arrayBuffer()).byteLength), raw.length);
    for (const encoding of ["br", "gzip"]) {
      const res = await fetch(server.url + wasm, { headers: { "accept-encoding": encoding } });
      assert.equal(res.headers.get("content-encoding"), encoding);
      assert.equal(res.headers.get("content-type"), "application/wasm");
      assert.deepEqual(Buffer.from(await res.arrayBuffer()), raw, `${encoding} decodes to the wasm`);
    }

    const device = await openDevice();
    try {
      const encodings = [];
      device.page.on("response", async (response) => {
        if (response.url().endsWith(".wasm")) encodings.push((await response.allHeaders())["content-encoding"]);
      });
      await device.page.goto(server.url);
      await waitForApp(device.page);
      assert.ok(encodings.length > 0 && encodings.every((e) => e === "br" || e === "gzip"), `wasm sent as ${encodings}`);
    } finally {
      await device.close();
    }
  } finally {
    await server.close();
  }
});

test("download: the size guard prints the figures, passes this build and fails one over budget", () => {
  const ok = spawnSync(process.execPath, [join(ROOT, "scripts/size-check.mjs"), DIST], { encoding: "utf8" });
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /wasm \+ js \+ css/);
  const gz = Number(ok.stdout.match(/wasm \+ js \+ css\s+[\d,]+\s+([\d,]+)/)[1].replace(/,/g, ""));
  assert.ok(gz > 10_000, `gzip total ${gz}`);

  const tight = join(mkdtempSync(join(tmpdir(), "doorstep-budget-")), "size-budget.txt");
  writeFileSync(tight, `# one byte under this build\n${gz - 1}\n`);
  const over = spawnSync(process.execPath, [join(ROOT, "scripts/size-check.mjs"), DIST], {
    encoding: "utf8",
    env: { ...process.env, DOORSTEP_SIZE_BUDGET: tight },
  });
  assert.equal(over.status, 1);
  assert.match(over.stderr, /over the budget of [\d,]+ B by 1 B/);
});
