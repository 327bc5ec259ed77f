// The app shell end to end: first start, device label, language switch and its
// persistence, navigation, then offline: stop the server, reload, still works.
// Also: no request ever leaves the local server.
import { test } from "node:test";
import assert from "node:assert/strict";
import { serve, openDevice, waitForApp, waitForServiceWorker, title, foreignRequests } from "./helpers.mjs";

test("shell: Chinese first, English switchable and remembered, works offline, no foreign requests", async () => {
  const server = await serve();
  const device = await openDevice();
  const { page } = device;
  try {
    await page.goto(server.url);
    await waitForApp(page);
    assert.equal(await page.getAttribute("html", "lang"), "zh-CN");
    assert.equal(await title(page), "欢迎使用 Doorstep");
    assert.equal((await page.textContent('[data-testid="tab-demands"]')).trim(), "需求");

    // First start asks for the device's label.
    await page.waitForSelector('[data-testid="device-setup"]');
    await page.click('[data-testid="device-save"]');
    assert.equal((await page.textContent('[data-testid="device-error"]')).trim(), "请填写姓名");
    await page.fill('[data-testid="device-name"]', "张丽");
    await page.fill('[data-testid="device-community"]', "汤边社区");
    await page.click('[data-testid="device-save"]');
    await page.waitForSelector('[data-testid="device-setup"]', { state: "detached" });

    // Settings shows the identity and storage status.
    await page.click('[data-testid="tab-more"]');
    await page.click('[data-testid="more-settings"]');
    assert.equal(await title(page), "设置");
    assert.equal((await page.textContent('[data-testid="device-label"]')).trim(), "张丽 · 汤边社区");
    const deviceId = (await page.textContent('[data-testid="device-id"]')).trim();
    assert.match(deviceId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    await page.waitForSelector('[data-testid="storage-persisted"]');

    // English, remembered across a reload, then back to Chinese.
    await page.click('[data-testid="lang-en"]');
    assert.equal(await title(page), "Settings");
    assert.equal(await page.getAttribute("html", "lang"), "en");
    await page.reload();
    await waitForApp(page);
    assert.equal(await title(page), "Settings");
    assert.equal((await page.textContent('[data-testid="tab-demands"]')).trim(), "Demands");
    await page.click('[data-testid="lang-zh"]');
    assert.equal(await title(page), "设置");

    // Offline: once the service worker controls the page, stop the server and reload.
    await waitForServiceWorker(page);
    await server.close();
    const offline = await fetch(server.url).then(() => "reachable", () => "unreachable");
    assert.equal(offline, "unreachable", "the server must really be down");
    await page.reload();
    await waitForApp(page);
    assert.equal(await title(page), "设置");
    assert.equal((await page.textContent('[data-testid="device-id"]')).trim(), deviceId);
    await page.click('[data-testid="tab-demands"]');
    assert.equal(await title(page), "需求");
    await page.click('[data-testid="tab-home"]');
    assert.equal(await title(page), "欢迎使用 Doorstep");
    await page.goto(server.url + "#/no-such-page");
    await waitForApp(page);
    assert.equal(await title(page), "找不到这个页面");

    const origin = server.url.replace(/\/$/, "");
    assert.deepEqual(foreignRequests(device.requests, origin), []);
    assert.ok(device.requests.length > 3, "requests were recorded");
    assert.deepEqual(device.errors.filter((e) => !e.includes("ERR_CONNECTION_REFUSED")), []);
  } finally {
    await device.close();
    await server.close().catch(() => {});
  }
});

test("shell: the app's code is fetched once, from the preload; only the navigation the width calls for is built", async () => {
  const server = await serve();
  const device = await openDevice();
  const { page } = device;
  try {
    await page.goto(server.url);
    await waitForApp(page);
    // index.html preloads the first wasm module; the loader must use that download, not
    // start a second one (a mismatched preload shows as two resource entries).
    const wasm = await page.evaluate(() =>
      performance
        .getEntriesByType("resource")
        .filter((e) => /\/doorstep-[0-9a-f]+_bg\.wasm$/.test(e.name))
        .map((e) => e.initiatorType),
    );
    assert.deepEqual(wasm, ["link"]);

    // A phone: the five tabs, no side list.
    assert.equal(await page.locator("nav.bottom-nav").count(), 1);
    assert.equal(await page.locator("nav.side-nav").count(), 0);
    // Turned to a wide screen: the side list with every section instead, and back.
    await page.setViewportSize({ width: 1024, height: 800 });
    await page.waitForSelector('nav.side-nav [data-testid="nav-members"]');
    assert.equal(await page.locator("nav.bottom-nav").count(), 0);
    await page.click('[data-testid="nav-members"]');
    await page.waitForSelector('nav.side-nav [data-testid="nav-members"][aria-current="page"]');
    await page.setViewportSize({ width: 360, height: 740 });
    await page.waitForSelector('[data-testid="tab-more"]');
    assert.equal(await page.locator("nav.side-nav").count(), 0);
    assert.deepEqual(device.errors, []);
  } finally {
    await device.close();
    await server.close();
  }
});
