// Doorstep capture and the demand workflow, driven like a representative would:
// offline capture of three demands, reload, find them, then work one through
// note → status → resolve → follow-up (which reopens it). Hostile text stays text.
import { test } from "node:test";
import assert from "node:assert/strict";
import { serve, openDevice, waitForApp, title, startOffline, addCommunityAtCapture, captureDemand } from "./helpers.mjs";

const XSS = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>`;

test("capture offline, find after reload, work a demand through to a follow-up", async () => {
  const server = await serve();
  const device = await openDevice();
  const { page } = device;
  try {
    await startOffline(page, server); // from here on, no network at all
    // No community yet: capture offers to add it inline.
    await addCommunityAtCapture(page, "汤边社区", "温泉街道");
    assert.equal(await title(page), "记录居民需求");

    // A half-filled form is refused with a message per missing field, nothing saved.
    await page.click('[data-testid="capture-save"]');
    await page.waitForSelector('[data-testid="capture-error"]');
    assert.ok(await page.isVisible('[data-testid="error-title"]'));
    assert.ok(await page.isVisible('[data-testid="error-category"]'));

    // Personal fields appear only after consent.
    assert.equal(await page.isVisible('[data-testid="capture-name"]'), false);
    await captureDemand(page, {
      category: "livable_homes", urgent: true, title: "3号楼楼道灯不亮",
      description: "晚上老人上下楼看不见，已经坏了两周。",
      resident: { name: "王阿姨", phone: "13800000000", address: "3号楼2单元502" },
    });
    assert.equal((await page.textContent('[data-testid="capture-count"]')).trim(), "1");
    // The form is ready for the next door: title cleared, consent off.
    assert.equal(await page.inputValue('[data-testid="capture-title"]'), "");
    assert.equal(await page.isChecked('[data-testid="capture-consent"]'), false);
    await captureDemand(page, { category: "dispute_mediation", title: "卫生间漏水邻里纠纷", description: "楼上漏水到楼下，双方争执维修费用。" });
    // The draft survives a reload before saving.
    await page.click('[data-testid="category-wellbeing"]');
    await page.fill('[data-testid="capture-title"]', "小区缺少休闲广场");
    await page.fill('[data-testid="capture-description"]', XSS);
    await page.reload();
    await waitForApp(page);
    assert.equal(await page.inputValue('[data-testid="capture-title"]'), "小区缺少休闲广场");
    assert.equal(await page.inputValue('[data-testid="capture-description"]'), XSS);
    await page.click('[data-testid="capture-save"]');
    await page.waitForSelector('[data-testid="capture-saved"]');

    // Reload (still offline) and find all three.
    await page.reload();
    await waitForApp(page);
    await page.click('[data-testid="tab-demands"]');
    await page.waitForSelector('[data-testid="demand-row"]');
    // The newest rows show first; the counts per status once every row is read.
    await page.waitForSelector('[data-testid="demands-shown"]');
    assert.equal(await page.locator('[data-testid="demand-row"]').count(), 3);
    assert.equal((await page.textContent('[data-testid="count-status-open"]')).trim(), "3");
    // Rows are laid out one under another (positions are set through the CSSOM: the CSP forbids inline styles).
    const tops = await page.locator('[data-testid="demand-row"]').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().top));
    assert.equal(new Set(tops).size, 3, `rows overlap: ${tops}`);
    await page.fill('[data-testid="demands-search"]', "漏水");
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="demand-row"]').length === 1);
    await page.fill('[data-testid="demands-search"]', "502");
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="demand-row"]').length === 1);
    await page.fill('[data-testid="demands-search"]', "");
    // Filters start at "any" (a select shows what it filters by).
    for (const f of ["community", "category", "urgency"]) {
      assert.equal(await page.inputValue(`[data-testid="filter-${f}"]`), "", `filter-${f} starts empty`);
    }
    await page.selectOption('[data-testid="filter-category"]', "wellbeing");
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="demand-row"]').length === 1);
    await page.click('[data-testid="demand-row"]');
    // Hostile text is shown as text, never run.
    assert.equal((await page.textContent('[data-testid="demand-description"]')).trim(), XSS);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);

    // Work the light demand: note, status, resolve, follow-up that reopens it.
    await page.click('[data-testid="tab-demands"]');
    await page.fill('[data-testid="demands-search"]', "楼道灯");
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="demand-row"]').length === 1);
    await page.click('[data-testid="demand-row"]');
    assert.equal(await title(page), "3号楼楼道灯不亮");
    assert.match(await page.textContent('[data-testid="demand-resident"]'), /王阿姨 · 13800000000 · 3号楼2单元502/);
    assert.equal((await page.textContent('[data-testid="demand-status"]')).trim(), "待处理");

    const act = async (action, fill) => {
      await page.click(`[data-testid="action-${action}"]`);
      await fill();
      const before = await page.locator('[data-testid="timeline-event"]').count();
      await page.click('[data-testid="action-submit"]');
      await page.waitForFunction(
        (n) => document.querySelectorAll('[data-testid="timeline-event"]').length > n, before);
    };
    await act("note", () => page.fill('[data-testid="action-text"]', "已联系物业"));
    await act("status", () => page.selectOption('[data-testid="action-choice"]', "in_progress"));
    assert.equal((await page.textContent('[data-testid="demand-status"]')).trim(), "处理中");
    await act("resolve", () => page.fill('[data-testid="action-text"]', "物业已更换灯泡"));
    assert.equal((await page.textContent('[data-testid="demand-status"]')).trim(), "已解决");
    await act("followup", async () => {
      await page.click('[data-testid="satisfaction-2"]');
      await page.check('[data-testid="followup-reopen"]');
      await page.fill('[data-testid="action-text"]', "灯又坏了");
    });
    assert.equal((await page.textContent('[data-testid="demand-status"]')).trim(), "待处理");
    const events = await page.locator('[data-testid="timeline-event"]').evaluateAll((els) => els.map((e) => e.dataset.type));
    assert.deepEqual(events, ["note", "status", "status", "follow_up", "status"]);

    // Edit the demand itself.
    await page.click('[data-testid="demand-edit"]');
    await page.fill('[data-testid="edit-title"]', "3号楼楼道灯又坏了");
    await page.click('[data-testid="edit-save"]');
    await page.waitForSelector('[data-testid="page-title"]:has-text("又坏了")');

    // Everything is still there after a reload.
    await page.reload();
    await waitForApp(page);
    assert.equal(await title(page), "3号楼楼道灯又坏了");
    assert.equal(await page.locator('[data-testid="timeline-event"]').count(), 5);
  } finally {
    await device.close();
    await server.close().catch(() => {});
  }
});
