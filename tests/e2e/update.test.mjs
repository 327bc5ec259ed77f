// A new deploy replaces the old build cleanly: the page shows "new version —
// reload", and after the reload every file comes from the new build's cache.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { copyDist, serve, openDevice, waitForApp, waitForServiceWorker } from "./helpers.mjs";

const cacheNames = (page) => page.evaluate(() => caches.keys());

test("service worker: a new version is announced, then replaces the old one whole", async () => {
  const dir = copyDist();
  const server = await serve(dir);
  const device = await openDevice();
  const { page } = device;
  try {
    await page.goto(server.url);
    await waitForApp(page);
    await waitForServiceWorker(page);
    const before = await cacheNames(page);
    assert.equal(before.length, 1, `one cache for one build, got ${before}`);
    const precached = await page.evaluate(async (name) => {
      const cache = await caches.open(name);
      return (await cache.keys()).map((r) => new URL(r.url).pathname);
    }, before[0]);
    assert.ok(precached.some((p) => /\.wasm$/.test(p)), "the hashed wasm is precached");
    assert.ok(precached.some((p) => /doorstep-[0-9a-f]+\.js$/.test(p)), "the hashed js is precached");
    assert.ok(precached.some((p) => /\.css$/.test(p)), "the css is precached");
    assert.equal(await page.isVisible('[data-testid="update-banner"]'), false);

    // "Deploy" a new build: same files, new build id and a visible change in index.html.
    const swPath = join(dir, "sw.js");
    const sw = readFileSync(swPath, "utf8");
    const oldId = sw.match(/const BUILD_ID = "([^"]+)"/)[1];
    writeFileSync(swPath, sw.replace(oldId, "ffffffffffffffff"));
    const indexPath = join(dir, "index.html");
    writeFileSync(indexPath, readFileSync(indexPath, "utf8").replace("<body>", '<body data-build="new">'));

    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
    await page.waitForSelector('[data-testid="update-banner"]', { timeout: 30000 });
    // Until the user reloads, the page keeps running the old build whole.
    assert.equal(await page.getAttribute("body", "data-build"), null);

    await Promise.all([
      page.waitForEvent("load", { timeout: 30000 }),
      page.click('[data-testid="update-reload"]'),
    ]);
    await waitForApp(page);
    assert.equal(await page.getAttribute("body", "data-build"), "new");
    assert.deepEqual(await cacheNames(page), ["doorstep-ffffffffffffffff"]);
    assert.equal(await page.isVisible('[data-testid="update-banner"]'), false);

    // And the new build works offline too.
    await server.close();
    await page.reload();
    await waitForApp(page);
    assert.equal(await page.getAttribute("body", "data-build"), "new");
  } finally {
    await device.close();
    await server.close().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
});
