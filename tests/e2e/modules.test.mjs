// The seed's modules end to end (issue 18): a decision consultation from the
// district's request to adoption, two experts answering on two phones and the
// coordinator merging their files; a legal review counted on the dashboard as
// 依法决策; a library article written on one phone and found by search on another;
// the community notice's print view, which shows what became of residents'
// demands but never their names, phones or addresses, nor an internal demand;
// a referral to the community Party committee; topics by origin; overdue marks.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve, openDevice, waitForApp, addCommunityAtCapture, captureDemand } from "./helpers.mjs";

const T = { timeout: 60000 };

async function go(page, base, hash) {
  await page.goto(base + hash);
  await waitForApp(page);
}

async function setLabel(page, name, community) {
  await page.waitForSelector('[data-testid="device-setup"]', T);
  await page.fill('[data-testid="device-name"]', name);
  await page.fill('[data-testid="device-community"]', community);
  await page.click('[data-testid="device-save"]');
  await page.waitForSelector('[data-testid="device-setup"]', { state: "detached" });
}

async function addMember(page, base, name, team) {
  await go(page, base, "#/members/new");
  await page.waitForSelector('[data-testid="member-form"]', T);
  await page.fill('[data-testid="member-name"]', name);
  await page.selectOption('[data-testid="member-team"]', team);
  await page.click('[data-testid="member-save"]');
  await page.waitForSelector('[data-testid="page-member"]', T);
}

async function exportFull(page, base, dir) {
  await go(page, base, "#/exchange");
  await page.waitForSelector('[data-testid="export-full"]', T);
  const [download] = await Promise.all([page.waitForEvent("download", T), page.click('[data-testid="export-full"]')]);
  const path = join(dir, `${Date.now()}-${download.suggestedFilename()}`);
  await download.saveAs(path);
  await page.waitForSelector('[data-testid="export-done"]', T);
  return path;
}

async function importFiles(page, base, paths) {
  await go(page, base, "#/exchange");
  await page.setInputFiles('[data-testid="import-file"]', paths);
  await page.waitForSelector('[data-testid="import-preview"]', T);
  await page.click('[data-testid="import-confirm"]');
  await page.waitForSelector('[data-testid="import-result"]', T);
}

async function openConsultation(page, base, subject) {
  await go(page, base, "#/consultations");
  await page.locator('[data-testid="consultation-row"]', { hasText: subject }).first().click();
  await page.waitForSelector('[data-testid="page-consultation"]', T);
}

async function respond(page, expert, text) {
  await page.selectOption('[data-testid="respond-member"]', { label: expert });
  await page.selectOption('[data-testid="respond-stance"]', "support");
  await page.fill('[data-testid="respond-text"]', text);
  await page.click('[data-testid="respond-save"]');
  await page.waitForSelector(`[data-testid="consultation-response-text"]:has-text("${text}")`, T);
}

test("a consultation from request to adoption, two experts on two phones merged by bundle", async () => {
  const server = await serve();
  const dir = mkdtempSync(join(tmpdir(), "doorstep-consult-"));
  const a = await openDevice({ width: 1024, height: 800 });
  const b = await openDevice();
  const c = await openDevice();
  const subject = "全域生态旅游示范区建设规划（征求意见稿）";
  try {
    // The coordinator records the district's request, inviting two experts.
    await go(a.page, server.url, "#/");
    await setLabel(a.page, "区两会一员办", "军门社区");
    await addMember(a.page, server.url, "陈教授", "expert");
    await addMember(a.page, server.url, "林研究员", "expert");
    await go(a.page, server.url, "#/consultations");
    await a.page.click('[data-testid="consultation-new"]');
    await a.page.waitForSelector('[data-testid="consultation-form"]', T);
    // Nothing is saved while the form is incomplete, and the problem is named.
    await a.page.click('[data-testid="consultation-save"]');
    await a.page.waitForSelector('[data-testid="consultation-error"]', T);
    await a.page.fill('[data-testid="consultation-requested-by"]', "区政府办公室");
    await a.page.fill('[data-testid="consultation-subject"]', subject);
    await a.page.fill('[data-testid="consultation-summary"]', "一核两区三带四集群");
    await a.page.selectOption('[data-testid="consultation-way"]', "meeting");
    await a.page.fill('[data-testid="consultation-due-on"]', "2099-12-31");
    for (const name of ["陈教授", "林研究员"]) {
      await a.page.locator('[data-testid="consultation-expert"] li', { hasText: name }).locator("input").check();
    }
    await a.page.click('[data-testid="consultation-save"]');
    await a.page.waitForSelector('[data-testid="page-consultation"][data-status="open"]', T);
    assert.equal((await a.page.textContent('[data-testid="consultation-answered"]')).trim(), "已答复 0/2");
    const request = await exportFull(a.page, server.url, dir);

    // Each expert answers on their own phone, from the coordinator's file.
    const answers = [
      [b, "陈教授", "建议串联温泉游与坊巷游线路"],
      [c, "林研究员", "核心区需同步制定交通疏导方案"],
    ];
    const files = [];
    for (const [device, expert, text] of answers) {
      await go(device.page, server.url, "#/");
      await setLabel(device.page, expert, "军门社区");
      await importFiles(device.page, server.url, [request]);
      await openConsultation(device.page, server.url, subject);
      await respond(device.page, expert, text);
      assert.equal((await device.page.textContent('[data-testid="consultation-answered"]')).trim(), "已答复 1/2");
      files.push(await exportFull(device.page, server.url, dir));
    }

    // The coordinator merges both files: two responses, no conflict, answered.
    await importFiles(a.page, server.url, files);
    await go(a.page, server.url, "#/exchange");
    await a.page.waitForSelector('[data-testid="count-consultation_response"]', T);
    assert.equal((await a.page.textContent('[data-testid="count-consultation_response"]')).trim(), "2");
    assert.equal((await a.page.textContent('[data-testid="conflict-count"]')).trim(), "0");
    await openConsultation(a.page, server.url, subject);
    await a.page.waitForSelector('[data-testid="page-consultation"][data-status="answered"]', T);
    assert.equal(await a.page.locator('[data-testid="consultation-response"]').count(), 2);
    assert.equal((await a.page.textContent('[data-testid="consultation-answered"]')).trim(), "已答复 2/2");

    // Closing adopts one response: "采纳 1 条".
    const adopted = a.page.locator('[data-testid="consultation-response"]', { hasText: "陈教授" });
    const responseId = await adopted.getAttribute("data-id");
    await a.page.check(`[data-testid="adopt-${responseId}"]`);
    await a.page.fill('[data-testid="close-result"]', "规划采纳专家意见 1 条");
    await a.page.click('[data-testid="close-save"]');
    await a.page.waitForSelector('[data-testid="page-consultation"][data-status="closed"]', T);
    assert.equal((await a.page.textContent('[data-testid="consultation-adopted"]')).trim(), "采纳 1 条");
    assert.equal(await a.page.locator('[data-testid="response-adopted"]').count(), 1);
    await go(a.page, server.url, "#/consultations");
    await a.page.waitForSelector('[data-testid="consultation-row"][data-status="closed"]', T);
    assert.match(await a.page.textContent('[data-testid="consultation-row-adopted"]'), /采纳 1 条/);
    for (const d of [a, b, c]) assert.deepEqual(d.errors, []);
  } finally {
    await Promise.all([a.close(), b.close(), c.close()]);
    await server.close().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a legal review is counted on the dashboard as 依法决策", async () => {
  const server = await serve();
  const device = await openDevice();
  const { page } = device;
  try {
    await go(page, server.url, "#/");
    await setLabel(page, "王律师", "灵响社区");
    await addCommunityAtCapture(page, "灵响社区", "南街街道");
    await addMember(page, server.url, "王律师", "legal_envoy");
    await go(page, server.url, "#/");
    await page.waitForSelector('[data-testid="dash-legal_decisions-value"]', T);
    assert.equal((await page.textContent('[data-testid="dash-legal_decisions-value"]')).trim(), "0");

    await page.click('[data-testid="tab-more"]');
    await page.click('[data-testid="more-legal"]');
    await page.waitForSelector('[data-testid="legal-review-form"]', T);
    await page.selectOption('[data-testid="legal-review-type"]', "rule_review");
    await page.fill('[data-testid="legal-review-title"]', "《居民公约》修订稿");
    await page.selectOption('[data-testid="legal-review-community"]', { label: "灵响社区" });
    await page.selectOption('[data-testid="legal-review-envoy"]', { label: "王律师" });
    await page.fill('[data-testid="legal-review-result"]', "删去罚款条款，改为倡议和积分激励");
    await page.click('[data-testid="legal-review-save"]');
    await page.waitForSelector('[data-testid="legal-review-saved"]', T);
    assert.equal(await page.locator('[data-testid="legal-review-row"]').count(), 1);

    await page.click('[data-testid="tab-home"]');
    await page.waitForFunction(
      () => document.querySelector('[data-testid="dash-legal_decisions-value"]')?.textContent.trim() === "1",
      null,
      T
    );
    assert.match(await page.textContent('[data-testid="dash-legal_decisions"]'), /依法决策/);
    assert.deepEqual(device.errors, []);
  } finally {
    await device.close();
    await server.close().catch(() => {});
  }
});

test("a library article written on one phone is found by search on another", async () => {
  const server = await serve();
  const dir = mkdtempSync(join(tmpdir(), "doorstep-library-"));
  const a = await openDevice();
  const b = await openDevice();
  try {
    await go(a.page, server.url, "#/");
    await setLabel(a.page, "王律师", "灵响社区");
    await go(a.page, server.url, "#/library");
    await a.page.click('[data-testid="library-write"]');
    await a.page.fill('[data-testid="library-title"]', "楼上卫生间漏水，谁来修？");
    await a.page.fill('[data-testid="library-body"]', "相邻关系：因一方过错造成损害的，由其承担维修和赔偿责任。");
    await a.page.fill('[data-testid="library-tags"]', "相邻关系，维修");
    await a.page.click('[data-testid="library-save"]');
    await a.page.waitForSelector('[data-testid="library-saved"]', T);
    const file = await exportFull(a.page, server.url, dir);

    await go(b.page, server.url, "#/");
    await setLabel(b.page, "张丽", "灵响社区");
    await importFiles(b.page, server.url, [file]);
    await b.page.click('[data-testid="tab-more"]');
    await b.page.click('[data-testid="more-library"]');
    await b.page.waitForSelector('[data-testid="library-search"]', T);
    await b.page.fill('[data-testid="library-search"]', "燃气");
    await b.page.waitForSelector('[data-testid="library-nothing"]', T);
    await b.page.fill('[data-testid="library-search"]', "漏水");
    await b.page.waitForSelector('[data-testid="library-article"]', T);
    assert.equal(await b.page.locator('[data-testid="library-article"]').count(), 1);
    assert.equal(
      (await b.page.textContent('[data-testid="library-article-title"]')).trim(),
      "楼上卫生间漏水，谁来修？"
    );
    // A word of the tags finds it too.
    await b.page.fill('[data-testid="library-search"]', "维修");
    await b.page.waitForSelector('[data-testid="library-article"]', T);
    for (const d of [a, b]) assert.deepEqual(d.errors, []);
  } finally {
    await Promise.all([a.close(), b.close()]);
    await server.close().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the notice's print view shows what became of demands but no resident's name, phone or address", async () => {
  const server = await serve();
  const device = await openDevice();
  const { page } = device;
  const residents = [
    { name: "王秀英", phone: "13905912345", address: "公益南路3号楼2单元402" },
    { name: "郑德福", phone: "0591-87654321", address: "汤边新村5号楼101" },
  ];
  try {
    await go(page, server.url, "#/");
    await setLabel(page, "张丽", "汤边社区");
    await addCommunityAtCapture(page, "汤边社区", "温泉街道");
    // The name and phone typed into the title too, as happens at a door.
    await captureDemand(page, {
      category: "livable_homes",
      title: `王秀英家卫生间漏水 13905912345`,
      description: "楼上漏水，天花板发霉",
      resident: residents[0],
    });
    await captureDemand(page, {
      category: "wellbeing",
      title: "小区缺少休闲广场",
      description: "郑德福说老人没地方锻炼",
      resident: residents[1],
    });
    // A third, which the coordinator marks internal: it stays off the notice.
    await captureDemand(page, { category: "dispute_mediation", title: "两户纠纷内部协调", description: "不公开" });
    await go(page, server.url, "#/demands");
    await page.locator('[data-testid="demand-row"]', { hasText: "内部协调" }).first().click();
    await page.waitForSelector('[data-testid="page-demand"]', T);
    await page.click('[data-testid="demand-toggle-internal"]');
    await page.waitForSelector('[data-testid="demand-internal"]', T);
    // Resolve the first, with a note naming the resident.
    await go(page, server.url, "#/demands");
    await page.locator('[data-testid="demand-row"]', { hasText: "漏水" }).first().click();
    await page.waitForSelector('[data-testid="page-demand"]', T);
    await page.click('[data-testid="action-resolve"]');
    await page.fill('[data-testid="action-text"]', "法务特派员调解，王秀英与楼上业主同意共同出资维修");
    await page.click('[data-testid="action-submit"]');
    await page.waitForSelector('[data-testid="demand-status"]:has-text("已解决")', T);

    await page.click('[data-testid="tab-more"]');
    await page.click('[data-testid="more-notice"]');
    await page.waitForSelector('[data-testid="notice-sheet"]', T);
    await page.click('[data-testid="notice-print"]');
    await page.waitForSelector('[data-testid="page-notice-print"] [data-testid="notice-sheet"]', T);
    const text = await page.textContent("main");
    assert.match(text, /卫生间漏水/, "the demand is there");
    assert.match(text, /小区缺少休闲广场/);
    assert.match(text, /同意共同出资维修/, "what became of it is there");
    for (const r of residents) {
      for (const secret of [r.name, r.phone, r.address, r.phone.replace("-", "")]) {
        assert.ok(!text.includes(secret), `the notice shows ${secret}`);
      }
    }
    assert.ok(!text.includes("天花板发霉"), "descriptions stay in the office");
    assert.ok(!text.includes("内部协调"), "an internal demand stays in the office");
    assert.equal(await page.locator('[data-testid="notice-demand"]').count(), 2);
    assert.deepEqual(device.errors, []);
  } finally {
    await device.close();
    await server.close().catch(() => {});
  }
});

test("a demand raised with the community Party committee; topics by origin; overdue topics and consultations marked", async () => {
  const server = await serve();
  const device = await openDevice();
  const { page } = device;
  try {
    await go(page, server.url, "#/");
    await setLabel(page, "张丽", "汤边社区");
    await addCommunityAtCapture(page, "汤边社区", "温泉街道");
    await captureDemand(page, { category: "wellbeing", title: "小区缺少休闲广场", description: "老人没地方锻炼" });
    await go(page, server.url, "#/demands");
    await page.locator('[data-testid="demand-row"]', { hasText: "休闲广场" }).first().click();
    await page.waitForSelector('[data-testid="page-demand"]', T);
    await page.click('[data-testid="action-refer"]');
    await page.selectOption('[data-testid="refer-target"]', "party");
    await page.waitForSelector('[data-testid="refer-party-hint"]', T);
    await page.click('[data-testid="action-submit"]');
    await page.waitForSelector('[data-testid="demand-status"]:has-text("已转介")', T);
    const referral = page.locator('[data-testid="timeline-event"][data-type="referral"]');
    assert.match(await referral.textContent(), /社区党委/);
    assert.match(await page.textContent('[data-testid="demand-timeline"]'), /已反映给社区党委/);

    // A topic the experts propose (荐题献策), already past its due date.
    await go(page, server.url, "#/topics");
    await page.click('[data-testid="topic-new"]');
    await page.selectOption('[data-testid="new-topic-origin"]', "expert");
    await page.fill('[data-testid="new-topic-title"]', "社区养老服务站布局");
    await page.fill('[data-testid="new-topic-due"]', "2020-01-31");
    await page.click('[data-testid="new-topic-save"]');
    await page.waitForSelector('[data-testid="page-topic"]', T);
    assert.equal((await page.textContent('[data-testid="topic-origin"]')).trim(), "荐题献策");
    assert.match(await page.textContent('[data-testid="topic-due"]'), /2020-01-31/);
    await page.waitForSelector('[data-testid="topic-overdue"]', T);
    // "From demands" is made in the demand list, and the form says so.
    await go(page, server.url, "#/topics");
    await page.click('[data-testid="topic-new"]');
    await page.selectOption('[data-testid="new-topic-origin"]', "demands");
    await page.waitForSelector('[data-testid="new-topic-demands-hint"]', T);

    // A consultation past its due date, not closed: marked overdue in the list.
    await go(page, server.url, "#/consultations/new");
    await page.waitForSelector('[data-testid="consultation-form"]', T);
    await page.fill('[data-testid="consultation-requested-by"]', "区民政局");
    await page.fill('[data-testid="consultation-subject"]', "养老服务补贴办法");
    await page.fill('[data-testid="consultation-requested-on"]', "2020-01-01");
    await page.fill('[data-testid="consultation-due-on"]', "2020-01-15");
    await page.click('[data-testid="consultation-save"]');
    await page.waitForSelector('[data-testid="page-consultation"]', T);
    await page.waitForSelector('[data-testid="consultation-overdue"]', T);
    await go(page, server.url, "#/consultations");
    await page.waitForSelector('[data-testid="consultation-row"] [data-testid="consultation-overdue"]', T);
    assert.deepEqual(device.errors, []);
  } finally {
    await device.close();
    await server.close().catch(() => {});
  }
});
