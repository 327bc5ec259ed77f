// The app in parts (issue 17, docs/size.md "Code splitting"): the first download is the
// main wasm alone; the field and office modules are precached, so every page opens with
// the server stopped; and a part that cannot be fetched says so and can be retried.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { DIST, ROOT, copyDist, serve, openDevice, waitForApp, startOffline } from "./helpers.mjs";

const AXE = readFileSync(join(ROOT, "tools/node_modules/axe-core/axe.min.js"), "utf8");

const parts = JSON.parse(readFileSync(join(DIST, "wasm-parts.json"), "utf8"));

test("split: every part is precached and every page opens offline", async () => {
  assert.ok(parts.lazy.length >= 2, `lazy parts: ${parts.lazy}`);
  const sw = readFileSync(join(DIST, "sw.js"), "utf8");
  for (const file of [parts.js, parts.wasm, parts.loader, ...parts.lazy]) {
    assert.ok(sw.includes(`"./${file}"`), `${file} in the service worker's precache`);
  }
  const server = await serve();
  const device = await openDevice();
  try {
    const { page, requests } = device;
    await startOffline(page, server);
    // Fetched once, from the server, while it was up: the main module and both lazy parts.
    for (const file of [parts.wasm, ...parts.lazy]) {
      assert.ok(requests.some((url) => url.endsWith(`/${file}`)), `${file} fetched`);
    }
    await page.reload();
    await waitForApp(page);
    for (const [hash, testid] of [
      ["#/points", "page-points"], // office module
      ["#/capture", "page-capture"], // field module
      ["#/consultations", "page-consultations"],
      ["#/doors", "page-doors"],
    ]) {
      await page.evaluate((h) => { location.hash = h; }, hash);
      await page.waitForSelector(`[data-testid="${testid}"]`, { timeout: 30000 });
    }
    assert.deepEqual(device.errors, []);
  } finally {
    await device.close();
    await server.close().catch(() => {}); // startOffline stopped it already
  }
});

test("split: a part that cannot be fetched is said plainly, and Try again loads it", async () => {
  const dir = copyDist();
  const office = parts.lazy.find((f) => f.startsWith("split_office-"));
  assert.ok(office, `an office part in ${parts.lazy}`);
  // Gone from the server (and so no service worker installs: its precache fails).
  renameSync(join(dir, office), join(dir, `${office}.away`));
  rmSync(join(dir, `${office}.gz`));
  rmSync(join(dir, `${office}.br`));
  const server = await serve(dir);
  const device = await openDevice();
  try {
    const { page } = device;
    await device.context.addInitScript({ content: AXE });
    await page.goto(`${server.url}#/points`);
    await page.waitForSelector('[data-testid="app-shell"]', { timeout: 30000 });
    const failed = page.locator('[data-testid="office-load-failed"]');
    await failed.first().waitFor({ timeout: 30000 });
    assert.match(await failed.first().innerText(), /没有读出来/);
    const serious = await page.evaluate(async () => {
      const result = await window.axe.run(document, { resultTypes: ["violations"] });
      return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id);
    });
    assert.deepEqual(serious, [], "the failure notice passes axe");
    // Back on the server: one tap and the page is there.
    renameSync(join(dir, `${office}.away`), join(dir, office));
    await page.click('[data-testid="office-retry"]');
    await page.waitForSelector('[data-testid="page-points"]', { timeout: 30000 });
  } finally {
    await device.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
