// Decision consultation end to end, offline: select two demands, make a research
// topic, move it through its stages, collect residents' opinions, see the tally.
import { test } from "node:test";
import assert from "node:assert/strict";
import { serve, openDevice, title, startOffline, addCommunityAtCapture, captureDemand } from "./helpers.mjs";

test("make a topic from two demands, collect opinions, see the tally", async () => {
  const server = await serve();
  const device = await openDevice();
  const { page } = device;
  try {
    await startOffline(page, server, { name: "林建国", community: "杨桥河南新村" });
    await addCommunityAtCapture(page, "杨桥河南新村", "南街街道");
    for (const [t, d] of [["2号楼公共电费无人分摊", "公共照明电费由两户垫付"], ["5号楼楼道灯电费纠纷", "楼道灯电费分摊有争议"], ["小区需要充电桩", "电动车充电难"]]) {
      await captureDemand(page, { category: "livable_homes", title: t, description: d });
    }

    await page.click('[data-testid="tab-demands"]');
    await page.waitForSelector('[data-testid="demand-row"]');
    await page.click('[data-testid="demands-select"]');
    await page.fill('[data-testid="demands-search"]', "电费");
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="demand-row"]').length === 2);
    for (const box of await page.locator('[data-testid="demand-check"]').all()) await box.check();
    await page.fill('[data-testid="topic-title"]', "老旧楼栋公共用电一楼一表一灯");
    await page.click('[data-testid="make-topic"]');

    await page.waitForSelector('[data-testid="page-topic"]');
    assert.equal(await title(page), "老旧楼栋公共用电一楼一表一灯");
    assert.equal((await page.textContent('[data-testid="topic-status"]')).trim(), "已提出");
    assert.equal(await page.locator('[data-testid="topic-demands"] li').count(), 2);
    await page.click('[data-testid="topic-advance"]');
    await page.waitForSelector('[data-testid="topic-status"]:has-text("调研中")');

    const opinion = async (stance, text) => {
      const before = await page.locator('[data-testid="opinion"]').count();
      await page.click(`[data-testid="stance-${stance}"]`);
      await page.selectOption('[data-testid="opinion-community"]', { label: "杨桥河南新村" });
      await page.fill('[data-testid="opinion-text"]', text);
      await page.click('[data-testid="opinion-save"]');
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid="opinion"]').length > n, before);
    };
    await opinion("support", "同意先在2号楼试点");
    await opinion("support", "支持");
    await opinion("oppose", "担心费用太高");
    assert.equal((await page.textContent('[data-testid="tally-support"]')).trim(), "2");
    assert.equal((await page.textContent('[data-testid="tally-oppose"]')).trim(), "1");
    assert.equal((await page.textContent('[data-testid="tally-neutral"]')).trim(), "0");
    assert.equal((await page.textContent('[data-testid="tally-total"]')).trim(), "3");

    // The demands were referred into the topic: their status says so, the list shows it.
    await page.click('[data-testid="tab-demands"]');
    await page.waitForSelector('[data-testid="demand-row"]');
    // The newest rows show first; the counts per status once every row is read.
    await page.waitForSelector('[data-testid="demands-shown"]');
    assert.equal((await page.textContent('[data-testid="count-status-referred"]')).trim(), "2");
    await page.click('[data-testid="tab-more"]');
    await page.click('[data-testid="more-topics"]');
    await page.waitForSelector('[data-testid="topic-row"]');
    assert.match(await page.textContent('[data-testid="topic-row"]'), /调研中.*2 条需求.*3 条意见/);
  } finally {
    await device.close();
    await server.close().catch(() => {});
  }
});
