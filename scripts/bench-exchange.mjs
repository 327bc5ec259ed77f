// The exchange benchmark run by scripts/bench: generates the bundle files,
// imports them through the app's Import panel, then times a plain JavaScript
// IndexedDB loop writing the same revisions in one transaction, in the same
// browser. Prints figures; no pass/fail on speed (it fails only if the import
// does not complete or imports the wrong number of records).
import { mkdtempSync, writeFileSync, rmSync, mkdirSync } from "node:fs";
import { uuid, digestOf, seconds } from "./bench-common.mjs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { copyDist, serve, openDevice, waitForApp } from "../tests/e2e/helpers.mjs";

const opt = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const FILES = opt("files", 70);
const TOTAL = opt("revisions", 100000);

const T0 = Date.parse("2026-11-02T08:00:00Z");
const STREETS = ["温泉街道", "东街街道", "南街街道", "鼓东街道", "鼓西街道"];
const TITLES = ["楼道灯坏了", "小区缺少健身场地", "垃圾分类点太远", "电动车充电难", "老人助餐点", "停车位紧张", "下水道堵塞", "楼顶漏水"];
const CATEGORIES = ["livable_homes", "wellbeing", "volunteering", "cultural_integration", "dispute_mediation"];
const STATUSES = ["in_progress", "referred", "resolved"];

function generate(dir) {
  const files = [];
  let made = 0;
  let demandCount = 0;
  for (let f = 0; f < FILES; f++) {
    const device = uuid(`bench-device-${f}`);
    const communityNo = f % 14;
    const community = { name: `社区${communityNo}`, street: STREETS[communityNo % STREETS.length] };
    const communityId = uuid(`bench-community-${communityNo}`);
    const member = uuid(`bench-member-${f}`);
    const target = Math.floor((TOTAL * (f + 1)) / FILES) - Math.floor((TOTAL * f) / FILES);
    const records = [];
    let counter = 0;
    const rev = (id, kind, data, ms) => ({
      id, kind, hlc: `${String(ms).padStart(13, "0")}-${String(counter++ % 100000).padStart(5, "0")}-${device}`,
      vv: { [device]: 1 }, deleted: false, data,
    });
    records.push({ ...rev(communityId, "community", community, T0), vv: { "00000000-0000-4000-8000-00000000d157": 1 },
      hlc: `${String(T0).padStart(13, "0")}-00000-00000000-0000-4000-8000-00000000d157` });
    records.push(rev(member, "member", { name: `代表${f}`, team: "citizen", community_id: communityId, domains: ["livable_homes"], active: true }, T0));
    let d = 0;
    while (records.length < target) {
      const ms = T0 + (f * 1000 + d) * 60000;
      const day = new Date(ms).toISOString().slice(0, 10);
      const demand = uuid(`bench-demand-${f}-${d}`);
      records.push(rev(demand, "demand", {
        community_id: communityId, reported_on: day, reported_by: member, source: "door_visit",
        category: CATEGORIES[d % CATEGORIES.length], urgency: d % 7 === 0 ? "urgent" : "normal",
        title: `${TITLES[d % TITLES.length]}（${d % 30 + 1}号楼）`,
        description: `居民反映${TITLES[d % TITLES.length]}，已有${d % 40 + 2}户联名，希望社区尽快协调解决。`,
        ...(d % 3 === 0 ? { resident: { name: "李阿姨", phone: "13800000000", address: `${d % 30 + 1}号楼${d % 6 + 1}01`, consent: true } } : {}),
      }, ms));
      for (let e = 0; e < 2 && records.length < target; e++) {
        const at = new Date(ms + (e + 1) * 86400000).toISOString();
        records.push(rev(uuid(`bench-event-${f}-${d}-${e}`), "demand_event", e === 0
          ? { demand_id: demand, at, by: member, type: "status", status: STATUSES[d % STATUSES.length], text: "已联系物业" }
          : { demand_id: demand, at, by: member, type: "note", text: "回访：居民表示理解" }, ms + e + 1));
      }
      d++;
      demandCount++;
    }
    made += records.length;
    const digest = digestOf(records);
    const envelope = {
      format: "doorstep.bundle", format_version: 1, app_version: "bench", exported_at: new Date(T0 + f * 3600000).toISOString(),
      device: { id: device, label: `代表${f} · 社区${communityNo}` }, scope: { kind: "full" }, records, digest,
    };
    const path = join(dir, `doorstep-代表${f}-社区${communityNo}-full-2026-11-26.json`);
    writeFileSync(path, JSON.stringify(envelope));
    files.push({ path, name: path.split("/").pop(), records: records.length });
  }
  return { files, made, demandCount };
}

async function main() {
  const work = mkdtempSync(join(tmpdir(), "doorstep-bench-"));
  const site = copyDist();
  mkdirSync(join(site, "bench"));
  const started = Date.now();
  const { files, made, demandCount } = generate(join(site, "bench"));
  console.log(`generated ${files.length} files, ${made} revisions, in ${seconds(Date.now() - started)}`);
  const server = await serve(site);
  const device = await openDevice({ width: 1280, height: 900 });
  const { page } = device;
  try {
    await page.goto(server.url + "#/exchange");
    await waitForApp(page);
    await page.waitForSelector('[data-testid="import-file"]');
    // How responsive the page stays: the longest gap between animation frames.
    await page.evaluate(() => {
      window.__gaps = [];
      let last = performance.now();
      const tick = (t) => { window.__gaps.push(t - last); last = t; window.__raf = requestAnimationFrame(tick); };
      window.__raf = requestAnimationFrame(tick);
    });
    const t0 = Date.now();
    await page.setInputFiles('[data-testid="import-file"]', files.map((f) => f.path));
    await page.waitForSelector('[data-testid="import-confirm"]', { timeout: 1800000 });
    const t1 = Date.now();
    await page.click('[data-testid="import-confirm"]');
    await page.waitForSelector('[data-testid="import-result"]', { timeout: 1800000 });
    const t2 = Date.now();
    const gaps = await page.evaluate(() => {
      cancelAnimationFrame(window.__raf);
      const g = window.__gaps.slice(1).sort((a, b) => b - a);
      return { max: g[0] ?? 0, over100: g.filter((x) => x > 100).length, frames: g.length };
    });
    const imported = Number(await page.textContent('[data-testid="result-imported"]'));
    await page.click('[data-testid="tab-home"]').catch(() => {});
    await page.goto(server.url + "#/exchange");
    await page.waitForSelector('[data-testid="count-demand"]');
    const counted = {};
    for (const kind of ["demand", "demand_event", "member", "community"]) {
      counted[kind] = Number(await page.textContent(`[data-testid="count-${kind}"]`));
    }
    const appCheck = t1 - t0;
    const appApply = t2 - t1;

    // The same objects, plain JS, one transaction, same browser and origin.
    const plain = await page.evaluate(async (names) => {
      const t0 = performance.now();
      const all = [];
      for (const name of names) {
        const res = await fetch("bench/" + encodeURIComponent(name));
        const bundle = await res.json();
        for (const r of bundle.records) all.push(r);
      }
      const t1 = performance.now();
      await new Promise((ok, fail) => {
        const del = indexedDB.deleteDatabase("bench-plain");
        del.onsuccess = ok; del.onerror = fail;
      });
      const db = await new Promise((ok, fail) => {
        const req = indexedDB.open("bench-plain", 1);
        req.onupgradeneeded = () => req.result.createObjectStore("revisions", { keyPath: ["id", "hlc"] });
        req.onsuccess = () => ok(req.result);
        req.onerror = () => fail(req.error);
      });
      const t2 = performance.now();
      await new Promise((ok, fail) => {
        const tx = db.transaction("revisions", "readwrite");
        const store = tx.objectStore("revisions");
        for (const r of all) store.put(r);
        tx.oncomplete = ok;
        tx.onerror = () => fail(tx.error);
        tx.onabort = () => fail(tx.error);
      });
      const t3 = performance.now();
      db.close();
      return { fetchParse: t1 - t0, write: t3 - t2, objects: all.length };
    }, files.map((f) => f.name));

    // Reading it back: Home's dashboard over everything just imported, against
    // plain JS reading every object of the plain store (getAll), same run.
    const plainRead = await page.evaluate(async () => {
      const db = await new Promise((ok, fail) => {
        const req = indexedDB.open("bench-plain", 1);
        req.onsuccess = () => ok(req.result);
        req.onerror = () => fail(req.error);
      });
      const t0 = performance.now();
      const all = await new Promise((ok, fail) => {
        const req = db.transaction("revisions").objectStore("revisions").getAll();
        req.onsuccess = () => ok(req.result);
        req.onerror = () => fail(req.error);
      });
      const t1 = performance.now();
      db.close();
      return { ms: t1 - t0, objects: all.length };
    });
    await page.evaluate(() => { location.hash = "#/more"; });
    await page.waitForSelector('[data-testid="page-more"]');
    const d0 = Date.now();
    await page.evaluate(() => { location.hash = "#/"; });
    await page.waitForFunction(
      () => Number(document.querySelector('[data-testid="dash-demands_received-value"]')?.textContent) > 0,
      null,
      { timeout: 600000 }
    );
    const dashboardMs = Date.now() - d0;

    const appTotal = appCheck + appApply;
    console.log("");
    console.log(`files: ${files.length}, revisions: ${made}; imported files: ${imported}`);
    console.log(`stored afterwards: ${JSON.stringify(counted)}`);
    console.log(`app import, read + parse + check + preview (to import-preview): ${seconds(appCheck)}`);
    console.log(`app import, apply after confirm (to import-result):          ${seconds(appApply)}`);
    console.log(`app import, total:                                           ${seconds(appTotal)}`);
    console.log(`page responsiveness during import: longest frame gap ${gaps.max.toFixed(0)} ms, ${gaps.over100} gaps > 100 ms of ${gaps.frames} frames`);
    console.log(`plain JS: fetch + JSON.parse of the same files:              ${seconds(plain.fetchParse)}`);
    console.log(`plain JS: ${plain.objects} puts in one IndexedDB transaction:    ${seconds(plain.write)}`);
    console.log(`ratio app total / plain JS write:                            ${(appTotal / plain.write).toFixed(1)}x`);
    console.log(`ratio app total / plain JS (fetch + parse + write):          ${(appTotal / (plain.write + plain.fetchParse)).toFixed(1)}x`);
    console.log(`app Home dashboard over everything stored (to first figure): ${seconds(dashboardMs)}`);
    console.log(`plain JS: getAll of ${plainRead.objects} objects:                  ${seconds(plainRead.ms)}`);
    console.log(`ratio dashboard / plain JS getAll:                           ${(dashboardMs / plainRead.ms).toFixed(1)}x`);
    if (imported !== files.length) throw new Error(`only ${imported} of ${files.length} files were imported`);
    if (counted.demand !== demandCount) throw new Error(`expected ${demandCount} demands, found ${counted.demand}`);
  } finally {
    await device.close();
    await server.close();
    rmSync(site, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error("bench failed:", err);
  process.exit(1);
});
