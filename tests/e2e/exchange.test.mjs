// Exchange end to end, two phones and a coordinator: two browser profiles set
// their labels, add the same community and record demands offline; B imports
// A's file; both edit the same demand offline and export. Fresh coordinator
// profiles import both files in both orders, twice: the stored state is the
// same every time and the concurrent edit is one conflict. Resolving it and
// re-exporting round-trips to another profile with no conflict. A damaged file
// is refused with a reason and changes nothing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve, openDevice, waitForApp, waitForServiceWorker } from "./helpers.mjs";

const KINDS = [
  "community", "member", "household", "visit", "demand", "demand_event",
  "topic", "opinion", "activity", "outcome", "points_rule", "points_entry",
  "reward",
];
const T = { timeout: 60000 };

async function setLabel(page, name, community) {
  await page.waitForSelector('[data-testid="device-setup"]', T);
  await page.fill('[data-testid="device-name"]', name);
  await page.fill('[data-testid="device-community"]', community);
  await page.click('[data-testid="device-save"]');
  await page.waitForSelector('[data-testid="device-setup"]', { state: "detached" });
}

async function go(page, base, hash) {
  await page.goto(base + hash);
  await waitForApp(page);
}

async function addCommunity(page, base) {
  await go(page, base, "#/capture");
  await page.waitForSelector('[data-testid="community-add"]', T);
  await page.fill('[data-testid="community-name"]', "汤边社区");
  await page.fill('[data-testid="community-street"]', "温泉街道");
  await page.click('[data-testid="community-save"]');
  await page.waitForSelector('[data-testid="capture-form"]', T);
}

async function capture(page, title, description) {
  await page.click('[data-testid="category-livable_homes"]');
  await page.click('[data-testid="urgency-normal"]');
  await page.fill('[data-testid="capture-title"]', title);
  await page.fill('[data-testid="capture-description"]', description);
  await page.click('[data-testid="capture-save"]');
  await page.waitForSelector('[data-testid="capture-saved"]', T);
  // The next capture starts from a fresh form.
  await page.waitForFunction(() => document.querySelector('[data-testid="capture-title"]')?.value === "", null, T);
}

/** Opens the demand titled `title` from the list. */
async function openDemand(page, base, title) {
  await go(page, base, "#/demands");
  const row = page.locator('[data-testid="demand-row"]', { hasText: title });
  await row.first().click();
  await page.waitForSelector('[data-testid="page-demand"]', T);
}

async function editDemand(page, { title, description }) {
  await page.waitForSelector('[data-testid="demand-edit"]', T);
  await page.click('[data-testid="demand-edit"]');
  await page.waitForSelector('[data-testid="demand-edit-form"]', T);
  if (title !== undefined) await page.fill('[data-testid="edit-title"]', title);
  if (description !== undefined) await page.fill('[data-testid="edit-description"]', description);
  await page.click('[data-testid="edit-save"]');
  await page.waitForSelector('[data-testid="demand-edit-form"]', { state: "detached", ...T });
}

/** Clicks an export button and saves the download; returns its path and name. */
async function exportFile(page, base, testid, dir) {
  await go(page, base, "#/exchange");
  await page.waitForSelector('[data-testid="export-last"]', T);
  const [download] = await Promise.all([page.waitForEvent("download", T), page.click(`[data-testid="${testid}"]`)]);
  const name = download.suggestedFilename();
  const path = join(dir, `${Date.now()}-${name}`);
  await download.saveAs(path);
  await page.waitForSelector('[data-testid="export-done"]', T);
  const count = Number(await page.textContent('[data-testid="export-done-count"]'));
  return { path, name, count };
}

/** Chooses files, checks the preview, confirms; returns the preview element's text. */
async function importFiles(page, base, paths, { expectPreview = true } = {}) {
  await go(page, base, "#/exchange");
  await page.setInputFiles('[data-testid="import-file"]', paths);
  await page.waitForSelector('[data-testid="import-preview"]', T);
  if (!expectPreview) return null;
  const preview = {
    text: await page.textContent('[data-testid="import-preview"]'),
    demandNew: Number(await page.textContent('[data-testid="preview-total-demand-new"]')),
  };
  await page.click('[data-testid="import-confirm"]');
  await page.waitForSelector('[data-testid="import-result"]', T);
  return preview;
}

async function counts(page, base) {
  await go(page, base, "#/exchange");
  await page.waitForSelector('[data-testid="count-demand"]', T);
  const out = {};
  for (const kind of KINDS) out[kind] = Number(await page.textContent(`[data-testid="count-${kind}"]`));
  out.conflicts = Number(await page.textContent('[data-testid="conflict-count"]'));
  return out;
}

/** JSON with sorted keys: a revision's canonical text. */
function canon(value) {
  if (Array.isArray(value)) return `[${value.map(canon).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canon(value[k])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

function recordSet(path) {
  const bundle = JSON.parse(readFileSync(path, "utf8"));
  assert.equal(bundle.format, "doorstep.bundle");
  assert.match(bundle.digest, /^sha256:[0-9a-f]{64}$/);
  return bundle.records.map(canon).sort();
}

test("exchange: two devices offline, a coordinator in any order, a conflict resolved and round-tripped", async () => {
  const dir = mkdtempSync(join(tmpdir(), "doorstep-exchange-"));
  const phones = await serve();
  const a = await openDevice();
  const b = await openDevice();
  const opened = [a, b];
  let office;
  try {
    const base = phones.url;
    for (const [device, name] of [[a, "张丽"], [b, "陈明"]]) {
      await go(device.page, base, "");
      await setLabel(device.page, name, "汤边社区");
      await waitForServiceWorker(device.page);
    }
    // Offline from here on for both phones.
    await phones.close();
    for (const device of [a, b]) {
      await device.page.reload();
      await waitForApp(device.page);
    }

    await addCommunity(a.page, base);
    await capture(a.page, "楼道灯坏了", "三楼楼道灯不亮，老人晚上上下楼不安全");
    await capture(a.page, "小区缺少健身场地", "老人只能在路边坐");
    await addCommunity(b.page, base);
    await capture(b.page, "垃圾分类点太远", "5号楼居民要走十分钟");

    // A hands its file to B (by "USB stick"): B now holds A's demands too.
    const aFull = await exportFile(a.page, base, "export-full", dir);
    assert.match(aFull.name, /^doorstep-张丽-汤边社区-full-\d{4}-\d{2}-\d{2}\.json$/);
    const preview = await importFiles(b.page, base, [aFull.path]);
    assert.match(preview.text, /导入预览/);
    assert.equal(preview.demandNew, 2, "the preview says what will be new");
    assert.equal(Number(await b.page.textContent('[data-testid="result-total-demand-new"]')), 2);
    assert.equal((await counts(b.page, base)).demand, 3);

    // Both edit the same demand without seeing each other's edit.
    await openDemand(a.page, base, "楼道灯坏了");
    await editDemand(a.page, { title: "楼道灯坏了（3号楼）" });
    await openDemand(b.page, base, "楼道灯坏了");
    await editDemand(b.page, { description: "三楼和四楼楼道灯都不亮，已报物业" });

    // A's daily delta carries only its edit; B exports everything.
    const aDelta = await exportFile(a.page, base, "export-delta", dir);
    assert.match(aDelta.name, /-delta-/);
    assert.equal(aDelta.count, 1, "only the edited demand arrived since A's last export");
    const bFull = await exportFile(b.page, base, "export-full", dir);
    for (const device of [a, b]) {
      assert.deepEqual(device.errors.filter((e) => !e.includes("ERR_CONNECTION_REFUSED")), []);
    }

    // The office: fresh coordinator profiles, both orders, each file twice.
    office = await serve();
    const states = [];
    let last;
    for (const order of [[aDelta.path, bFull.path], [bFull.path, aDelta.path]]) {
      const c = await openDevice({ width: 1024, height: 800 });
      opened.push(c);
      await go(c.page, office.url, "#/exchange");
      for (const path of order) await importFiles(c.page, office.url, [path]);
      // Twice: both recognised, nothing to import.
      await importFiles(c.page, office.url, order, { expectPreview: false });
      assert.equal(await c.page.locator('[data-testid="import-known"]').count(), 2);
      await c.page.waitForSelector('[data-testid="preview-nothing"]');
      const table = await counts(c.page, office.url);
      const full = await exportFile(c.page, office.url, "export-full", dir);
      states.push({ table, records: recordSet(full.path) });
      assert.equal(await c.page.locator('[data-testid="ledger-device"]').count(), 2, "two devices in the ledger");
      last = c;
    }
    assert.deepEqual(states[0].table, states[1].table);
    assert.deepEqual(states[0].records, states[1].records, "the same stored state in either order");
    assert.equal(states[0].table.demand, 3);
    assert.equal(states[0].table.community, 1, "one community: both phones made the same id");
    assert.equal(states[0].table.conflicts, 1, "the concurrent edit is a conflict");

    // Resolve: A's title, B's description.
    const page = last.page;
    await page.click('[data-testid="conflicts-link"]');
    await page.waitForSelector('[data-testid="page-conflicts"]', T);
    assert.equal(await page.locator('[data-testid="conflict-item"]').count(), 1);
    await page.click('[data-testid="conflict-open"]');
    await page.waitForSelector('[data-testid="conflict-resolver"]', T);
    await page.locator('[data-testid="conflict-row-title"] td', { hasText: "楼道灯坏了（3号楼）" }).locator("input").check();
    await page.locator('[data-testid="conflict-row-description"] td', { hasText: "已报物业" }).locator("input").check();
    await page.click('[data-testid="conflict-save"]');
    await page.waitForSelector('[data-testid="conflict-saved"]', T);
    await page.waitForSelector('[data-testid="conflicts-empty"]', T);
    assert.equal((await counts(page, office.url)).conflicts, 0);

    // Re-export; another profile that had the conflict imports it: no conflict, both edits kept.
    const resolved = await exportFile(page, office.url, "export-full", dir);
    const bundle = JSON.parse(readFileSync(resolved.path, "utf8"));
    const lamp = bundle.records.filter((r) => r.kind === "demand" && r.data?.title === "楼道灯坏了（3号楼）");
    assert.equal(lamp.length, 1, "one revision of the resolved demand");
    assert.equal(lamp[0].data.description, "三楼和四楼楼道灯都不亮，已报物业");
    assert.equal(Object.keys(lamp[0].vv).length, 3, "the resolution has seen all three devices");

    const d = await openDevice({ width: 1024, height: 800 });
    opened.push(d);
    await importFiles(d.page, office.url, [aDelta.path, bFull.path]);
    // Each file's result is folded and not built until opened (1,700 files' tables,
    // unseen, slowed a district's result down); opened, it shows both files.
    const perFile = '[data-testid="import-result"] [data-testid="per-file"]';
    assert.equal(await d.page.getAttribute(perFile, "open"), null);
    assert.equal(await d.page.locator('[data-testid^="result-file-0"]').count(), 0);
    await d.page.click(`${perFile} summary`);
    await d.page.waitForSelector('[data-testid^="result-file-0"]', T);
    assert.equal(await d.page.locator(`${perFile} .file-result`).count(), 2);
    await d.page.click(`${perFile} summary`);
    await d.page.waitForSelector('[data-testid^="result-file-0"]', { state: "detached", ...T });
    assert.equal((await counts(d.page, office.url)).conflicts, 1);
    await importFiles(d.page, office.url, [resolved.path]);
    const after = await counts(d.page, office.url);
    assert.equal(after.conflicts, 0, "the resolution ends the conflict on another device");
    assert.equal(after.demand, 3);

    // A damaged file: refused with its reason, nothing changes.
    const damagedPath = join(dir, "damaged.json");
    writeFileSync(damagedPath, readFileSync(resolved.path, "utf8").replace("楼道灯坏了（3号楼）", "楼道灯修好了"));
    await go(d.page, office.url, "#/exchange");
    await d.page.setInputFiles('[data-testid="import-file"]', [damagedPath]);
    await d.page.waitForSelector('[data-testid="import-error"]', T);
    assert.equal(await d.page.getAttribute('[data-testid="import-error"]', "data-code"), "digest_mismatch");
    assert.match(await d.page.textContent('[data-testid="import-error"]'), /damaged\.json.*校验不符/s);
    assert.equal(await d.page.locator('[data-testid="import-confirm"]').count(), 0);
    assert.deepEqual(await counts(d.page, office.url), after);
    const dFull = await exportFile(d.page, office.url, "export-full", dir);
    assert.deepEqual(recordSet(dFull.path), recordSet(resolved.path), "D holds exactly the resolved state");

    for (const device of opened) {
      assert.deepEqual(device.errors.filter((e) => !e.includes("ERR_CONNECTION_REFUSED")), []);
    }
  } finally {
    for (const device of opened) await device.close().catch(() => {});
    await phones.close().catch(() => {});
    if (office) await office.close().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a district's ledger lists the 30 stalest devices first and every device on request", async () => {
  // 35 phones' bundles (the bench's generator: one community record, one
  // member and one demand each), imported at once by a coordinator.
  const { generate } = await import("../../scripts/bench-exchange.mjs");
  const dir = mkdtempSync(join(tmpdir(), "doorstep-ledger-"));
  const phones = 35;
  const { files } = generate(dir, {
    FILES: phones, TOTAL: phones * 3, COMMUNITIES: 2, MEMBERS_PER_PHONE: 1,
    DEMANDS_PER_PHONE: 1, EVENTS_PER_DEMAND: 0, DISTRICT: false,
  });
  const office = await serve();
  const c = await openDevice({ width: 1024, height: 800 });
  try {
    await importFiles(c.page, office.url, files.map((f) => f.path));
    const devices = c.page.locator('[data-testid="ledger-device"]');
    await c.page.waitForSelector('[data-testid="ledger-device"]', T);
    assert.equal(await devices.count(), 30, "the stalest 30 devices first");
    // Stalest first: the bench's phone 0 exported first.
    assert.match(await devices.first().textContent(), /代表0 · /);
    const more = c.page.locator('[data-testid="ledger-devices-show-all"]');
    assert.match(await more.textContent(), /显示全部设备.*\(35\)/);
    await more.click();
    await c.page.waitForFunction(() => document.querySelectorAll('[data-testid="ledger-device"]').length === 35, null, T);
    assert.equal(await more.count(), 0, "no button once every device shows");
    // Each device handed in one bundle.
    for (const text of await devices.allTextContents()) assert.match(text, / 1 个数据包/);
    assert.deepEqual(c.errors.filter((e) => !e.includes("ERR_CONNECTION_REFUSED")), []);
  } finally {
    await c.close().catch(() => {});
    await office.close().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
});
