// The canvassing benchmark (scripts/bench --canvass): a district's compounds
// — 14 communities × 48 buildings × 2 units × 6 floors × 2 doors = 16,128
// doors — with about 3 visits per door, as one bundle per community, imported
// through the app. Then, in the same browser run, it times the Doors page (all
// doors and visits: coverage per community, building, representative), opening
// one building's walk view, and recording one outcome there, against a plain
// JavaScript getAll of every stored revision. Prints figures; asserts nothing
// about speed (it fails only if a page does not show what was imported).
import { writeFileSync, mkdirSync } from "node:fs";
import { uuid, digestOf, seconds } from "./bench-common.mjs";
import { join } from "node:path";
import { copyDist, serve, openDevice, waitForApp } from "../tests/e2e/helpers.mjs";

const opt = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const COMMUNITIES = opt("communities", 14);
const BUILDINGS = opt("buildings", 48);
const SEED = "00000000-0000-4000-8000-00000000d157";

const T0 = Date.now() - 20 * 86400000;
const OUTCOMES = ["talked", "not_home", "no_need", "refused", "not_home", "talked", "moved", "inaccessible"];

function generate(dir) {
  const files = [];
  let made = 0;
  let doorCount = 0;
  for (let c = 0; c < COMMUNITIES; c++) {
    const device = uuid(`canvass-device-${c}`);
    const communityId = uuid(`canvass-community-${c}`);
    const member = uuid(`canvass-member-${c}`);
    const records = [];
    let counter = 0;
    const rev = (id, kind, data, ms, vv = { [device]: 1 }, dev = device) => ({
      id, kind, hlc: `${String(ms).padStart(13, "0")}-${String(counter++ % 100000).padStart(5, "0")}-${dev}`,
      vv, deleted: false, data,
    });
    records.push(rev(communityId, "community", { name: `走访社区${c}`, street: "温泉街道" }, T0, { [SEED]: 1 }, SEED));
    records.push(rev(member, "member", { name: `代表${c}`, team: "citizen", community_id: communityId, domains: [], active: true }, T0));
    let n = 0;
    for (let b = 1; b <= BUILDINGS; b++) {
      for (let u = 1; u <= 2; u++) {
        for (let f = 1; f <= 6; f++) {
          for (let d = 1; d <= 2; d++) {
            const id = uuid(`canvass-door-${c}-${b}-${u}-${f}-${d}`);
            records.push(rev(id, "household", {
              community_id: communityId, building: `${b}号楼`, unit: `${u}单元`, door: `${f}0${d}`,
              assigned_to: member, vulnerable: n % 37 === 0,
            }, T0 + n));
            const visits = n % 4;
            for (let v = 0; v < visits; v++) {
              const ms = T0 + (n * 3 + v) * 1000;
              records.push(rev(uuid(`canvass-visit-${c}-${n}-${v}`), "visit", {
                household_id: id, member_id: member, at: new Date(ms).toISOString(),
                outcome: OUTCOMES[(n + v) % OUTCOMES.length], demand_ids: [],
              }, ms));
            }
            n++;
            doorCount++;
          }
        }
      }
    }
    made += records.length;
    const digest = digestOf(records);
    const envelope = {
      format: "doorstep.bundle", format_version: 1, app_version: "bench", exported_at: new Date().toISOString(),
      device: { id: device, label: `代表${c}` }, scope: { kind: "full" }, records, digest,
    };
    const path = join(dir, `doorstep-canvass-${c}.json`);
    writeFileSync(path, JSON.stringify(envelope));
    files.push(path);
  }
  return { files, made, doorCount };
}

async function main() {
  const site = copyDist();
  const dir = join(site, "bench");
  mkdirSync(dir);
  const { files, made, doorCount } = generate(dir);
  console.log(`generated ${files.length} files: ${doorCount} doors, ${made} revisions`);
  const server = await serve(site);
  const device = await openDevice({ width: 360, height: 740 });
  const { page } = device;
  try {
    await page.goto(server.url + "#/exchange");
    await waitForApp(page);
    await page.click('[data-testid="device-later"]').catch(() => {});
    const t0 = Date.now();
    await page.setInputFiles('[data-testid="import-file"]', files);
    await page.waitForSelector('[data-testid="import-confirm"]', { timeout: 1800000 });
    await page.click('[data-testid="import-confirm"]');
    await page.waitForSelector('[data-testid="import-result"]', { timeout: 1800000 });
    const importMs = Date.now() - t0;

    const plain = await page.evaluate(async () => {
      const db = await new Promise((ok, fail) => {
        const req = indexedDB.open("doorstep");
        req.onsuccess = () => ok(req.result);
        req.onerror = () => fail(req.error);
      });
      const t0 = performance.now();
      const all = await new Promise((ok, fail) => {
        const req = db.transaction("revisions").objectStore("revisions").getAll();
        req.onsuccess = () => ok(req.result);
        req.onerror = () => fail(req.error);
      });
      const ms = performance.now() - t0;
      db.close();
      return { ms, rows: all.length };
    });

    // The Doors page: every door and visit, coverage for all of it.
    await page.evaluate(() => { location.hash = "#/more"; });
    await page.waitForSelector('[data-testid="page-more"]');
    const d0 = Date.now();
    await page.evaluate(() => { location.hash = "#/doors"; });
    await page.waitForSelector('[data-testid="community-coverage"]', { timeout: 600000 });
    const doorsMs = Date.now() - d0;
    const shownDoors = await page.locator('[data-testid="community-coverage"]').evaluateAll(
      (els) => els.reduce((sum, el) => sum + Number(el.dataset.doors), 0));
    if (shownDoors !== doorCount) throw new Error(`the Doors page shows ${shownDoors} doors, expected ${doorCount}`);

    // One building's walk view, reached as a representative does.
    const link = await page.locator('[data-testid="walk-link"]').first().getAttribute("href");
    await page.evaluate(() => { location.hash = "#/more"; });
    await page.waitForSelector('[data-testid="page-more"]');
    const w0 = Date.now();
    await page.evaluate((h) => { location.hash = h; }, link);
    await page.waitForSelector('[data-testid="door"]', { timeout: 600000 });
    const walkMs = Date.now() - w0;
    const doorsInBuilding = await page.locator('[data-testid="door"]').count();

    // One knock: tap an unvisited door, tap "not home", until the door shows it.
    await page.click('[data-testid="walk-next"]');
    await page.waitForSelector('[data-testid="door-sheet"]');
    const address = await page.textContent('[data-testid="sheet-address"]');
    const k0 = Date.now();
    await page.click('[data-testid="outcome-not_home"]');
    await page.waitForFunction((a) => document.querySelector(`[data-testid="door"][data-address="${a}"]`)?.dataset.outcome === "not_home", address);
    const knockMs = Date.now() - k0;

    console.log("");
    console.log(`doors: ${doorCount} in ${COMMUNITIES} communities; revisions imported: ${made}, in ${seconds(importMs)}`);
    console.log(`plain JS: getAll of all ${plain.rows} stored rows:              ${seconds(plain.ms)}`);
    console.log(`app Doors page (every door and visit, all coverage):        ${seconds(doorsMs)}  (${(doorsMs / plain.ms).toFixed(1)}x the getAll)`);
    console.log(`app walk view of one building (${doorsInBuilding} doors):                 ${seconds(walkMs)}  (${(walkMs / plain.ms).toFixed(2)}x the getAll)`);
    console.log(`app one knock recorded and shown on the door:               ${seconds(knockMs)}`);
  } finally {
    await device.close();
    await server.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
