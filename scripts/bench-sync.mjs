// The district-sync benchmark (issue 16): N revisions (default 100,000:
// demands and their events from 10 phones, as bundle files) are imported
// into one browser profile through the Import panel (timed: the bundle
// import of the same data), then pushed to a real pouchdb-server (in
// memory, behind the static server's /couchdb/ proxy) with "Sync now", then
// pulled by a second, empty profile. Prints the three times and the rates;
// fails only if a step does not complete or moves the wrong number of
// revisions. Needs dist/ (scripts/build) and tools/couch (scripts/install --browser).
//   node scripts/bench-sync.mjs [--revisions N]
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { uuid, digestOf, seconds } from "./bench-common.mjs";
import { startServer } from "./static-server.mjs";
import { DIST, openDevice, waitForApp } from "../tests/e2e/helpers.mjs";
import { startCouch, createDistrictDb, allRevisionDocs } from "../tests/e2e/couch.mjs";

const i = process.argv.indexOf("--revisions");
const TOTAL = i > 0 ? Number(process.argv[i + 1]) : 100000;
const FILES = 10;
const T0 = Date.parse("2026-11-02T08:00:00Z");
const TITLES = ["楼道灯坏了", "小区缺少健身场地", "垃圾分类点太远", "电动车充电难", "老人助餐点", "停车位紧张"];
const LONG = { timeout: 3600000 };

function generate(dir) {
  const paths = [];
  let demands = 0;
  const communityId = uuid("sync-bench-community");
  for (let f = 0; f < FILES; f++) {
    const device = uuid(`sync-bench-device-${f}`);
    const member = uuid(`sync-bench-member-${f}`);
    let counter = 0;
    const rev = (id, kind, data, ms) => ({
      id, kind, hlc: `${String(ms).padStart(13, "0")}-${String(counter++ % 100000).padStart(5, "0")}-${device}`,
      vv: { [device]: 1 }, deleted: false, data,
    });
    const target = Math.floor((TOTAL * (f + 1)) / FILES) - Math.floor((TOTAL * f) / FILES);
    const records = [];
    if (f === 0) records.push(rev(communityId, "community", { name: "鼓楼社区", street: "鼓楼街道" }, T0));
    records.push(rev(member, "member", { name: `代表${f}`, team: "citizen", community_id: communityId, domains: ["livable_homes"], active: true }, T0));
    let d = 0;
    while (records.length < target) {
      const ms = T0 + (f * 10000 + d) * 60000;
      const demand = uuid(`sync-bench-demand-${f}-${d}`);
      records.push(rev(demand, "demand", {
        community_id: communityId, reported_on: new Date(ms).toISOString().slice(0, 10), reported_by: member,
        source: "door_visit", category: "livable_homes", urgency: "normal",
        title: `${TITLES[d % TITLES.length]}（${(d % 30) + 1}号楼）`,
        description: `居民反映${TITLES[d % TITLES.length]}，希望社区尽快协调解决。`,
      }, ms));
      demands++;
      if (records.length < target) {
        records.push(rev(uuid(`sync-bench-event-${f}-${d}`), "demand_event", {
          demand_id: demand, at: new Date(ms + 86400000).toISOString(), by: member, type: "status", status: "in_progress", text: "已联系物业",
        }, ms + 1));
      }
      d++;
    }
    const path = join(dir, `doorstep-sync-bench-${f}-full-2026-11-26.json`);
    writeFileSync(path, JSON.stringify({
      format: "doorstep.bundle", format_version: 1, app_version: "bench", exported_at: new Date(T0 + f * 3600000).toISOString(),
      device: { id: device, label: `代表${f}` }, scope: { kind: "full" }, records, digest: digestOf(records),
    }));
    paths.push(path);
  }
  return { paths, demands };
}

async function settingsSync(page, target) {
  await page.evaluate(() => { location.hash = "#/settings"; });
  await page.waitForSelector('[data-testid="sync-card"]');
  await page.fill('[data-testid="sync-target"]', target);
  await page.check('[data-testid="sync-enabled"]');
  await page.waitForSelector('[data-testid="sync-now"]');
  const t0 = Date.now();
  await page.click('[data-testid="sync-now"]');
  await page.waitForSelector('[data-testid="sync-progress"][data-phase="done"], [data-testid="sync-error"]', LONG);
  const ms = Date.now() - t0;
  if (await page.locator('[data-testid="sync-error"]').count()) {
    throw new Error("sync failed: " + (await page.textContent('[data-testid="sync-error"]')));
  }
  const p = page.locator('[data-testid="sync-progress"]');
  return { ms, pushed: Number(await p.getAttribute("data-pushed")), pulled: Number(await p.getAttribute("data-pulled")) };
}

async function setLabel(page, url, name) {
  await page.goto(url);
  await waitForApp(page);
  await page.waitForSelector('[data-testid="device-setup"]');
  await page.fill('[data-testid="device-name"]', name);
  await page.fill('[data-testid="device-community"]', "鼓楼社区");
  await page.click('[data-testid="device-save"]');
  await page.waitForSelector('[data-testid="device-setup"]', { state: "detached" });
}

async function main() {
  const work = mkdtempSync(join(tmpdir(), "doorstep-sync-bench-"));
  const { paths, demands } = generate(work);
  const couch = await startCouch();
  await createDistrictDb(couch, "doorstep-bench");
  const web = await startServer(DIST, { port: 0, couch: couch.url });
  const a = await openDevice({ width: 1280, height: 900 });
  const b = await openDevice({ width: 1280, height: 900 });
  try {
    await setLabel(a.page, web.url, "甲");
    await a.page.evaluate(() => { location.hash = "#/exchange"; });
    await a.page.waitForSelector('[data-testid="import-file"]');
    const t0 = Date.now();
    await a.page.setInputFiles('[data-testid="import-file"]', paths);
    await a.page.waitForSelector('[data-testid="import-confirm"]', LONG);
    await a.page.click('[data-testid="import-confirm"]');
    await a.page.waitForSelector('[data-testid="import-result"]', LONG);
    const importMs = Date.now() - t0;
    await a.page.waitForFunction((n) => Number(document.querySelector('[data-testid="count-demand"]')?.textContent) === n, demands, LONG);

    const rate = (n, ms) => Math.round(n / (ms / 1000)).toLocaleString("en") + " rev/s";
    console.log(`revisions imported:         ${TOTAL.toLocaleString("en")} (${FILES} bundle files, ${demands} demands)`);
    console.log(`bundle import (10 files):   ${seconds(importMs)}  (${rate(TOTAL, importMs)})`);
    // Importing also earns automatic points (points_entry records the app
    // writes after the import), so the device holds more than TOTAL heads.
    const push = await settingsSync(a.page, "/couchdb/doorstep-bench");
    const onServer = (await allRevisionDocs(couch, "doorstep-bench")).length;
    if (push.pushed < TOTAL || onServer !== push.pushed) {
      throw new Error(`pushed ${push.pushed}, ${onServer} on the server, expected at least ${TOTAL} and equal`);
    }
    console.log(`sync push (to the server):  ${seconds(push.ms)}  (${push.pushed.toLocaleString("en")} revisions, ${rate(push.pushed, push.ms)})`);
    await setLabel(b.page, web.url, "乙");
    const pull = await settingsSync(b.page, "/couchdb/doorstep-bench");
    if (pull.pulled !== push.pushed) throw new Error(`pulled ${pull.pulled}, expected ${push.pushed}`);
    console.log(`sync pull (empty phone):    ${seconds(pull.ms)}  (${pull.pulled.toLocaleString("en")} revisions, ${rate(pull.pulled, pull.ms)})`);
    await b.page.evaluate(() => { location.hash = "#/exchange"; });
    await b.page.waitForFunction((n) => Number(document.querySelector('[data-testid="count-demand"]')?.textContent) === n, demands, LONG);
  } finally {
    await a.close();
    await b.close();
    await web.close();
    await couch.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
