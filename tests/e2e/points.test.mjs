// Service points and the dashboard, offline on demo data: resolving a demand
// raises its reporter's balance (once, even when resolved again), a manual entry
// adds points, redemption refuses to go below zero, and recording an activity
// changes a dashboard figure whose definition is one tap away.
import { test } from "node:test";
import { readFileSync } from "node:fs";
import assert from "node:assert/strict";
import { serve, openDevice, waitForApp, waitForServiceWorker, title, startOffline, captureDemand, setRole } from "./helpers.mjs";

async function go(page, hash, testid) {
  await page.evaluate((h) => { location.hash = h; }, hash);
  await page.waitForSelector(`[data-testid="${testid}"]`).catch(async (err) => {
    throw new Error(`${err.message}\npage shows: ${(await page.textContent("main").catch(() => "")).slice(0, 400)}`);
  });
}

const text = async (page, testid) => (await page.textContent(`[data-testid="${testid}"]`))?.trim();

/** Every member's balance on the Points page: { memberId: points }. */
async function balances(page) {
  await go(page, "#/points", "page-points");
  await page.waitForSelector('[data-testid^="points-balance-"]', { state: "attached" });
  return page.locator('[data-testid^="points-balance-"]').evaluateAll((els) =>
    Object.fromEntries(els.map((e) => [e.dataset.testid.replace("points-balance-", ""), Number(e.textContent.trim())])));
}

const nonZero = (map) => Object.entries(map).filter(([, v]) => v !== 0);

async function act(page, action, fill) {
  await page.click(`[data-testid="action-${action}"]`);
  await fill();
  const before = await page.locator('[data-testid="timeline-event"]').count();
  await page.click('[data-testid="action-submit"]');
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-testid="timeline-event"]').length > n, before);
}

/** The option value of the offered reward whose label starts with `name`. */
async function rewardValue(page, name) {
  return page.locator('[data-testid="points-redeem-reward"] option').evaluateAll((opts, n) =>
    opts.find((o) => o.textContent.trim().startsWith(n))?.value ?? null, name);
}

async function redeem(page, member, name) {
  const value = await rewardValue(page, name);
  assert.ok(value, `${name} is offered`);
  await page.selectOption('[data-testid="points-redeem-member"]', member);
  await page.selectOption('[data-testid="points-redeem-reward"]', value);
  await page.click('[data-testid="points-redeem-save"]');
}

async function balanceIs(page, member, value) {
  await page.waitForFunction(
    ([m, v]) => document.querySelector(`[data-testid="points-balance-${m}"]`)?.textContent.trim() === String(v),
    [member, value]);
}

test("resolve a demand, see the reporter's points rise once, redeem, and see the dashboard move", async () => {
  const server = await serve();
  const device = await openDevice();
  const { page, errors } = device;
  try {
    await page.goto(server.url);
    await waitForApp(page);
    await page.click('[data-testid="device-later"]');
    await waitForServiceWorker(page);
    await server.close();

    await page.click('[data-testid="tab-home"]');
    await page.click('[data-testid="demo-load"]');
    await page.waitForSelector('[data-testid="demo-done"]', { timeout: 60000 });

    // The rules page shows both lists, seeded with the defaults. The only
    // entries yet are the negative list's: demo demands left overdue cost
    // their responsible member 3 points each, once.
    const before = await balances(page);
    assert.equal(await title(page), "积分");
    assert.equal(await page.locator('[data-testid="points-rules-positive"] tr').count(), 7);
    assert.equal(await page.locator('[data-testid="points-rules-negative"] tr').count(), 2);
    assert.ok(Object.keys(before).length > 30, `demo members are listed, got ${Object.keys(before).length}`);
    const deducted = nonZero(before);
    assert.ok(deducted.length > 0, "overdue demo demands cost points");
    assert.ok(deducted.every(([, v]) => v < 0 && v % 3 === 0), JSON.stringify(deducted));
    assert.match(await page.textContent(`[data-testid="points-member-${deducted[0][0]}"]`), /需求超期未办/);
    await page.click('[data-testid="tab-home"]');
    assert.deepEqual(await balances(page), before, "sweeping again deducts nothing more");

    // On a representative's phone (the default role) coordinator actions are not offered.
    assert.ok(await page.isVisible('[data-testid="points-coordinator-only"]'));
    assert.equal(await page.locator('[data-testid^="points-rule-edit-"]').count(), 0);
    assert.equal(await page.locator('[data-testid="points-manual-form"]').count(), 0);
    assert.equal(await page.locator('[data-testid="points-reward-add"]').count(), 0);
    assert.equal(await page.locator('[data-testid="points-reward"]').count(), 4, "the default catalogue is shown");
    await setRole(page, "coordinator");
    await go(page, "#/points", "page-points");
    await page.waitForSelector('[data-testid="points-rule-edit-roundtable_missed"]');
    assert.equal(await page.locator('[data-testid="points-coordinator-only"]').count(), 0);

    // A coordinator edits a rule: a new revision of the same record, still on its list.
    await page.click('[data-testid="points-rule-edit-roundtable_missed"]');
    await page.fill('[data-testid="points-rule-name"]', "报名后无故缺席圆桌会议");
    await page.fill('[data-testid="points-rule-points"]', "-4");
    await page.selectOption('[data-testid="points-rule-team"]', "citizen");
    await page.click('[data-testid="points-rule-save"]');
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="points-rule-roundtable_missed-points"]')?.textContent.trim() === "-4");
    await page.click('[data-testid="tab-home"]');
    await go(page, "#/points", "page-points");
    await page.waitForSelector('[data-testid="points-rule-roundtable_missed"]');
    assert.equal(await text(page, "points-rule-roundtable_missed-points"), "-4", "the edit is stored");
    assert.match(await text(page, "points-rule-roundtable_missed"), /报名后无故缺席圆桌会议\s*市民委员会/);
    assert.equal(await page.locator('[data-testid="points-rules-negative"] tr').count(), 2);

    // Resolve an open demo demand.
    await page.click('[data-testid="tab-demands"]');
    await page.click('[data-testid="status-open"]');
    await page.click('[data-testid="demand-row"] >> nth=0');
    await page.waitForSelector('[data-testid="demand-status"]');
    const demandHash = new URL(page.url()).hash;
    await act(page, "resolve", () => page.fill('[data-testid="action-text"]', "已解决"));
    assert.equal(await text(page, "demand-status"), "已解决");

    const changed = (now) => Object.entries(now)
      .filter(([m, v]) => v !== (before[m] ?? 0)).map(([m, v]) => [m, v - (before[m] ?? 0)]);
    let after = await balances(page);
    const raised = changed(after);
    assert.equal(raised.length, 1, "exactly one member, the reporter, earned points");
    const [member, points] = raised[0];
    assert.equal(points, 5, "demand_resolved is worth 5");
    // Its history names the rule.
    assert.match(await page.textContent(`[data-testid="points-member-${member}"]`), /需求办结/);

    // Reopened and resolved again: the same award, not a second one.
    await go(page, demandHash, "demand-status");
    await act(page, "status", () => page.selectOption('[data-testid="action-choice"]', "open"));
    await act(page, "resolve", async () => {});
    assert.equal(await text(page, "demand-status"), "已解决");
    after = await balances(page);
    assert.deepEqual(changed(after), [[member, 5]]);

    // A coordinator tops the balance up by hand to 25 (20 when nothing was deducted).
    await page.selectOption('[data-testid="points-manual-member"]', member);
    await page.fill('[data-testid="points-manual-points"]', String(25 - after[member]));
    await page.fill('[data-testid="points-manual-reason"]', "组织志愿服务日");
    await page.click('[data-testid="points-manual-save"]');
    await balanceIs(page, member, 25);

    // Redeeming 30 is refused and writes nothing; redeeming 20 leaves 5.
    await redeem(page, member, "图书馆文创礼品");
    await page.waitForSelector('[data-testid="points-error"]');
    assert.match(await text(page, "points-error"), /积分不足/);
    await balanceIs(page, member, 25);
    await redeem(page, member, "家电义务维修一次");
    await balanceIs(page, member, 5);
    assert.match(await page.textContent(`[data-testid="points-member-${member}"]`), /家电义务维修一次/);
    await redeem(page, member, "社区理发服务一次");
    await page.waitForSelector('[data-testid="points-error"]');
    await balanceIs(page, member, 5);

    // The catalogue is records a coordinator edits: add a reward, retire one.
    await page.click('[data-testid="points-reward-add"]');
    await page.fill('[data-testid="points-reward-name"]', "社区电影票一张");
    await page.fill('[data-testid="points-reward-name-en"]', "One community cinema ticket");
    await page.fill('[data-testid="points-reward-cost-input"]', "5");
    await page.click('[data-testid="points-reward-save"]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="points-reward"]').length === 5);
    const repair = await page.locator('[data-testid="points-reward"]', { hasText: "家电义务维修一次" }).getAttribute("data-id");
    await page.click(`[data-testid="points-reward-toggle-${repair}"]`);
    await page.waitForSelector('[data-testid="points-reward-retired"]');
    assert.equal(await rewardValue(page, "家电义务维修一次"), null, "a retired reward is not offered");
    await redeem(page, member, "社区电影票一张");
    await balanceIs(page, member, 0);
    await page.reload();
    await waitForApp(page);
    await balances(page);
    assert.equal(await page.locator('[data-testid="points-reward"]').count(), 5, "the catalogue is stored");
    await balanceIs(page, member, 0);

    // The dashboard: a figure, its definition, and a change after recording an activity.
    await page.click('[data-testid="tab-home"]');
    await page.waitForSelector('[data-testid="dash-activities-value"]');
    const activities = Number(await text(page, "dash-activities-value"));
    const attendees = Number(await text(page, "dash-attendees-value"));
    assert.ok(activities > 0, "demo activities are counted");
    assert.match(await text(page, "dash-resolution_rate-value"), /%$/);
    assert.equal(await page.isVisible('[data-testid="dash-activities"] .figure-definition'), false);
    await page.click('[data-testid="dash-activities"] summary');
    assert.match(await page.textContent('[data-testid="dash-activities"] .figure-definition'), /活动/);

    // The charts: every bar is an SVG <rect> whose <title> gives its value; the
    // domain and community bars add up to the demands received, the citizens
    // per community to the citizens' committee.
    const barValues = (testid) => page.locator(`[data-testid="${testid}"] rect.bar`).evaluateAll((rects) =>
      rects.map((r) => {
        const [, label, value] = /^(.*): (\d+)$/.exec(r.querySelector("title").textContent.trim());
        return { label, value: Number(value) };
      }));
    const sum = (bars) => bars.reduce((n, b) => n + b.value, 0);
    const received = Number(await text(page, "dash-demands_received-value"));
    const byDomain = await barValues("chart-by-domain");
    assert.deepEqual(byDomain.slice(0, 5).map((b) => b.label), ["宜居家园", "幸福康乐", "志愿服务", "文化融合", "矛盾调解"]);
    assert.equal(sum(byDomain), received, "the domain bars add up to the demands received");
    assert.equal(sum(await barValues("chart-by-community")), received);
    assert.equal(sum(await barValues("chart-citizens-per-community")), Number(await text(page, "dash-members_citizen-value")));
    const months = await page.locator('[data-testid="chart-demands-by-month"] g.chart-month').count();
    assert.equal(months, 12, "the last 12 months are drawn");
    const byMonth = await barValues("chart-demands-by-month");
    assert.ok(byMonth.length > 0 && byMonth.every((b) => /^\d{4}-\d{2} · /.test(b.label)), JSON.stringify(byMonth));
    assert.ok(sum(byMonth) <= received);
    assert.equal(await page.locator('[data-testid="dashboard"] [style]').count(), 0, "no inline styles (CSP)");

    await go(page, "#/activities/new", "activity-form");
    await page.fill('[data-testid="activity-title"]', "汤边社区一刻钟圆桌会议");
    await page.fill('[data-testid="activity-attendees"]', "17");
    await page.fill('[data-testid="activity-materials"]', "0");
    await page.click('[data-testid="activity-save"]');
    await page.waitForSelector('[data-testid="page-activity"]');
    await page.click('[data-testid="tab-home"]');
    await page.waitForFunction(
      (n) => document.querySelector('[data-testid="dash-activities-value"]')?.textContent.trim() === String(n),
      activities + 1);
    assert.equal(Number(await text(page, "dash-attendees-value")), attendees + 17);

    // The same figures as CSV: one line per figure, with its definition.
    const [download] = await Promise.all([page.waitForEvent("download"), page.click('[data-testid="dash-csv"]')]);
    assert.match(download.suggestedFilename(), /^doorstep-dashboard-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync(await download.path(), "utf8");
    assert.match(csv, new RegExp(`\r\nactivities,市民委员会参与活动,${activities + 1},`));
    assert.match(csv, /resolution_rate,解决率,[\d.]+%,/);

    // One street: fewer demands than the whole district.
    const district = Number(await text(page, "dash-demands_received-value"));
    const street = await page.locator('[data-testid="dash-scope"] option[value^="street:"]').first().getAttribute("value");
    await page.selectOption('[data-testid="dash-scope"]', street);
    await page.waitForFunction(
      (n) => Number(document.querySelector('[data-testid="dash-demands_received-value"]').textContent) < n, district);
    assert.match(await text(page, "dash-period"), new RegExp(street.slice("street:".length)));

    // The print view: the report without the controls, scope and period named.
    await page.emulateMedia({ media: "print" });
    assert.equal(await page.isVisible('[data-testid="dash-scope"]'), false);
    assert.equal(await page.isVisible('[data-testid="dash-csv"]'), false);
    assert.ok(await page.isVisible('[data-testid="dash-period"]'));
    assert.ok(await page.isVisible('[data-testid="dash-activities-value"]'));
    await page.emulateMedia({ media: "screen" });
    assert.deepEqual(errors, []);
  } finally {
    await device.close();
  }
});

test("a device linked to a member earns 'demand recorded' points for every capture, once each, and none once the rule is for another team", async () => {
  const server = await serve();
  const device = await openDevice();
  const { page } = device;
  try {
    await startOffline(page, server);
    await page.click('[data-testid="demo-load"]');
    await page.waitForSelector('[data-testid="demo-done"]', { timeout: 60000 });
    // Link this device to a member (the first one offered).
    await go(page, "#/settings", "page-settings");
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="device-member"] option').length > 1);
    const member = await page.locator('[data-testid="device-member"] option').nth(1).getAttribute("value");
    await page.selectOption('[data-testid="device-member"]', member);
    await page.waitForFunction((m) => document.querySelector('[data-testid="device-member"]').value === m, member);
    const start = (await balances(page))[member] ?? 0;

    await go(page, "#/capture", "capture-form");
    await captureDemand(page, { category: "wellbeing", title: "积分测试：助餐点", description: "老人希望有助餐点" });
    await captureDemand(page, { category: "volunteering", title: "积分测试：志愿者", description: "需要志愿者" });
    await balances(page);
    await balanceIs(page, member, start + 4); // 2 points per recorded demand (default rule)
    await page.reload();
    await waitForApp(page);
    await balances(page);
    await balanceIs(page, member, start + 4);

    // A coordinator limits "demand recorded" to another team: this member's next capture earns nothing.
    const label = await page.evaluate(async (m) => {
      location.hash = "#/settings";
      for (let i = 0; i < 100 && !document.querySelector(`[data-testid="device-member"] option[value="${m}"]`); i++) {
        await new Promise((r) => setTimeout(r, 50));
      }
      return document.querySelector(`[data-testid="device-member"] option[value="${m}"]`).textContent;
    }, member);
    const otherTeam = /专家/.test(label) ? "citizen" : "expert";
    await setRole(page, "coordinator");
    await go(page, "#/points", "page-points");
    await page.click('[data-testid="points-rule-edit-demand_recorded"]');
    await page.selectOption('[data-testid="points-rule-team"]', otherTeam);
    await page.click('[data-testid="points-rule-save"]');
    await page.waitForSelector('[data-testid="points-rule-form"]', { state: "detached" });
    await go(page, "#/capture", "capture-form");
    await captureDemand(page, { category: "wellbeing", title: "积分测试：另一队的规则", description: "规则只给另一队" });
    await balances(page);
    await balanceIs(page, member, start + 4);
  } finally {
    await device.close();
    await server.close().catch(() => {});
  }
});

test("a member signed up for a roundtable who did not come loses points once; one who came earns them", async () => {
  const server = await serve();
  const device = await openDevice();
  const { page, errors } = device;
  try {
    await startOffline(page, server);
    await page.click('[data-testid="demo-load"]');
    await page.waitForSelector('[data-testid="demo-done"]', { timeout: 60000 });
    const before = await balances(page);

    // A roundtable three days ago: two members signed up, one took part.
    const day = new Date(Date.now() - 3 * 86400000);
    const date = `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, "0")}-${String(day.getDate()).padStart(2, "0")}`;
    await go(page, "#/activities/new", "activity-form");
    await page.selectOption('[data-testid="activity-type"]', "roundtable");
    await page.fill('[data-testid="activity-title"]', "积分测试：一刻钟圆桌会议");
    await page.fill('[data-testid="activity-date"]', date);
    await page.fill('[data-testid="activity-attendees"]', "9");
    await page.fill('[data-testid="activity-materials"]', "0");
    const boxes = page.locator('[data-testid="activity-signup"] input[type="checkbox"]');
    const ids = await boxes.evaluateAll((els) => els.slice(0, 2).map((e) => e.dataset.testid.replace("activity-signup-", "")));
    assert.equal(ids.length, 2);
    const [came, missed] = ids;
    await page.check(`[data-testid="activity-signup-${came}"]`);
    await page.check(`[data-testid="activity-signup-${missed}"]`);
    await page.check(`[data-testid="activity-member-${came}"]`);
    assert.equal(await text(page, "activity-signup-count"), "2");
    await page.click('[data-testid="activity-save"]');
    await page.waitForSelector('[data-testid="page-activity"]');
    const activityHash = new URL(page.url()).hash;
    assert.equal(await page.locator('[data-testid="activity-signed-up-item"]').count(), 2);
    assert.equal(await page.locator('[data-testid="activity-signed-up-absent"]').count(), 1);

    const after = await balances(page);
    assert.equal(after[came] - (before[came] ?? 0), 3, "roundtable_attended");
    assert.equal(after[missed] - (before[missed] ?? 0), -2, "roundtable_missed");
    assert.match(await page.textContent(`[data-testid="points-member-${missed}"]`), /报名后缺席圆桌会议/);

    // Saving the activity again and sweeping again deduct nothing more; the sign-ups are kept.
    await go(page, `${activityHash}/edit`, "activity-form");
    assert.equal(await text(page, "activity-signup-count"), "2");
    await page.click('[data-testid="activity-save"]');
    await page.waitForSelector('[data-testid="page-activity"]');
    await page.click('[data-testid="tab-home"]');
    assert.deepEqual(await balances(page), after);
    assert.deepEqual(errors, []);
  } finally {
    await device.close();
    await server.close().catch(() => {});
  }
});
