// Door-to-door canvassing on a 360 px phone with the server stopped: generate
// a compound, walk a building (not home, next unvisited door, refused), record
// a need at a door (the demand and a "talked" visit together), find the demand
// on the household's page, watch coverage move on the walk view, the canvass
// page and the dashboard, and survive a reload. Then two phones canvass
// different buildings of one compound, both knock on one shared door, export;
// a third device imports both: one record per door, coverage adds up, and the
// shared door counts once for coverage and twice in its history.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve, openDevice, waitForApp, title, startOffline, addCommunityAtCapture, captureDemand, setRole } from "./helpers.mjs";

const T = { timeout: 60000 };

async function go(page, hash, testid) {
  await page.evaluate((h) => { location.hash = h; }, hash);
  await page.waitForSelector(`[data-testid="${testid}"]`, T).catch(async (err) => {
    throw new Error(`${err.message}\npage shows: ${(await page.textContent("main").catch(() => "")).slice(0, 400)}`);
  });
}

const door = (address) => `[data-testid="door"][data-address="${address}"]`;

async function outcomeOf(page, address) {
  return page.getAttribute(door(address), "data-outcome");
}

/** Generates buildings 1–2 × units 1–2 × floors 1–3 × doors 1–2 (24 doors) in the first community. */
async function generateCompound(page) {
  await go(page, "#/doors", "page-doors");
  const set = async (id, v) => page.fill(`[data-testid="${id}"]`, String(v));
  await set("gen-buildings-from", 1);
  await set("gen-buildings-to", 2);
  await set("gen-units-from", 1);
  await set("gen-units-to", 2);
  await set("gen-floors-from", 1);
  await set("gen-floors-to", 3);
  await set("gen-doors-from", 1);
  await set("gen-doors-to", 2);
  await page.waitForFunction(() => /将生成\s*24\s*户/.test(document.querySelector('[data-testid="generate-count"]')?.textContent ?? ""));
  const made = page.locator('[data-testid="compound-made"]');
  const seq = (await made.count()) ? Number(await made.getAttribute("data-seq")) : 0;
  await page.click('[data-testid="generate-submit"]');
  await page.waitForSelector(`[data-testid="compound-made"][data-seq="${seq + 1}"]`, T);
  return Number(await page.textContent('[data-testid="compound-made-count"]'));
}

async function coverageOf(page, selector) {
  const el = page.locator(selector).first();
  return { visited: Number(await el.getAttribute("data-visited")), doors: Number(await el.getAttribute("data-doors")) };
}

async function walkBuilding(page, building) {
  await go(page, "#/doors", "page-doors");
  await page.click(`[data-testid="building-row"][data-building="${building}"] [data-testid="walk-link"]`);
  await page.waitForSelector('[data-testid="page-walk"]', T);
  assert.equal(await title(page), building);
}

/** Taps a door, then an outcome; waits until the door shows it. */
async function knock(page, address, outcome) {
  await page.click(door(address));
  await page.waitForSelector(`[data-testid="sheet-address"]:has-text("${address}")`);
  await page.click(`[data-testid="outcome-${outcome}"]`);
  await page.waitForFunction(([sel, o]) => document.querySelector(sel)?.dataset.outcome === o, [door(address), outcome]);
}

test("walk a building offline at 360 px: outcomes, next door, a need at the door, coverage", async () => {
  const server = await serve();
  const device = await openDevice({ width: 360, height: 740 });
  const { page, errors } = device;
  try {
    await startOffline(page, server);
    await addCommunityAtCapture(page, "汤边社区", "温泉街道");

    // Nothing yet. A representative's phone does not offer the coordinator's tools.
    await go(page, "#/doors", "page-doors");
    assert.ok(await page.isVisible('[data-testid="doors-none"]'));
    assert.ok(await page.isVisible('[data-testid="doors-coordinator-only"]'));
    assert.equal(await page.locator('[data-testid="generate-form"]').count(), 0);
    // As coordinator: a whole compound in one step.
    await setRole(page, "coordinator");
    assert.equal(await generateCompound(page), 24);
    await page.waitForSelector('[data-testid="doors-community"]');
    assert.deepEqual(await coverageOf(page, '[data-testid="community-coverage"]'), { visited: 0, doors: 24 });
    assert.equal(await page.locator('[data-testid="building-row"]').count(), 2);
    // Generating again duplicates nothing.
    assert.equal(await generateCompound(page), 0);
    assert.match(await page.textContent('[data-testid="compound-made"]'), /24 户已存在/);

    // A walk list adds what the pattern cannot know: a vulnerable household,
    // an odd bungalow; a line naming an unknown community is listed, not guessed.
    const csv = "社区,楼栋,单元,门牌,重点户,备注\n汤边社区,1,1,301,是,独居老人\n汤边社区,3,,101,,新建平房\n不存在社区,1,1,101,,\n";
    await page.setInputFiles('[data-testid="walklist-file"]', { name: "walk.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.waitForSelector('[data-testid="walklist-preview"]');
    assert.equal(await page.textContent('[data-testid="walklist-count"]'), "2");
    assert.match(await page.textContent('[data-testid="walklist-problems"]'), /第 4 行：找不到社区“不存在社区”/);
    await page.click('[data-testid="walklist-import"]');
    await page.waitForSelector('[data-testid="compound-made"][data-seq="3"]', T);
    assert.equal(await page.textContent('[data-testid="compound-made-count"]'), "1");
    assert.match(await page.textContent('[data-testid="compound-made"]'), /1 户已存在/);
    await page.waitForSelector('[data-testid="building-row"][data-building="3号楼"]');
    assert.deepEqual(await coverageOf(page, '[data-testid="community-coverage"]'), { visited: 0, doors: 25 });

    // The walk view: 1号楼, two units of three floors, top floor first.
    await walkBuilding(page, "1号楼");
    assert.equal(await page.locator('[data-testid="door"]').count(), 12);
    assert.equal(await page.locator('[data-testid="walk-unit"]').count(), 2);
    const firstRow = await page.locator('[data-testid="walk-unit"]').first().locator("tr").first().textContent();
    assert.match(firstRow, /3F\s*301\s*★?\s*302/);
    assert.equal(await page.textContent('[data-testid="walk-coverage-percent"]'), "0%");
    assert.match(await page.getAttribute(door("1号楼 1单元 301"), "class"), /vulnerable/, "flagged by the walk list");
    assert.match(await page.textContent('[data-testid="legend-none"]'), /未走访\s*12/);

    // Not home at 101; "next unvisited" goes to 102 (nearest in the same unit); refused there.
    await knock(page, "1号楼 1单元 101", "not_home");
    assert.match(await page.textContent('[data-testid="walk-feedback"]'), /1号楼 1单元 101 · 不在家/);
    await page.click('[data-testid="door-sheet"] [data-testid="next-unvisited"]');
    await page.waitForSelector('[data-testid="sheet-address"]:has-text("1号楼 1单元 102")');
    await page.click('[data-testid="outcome-refused"]');
    await page.waitForFunction((sel) => document.querySelector(sel)?.dataset.outcome === "refused", door("1号楼 1单元 102"));
    assert.equal(await page.textContent('[data-testid="walk-coverage-percent"]'), "16%", "2 of 12");
    assert.match(await page.textContent('[data-testid="legend-not_home"]'), /不在家\s*1/);

    // Talked at 201 and the resident has a need: the capture opens for that door.
    await page.click(door("1号楼 1单元 201"));
    await page.click('[data-testid="outcome-talked-need"]');
    await page.waitForSelector('[data-testid="capture-door"]', T);
    assert.match(await page.textContent('[data-testid="capture-door"]'), /1号楼 1单元 201/);
    await captureDemand(page, {
      category: "livable_homes",
      title: "楼道灯坏了",
      description: "二楼楼道灯不亮，老人晚上不敢下楼。",
      resident: { name: "李阿姨", phone: "13900000001", address: "1号楼 1单元 201" },
    });
    await page.waitForSelector('[data-testid="capture-visit-linked"]');
    await page.click('[data-testid="capture-back-to-building"]');
    await page.waitForSelector('[data-testid="page-walk"]', T);
    await page.waitForSelector(door("1号楼 1单元 201"));
    assert.equal(await outcomeOf(page, "1号楼 1单元 201"), "talked");
    assert.equal(await page.textContent('[data-testid="walk-coverage-percent"]'), "25%", "3 of 12");

    // The household's page lists the demand and the visit.
    await page.click(door("1号楼 1单元 201"));
    await page.click('[data-testid="open-household"]');
    await page.waitForSelector('[data-testid="page-household"]', T);
    assert.equal(await title(page), "1号楼 1单元 201");
    await page.waitForSelector('[data-testid="household-demand"]');
    assert.match(await page.textContent('[data-testid="household-demands"]'), /楼道灯坏了/);
    assert.equal(await page.locator('[data-testid="household-visit"]').count(), 1);
    assert.equal(await page.getAttribute('[data-testid="household-visit"]', "data-outcome"), "talked");
    // Recording another need at this door: the first one is offered as a possible duplicate.
    await page.click('[data-testid="household-capture"]');
    await page.waitForSelector('[data-testid="capture-door"]', T);
    await page.waitForSelector('[data-testid="capture-duplicates"]', T);
    assert.match(await page.textContent('[data-testid="capture-duplicates"]'), /可能重复[\s\S]*楼道灯坏了/);
    await page.goBack();
    await page.waitForSelector('[data-testid="household-demand"]', T);
    // The demand knows its door too.
    await page.click('[data-testid="household-demand"] a');
    await page.waitForSelector('[data-testid="page-demand"]', T);
    assert.equal(await title(page), "楼道灯坏了");

    // Mark a household vulnerable; the walk view flags it.
    await go(page, "#/doors", "page-doors");
    await walkBuilding(page, "1号楼");
    await page.click(door("1号楼 2单元 302"));
    await page.click('[data-testid="open-household"]');
    await page.waitForSelector('[data-testid="household-form"]');
    await page.check('[data-testid="household-vulnerable-input"]');
    await page.fill('[data-testid="household-notes"]', "独居老人");
    await page.click('[data-testid="household-form"] button[type="submit"]');
    await page.waitForSelector('[data-testid="household-saved"]');
    await page.click('[data-testid="household-walk"]');
    await page.waitForSelector(door("1号楼 2单元 302"));
    assert.match(await page.getAttribute(door("1号楼 2单元 302"), "class"), /vulnerable/);

    // An odd door added by hand, then removed again.
    await page.click('[data-testid="add-door-open"]');
    await page.fill('[data-testid="add-door-unit"]', "1单元");
    await page.fill('[data-testid="add-door-door"]', "103");
    await page.click('[data-testid="add-door-form"] button[type="submit"]');
    await page.waitForSelector(door("1号楼 1单元 103"));
    assert.equal(await page.locator('[data-testid="door"]').count(), 13);
    await page.click(door("1号楼 1单元 103"));
    await page.click('[data-testid="open-household"]');
    await page.click('[data-testid="household-remove"]');
    await page.click('[data-testid="household-remove"]');
    await page.waitForSelector('[data-testid="household-removed"]');

    // The canvass page: coverage of the community, and 101 waits for a retry.
    await go(page, "#/doors", "page-doors");
    await page.waitForSelector('[data-testid="community-coverage"]');
    assert.deepEqual(await coverageOf(page, '[data-testid="community-coverage"]'), { visited: 3, doors: 25 });
    assert.match(await page.textContent('[data-testid="doors-retry"]'), /1号楼 1单元 101/);
    // The vulnerable households, for home visits: from the walk list and from the household page.
    const vulnerable = await page.locator('[data-testid="vulnerable-door"]').allTextContents();
    assert.equal(vulnerable.length, 2);
    assert.ok(vulnerable.some((t) => /1号楼 1单元 301 · 独居老人/.test(t)), vulnerable.join(" | "));
    assert.ok(vulnerable.some((t) => /1号楼 2单元 302/.test(t)), vulnerable.join(" | "));

    // Offline reload: everything is still there; the dashboard shows the coverage.
    await page.reload();
    await waitForApp(page);
    await go(page, "#/", "dashboard");
    // Nothing exported yet: Home says how much would be lost with the phone.
    await page.waitForSelector('[data-testid="export-reminder"]', T);
    assert.ok(Number(await page.textContent('[data-testid="export-reminder-count"]')) >= 30, "doors, visits and the demand");
    assert.equal(await page.getAttribute('[data-testid="export-reminder-link"]', "href"), "#/exchange");
    await page.waitForSelector('[data-testid="dash-coverage-community"]', T);
    assert.deepEqual(await coverageOf(page, '[data-testid="dash-coverage-community"] [data-testid="dash-coverage-value"]'), { visited: 3, doors: 25 });
    await go(page, "#/doors", "page-doors");
    await walkBuilding(page, "1号楼");
    assert.equal(await page.locator('[data-testid="door"]').count(), 12, "the removed door stays removed");
    assert.equal(await outcomeOf(page, "1号楼 1单元 102"), "refused");
    assert.deepEqual(errors, []);
  } finally {
    await device.close();
  }
});

async function exportFull(page, dir) {
  await go(page, "#/exchange", "export-last");
  const [download] = await Promise.all([page.waitForEvent("download", T), page.click('[data-testid="export-full"]')]);
  const path = join(dir, `${Date.now()}-${download.suggestedFilename()}`);
  await download.saveAs(path);
  await page.waitForSelector('[data-testid="export-done"]', T);
  return path;
}

async function importFiles(page, paths) {
  await go(page, "#/exchange", "export-last");
  await page.setInputFiles('[data-testid="import-file"]', paths);
  await page.waitForSelector('[data-testid="import-preview"]', T);
  await page.click('[data-testid="import-confirm"]');
  await page.waitForSelector('[data-testid="import-result"]', T);
}

test("two phones canvass different buildings; a third device imports both and coverage adds up", async () => {
  const server = await serve();
  const dir = mkdtempSync(join(tmpdir(), "doorstep-canvass-"));
  const phones = [];
  try {
    const files = [];
    for (const [name, building, extra] of [
      ["王伟", "1号楼", ["1号楼 1单元 101", "1号楼 1单元 102", "1号楼 2单元 201"]],
      ["陈芳", "2号楼", ["2号楼 1单元 101", "2号楼 2单元 302"]],
    ]) {
      const phone = await openDevice({ width: 360, height: 740 });
      phones.push(phone);
      const { page } = phone;
      await page.goto(server.url);
      await waitForApp(page);
      await page.fill('[data-testid="device-name"]', name);
      await page.fill('[data-testid="device-community"]', "汤边社区");
      await page.click('[data-testid="device-save"]');
      await page.waitForSelector('[data-testid="device-setup"]', { state: "detached" });
      await addCommunityAtCapture(page, "汤边社区", "温泉街道");
      await setRole(page, "coordinator");
      assert.equal(await generateCompound(page), 24);
      await walkBuilding(page, building);
      for (const address of extra) await knock(page, address, "no_need");
      // Both phones knock on the same door of 1号楼.
      if (building === "2号楼") {
        await walkBuilding(page, "1号楼");
        await knock(page, "1号楼 1单元 101", "talked");
      }
      files.push(await exportFull(page, dir));
    }

    const office = await openDevice({ width: 360, height: 740 });
    phones.push(office);
    const { page } = office;
    await page.goto(server.url);
    await waitForApp(page);
    await page.click('[data-testid="device-later"]');
    await setRole(page, "coordinator");
    await importFiles(page, files);
    // The counts refresh after the import: wait until visits have arrived, then read them all.
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="count-visit"]')?.textContent) > 0, null, T);
    assert.equal(Number(await page.textContent('[data-testid="count-household"]')), 24, "one record per door, not two");
    assert.equal(Number(await page.textContent('[data-testid="count-visit"]')), 6);
    assert.equal(Number(await page.textContent('[data-testid="conflict-count"]')), 0);

    await go(page, "#/doors", "page-doors");
    await page.waitForSelector('[data-testid="community-coverage"]', T);
    assert.deepEqual(await coverageOf(page, '[data-testid="community-coverage"]'), { visited: 5, doors: 24 },
      "3 doors by one phone + 2 by the other; the shared door counts once");
    assert.deepEqual(await coverageOf(page, '[data-testid="building-row"][data-building="1号楼"] [data-testid="building-coverage"]'), { visited: 3, doors: 12 });
    assert.deepEqual(await coverageOf(page, '[data-testid="building-row"][data-building="2号楼"] [data-testid="building-coverage"]'), { visited: 2, doors: 12 });

    // The shared door: latest outcome across both files, two visits in its history.
    await walkBuilding(page, "1号楼");
    assert.equal(await outcomeOf(page, "1号楼 1单元 101"), "talked", "the later knock decides");
    await page.click(door("1号楼 1单元 101"));
    await page.click('[data-testid="open-household"]');
    await page.waitForSelector('[data-testid="household-visit"]', T);
    assert.equal(await page.locator('[data-testid="household-visit"]').count(), 2);

    // The coordinator assigns 2号楼 to a representative and sends the file out;
    // on her phone, linked to her member record, Home opens on "my doors".
    await go(page, "#/members", "page-members");
    await page.click('[data-testid="member-new"]');
    await page.waitForSelector('[data-testid="member-form"]');
    await page.fill('[data-testid="member-name"]', "陈芳");
    await page.selectOption('[data-testid="member-team"]', "citizen");
    await page.selectOption('[data-testid="member-community"]', { label: "汤边社区" });
    await page.click('[data-testid="member-save"]');
    await page.waitForSelector('[data-testid="page-member"]', T);
    await go(page, "#/doors", "page-doors");
    await page.waitForSelector('[data-testid="building-row"][data-building="2号楼"] [data-testid="assign-building"] option:has-text("陈芳")', { state: "attached" });
    await page.selectOption('[data-testid="building-row"][data-building="2号楼"] [data-testid="assign-building"]', { label: "陈芳" });
    await page.waitForSelector('[data-testid="doors-feedback"]', T);
    await page.waitForSelector('[data-testid="rep-coverage"]', T);
    assert.deepEqual(await coverageOf(page, '[data-testid="rep-coverage-value"]'), { visited: 2, doors: 12 });
    const assignment = await exportFull(page, dir);

    const phone = phones[1].page;
    await importFiles(phone, [assignment]);
    await go(phone, "#/settings", "device-member");
    await phone.waitForSelector('[data-testid="device-member"] option:has-text("陈芳")', { state: "attached" });
    await phone.selectOption('[data-testid="device-member"]', { label: "陈芳 · 市民委员会" });
    await go(phone, "#/", "home-my-doors");
    const mine = phone.locator('[data-testid="my-building"]');
    assert.equal(await mine.count(), 1);
    assert.equal(await mine.getAttribute("data-building"), "2号楼");
    assert.deepEqual(await coverageOf(phone, '[data-testid="my-coverage"]'), { visited: 2, doors: 12 });
    await mine.click();
    await phone.waitForSelector('[data-testid="page-walk"]', T);
    assert.equal(await title(phone), "2号楼");

    // The coordinator starts a new round (from tomorrow): an edit of the
    // community that travels, so the phone counts the same, still empty, round.
    const tomorrow = new Date(Date.now() + 24 * 3600 * 1000).toISOString().slice(0, 10);
    await go(page, "#/doors", "page-doors");
    await page.fill('[data-testid="doors-community"] [data-testid="round-start"]', tomorrow);
    await page.click('[data-testid="doors-community"] [data-testid="round-save"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="community-coverage"]')?.dataset.visited === "0", null, T);
    await importFiles(phone, [await exportFull(page, dir)]);
    await go(phone, "#/", "home-my-doors");
    await phone.waitForFunction(() => document.querySelector('[data-testid="my-coverage"]')?.dataset.visited === "0", null, T);
    await go(phone, "#/doors", "page-doors");
    assert.equal(await phone.inputValue('[data-testid="doors-community"] [data-testid="round-start"]'), tomorrow);
  } finally {
    for (const p of phones) await p.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
