// Hostile text typed into every free-text field of the capture, demand, topic
// and opinion forms (and the device label) is stored and shown as text, never run.
import { test } from "node:test";
import assert from "node:assert/strict";
import { serve, openDevice, waitForApp, title } from "./helpers.mjs";

// Short enough for the fields' length limits (title 60, name 40).
const IMG = `<img src=x onerror=__pwned=1>`;
const SCRIPT = `<script>__pwned=2</script>`;
const EVIL = `${IMG}${SCRIPT}`;
// Short enough for the 40-character device fields.
const SHORT_IMG = `<img src=x onerror=__pwned=1>`;
const SHORT_SCRIPT = `<script>__pwned=2</script>`;

async function assertSafe(page, where) {
  assert.equal(await page.evaluate(() => window.__pwned), undefined, `${where}: injected code ran`);
  const injected = await page.evaluate(() => document.querySelectorAll('img[src="x"], main script').length);
  assert.equal(injected, 0, `${where}: injected elements are in the DOM`);
}

test("every free-text field shows hostile input as text", async () => {
  const server = await serve();
  const device = await openDevice();
  const { page } = device;
  try {
    await page.goto(server.url);
    await waitForApp(page);
    await page.fill('[data-testid="device-name"]', `张${SHORT_IMG}`);
    await page.fill('[data-testid="device-community"]', `汤边${SHORT_SCRIPT}`);
    await page.click('[data-testid="device-save"]');
    await page.goto(server.url + "#/settings");
    await waitForApp(page);
    assert.equal((await page.textContent('[data-testid="device-label"]')).trim(), `张${SHORT_IMG} · 汤边${SHORT_SCRIPT}`);
    await assertSafe(page, "device label");

    await page.click('[data-testid="tab-capture"]');
    await page.fill('[data-testid="community-name"]', `社区${SHORT_IMG}`);
    await page.fill('[data-testid="community-street"]', `街道${SHORT_SCRIPT}`);
    await page.click('[data-testid="community-save"]');
    await page.waitForSelector('[data-testid="community-add"]', { state: "detached" });
    await page.click('[data-testid="category-wellbeing"]');
    await page.fill('[data-testid="capture-title"]', `标题${EVIL}`);
    await page.fill('[data-testid="capture-description"]', `内容${EVIL}`);
    await page.check('[data-testid="capture-consent"]');
    await page.fill('[data-testid="capture-name"]', `姓名${IMG}`);
    await page.fill('[data-testid="capture-phone"]', `<b onclick=x>1</b>`);
    await page.fill('[data-testid="capture-address"]', `地址${EVIL}`);
    await page.click('[data-testid="capture-save"]');
    await page.waitForSelector('[data-testid="capture-saved"]');
    await assertSafe(page, "capture");

    await page.click('[data-testid="tab-demands"]');
    await page.waitForSelector('[data-testid="demand-row"]');
    assert.match(await page.textContent('[data-testid="demand-row"]'), /标题<img src=x/);
    await assertSafe(page, "demand list");
    await page.click('[data-testid="demand-row"]');
    assert.equal(await title(page), `标题${EVIL}`);
    assert.equal((await page.textContent('[data-testid="demand-description"]')).trim(), `内容${EVIL}`);
    assert.match(await page.textContent('[data-testid="demand-resident"]'), /姓名<img src=x/);

    for (const [action, prep] of [["note", null], ["resolve", null], ["followup", null], ["status", "in_progress"]]) {
      const before = await page.locator('[data-testid="timeline-event"]').count();
      await page.click(`[data-testid="action-${action}"]`);
      if (prep) await page.selectOption('[data-testid="action-choice"]', prep);
      await page.fill('[data-testid="action-text"]', `${action}${EVIL}`);
      await page.click('[data-testid="action-submit"]');
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid="timeline-event"]').length > n, before);
      assert.match(await page.textContent('[data-testid="demand-timeline"]'), new RegExp(`${action}<img src=x`));
    }
    await page.click('[data-testid="demand-edit"]');
    await page.fill('[data-testid="edit-title"]', `改${EVIL}`.slice(0, 60));
    await page.fill('[data-testid="edit-description"]', `改内容${EVIL}`);
    await page.click('[data-testid="edit-save"]');
    await page.waitForSelector('[data-testid="page-title"]:has-text("改<img")');
    await assertSafe(page, "demand page");

    await page.click('[data-testid="tab-demands"]');
    await page.click('[data-testid="demands-select"]');
    await page.locator('[data-testid="demand-check"]').first().check();
    await page.fill('[data-testid="topic-title"]', `课题${EVIL}`);
    await page.click('[data-testid="make-topic"]');
    await page.waitForSelector('[data-testid="page-topic"]');
    assert.equal(await title(page), `课题${EVIL}`);
    await page.fill('[data-testid="opinion-text"]', `意见${EVIL}`);
    await page.click('[data-testid="opinion-save"]');
    await page.waitForSelector('[data-testid="opinion"]');
    assert.match(await page.textContent('[data-testid="topic-opinions"]'), /意见<img src=x/);
    await assertSafe(page, "topic page");

    await page.reload();
    await waitForApp(page);
    await assertSafe(page, "after reload");
  } finally {
    await device.close();
    await server.close().catch(() => {});
  }
});
