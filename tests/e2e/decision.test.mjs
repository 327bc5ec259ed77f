// Residents decide (民事民定) and points are reviewed (评审赋分), offline:
// a roundtable votes — more votes than people present is refused — and its
// decision starts a micro-project whose money is recorded by source; a
// representative's claimed points count only after a coordinator on another
// device approves them and the bundle carrying the review arrives.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve, openDevice, waitForApp, waitForServiceWorker, title, setRole } from "./helpers.mjs";

const DIST = process.env.DOORSTEP_DIST || undefined;
const T = { timeout: 30000 };

async function go(page, hash, testid) {
  await page.evaluate((h) => { location.hash = h; }, hash);
  await page.waitForSelector(`[data-testid="${testid}"]`, T).catch(async (err) => {
    throw new Error(`${err.message}\npage shows: ${(await page.textContent("main").catch(() => "")).slice(0, 400)}`);
  });
}

const text = async (page, testid) => (await page.textContent(`[data-testid="${testid}"]`))?.trim();
const idFromUrl = (page) => decodeURIComponent(page.url().split("/").pop());

/** A fresh device, served once, then offline. */
async function offlineDevice(server, name) {
  const device = await openDevice();
  const { page } = device;
  await page.goto(server.url);
  await waitForApp(page);
  await page.fill('[data-testid="device-name"]', name);
  await page.fill('[data-testid="device-community"]', "汤边社区");
  await page.click('[data-testid="device-save"]');
  await page.waitForSelector('[data-testid="device-setup"]', { state: "detached" });
  await waitForServiceWorker(page);
  return device;
}

async function addCommunity(page, name, street) {
  await go(page, "#/communities", "page-communities");
  await page.fill('[data-testid="community-name"]', name);
  await page.fill('[data-testid="community-street"]', street);
  await page.click('[data-testid="community-save"]');
  await page.waitForSelector(`[data-testid="community-row"]:has-text("${name}")`, T);
}

async function addCitizen(page, name, community) {
  await go(page, "#/members", "page-members");
  await page.click('[data-testid="member-new"]');
  await page.waitForSelector('[data-testid="member-form"]');
  await page.fill('[data-testid="member-name"]', name);
  await page.selectOption('[data-testid="member-team"]', "citizen");
  await page.selectOption('[data-testid="member-community"]', { label: community });
  await page.click('[data-testid="member-save"]');
  await page.waitForSelector('[data-testid="page-member"]', T);
  return idFromUrl(page);
}

test("a roundtable votes and its decision starts a micro-project funded by source", async () => {
  const server = await serve(DIST);
  const device = await offlineDevice(server, "张丽");
  const { page, errors } = device;
  try {
    await server.close();
    await addCommunity(page, "汤边社区", "温泉街道");
    const citizen = await addCitizen(page, "陈建国", "汤边社区");

    await go(page, "#/activities/new", "activity-form");
    await page.fill('[data-testid="activity-title"]', "汤边社区一刻钟圆桌会议：睦邻广场选址");
    await page.selectOption('[data-testid="activity-community"]', { label: "汤边社区" });
    await page.fill('[data-testid="activity-attendees"]', "25");
    await page.check(`[data-testid="activity-member-${citizen}"]`);
    await page.click('[data-testid="activity-save"]');
    await page.waitForSelector('[data-testid="page-activity"]', T);
    const activity = idFromUrl(page);
    assert.match(await text(page, "activity-decisions"), /还没有记录表决/);

    // 20 + 8 votes from 25 people present: refused, and nothing is saved.
    await page.click('[data-testid="decision-add"]');
    await page.fill('[data-testid="decision-question-input"]', "是否在公益南路空地建设睦邻广场");
    await page.fill('[data-testid="decision-for"]', "20");
    await page.fill('[data-testid="decision-against"]', "8");
    await page.fill('[data-testid="decision-abstain"]', "0");
    await page.fill('[data-testid="decision-result-input"]', "同意选址建设睦邻广场");
    await page.click('[data-testid="decision-save"]');
    assert.match(await text(page, "decision-form-error"), /票数合计 28 票，超过到会人数 25 人/);
    assert.equal(await page.locator('[data-testid="decision"]').count(), 0);

    // 20 for, 3 against, 2 abstaining of 25: carried.
    await page.fill('[data-testid="decision-against"]', "3");
    await page.fill('[data-testid="decision-abstain"]', "2");
    await page.click('[data-testid="decision-save"]');
    await page.waitForSelector('[data-testid="decision"]', T);
    assert.match(await text(page, "decision-votes"), /赞成 20 · 反对 3 · 弃权 2 · 到会 25 · 投票 25/);
    assert.match(await text(page, "decision-carried"), /通过/);
    assert.equal(await text(page, "decision-question"), "是否在公益南路空地建设睦邻广场");

    // The decision starts a micro-project: linked to the meeting, its community and member.
    await page.click('[data-testid="decision-start-project"]');
    await page.waitForSelector('[data-testid="page-outcome"]', T);
    const outcome = idFromUrl(page);
    assert.equal(await title(page), "同意选址建设睦邻广场");
    assert.equal(await text(page, "outcome-type-text"), "微实事项目");
    assert.equal(await text(page, "outcome-community-text"), "汤边社区 · 温泉街道");
    assert.match(await text(page, "outcome-decision"), /是否在公益南路空地建设睦邻广场 → 同意选址建设睦邻广场/);
    assert.match(await text(page, "outcome-activities"), /睦邻广场选址/);
    assert.match(await text(page, "outcome-members"), /陈建国/);

    // Its money by source, spent apart: ¥30,000 + ¥8,000 + ¥5,000 raised, ¥39,200 spent.
    await page.click('[data-testid="outcome-edit"]');
    await page.waitForSelector('[data-testid="outcome-form"]', T);
    await page.fill('[data-testid="outcome-funding-government"]', "30000");
    await page.fill('[data-testid="outcome-funding-social"]', "8,000");
    await page.fill('[data-testid="outcome-funding-residents"]', "5000");
    await page.fill('[data-testid="outcome-spent"]', "39200");
    assert.match(await text(page, "outcome-funds-preview"), /¥43,000\.00/);
    assert.equal(await page.isDisabled('[data-testid="outcome-funds"]'), true, "the total is the sum of the sources");
    await page.click('[data-testid="outcome-save"]');
    await page.waitForSelector('[data-testid="page-outcome"]', T);
    assert.equal(await text(page, "outcome-funds-text"), "¥43,000.00");
    assert.equal(await text(page, "outcome-funding-government"), "¥30,000.00");
    assert.equal(await text(page, "outcome-funding-social"), "¥8,000.00");
    assert.equal(await text(page, "outcome-funding-residents"), "¥5,000.00");
    assert.equal(await text(page, "outcome-spent-text"), "¥39,200.00");
    assert.match(await text(page, "outcome-decision"), /同意选址建设睦邻广场/, "still names its decision after the edit");

    // The meeting now links the project instead of offering to start another; after a reload too.
    await page.reload();
    await waitForApp(page);
    await go(page, `#/activities/${activity}`, "activity-decisions");
    await page.waitForSelector('[data-testid="decision-project"]', T);
    assert.equal(await page.locator('[data-testid="decision-start-project"]').count(), 0);
    await page.click('[data-testid="decision-project"]');
    await page.waitForSelector('[data-testid="page-outcome"]', T);
    assert.equal(idFromUrl(page), outcome);

    // The dashboard counts the ¥8,000 social funds only.
    await go(page, "#/", "dash-funds-value");
    assert.equal(await text(page, "dash-funds-value"), "¥8000.00");
    assert.deepEqual(errors, []);
  } finally {
    await device.close();
  }
});

/** Clicks an export button, saves the file; returns its path. */
async function exportFile(page, testid, dir) {
  await go(page, "#/exchange", "export-last");
  const [download] = await Promise.all([page.waitForEvent("download", T), page.click(`[data-testid="${testid}"]`)]);
  const path = join(dir, `${Date.now()}-${download.suggestedFilename()}`);
  await download.saveAs(path);
  await page.waitForSelector('[data-testid="export-done"]', T);
  return path;
}

async function importFile(page, path) {
  await go(page, "#/exchange", "import-file");
  await page.setInputFiles('[data-testid="import-file"]', [path]);
  await page.waitForSelector('[data-testid="import-preview"]', T);
  await page.click('[data-testid="import-confirm"]');
  await page.waitForSelector('[data-testid="import-result"]', T);
}

async function balanceOf(page, member) {
  await go(page, "#/points", "page-points");
  const selector = `[data-testid="points-balance-${member}"]`;
  await page.waitForSelector(selector, { state: "attached", ...T });
  return Number((await page.textContent(selector)).trim());
}

test("a claimed point approved on another device changes the balance once the bundle arrives", async () => {
  const server = await serve(DIST);
  const phone = await offlineDevice(server, "陈建国");
  const office = await offlineDevice(server, "社区协调员");
  const dir = mkdtempSync(join(tmpdir(), "doorstep-review-"));
  try {
    await server.close();
    // The representative's phone: a member, and a claim of 5 points.
    await addCommunity(phone.page, "汤边社区", "温泉街道");
    const member = await addCitizen(phone.page, "陈建国", "汤边社区");
    assert.equal(await balanceOf(phone.page, member), 0);
    await phone.page.selectOption('[data-testid="points-claim-member"]', member);
    await phone.page.fill('[data-testid="points-claim-points"]', "5");
    await phone.page.fill('[data-testid="points-claim-reason"]', "组织楼道清洁志愿活动");
    await phone.page.click('[data-testid="points-claim-save"]');
    await phone.page.waitForSelector('[data-testid="points-entry-review"]', { state: "attached", ...T });
    assert.equal(await balanceOf(phone.page, member), 0, "a claim waits for review");
    const claim = await exportFile(phone.page, "export-full", dir);

    // The office imports it; a coordinator approves with a reason.
    await importFile(office.page, claim);
    await setRole(office.page, "coordinator");
    assert.equal(await balanceOf(office.page, member), 0);
    await office.page.waitForSelector('[data-testid="points-review-item"]', T);
    assert.match(await text(office.page, "points-review-item"), /陈建国[\s\S]*组织楼道清洁志愿活动[\s\S]*\+5/);
    await office.page.click('[data-testid="points-review-approve"]');
    assert.match(await text(office.page, "points-error"), /评审理由/, "a review needs its reason");
    await office.page.fill('[data-testid="points-review-reason"]', "有活动照片和签到表");
    await office.page.click('[data-testid="points-review-approve"]');
    await office.page.waitForSelector('[data-testid="points-review-none"]', T);
    assert.equal(await balanceOf(office.page, member), 5);
    const review = await exportFile(office.page, "export-delta", dir);

    // Before the bundle arrives the phone still shows 0; after, 5.
    assert.equal(await balanceOf(phone.page, member), 0);
    await importFile(phone.page, review);
    assert.equal(await balanceOf(phone.page, member), 5);
    assert.match(await phone.page.textContent('[data-testid="points-entry-review"]'), /评审通过/);
    // Importing it again changes nothing.
    await go(phone.page, "#/exchange", "import-file");
    await phone.page.setInputFiles('[data-testid="import-file"]', [review]);
    await phone.page.waitForSelector('[data-testid="import-known"]', T);
    assert.equal(await balanceOf(phone.page, member), 5);
    assert.deepEqual(phone.errors, []);
    assert.deepEqual(office.errors, []);
  } finally {
    await phone.close();
    await office.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
