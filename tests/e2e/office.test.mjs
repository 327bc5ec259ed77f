// The office pages driven like a community coordinator would, with the server
// stopped: communities, members of all three teams, a roundtable and a joint
// mediation, an outcome with funds typed in yuan, a deactivated member, a
// reload — and hostile text typed into every free-text field stays text.
import { test } from "node:test";
import assert from "node:assert/strict";
import { serve, openDevice, waitForApp, waitForServiceWorker, title } from "./helpers.mjs";

// DOORSTEP_DIST lets a worker test its own build while others rebuild dist/.
const DIST = process.env.DOORSTEP_DIST || undefined;
const IMG = `<img src=x onerror="window.__pwned=1">`;
const SCRIPT = `<script>window.__pwned=2</script>`;

async function setUpDevice(page) {
  await page.fill('[data-testid="device-name"]', "张丽");
  await page.fill('[data-testid="device-community"]', "汤边社区");
  await page.click('[data-testid="device-save"]');
  await page.waitForSelector('[data-testid="device-setup"]', { state: "detached" });
}

/** Starts offline: the app is served once, the service worker takes over, the server stops. */
async function startOffline() {
  const server = await serve(DIST);
  const device = await openDevice();
  const { page } = device;
  await page.goto(server.url);
  await waitForApp(page);
  await setUpDevice(page);
  await waitForServiceWorker(page);
  await server.close();
  return { server, device, page };
}

/** Opens a page by its hash route and waits for it. */
async function go(page, hash, testid) {
  await page.evaluate((h) => { location.hash = h; }, hash);
  await page.waitForSelector(`[data-testid="${testid}"]`);
}

const text = async (page, testid) => (await page.textContent(`[data-testid="${testid}"]`))?.trim();
const count = (page, testid) => page.locator(`[data-testid="${testid}"]`).count();
const idFromUrl = (page) => decodeURIComponent(page.url().split("/").pop());

async function addCommunity(page, name, street) {
  const before = await count(page, "community-row");
  await page.fill('[data-testid="community-name"]', name);
  await page.fill('[data-testid="community-street"]', street);
  await page.click('[data-testid="community-save"]');
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-testid="community-row"]').length > n, before);
}

async function addMember(page, { name, team, community, domains = [], expertise, profession, station, phone, notes }) {
  await go(page, "#/members", "page-members");
  await page.click('[data-testid="member-new"]');
  await page.waitForSelector('[data-testid="member-form"]');
  await page.fill('[data-testid="member-name"]', name);
  await page.selectOption('[data-testid="member-team"]', team);
  if (community) await page.selectOption('[data-testid="member-community"]', { label: community });
  else await page.selectOption('[data-testid="member-community"]', "");
  for (const d of domains) await page.click(`[data-testid="member-domain-${d}"]`);
  if (expertise) await page.fill('[data-testid="member-expertise"]', expertise);
  if (profession) await page.selectOption('[data-testid="member-profession"]', profession);
  if (station) await page.fill('[data-testid="member-station"]', station);
  if (phone) await page.fill('[data-testid="member-phone"]', phone);
  if (notes) await page.fill('[data-testid="member-notes"]', notes);
  await page.click('[data-testid="member-save"]');
  await page.waitForSelector('[data-testid="page-member"]');
  assert.equal(await title(page), name);
  return idFromUrl(page);
}

test("office pages offline: communities, members, activities, outcomes, deactivation, reload", async () => {
  const { server, device, page } = await startOffline();
  try {
    // Communities: reached from "More"; add two on two streets, edit one.
    await page.click('[data-testid="tab-more"]');
    await page.click('[data-testid="more-communities"]');
    await page.waitForSelector('[data-testid="page-communities"]');
    assert.equal(await title(page), "社区");
    await addCommunity(page, "汤边社区", "温泉街道");
    await addCommunity(page, "灵响社区", "南街街道");
    assert.equal(await count(page, "community-street-group"), 2);
    const lingxiang = page.locator('[data-testid="community-row"]', { hasText: "灵响社区" });
    await lingxiang.locator('[data-testid="community-edit"]').click();
    await page.fill('[data-testid="community-edit-code"]', "LX-01");
    await page.click('[data-testid="community-edit-save"]');
    await page.waitForSelector('[data-testid="community-feedback"]');
    assert.match(await page.locator('[data-testid="community-row"]', { hasText: "灵响社区" }).textContent(), /LX-01/);

    // Members of all three teams; a citizen needs a community.
    await go(page, "#/members", "page-members");
    assert.equal(await title(page), "成员");
    await page.click('[data-testid="member-new"]');
    await page.fill('[data-testid="member-name"]', "无社区代表");
    await page.selectOption('[data-testid="member-team"]', "citizen");
    await page.selectOption('[data-testid="member-community"]', "");
    await page.click('[data-testid="member-save"]');
    await page.waitForSelector('[data-testid="error-community_id"]');
    assert.ok(await page.isVisible('[data-testid="member-error"]'));

    const citizen = await addMember(page, {
      name: "张丽", team: "citizen", community: "汤边社区", domains: ["livable_homes", "wellbeing"], phone: "13905910001",
    });
    assert.match(await text(page, "member-domains-text"), /宜居家园/);
    const retiree = await addMember(page, { name: "陈伯", team: "citizen", community: "灵响社区", domains: ["dispute_mediation"] });
    const expert = await addMember(page, { name: "李教授", team: "expert", expertise: "城市规划" });
    assert.equal(await text(page, "member-expertise-text"), "城市规划");
    const envoy = await addMember(page, {
      name: "王律师", team: "legal_envoy", community: "汤边社区", profession: "lawyer", station: "温泉街道法务工作站",
    });
    assert.equal(await text(page, "member-station-text"), "温泉街道法务工作站");
    assert.ok(citizen && retiree && expert && envoy);

    // A demand captured at the door, to link from the activity and the outcome.
    await page.click('[data-testid="tab-capture"]');
    await page.waitForSelector('[data-testid="capture-form"]');
    await page.selectOption('[data-testid="capture-community"]', { label: "汤边社区 · 温泉街道" });
    await page.click('[data-testid="category-livable_homes"]');
    await page.fill('[data-testid="capture-title"]', "小区缺少休闲广场");
    await page.fill('[data-testid="capture-description"]', "居民没有休息和锻炼的地方。");
    await page.click('[data-testid="capture-save"]');
    await page.waitForSelector('[data-testid="capture-saved"]');

    // A roundtable with attendees, members and the demand.
    await go(page, "#/activities", "page-activities");
    assert.equal(await title(page), "活动");
    await page.click('[data-testid="activity-new"]');
    await page.waitForSelector('[data-testid="activity-form"]');
    assert.equal(await page.inputValue('[data-testid="activity-type"]'), "roundtable");
    assert.match(await page.inputValue('[data-testid="activity-date"]'), /^\d{4}-\d{2}-\d{2}$/);
    await page.fill('[data-testid="activity-title"]', "汤边社区一刻钟圆桌会议");
    await page.selectOption('[data-testid="activity-community"]', { label: "汤边社区" });
    await page.fill('[data-testid="activity-date"]', "2025-05-10");
    await page.fill('[data-testid="activity-attendees"]', "三十五");
    await page.click('[data-testid="activity-save"]');
    await page.waitForSelector('[data-testid="error-attendees"]'); // a count must be a number; nothing saved
    await page.fill('[data-testid="activity-attendees"]', "35");
    await page.fill('[data-testid="activity-materials"]', "12");
    await page.fill('[data-testid="activity-minutes"]', "讨论睦邻广场选址。\n居民代表同意分头联系共建单位。");
    await page.check(`[data-testid="activity-member-${citizen}"]`);
    await page.fill('[data-testid="activity-demand-search"]', "休闲广场");
    await page.locator('[data-testid="activity-demand-results"] input[type="checkbox"]').first().check();
    await page.waitForSelector('[data-testid="activity-demand-selected"]');
    await page.click('[data-testid="activity-save"]');
    await page.waitForSelector('[data-testid="page-activity"]');
    const roundtable = idFromUrl(page);
    assert.equal(await title(page), "汤边社区一刻钟圆桌会议");
    assert.equal(await text(page, "activity-attendees-text"), "35");
    assert.equal(await text(page, "activity-materials-text"), "12");
    assert.equal(await count(page, "activity-member-item"), 1);
    assert.match(await text(page, "activity-demands"), /小区缺少休闲广场/);

    // A joint mediation: a legal envoy and a citizen representative, picked by team.
    await go(page, "#/activities/new", "activity-form");
    await page.selectOption('[data-testid="activity-type"]', "mediation");
    assert.ok(await page.isVisible('[data-testid="activity-joint-hint"]'));
    await page.fill('[data-testid="activity-title"]', "卫生间漏水联合调解");
    await page.selectOption('[data-testid="activity-member-team"]', "legal_envoy");
    assert.equal(await page.isVisible(`[data-testid="activity-member-${citizen}"]`), false);
    await page.check(`[data-testid="activity-member-${envoy}"]`);
    await page.selectOption('[data-testid="activity-member-team"]', "citizen");
    await page.check(`[data-testid="activity-member-${citizen}"]`);
    assert.equal(await text(page, "activity-member-count"), "2");
    await page.fill('[data-testid="activity-attendees"]', "4");
    await page.click('[data-testid="activity-save"]');
    await page.waitForSelector('[data-testid="page-activity"]');
    assert.equal(await count(page, "activity-member-item"), 2);
    assert.match(await text(page, "activity-members"), /王律师[\s\S]*法务特派员/);

    // The list, its filters and totals.
    await go(page, "#/activities", "page-activities");
    assert.equal(await count(page, "activity-row"), 2);
    assert.equal(await text(page, "activity-attendees-total"), "39");
    await page.selectOption('[data-testid="activity-filter-type"]', "roundtable");
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="activity-row"]').length === 1);
    assert.equal(await text(page, "activity-attendees-total"), "35");
    await page.selectOption('[data-testid="activity-filter-type"]', "");
    await page.selectOption('[data-testid="activity-filter-community"]', { label: "灵响社区" });
    await page.waitForSelector('[data-testid="activities-empty"]');

    // The member's page shows what they attended.
    await go(page, `#/members/${citizen}`, "page-member");
    assert.equal(await text(page, "member-attended-count"), "2");
    assert.match(await text(page, "member-attended"), /汤边社区一刻钟圆桌会议/);

    // An outcome linked to the demand, the roundtable and the citizen, with funds in yuan.
    await go(page, "#/outcomes", "page-outcomes");
    assert.equal(await title(page), "成果");
    await page.click('[data-testid="outcome-new"]');
    await page.waitForSelector('[data-testid="outcome-form"]');
    await page.selectOption('[data-testid="outcome-type"]', "micro_project");
    await page.fill('[data-testid="outcome-title"]', "睦邻广场建成");
    await page.fill('[data-testid="outcome-summary"]', "走访20多家共建单位，筹集资金建成睦邻广场。");
    await page.selectOption('[data-testid="outcome-community"]', { label: "汤边社区" });
    await page.fill('[data-testid="outcome-demand-search"]', "广场");
    await page.locator('[data-testid="outcome-demand-results"] input[type="checkbox"]').first().check();
    await page.check(`[data-testid="outcome-activity-${roundtable}"]`);
    await page.check(`[data-testid="outcome-member-${citizen}"]`);
    await page.fill('[data-testid="outcome-funds"]', "247500");
    assert.equal(await text(page, "outcome-funds-preview"), "= ¥247,500.00");
    await page.fill('[data-testid="outcome-beneficiaries"]', "3200");
    await page.click('[data-testid="outcome-save"]');
    await page.waitForSelector('[data-testid="page-outcome"]');
    assert.equal(await title(page), "睦邻广场建成");
    assert.equal(await text(page, "outcome-funds-text"), "¥247,500.00");
    assert.match(await text(page, "outcome-demands"), /小区缺少休闲广场/);
    assert.match(await text(page, "outcome-activities"), /汤边社区一刻钟圆桌会议/);

    // A bad amount is refused with a message; nothing is saved until it reads as money.
    await go(page, "#/outcomes/new", "outcome-form");
    await page.selectOption('[data-testid="outcome-type"]', "mediation_agreement");
    await page.fill('[data-testid="outcome-title"]', "漏水维修费用分担协议");
    await page.selectOption('[data-testid="outcome-community"]', { label: "灵响社区" });
    await page.fill('[data-testid="outcome-funds"]', "12.345");
    await page.click('[data-testid="outcome-save"]');
    await page.waitForSelector('[data-testid="error-funds_fen"]');
    assert.match(await text(page, "error-funds_fen"), /两位/);
    assert.ok(await page.isVisible('[data-testid="outcome-form"]'));
    await page.fill('[data-testid="outcome-funds"]', "1,234.5");
    await page.fill('[data-testid="outcome-beneficiaries"]', "2");
    await page.click('[data-testid="outcome-save"]');
    await page.waitForSelector('[data-testid="page-outcome"]');
    assert.equal(await text(page, "outcome-funds-text"), "¥1,234.50");

    // Totals are of what the filters show.
    await go(page, "#/outcomes", "page-outcomes");
    assert.equal(await count(page, "outcome-row"), 2);
    assert.equal(await text(page, "outcome-funds-total"), "¥248,734.50");
    assert.equal(await text(page, "outcome-beneficiaries-total"), "3,202");
    await page.selectOption('[data-testid="outcome-filter-type"]', "micro_project");
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="outcome-row"]').length === 1);
    assert.equal(await text(page, "outcome-funds-total"), "¥247,500.00");
    assert.equal(await text(page, "outcome-beneficiaries-total"), "3,200");
    await page.selectOption('[data-testid="outcome-filter-type"]', "");
    await page.selectOption('[data-testid="outcome-filter-community"]', { label: "灵响社区" });
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="outcome-row"]').length === 1);
    assert.equal(await text(page, "outcome-funds-total"), "¥1,234.50");

    // The member's page shows the outcome too.
    await go(page, `#/members/${citizen}`, "page-member");
    assert.match(await text(page, "member-produced"), /睦邻广场建成/);

    // Deactivate a member; the filter finds them; reactivation is one tap away.
    await go(page, `#/members/${retiree}`, "page-member");
    await page.click('[data-testid="member-deactivate"]');
    await page.waitForSelector('[data-testid="member-reactivate"]');
    assert.equal(await text(page, "member-status"), "已停用");
    await go(page, "#/members", "page-members");
    assert.equal(await count(page, "member-row"), 4);
    await page.selectOption('[data-testid="member-filter-active"]', "inactive");
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="member-row"]').length === 1);
    assert.match(await text(page, "member-row"), /陈伯/);
    await page.selectOption('[data-testid="member-filter-active"]', "active");
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="member-row"]').length === 3);
    await page.selectOption('[data-testid="member-filter-team"]', "legal_envoy");
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="member-row"]').length === 1);
    assert.match(await text(page, "member-row"), /王律师/);
    await page.selectOption('[data-testid="member-filter-team"]', "");
    await page.selectOption('[data-testid="member-filter-active"]', "");
    await page.selectOption('[data-testid="member-filter-domain"]', "livable_homes");
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="member-row"]').length === 1);
    await page.selectOption('[data-testid="member-filter-domain"]', "");
    await page.selectOption('[data-testid="member-filter-community"]', { label: "汤边社区" });
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="member-row"]').length === 2);
    await page.selectOption('[data-testid="member-filter-community"]', "");
    await page.fill('[data-testid="member-search"]', "李");
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="member-row"]').length === 1);
    // A deactivated member is no longer offered in the pickers.
    await go(page, "#/activities/new", "activity-form");
    assert.equal(await count(page, `activity-member-${retiree}`), 0);
    assert.equal(await count(page, `activity-member-${envoy}`), 1);

    // Edit a member: the same record, changed.
    await go(page, `#/members/${expert}/edit`, "member-form");
    assert.equal(await page.inputValue('[data-testid="member-expertise"]'), "城市规划");
    await page.fill('[data-testid="member-expertise"]', "城市规划、社会学");
    await page.click('[data-testid="member-save"]');
    await page.waitForSelector('[data-testid="page-member"]');
    assert.equal(await text(page, "member-expertise-text"), "城市规划、社会学");

    // Still offline: reload and everything is still there.
    await page.reload();
    await waitForApp(page);
    await go(page, "#/members", "page-members");
    assert.equal(await count(page, "member-row"), 4);
    await go(page, "#/activities", "page-activities");
    assert.equal(await count(page, "activity-row"), 2);
    await go(page, "#/outcomes", "page-outcomes");
    assert.equal(await text(page, "outcome-funds-total"), "¥248,734.50");
    await go(page, `#/members/${retiree}`, "page-member");
    assert.equal(await text(page, "member-status"), "已停用");
    await go(page, "#/communities", "page-communities");
    assert.equal(await count(page, "community-row"), 2);

    // The same pages in English.
    await page.click('[data-testid="lang-toggle"]');
    await page.waitForSelector('[data-testid="page-title"]:has-text("Communities")');
    await go(page, "#/outcomes", "page-outcomes");
    assert.equal(await title(page), "Outcomes");
    assert.match(await page.textContent('[data-testid="outcome-totals"]'), /Total funds/);
    assert.deepEqual(device.errors.filter((e) => !/Failed to load resource|ERR_CONNECTION_REFUSED/.test(e)), []);
  } finally {
    await device.close();
    await server.close().catch(() => {});
  }
});

test("hostile text typed into every office form is shown as text, never run", async () => {
  const { server, device, page } = await startOffline();
  const noInjection = async () => {
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.equal(await page.locator('img[src="x"]').count(), 0);
  };
  try {
    for (const [i, payload] of [IMG, SCRIPT].entries()) {
      // Community: name and street are free text; so is the code.
      await go(page, "#/communities", "page-communities");
      await addCommunity(page, payload, `${i}${payload}`.slice(0, 40));
      const row = page.locator('[data-testid="community-row"]', { hasText: payload });
      await row.locator('[data-testid="community-edit"]').click();
      await page.fill('[data-testid="community-edit-code"]', payload.slice(0, 20));
      await page.click('[data-testid="community-edit-save"]');
      await page.waitForSelector('[data-testid="community-feedback"]');
      assert.equal(
        await page.locator('[data-testid="community-row-name"]', { hasText: payload }).first().textContent(),
        payload);
      await noInjection();

      // Members: every team's free-text fields.
      const ids = [];
      for (const team of ["citizen", "expert", "legal_envoy"]) {
        const id = await addMember(page, {
          name: payload, team, community: payload, domains: team === "citizen" ? ["wellbeing"] : [],
          expertise: team === "expert" ? payload : undefined,
          profession: team === "legal_envoy" ? "judge" : undefined,
          station: team === "legal_envoy" ? payload : undefined,
          phone: payload.slice(0, 20), notes: `${payload}\n${IMG}${SCRIPT}`,
        });
        ids.push(id);
        assert.equal(await title(page), payload);
        assert.equal(await text(page, "member-notes-text"), `${payload}\n${IMG}${SCRIPT}`);
        if (team === "expert") assert.equal(await text(page, "member-expertise-text"), payload);
        if (team === "legal_envoy") assert.equal(await text(page, "member-station-text"), payload);
        assert.match(await text(page, "member-community-text"), new RegExp(payload.slice(1, 8)));
        await noInjection();
      }
      await go(page, "#/members", "page-members");
      assert.ok((await page.locator('[data-testid="member-row"]', { hasText: payload }).count()) >= 3);
      await noInjection();

      // Activity: title and minutes; it links the members named with hostile text.
      await go(page, "#/activities/new", "activity-form");
      await page.fill('[data-testid="activity-title"]', payload);
      await page.fill('[data-testid="activity-minutes"]', `${IMG}\n${SCRIPT}`);
      await page.check(`[data-testid="activity-member-${ids[0]}"]`);
      await noInjection();
      await page.click('[data-testid="activity-save"]');
      await page.waitForSelector('[data-testid="page-activity"]');
      const activity = idFromUrl(page);
      assert.equal(await title(page), payload);
      assert.equal(await text(page, "activity-minutes-text"), `${IMG}\n${SCRIPT}`);
      assert.match(await text(page, "activity-members"), new RegExp(payload.slice(1, 8)));
      await go(page, "#/activities", "page-activities");
      assert.equal(await page.locator('[data-testid="activity-row"]', { hasText: payload }).count(), 1);
      await noInjection();

      // Outcome: title and summary; the pickers show the hostile activity and member names as text.
      await go(page, "#/outcomes/new", "outcome-form");
      await page.fill('[data-testid="outcome-title"]', payload);
      await page.fill('[data-testid="outcome-summary"]', `${SCRIPT}\n${IMG}`);
      await page.fill('[data-testid="outcome-activity-search"]', payload.slice(0, 10));
      await page.check(`[data-testid="outcome-activity-${activity}"]`);
      await page.check(`[data-testid="outcome-member-${ids[1]}"]`);
      await page.fill('[data-testid="outcome-funds"]', payload.slice(0, 24));
      await page.click('[data-testid="outcome-save"]');
      await page.waitForSelector('[data-testid="error-funds_fen"]'); // not an amount: refused, as text
      await noInjection();
      await page.fill('[data-testid="outcome-funds"]', "0");
      await page.click('[data-testid="outcome-save"]');
      await page.waitForSelector('[data-testid="page-outcome"]');
      assert.equal(await title(page), payload);
      assert.equal(await text(page, "outcome-summary-text"), `${SCRIPT}\n${IMG}`);
      assert.match(await text(page, "outcome-activities"), new RegExp(payload.slice(1, 8)));
      await go(page, "#/outcomes", "page-outcomes");
      assert.equal(await page.locator('[data-testid="outcome-row"]', { hasText: payload }).count(), 1);
      await noInjection();
    }
    // English too, after a reload.
    await page.click('[data-testid="lang-toggle"]');
    await page.reload();
    await waitForApp(page);
    await go(page, "#/members", "page-members");
    assert.equal(await title(page), "Members");
    await noInjection();
  } finally {
    await device.close();
    await server.close().catch(() => {});
  }
});
