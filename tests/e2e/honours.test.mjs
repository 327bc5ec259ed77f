// Honours, duty funds and roles, offline: a citizen made 和事佬 and member of the
// 文化志愿服务队, given 金牌调解员 for the year (shown on their page and in the
// list), a duty fund allocated and partly spent, and the activities list and the
// dashboard filtered by the role.
import { test } from "node:test";
import assert from "node:assert/strict";
import { serve, openDevice, waitForApp, waitForServiceWorker, setRole } from "./helpers.mjs";

const DIST = process.env.DOORSTEP_DIST || undefined;
const T = { timeout: 30000 };

async function go(page, hash, testid) {
  await page.evaluate((h) => { location.hash = h; }, hash);
  await page.waitForSelector(`[data-testid="${testid}"]`, T);
}

const text = async (page, testid) => (await page.textContent(`[data-testid="${testid}"]`))?.trim();
const idFromUrl = (page) => decodeURIComponent(page.url().split("/").pop());

async function addCitizen(page, name, { role, subTeam } = {}) {
  await go(page, "#/members", "page-members");
  await page.click('[data-testid="member-new"]');
  await page.waitForSelector('[data-testid="member-form"]');
  await page.fill('[data-testid="member-name"]', name);
  await page.selectOption('[data-testid="member-team"]', "citizen");
  await page.selectOption('[data-testid="member-community"]', { label: "灵响社区" });
  if (role) await page.click(`[data-testid="member-role-${role}"]`);
  if (subTeam) await page.click(`[data-testid="member-sub-team-${subTeam}"]`);
  await page.click('[data-testid="member-save"]');
  await page.waitForSelector('[data-testid="page-member"]', T);
  return idFromUrl(page);
}

async function addRoundtable(page, title, member, attendees) {
  await go(page, "#/activities/new", "activity-form");
  await page.fill('[data-testid="activity-title"]', title);
  await page.selectOption('[data-testid="activity-community"]', { label: "灵响社区" });
  await page.fill('[data-testid="activity-attendees"]', String(attendees));
  await page.check(`[data-testid="activity-member-${member}"]`);
  await page.click('[data-testid="activity-save"]');
  await page.waitForSelector('[data-testid="page-activity"]', T);
}

test("honours, duty funds and roles: given, listed, and activities and figures filtered by a role", async () => {
  const server = await serve(DIST);
  const device = await openDevice();
  const { page, errors } = device;
  try {
    await page.goto(server.url);
    await waitForApp(page);
    await page.click('[data-testid="device-later"]');
    await waitForServiceWorker(page);
    await server.close();
    await setRole(page, "coordinator");
    await go(page, "#/communities", "page-communities");
    await page.fill('[data-testid="community-name"]', "灵响社区");
    await page.fill('[data-testid="community-street"]', "南街街道");
    await page.click('[data-testid="community-save"]');
    await page.waitForSelector('[data-testid="community-row"]', T);

    const peacemaker = await addCitizen(page, "林德福", { role: "peacemaker", subTeam: "cultural_volunteers" });
    assert.equal(await text(page, "member-roles-text"), "和事佬");
    assert.equal(await text(page, "member-sub-teams-text"), "文化志愿服务队");
    const other = await addCitizen(page, "黄秀英");
    assert.equal(await page.locator('[data-testid="member-roles-text"]').count(), 0);

    // An honour for the year, from the seed's own list.
    await go(page, "#/honours", "page-honours");
    assert.match(await text(page, "honours-list"), /还没有荣誉记录/);
    await page.selectOption('[data-testid="honour-member"]', peacemaker);
    await page.fill('[data-testid="honour-title"]', "金牌调解员");
    await page.fill('[data-testid="honour-year"]', "2026");
    await page.fill('[data-testid="honour-reason"]', "化解卫生间漏水邻里纠纷");
    await page.click('[data-testid="honour-save"]');
    await page.waitForSelector('[data-testid="honour-item"]', T);
    assert.match(await text(page, "honours-year"), /2026[\s\S]*金牌调解员[\s\S]*林德福[\s\S]*化解卫生间漏水邻里纠纷/);
    // A year that is not one is refused.
    await page.selectOption('[data-testid="honour-member"]', other);
    await page.fill('[data-testid="honour-year"]', "26");
    await page.click('[data-testid="honour-save"]');
    assert.match(await text(page, "honours-error"), /2000 到 2100/);
    assert.equal(await page.locator('[data-testid="honour-item"]').count(), 1);

    // Duty funds: ¥50,000 allocated to the citizens' committee for 2026, ¥12,000.50 spent.
    await page.selectOption('[data-testid="fund-team"]', "citizen");
    await page.fill('[data-testid="fund-year"]', "2026");
    await page.fill('[data-testid="fund-allocated-input"]', "50000");
    await page.fill('[data-testid="fund-spent-input"]', "12000.5");
    await page.click('[data-testid="fund-save"]');
    await page.waitForSelector('[data-testid="fund-2026-citizen"]', T);
    const row = '[data-testid="fund-2026-citizen"]';
    assert.equal((await page.textContent(`${row} [data-testid="fund-allocated"]`)).trim(), "¥50,000.00");
    assert.equal((await page.textContent(`${row} [data-testid="fund-spent"]`)).trim(), "¥12,000.50");
    assert.equal((await page.textContent(`${row} [data-testid="fund-left"]`)).trim(), "¥37,999.50");

    // The member's page shows the honour.
    await go(page, `#/members/${peacemaker}`, "page-member");
    await page.waitForSelector('[data-testid="member-honour"]', T);
    assert.match(await text(page, "member-honour"), /2026 · 金牌调解员/);

    // Two roundtables, one with the 和事佬: filtered by the role, one is left.
    await addRoundtable(page, "灵响社区一刻钟圆桌会议：漏水", peacemaker, 12);
    await addRoundtable(page, "灵响社区一刻钟圆桌会议：停车", other, 30);
    await go(page, "#/activities", "activities-list");
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="activity-row"]').length === 2);
    await page.selectOption('[data-testid="activity-filter-group"]', "role:peacemaker");
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="activity-row"]').length === 1);
    assert.match(await text(page, "activity-row"), /漏水/);
    assert.equal(await text(page, "activity-attendees-total"), "12");

    // The dashboard: the same figures, for the role's members only.
    await go(page, "#/", "dash-activities-value");
    assert.equal(await text(page, "dash-activities-value"), "2");
    await page.selectOption('[data-testid="dash-group"]', "role:peacemaker");
    await page.waitForFunction(() => document.querySelector('[data-testid="dash-activities-value"]').textContent.trim() === "1");
    assert.equal(await text(page, "dash-attendees-value"), "12");
    assert.equal(await text(page, "dash-members_citizen-value"), "1");
    assert.ok(await page.isVisible('[data-testid="dash-group-hint"]'));
    await page.selectOption('[data-testid="dash-group"]', "sub_team:policy_publicity");
    await page.waitForFunction(() => document.querySelector('[data-testid="dash-activities-value"]').textContent.trim() === "0");
    assert.deepEqual(errors, []);
  } finally {
    await device.close();
  }
});
