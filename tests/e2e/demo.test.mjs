// Pilot demo data: one tap fills a realistic district; one tap removes it and
// leaves the real records alone. Also refers a demo dispute to a legal envoy.
import { test } from "node:test";
import { readFileSync } from "node:fs";
import assert from "node:assert/strict";
import { serve, openDevice, waitForApp, startOffline, addCommunityAtCapture, captureDemand } from "./helpers.mjs";

const demandCount = async (page) => {
  await page.click('[data-testid="tab-demands"]');
  await page.waitForSelector('[data-testid="demands-shown"]');
  return Number((await page.textContent('[data-testid="count-status-all"]')).trim());
};

test("load demo data, refer a demo demand to a legal envoy, remove the demo, keep real records", async () => {
  const server = await serve();
  const device = await openDevice();
  const { page } = device;
  try {
    await startOffline(page, server, { name: null });

    // One real demand first.
    await addCommunityAtCapture(page, "汤边社区", "温泉街道");
    await captureDemand(page, { category: "volunteering", title: "真实需求：招募助老志愿者", description: "这是一条真实记录" });
    assert.equal(await demandCount(page), 1);

    // Load the demo from Home: the dashboard on the same page counts it at once.
    await page.click('[data-testid="tab-home"]');
    await page.waitForSelector('[data-testid="dash-demands_received-value"]');
    assert.equal((await page.textContent('[data-testid="dash-demands_received-value"]')).trim(), "1");
    await page.click('[data-testid="demo-load"]');
    await page.waitForSelector('[data-testid="demo-done"]', { timeout: 60000 });
    await page.waitForFunction(
      () => Number(document.querySelector('[data-testid="dash-demands_received-value"]')?.textContent.trim()) > 300,
      null, { timeout: 30000 });
    const total = await demandCount(page);
    assert.ok(total >= 300, `a few hundred demo demands, got ${total}`);
    for (const status of ["open", "in_progress", "referred", "resolved"]) {
      const n = Number((await page.textContent(`[data-testid="count-status-${status}"]`)).trim());
      assert.ok(n > 0, `demo has ${status} demands`);
    }
    // CSV of what the filter shows: BOM, Chinese headers, one line per shown demand;
    // the redacted file has no resident columns.
    await page.selectOption('[data-testid="filter-category"]', "dispute_mediation");
    const shown = Number((await page.textContent('[data-testid="demands-shown"]')).match(/\d+/)[0]);
    assert.ok(shown > 0 && shown < total);
    const csvOf = async (testid) => {
      const [download] = await Promise.all([page.waitForEvent("download"), page.click(`[data-testid="${testid}"]`)]);
      const bytes = readFileSync(await download.path());
      return { name: download.suggestedFilename(), bytes, text: bytes.toString("utf8") };
    };
    const full = await csvOf("csv-export");
    assert.deepEqual([...full.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], "UTF-8 BOM");
    assert.match(full.name, /\.csv$/);
    const lines = full.text.slice(1).trim().split(/\r\n/);
    assert.equal(lines.length, shown + 1, "a header and one line per shown demand");
    assert.match(lines[0], /标题/);
    assert.match(full.text, /矛盾调解/);
    const redacted = await csvOf("csv-export-redacted");
    const header = redacted.text.slice(1).split(/\r\n/)[0];
    assert.ok(!/姓名|电话|地址/.test(header), `redacted header has no resident columns: ${header}`);
    assert.ok(/地址/.test(lines[0]), "the full export has the address column");
    await page.selectOption('[data-testid="filter-category"]', "");

    // The worked example of the case is there.
    await page.fill('[data-testid="demands-search"]', "漏水");
    await page.waitForSelector('[data-testid="demand-row"]');
    await page.click('[data-testid="demand-row"]');
    await page.waitForSelector('[data-testid="demand-timeline"]');

    // Refer it to a legal envoy (the demo has envoys).
    const before = await page.locator('[data-testid="timeline-event"]').count();
    await page.click('[data-testid="action-refer"]');
    await page.selectOption('[data-testid="refer-target"]', "envoy");
    const envoy = await page.locator('[data-testid="action-choice"] option').nth(1).textContent();
    await page.selectOption('[data-testid="action-choice"]', { index: 1 });
    await page.fill('[data-testid="action-text"]', "请法务特派员释法说理");
    await page.click('[data-testid="action-submit"]');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="timeline-event"]').length >= n + 2, before);
    assert.equal((await page.textContent('[data-testid="demand-status"]')).trim(), "已转介");
    assert.match(await page.textContent('[data-testid="demand-timeline"]'), new RegExp(`转介 · 法务特派员 · ${envoy.trim()}`));

    // Remove the demo from Settings: only the real demand is left.
    await page.click('[data-testid="tab-more"]');
    await page.click('[data-testid="more-settings"]');
    await page.waitForSelector('[data-testid="demo-remove"]');
    await page.click('[data-testid="demo-remove"]');
    await page.waitForSelector('[data-testid="demo-done"]', { timeout: 60000 });
    assert.equal(await demandCount(page), 1);
    await page.waitForSelector('[data-testid="demand-row"]');
    assert.match(await page.textContent('[data-testid="demand-row"]'), /真实需求/);
    await page.reload();
    await waitForApp(page);
    assert.equal(await demandCount(page), 1);
  } finally {
    await device.close();
    await server.close().catch(() => {});
  }
});
