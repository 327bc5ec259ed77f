// The exchange benchmark run by scripts/bench: generates the bundle files,
// imports them through the app's Import panel, waits for the Exchange counts
// to show the new totals, opens the demand list and Home's dashboard, then
// times a plain JavaScript loop over the same files in the same browser
// (parse, digest check, one transaction into a store with one index, as issue
// 12 defines it; and the bare loop of earlier rounds: parse, no index). Prints figures (with the
// longest gap between animation frames and the peak JS heap); no pass/fail
// on speed (it fails only if the import does not complete or imports the
// wrong number of records). --district: 1,700 phones / 299,200 revisions.
import { mkdtempSync, writeFileSync, rmSync, mkdirSync, cpSync } from "node:fs";
import { uuid, digestOf, seconds } from "./bench-common.mjs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { DIST, copyDist, serve, openDevice, waitForApp } from "../tests/e2e/helpers.mjs";

const opt = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
// --district: the consolidation of issue 12: 1,700 phones, 69 communities,
// 25 members per phone, 75 demands per phone each with one status event
// (299,200 revisions). Without it: 70 files / 100,000 revisions (issue 5).
const DISTRICT = process.argv.includes("--district");
const FILES = opt("files", DISTRICT ? 1700 : 70);
const TOTAL = opt("revisions", 100000);
const COMMUNITIES = DISTRICT ? 69 : 14;
const MEMBERS_PER_PHONE = DISTRICT ? 25 : 1;
const DEMANDS_PER_PHONE = 75;
const EVENTS_PER_DEMAND = DISTRICT ? 1 : 2;
// --index-costs: also time the plain loop writing rows shaped like the app's
// into a store with the app's indexes, with and without the multi-entry one.
const INDEX_COSTS = process.argv.includes("--index-costs");
// --dashboard-first: open Home's dashboard before the demand list right after
// the import (a coordinator who goes Home first); the default opens the list first.
const DASHBOARD_FIRST = process.argv.includes("--dashboard-first");
// --no-plain-before: skip the issue's plain loop before the import (in
// another origin; the ratio is then against the loop after it alone).
const PLAIN_BEFORE = !process.argv.includes("--no-plain-before");

// --cpu-profile FILE: a CPU profile of the apply and what follows it (confirm
// -> Exchange counts), written to FILE (.cpuprofile, for Chromium's DevTools),
// with the functions that took the most time printed, over all of it and
// within each of the five longest frame gaps. Build with DOORSTEP_WASM_NAMES=1
// to see Rust names.
const CPU_PROFILE = (() => {
  const i = process.argv.indexOf("--cpu-profile");
  return i > 0 ? process.argv[i + 1] : null;
})();
// --cpu-profile-pages FILE: the same for the demand list's and the
// dashboard's last openings (the sweep over), FILE-list and FILE-dashboard.
const CPU_PROFILE_PAGES = (() => {
  const i = process.argv.indexOf("--cpu-profile-pages");
  return i > 0 ? process.argv[i + 1] : null;
})();

// --upgrade-from DIR: the import runs on the build in DIR (an earlier
// release, with an older schema); once the award sweep has ended, the site
// is replaced by this build and the page reloaded, and the bench prints how
// long that first open took, the schema upgrade included: to the app's
// shell and to the Exchange counts. The ratios are then the older build's;
// the pages opened after the upgrade are this build's.
const UPGRADE_FROM = (() => {
  const i = process.argv.indexOf("--upgrade-from");
  return i > 0 ? process.argv[i + 1] : null;
})();

/** Starts the V8 sampling profiler on the page; notes the page's clock at its start. */
async function startProfile(device, page) {
  const cdp = await device.context.newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 500 });
  await cdp.send("Profiler.start");
  const pageStart = await page.evaluate(() => performance.now());
  return { cdp, pageStart };
}

/** Self time by function over the samples for which `keep(pageMs)` holds. */
function selfTimes(profile, pageStart, keep) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  let at = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] || 0;
    at += dt;
    if (!keep(pageStart + at / 1000)) return;
    const f = byId.get(id).callFrame;
    const name = `${f.functionName || "(anonymous)"} ${f.url ? f.url.split("/").pop() : ""}`.trim();
    self.set(name, (self.get(name) || 0) + dt);
  });
  return [...self].sort((a, b) => b[1] - a[1]);
}

/**
 * Stops it, writes the profile and prints the top functions by self time,
 * over the whole profile and within each of `windows` ([start, end] on the
 * page's clock: the longest frame gaps), so a long frame names what held it.
 */
async function stopProfile({ cdp, pageStart }, file, windows = [], what = "confirm -> counts", top = 40) {
  const { profile } = await cdp.send("Profiler.stop");
  writeFileSync(file, JSON.stringify(profile));
  const all = selfTimes(profile, pageStart, () => true);
  const total = all.reduce((a, [, us]) => a + us, 0);
  console.log(`cpu profile (${what}) written to ${file}; top self time of ${(total / 1e6).toFixed(1)} s:`);
  for (const [name, us] of all.slice(0, top)) console.log(`  ${(us / 1e3).toFixed(0).padStart(7)} ms  ${name}`);
  for (const [start, end] of windows) {
    const top = selfTimes(profile, pageStart, (t) => t >= start && t <= end);
    console.log(`  within the gap ${start.toFixed(0)}-${end.toFixed(0)} ms (${(end - start).toFixed(0)} ms):`);
    for (const [name, us] of top.slice(0, 15)) console.log(`    ${(us / 1e3).toFixed(0).padStart(6)} ms  ${name}`);
  }
}

const DEFAULTS = { FILES, TOTAL, COMMUNITIES, MEMBERS_PER_PHONE, DEMANDS_PER_PHONE, EVENTS_PER_DEMAND, DISTRICT };
const T0 = Date.parse("2026-11-02T08:00:00Z");
const STREETS = ["温泉街道", "东街街道", "南街街道", "鼓东街道", "鼓西街道"];
const TITLES = ["楼道灯坏了", "小区缺少健身场地", "垃圾分类点太远", "电动车充电难", "老人助餐点", "停车位紧张", "下水道堵塞", "楼顶漏水"];
const CATEGORIES = ["livable_homes", "wellbeing", "volunteering", "cultural_integration", "dispute_mediation"];
const STATUSES = ["in_progress", "referred", "resolved"];

export function generate(dir, { FILES, TOTAL, COMMUNITIES, MEMBERS_PER_PHONE, DEMANDS_PER_PHONE, EVENTS_PER_DEMAND, DISTRICT } = DEFAULTS) {
  const files = [];
  let made = 0;
  let demandCount = 0;
  for (let f = 0; f < FILES; f++) {
    const device = uuid(`bench-device-${f}`);
    const communityNo = f % COMMUNITIES;
    const community = { name: `社区${communityNo}`, street: STREETS[communityNo % STREETS.length] };
    const communityId = uuid(`bench-community-${communityNo}`);
    const member = uuid(`bench-member-${f}`);
    const target = DISTRICT
      ? 1 + MEMBERS_PER_PHONE + DEMANDS_PER_PHONE * (1 + EVENTS_PER_DEMAND)
      : Math.floor((TOTAL * (f + 1)) / FILES) - Math.floor((TOTAL * f) / FILES);
    const records = [];
    let counter = 0;
    const rev = (id, kind, data, ms) => ({
      id, kind, hlc: `${String(ms).padStart(13, "0")}-${String(counter++ % 100000).padStart(5, "0")}-${device}`,
      vv: { [device]: 1 }, deleted: false, data,
    });
    records.push({ ...rev(communityId, "community", community, T0), vv: { "00000000-0000-4000-8000-00000000d157": 1 },
      hlc: `${String(T0).padStart(13, "0")}-00000-00000000-0000-4000-8000-00000000d157` });
    records.push(rev(member, "member", { name: `代表${f}`, team: "citizen", community_id: communityId, domains: ["livable_homes"], active: true }, T0));
    for (let m = 1; m < MEMBERS_PER_PHONE; m++) {
      records.push(rev(uuid(`bench-member-${f}-${m}`), "member", { name: `成员${f}-${m}`, team: "citizen", community_id: communityId, domains: ["wellbeing"], active: true }, T0));
    }
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
      for (let e = 0; e < EVENTS_PER_DEMAND && records.length < target; e++) {
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

/** Starts sampling the longest gap between animation frames and the JS heap. */
export async function startWatch(page) {
  await page.evaluate(() => {
    const w = { maxGap: 0, over200: 0, frames: 0, peakHeap: 0, long: [], tasks: [] };
    window.__watch = w;
    // The page's own long tasks (over 50 ms of its thread): a frame gap they
    // do not cover was the browser's, not the page's script.
    try {
      window.__tasks?.disconnect();
      window.__tasks = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.tasks.push([e.startTime, e.startTime + e.duration]);
      });
      window.__tasks.observe({ type: "longtask" });
    } catch { /* no Long Tasks API: the gaps print without it */ }
    const t0 = performance.now();
    let last = t0;
    // Where a long gap fell: what the import panel showed when the frame came.
    const stage = () =>
      document.querySelector('[data-testid="import-result"]')
        ? "after the result"
        : document.querySelector('[data-testid="import-preview"]')
          ? "preview shown"
          : "reading or writing";
    const tick = (t) => {
      const gap = t - last;
      last = t;
      if (w.frames > 0) {
        w.maxGap = Math.max(w.maxGap, gap);
        if (gap > 200) {
          w.over200++;
          w.long.push({ at: (last - gap - t0) / 1000, start: last - gap, end: last, gap, stage: stage() });
        }
      }
      w.frames++;
      const heap = performance.memory ? performance.memory.usedJSHeapSize : 0;
      w.peakHeap = Math.max(w.peakHeap, heap);
      window.__raf = requestAnimationFrame(tick);
    };
    window.__raf = requestAnimationFrame(tick);
  });
}

export async function stopWatch(page) {
  return page.evaluate(() => {
    cancelAnimationFrame(window.__raf);
    window.__tasks?.disconnect();
    return window.__watch;
  });
}

const mb = (bytes) => (bytes / 1048576).toFixed(0) + " MB";
const ratio = (a, b) => (b > 0 ? (a / b).toFixed(2) + "x" : "-");

// The plain loops, run in a page of the bench's site (`page.evaluate`).
// "As the issue defines it": each bundle parsed, its digest checked
// (SHA-256 of the records' canonical JSON, WebCrypto; a mismatch throws)
// and every revision put into one store with one index (by kind), in one
// transaction. With `bare`, also the earlier rounds' baseline: parsed only
// and put with no index (its store is left for the read-back figures).
async function plainLoops({ names, indexCosts, bare }) {
  const canon = (value) => {
    if (Array.isArray(value)) return `[${value.map(canon).join(",")}]`;
    if (value && typeof value === "object") {
      return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canon(value[k])}`).join(",")}}`;
    }
    return JSON.stringify(value);
  };
  const hex = (buf) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, "0")).join("");
  const t0 = performance.now();
  const all = [];
  for (const name of bare ? names : []) {
    const res = await fetch("bench/" + encodeURIComponent(name));
    const bundle = await res.json();
    for (const r of bundle.records) all.push(r);
  }
  const t1 = performance.now();
  const checked = [];
  for (const name of names) {
    const res = await fetch("bench/" + encodeURIComponent(name));
    const bundle = await res.json();
    const sum = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(canon(bundle.records)));
    if ("sha256:" + hex(sum) !== bundle.digest) throw new Error(`digest mismatch in ${name}`);
    for (const r of bundle.records) checked.push(r);
  }
  const t1c = performance.now();
  const open = async (name, upgrade) => {
    await new Promise((ok, fail) => {
      const del = indexedDB.deleteDatabase(name);
      del.onsuccess = ok; del.onerror = fail;
    });
    return new Promise((ok, fail) => {
      const req = indexedDB.open(name, 1);
      req.onupgradeneeded = () => upgrade(req.result);
      req.onsuccess = () => ok(req.result);
      req.onerror = () => fail(req.error);
    });
  };
  const write = (db, rows) => new Promise((ok, fail) => {
    const tx = db.transaction("revisions", "readwrite");
    const store = tx.objectStore("revisions");
    for (const r of rows) store.put(r);
    tx.oncomplete = ok;
    tx.onerror = () => fail(tx.error);
    tx.onabort = () => fail(tx.error);
  });
  // The loop the ratio is against first, where earlier rounds' one ran.
  const indexed = await open("bench-plain-indexed", (db) =>
    db.createObjectStore("revisions", { keyPath: ["id", "hlc"] }).createIndex("by_kind", "kind"));
  const t4 = performance.now();
  await write(indexed, checked);
  const t5 = performance.now();
  indexed.close();
  await new Promise((ok) => { const del = indexedDB.deleteDatabase("bench-plain-indexed"); del.onsuccess = ok; del.onerror = ok; });
  const out = { fetchParse: t1c - t1, write: t5 - t4, objects: checked.length };
  if (!bare) return out;
  const db = await open("bench-plain", (db) => db.createObjectStore("revisions", { keyPath: ["id", "hlc"] }));
  const t2 = performance.now();
  await write(db, all);
  const t3 = performance.now();
  db.close();
  out.bareRead = t1 - t0;
  out.bareWrite = t3 - t2;
  if (indexCosts) {
    // Rows shaped like the app's (index fields + the revision's JSON text),
    // into stores with the app's six indexes, then without the multi-entry one.
    const rows = all.map((r, i) => {
      const d = r.data || {};
      const refs = [d.community_id, d.demand_id, d.reported_by, d.by].filter(Boolean).sort();
      return { id: r.id, rev: String(i), kind: r.kind, hlc: r.hlc, seq: i + 1, live: 1, shown: 1, deleted: 0,
        community: d.community_id, refs, json: JSON.stringify(r) };
    });
    const make = (withRef) => (db) => {
      const s = db.createObjectStore("revisions", { keyPath: ["id", "rev"] });
      s.createIndex("by_kind_live", ["kind", "live"]);
      s.createIndex("by_kind_community_live", ["kind", "community", "live"]);
      s.createIndex("by_kind_hlc", ["kind", "hlc"]);
      s.createIndex("by_seq", "seq");
      if (withRef) s.createIndex("by_ref", "refs", { multiEntry: true });
      s.createIndex("by_conflict", "conflict");
    };
    // Schema version 6's shape: one kind index over [kind, live, community]
    // (a placeholder community on rows of none), by_seq, the sparse
    // by_conflict, and by_ref holding only the references a page follows
    // back (here: a demand's reporter, an event's demand and writer).
    const rowsV6 = all.map((r, i) => {
      const d = r.data || {};
      const refs = [d.demand_id, d.reported_by, d.by].filter(Boolean).sort();
      return { id: r.id, rev: String(i), kind: r.kind, hlc: r.hlc, seq: i + 1, live: 1, shown: 1, deleted: 0,
        community: d.community_id || "", refs, json: JSON.stringify(r) };
    });
    const makeV6 = (db) => {
      const s = db.createObjectStore("revisions", { keyPath: ["id", "rev"] });
      s.createIndex("by_kind_live_community", ["kind", "live", "community"]);
      s.createIndex("by_seq", "seq");
      s.createIndex("by_ref", "refs", { multiEntry: true });
      s.createIndex("by_conflict", "conflict");
    };
    for (const [label, withRef] of [["rows0", null], ["rows6", true], ["rows5", false], ["rowsV6", "v6"]]) {
      const db = await open("bench-plain-" + label, withRef === null ? (db) => db.createObjectStore("revisions", { keyPath: ["id", "rev"] }) : withRef === "v6" ? makeV6 : make(withRef));
      const a = performance.now();
      await write(db, withRef === "v6" ? rowsV6 : rows);
      out[label] = performance.now() - a;
      db.close();
      await new Promise((ok) => { const del = indexedDB.deleteDatabase("bench-plain-" + label); del.onsuccess = ok; del.onerror = ok; });
    }
  }
  return out;
}

async function main() {
  const work = mkdtempSync(join(tmpdir(), "doorstep-bench-"));
  const site = UPGRADE_FROM ? mkdtempSync(join(tmpdir(), "doorstep-dist-")) : copyDist();
  if (UPGRADE_FROM) cpSync(UPGRADE_FROM, site, { recursive: true });
  mkdirSync(join(site, "bench"));
  const started = Date.now();
  const { files, made, demandCount } = generate(join(site, "bench"));
  console.log(`generated ${files.length} files, ${made} revisions, in ${seconds(Date.now() - started)}`);
  const server = await serve(site);
  const device = await openDevice({ width: 1280, height: 900 });
  const { page } = device;
  try {
    // The issue's plain loop once before the import too, in a page of
    // another origin (a second server over the same files, so neither
    // origin's IndexedDB holds the other's data): the machine's speed moves
    // over a district run's quarter hour, and a ratio against the mean of a
    // loop before and one after the app's import is steadier than against
    // either alone.
    let plainBefore = null;
    if (PLAIN_BEFORE) {
      writeFileSync(join(site, "bench-blank.html"), "<!doctype html><meta charset=utf-8><title>plain loop</title>");
      const other = await serve(site);
      const otherPage = await device.context.newPage();
      try {
        await otherPage.goto(other.url + "bench-blank.html");
        plainBefore = await otherPage.evaluate(plainLoops, { names: files.map((f) => f.name), indexCosts: false, bare: false });
      } finally {
        await otherPage.close();
        await other.close();
      }
    }
    await page.goto(server.url + "#/exchange");
    await waitForApp(page);
    await page.waitForSelector('[data-testid="import-file"]');
    await startWatch(page);
    const t0 = Date.now();
    await page.setInputFiles('[data-testid="import-file"]', files.map((f) => f.path));
    await page.waitForSelector('[data-testid="import-confirm"]', { timeout: 3600000 });
    const t1 = Date.now();
    const profiler = CPU_PROFILE ? await startProfile(device, page) : null;
    await page.click('[data-testid="import-confirm"]');
    await page.waitForSelector('[data-testid="import-result"]', { timeout: 3600000 });
    const t2 = Date.now();
    // The Exchange counts on the same page, without reloading: the new totals.
    await page.waitForFunction(
      (n) => Number(document.querySelector('[data-testid="count-demand"]')?.textContent) === n,
      demandCount,
      { timeout: 3600000, polling: 50 }
    );
    const t3 = Date.now();
    const appWatch = await stopWatch(page);
    // Profiled up to the counts, so the frames after the result are in it too.
    if (profiler) {
      const longest = [...appWatch.long].sort((x, y) => y.gap - x.gap).slice(0, 5);
      await stopProfile(profiler, CPU_PROFILE, longest.map((g) => [g.start, g.end]));
    }
    // The app's own breakdown (store::profile), when the build has it.
    const phases = await page.evaluate(() => window.__doorstepProfile || null);
    const spans = await page.evaluate(() => window.__doorstepProfileSpans || []);
    const imported = Number(await page.textContent('[data-testid="result-imported"]'));
    const counted = {};
    for (const kind of ["demand", "demand_event", "member", "community"]) {
      counted[kind] = Number(await page.textContent(`[data-testid="count-${kind}"]`));
    }
    const appCheck = t1 - t0;
    const appApply = t2 - t1;
    const toCounts = t3 - t2;

    // The demand list and Home's dashboard, each opened from another page.
    // Each open also reports the app's read phases (store::profile) it added,
    // and, when `then` is given, the time until that second condition holds.
    const readPhases = () => page.evaluate(() => Object.fromEntries(
      Object.entries(window.__doorstepProfile || {}).filter(([k]) => k.startsWith("read "))));
    const openPage = async (hash, ready, then, profileFile = null) => {
      await page.evaluate(() => { location.hash = "#/more"; });
      await page.waitForSelector('[data-testid="page-more"]');
      const before = await readPhases();
      const profiler = profileFile ? await startProfile(device, page) : null;
      // Whether the page's thread was held meanwhile (the award sweep still
      // runs after the import): its frame gaps while the page opens.
      await startWatch(page);
      const a = Date.now();
      await page.evaluate((h) => { location.hash = h; }, hash);
      await page.waitForFunction(ready, null, { timeout: 600000, polling: 20 });
      const ms = Date.now() - a;
      let thenMs = null;
      if (then) {
        await page.waitForFunction(then, null, { timeout: 600000, polling: 20 });
        thenMs = Date.now() - a;
      }
      const watch = await stopWatch(page);
      if (profiler) {
        const longest = [...watch.long].sort((x, y) => y.gap - x.gap).slice(0, 3);
        await stopProfile(profiler, profileFile, longest.map((g) => [g.start, g.end]), `opening ${hash}`, 15);
      }
      const after = await readPhases();
      const phases = Object.entries(after)
        .map(([k, v]) => `${k.slice(5)} ${seconds(v - (before[k] || 0))}`)
        .filter((line) => !line.endsWith(" 0.00 s"));
      const held = watch.long.reduce((sum, g) => sum + g.gap, 0);
      phases.push(`frame gaps: longest ${watch.maxGap.toFixed(0)} ms, ${watch.over200} over 200 ms holding ${seconds(held)} of ${seconds(thenMs ?? ms)}`);
      return { ms, thenMs, phases };
    };
    const listReady = () => document.querySelector('[data-testid="demand-row"]') !== null;
    const listAll = () => document.querySelector('[data-testid="demands-shown"]') !== null;
    const dashReady = () => Number(document.querySelector('[data-testid="dash-demands_received-value"]')?.textContent) > 0;
    // With --cpu-profile-pages, the first openings (during the award
    // sweep) and the last ones (after it) are profiled.
    const pagesProfile = (name) => (CPU_PROFILE_PAGES ? `${CPU_PROFILE_PAGES}-${name}` : null);
    let listOpen, dashOpen;
    if (DASHBOARD_FIRST) {
      dashOpen = await openPage("#/", dashReady, null, pagesProfile("dashboard-first"));
      listOpen = await openPage("#/demands", listReady, listAll, pagesProfile("list-first"));
    } else {
      listOpen = await openPage("#/demands", listReady, listAll, pagesProfile("list-first"));
      dashOpen = await openPage("#/", dashReady, null, pagesProfile("dashboard-first"));
    }
    // Opened once more: the first opens may wait behind the award sweep's writes.
    const listAgain = await openPage("#/demands", listReady, listAll);
    const dashAgain = await openPage("#/", dashReady);
    // The plain loop runs after the pages were opened and once the award
    // sweep the import started has ended: run before them, its own 100,000+
    // puts into this origin's IndexedDB held up the pages' reads (the
    // backend still working through them), which no coordinator's session
    // has; run during the sweep, the two would share the machine.
    const sweepStart = Date.now();
    await page.waitForFunction(() => {
      const now = performance.now();
      if (window.__doorstep_sweeping) window.__idleSince = null;
      else if (window.__idleSince == null) window.__idleSince = now;
      return window.__idleSince != null && now - window.__idleSince > 3000;
    }, null, { timeout: 3600000, polling: 100 });
    const sweepWait = Date.now() - sweepStart;
    let upgrade = null;
    if (UPGRADE_FROM) {
      const version = () => page.evaluate(async () =>
        (await indexedDB.databases()).find((d) => d.name === "doorstep")?.version ?? null);
      const from = await version();
      // The service worker would serve the older build again: it goes, with its caches.
      await page.evaluate(async () => {
        for (const registration of await navigator.serviceWorker.getRegistrations()) await registration.unregister();
        for (const key of await caches.keys()) await caches.delete(key);
      });
      await page.evaluate(() => { location.hash = "#/exchange"; });
      await page.waitForSelector('[data-testid="count-demand"]');
      cpSync(DIST, site, { recursive: true });
      console.log(`app: reloading on this build (the database at schema ${from})…`);
      const a = Date.now();
      await page.reload();
      let shell;
      try {
        await page.waitForSelector('[data-testid="page-title"]', { timeout: 1800000 });
        shell = Date.now() - a;
        await page.waitForFunction(
          (n) => Number(document.querySelector('[data-testid="count-demand"]')?.textContent) === n,
          demandCount,
          { timeout: 1800000, polling: 50 }
        );
      } catch (error) {
        const text = await page.evaluate(() => document.body.innerText).catch(() => "(no page)");
        throw new Error(`after the reload on this build: ${error.message}\nthe page shows:\n${text.slice(0, 2000)}`);
      }
      upgrade = { from, to: await version(), shell, counts: Date.now() - a };
    }
    // What the award sweep took, by phase (its reads, its batches' applies,
    // its waits): every phase that moved since the import's result.
    const sweepPhases = await page.evaluate((before) => Object.entries(window.__doorstepProfile || {})
      .filter(([k, v]) => !k.startsWith("read ") && v - (before[k] || 0) >= 5)
      .map(([k, v]) => [k, v - (before[k] || 0)]), phases || {});
    // Opened a third time with the sweep over: what the pages cost on
    // their own, a minute after a district import.
    const listQuiet = await openPage("#/demands", listReady, listAll, pagesProfile("list"));
    const dashQuiet = await openPage("#/", dashReady, null, pagesProfile("dashboard"));

    // The same objects, plain JS, one transaction, same browser and origin:
    // the issue's loop and the bare one (see plainLoops).
    await startWatch(page);
    const plain = await page.evaluate(plainLoops, { names: files.map((f) => f.name), indexCosts: INDEX_COSTS, bare: true });
    const plainWatch = await stopWatch(page);

    // Reading it back, plain: every object of the plain store (getAll) and a count.
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

    // What IndexedDB itself takes for the members' read the list and the
    // dashboard make (the live members through the kind index), in plain
    // JavaScript on the app's own database, against a read of as many rows
    // in primary-key order and the index's keys alone.
    const memberRead = await page.evaluate(async () => {
      const db = await new Promise((ok, fail) => {
        const req = indexedDB.open("doorstep");
        req.onsuccess = () => ok(req.result);
        req.onerror = () => fail(req.error);
      });
      const ask = (make) => new Promise((ok, fail) => {
        const a = performance.now();
        const req = make(db.transaction("revisions").objectStore("revisions"));
        req.onsuccess = () => ok({ ms: performance.now() - a, n: req.result.length });
        req.onerror = () => fail(req.error);
      });
      const range = IDBKeyRange.bound(["member", 1], ["member", 1, []]);
      const index = await ask((s) => s.index("by_kind_live_community").getAll(range));
      const keys = await ask((s) => s.index("by_kind_live_community").getAllKeys(range));
      const primary = await ask((s) => s.getAll(null, index.n));
      db.close();
      return { index, keys, primary };
    });
    const demandListMs = listOpen.ms;
    const dashboardMs = dashOpen.ms;
    const demandListAgainMs = listAgain.ms;
    const dashboardAgainMs = dashAgain.ms;

    const appTotal = appCheck + appApply;
    const plainTotal = plain.write + plain.fetchParse;
    console.log("");
    console.log(`files: ${files.length}, revisions: ${made}, demands: ${demandCount}; imported files: ${imported}`);
    console.log(`stored afterwards: ${JSON.stringify(counted)}`);
    console.log(`app: read + parse + check + preview (to import-preview):   ${seconds(appCheck)}`);
    console.log(`app: apply after confirm (to import-result):               ${seconds(appApply)}`);
    console.log(`app: import total (preview + write):                       ${seconds(appTotal)}`);
    console.log(`app: import result -> Exchange counts show the new totals:  ${seconds(toCounts)}`);
    console.log(`app: longest frame gap, pick -> counts: ${appWatch.maxGap.toFixed(0)} ms (${appWatch.over200} gaps > 200 ms of ${appWatch.frames} frames); peak JS heap ${mb(appWatch.peakHeap)}`);
    for (const { at, start, end, gap, stage } of [...appWatch.long].sort((a, b) => b.gap - a.gap).slice(0, 5)) {
      // The app's timed phases (store::profile laps over 100 ms) that overlap the gap.
      const phases = spans
        .filter(([, s, e]) => s < end && e > start)
        .map(([phase, s, e]) => `${phase} ${(Math.min(e, end) - Math.max(s, start)).toFixed(0)} ms`);
      const busy = appWatch.tasks.reduce((sum, [s, e]) => sum + Math.max(0, Math.min(e, end) - Math.max(s, start)), 0);
      console.log(`    gap ${gap.toFixed(0)} ms at ${at.toFixed(1)} s after the pick (${stage}; page's long tasks ${busy.toFixed(0)} ms of it; within: ${phases.join(", ") || "no timed phase"})`);
    }
    if (phases) {
      const covered = Object.values(phases).reduce((a, b) => a + b, 0);
      console.log(`app time by phase (store::profile; the rest is reading files and the page):`);
      for (const [phase, ms] of Object.entries(phases)) console.log(`    ${phase.padEnd(34)} ${seconds(ms)}`);
      console.log(`    ${"(sum)".padEnd(34)} ${seconds(covered)}`);
    }
    console.log(`app: waited ${seconds(sweepWait)} after the page openings for the award sweep to end`);
    if (upgrade) {
      console.log(`app: upgrade from schema ${upgrade.from} to ${upgrade.to} on reload (this build over ${UPGRADE_FROM}): page title ${seconds(upgrade.shell)}, Exchange counts ${seconds(upgrade.counts)}`);
      if (upgrade.to === upgrade.from) throw new Error("the reload did not upgrade the database");
    }
    console.log(`app: from the import's result to the sweep's end, by phase (the sweep's, and the applies of its batches):`);
    for (const [phase, ms] of sweepPhases) console.log(`    ${phase.padEnd(34)} ${seconds(ms)}`);
    console.log(`plain JS (as issue 12 defines it): fetch + parse + digest check:  ${seconds(plain.fetchParse)}`);
    console.log(`plain JS (as issue 12 defines it): ${plain.objects} puts, one index, one transaction: ${seconds(plain.write)}`);
    console.log(`plain JS, bare (earlier rounds' baseline): fetch + parse ${seconds(plain.bareRead)}, puts with no index ${seconds(plain.bareWrite)}`);
    console.log(`plain JS: longest frame gap ${plainWatch.maxGap.toFixed(0)} ms; peak JS heap ${mb(plainWatch.peakHeap)}`);
    if (INDEX_COSTS) {
      console.log(`plain JS, app-shaped rows: no index ${seconds(plain.rows0)}, 6 indexes ${seconds(plain.rows6)}, 5 (no multi-entry by_ref) ${seconds(plain.rows5)}, schema 6 (4 indexes, narrowed by_ref) ${seconds(plain.rowsV6)}`);
    }
    if (plainBefore) {
      const beforeTotal = plainBefore.fetchParse + plainBefore.write;
      console.log(`plain JS before the import (issue's loop, another origin): fetch + parse + digest check ${seconds(plainBefore.fetchParse)}; ${plainBefore.objects} puts ${seconds(plainBefore.write)}`);
      console.log(`RATIO app import total / mean of the issue's loop before and after: ${ratio(appTotal, (beforeTotal + plainTotal) / 2)} (before alone ${ratio(appTotal, beforeTotal)})`);
    }
    console.log(`RATIO app import total / plain JS (fetch + parse + write):  ${ratio(appTotal, plainTotal)}`);
    console.log(`ratio app import total / plain JS write alone:             ${ratio(appTotal, plain.write)}`);
    console.log(`ratio app preview / plain fetch + parse:                   ${ratio(appCheck, plain.fetchParse)}`);
    console.log(`ratio app write / plain write:                             ${ratio(appApply, plain.write)}`);
    console.log(`ratio against the bare loop: import total ${ratio(appTotal, plain.bareRead + plain.bareWrite)}, write ${ratio(appApply, plain.bareWrite)}`);
    console.log(`app: pages opened right after the import: ${DASHBOARD_FIRST ? "dashboard, then demand list" : "demand list, then dashboard"}`);
    console.log(`app: demand list opened (first rows):                      ${seconds(demandListMs)}`);
    console.log(`app: Home dashboard opened (first figure):                 ${seconds(dashboardMs)}`);
    console.log(`app: demand list, every row read (search and counts ready): ${seconds(listOpen.thenMs)}`);
    console.log(`app: opened again: demand list ${seconds(demandListAgainMs)} (every row ${seconds(listAgain.thenMs)}), dashboard ${seconds(dashboardAgainMs)}`);
    console.log(`app: opened once the sweep had ended: demand list ${seconds(listQuiet.ms)} (every row ${seconds(listQuiet.thenMs)}), dashboard ${seconds(dashQuiet.ms)}`);
    for (const [label, open] of [["list", listOpen], ["dashboard", dashOpen], ["list again", listAgain], ["dashboard again", dashAgain], ["list, sweep over", listQuiet], ["dashboard, sweep over", dashQuiet]]) {
      if (open.phases.length) console.log(`    read phases, ${label}: ${open.phases.join("; ")}`);
    }
    console.log(`plain JS on the app's database: live members by the kind index ${seconds(memberRead.index.ms)} (${memberRead.index.n} rows; the index's keys alone ${seconds(memberRead.keys.ms)}); as many rows in primary-key order ${seconds(memberRead.primary.ms)}`);
    console.log(`plain JS: getAll of ${plainRead.objects} objects:                 ${seconds(plainRead.ms)}`);
    console.log(`ratio demand list / plain getAll:                          ${ratio(demandListMs, plainRead.ms)}`);
    console.log(`ratio dashboard / plain getAll:                            ${ratio(dashboardMs, plainRead.ms)}`);
    if (imported !== files.length) throw new Error(`only ${imported} of ${files.length} files were imported`);
    if (counted.demand !== demandCount) throw new Error(`expected ${demandCount} demands, found ${counted.demand}`);
  } finally {
    await device.close();
    await server.close();
    rmSync(site, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  }
}

// Run only when executed (scripts/bench-lock.mjs imports the generator).
if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    console.error("bench failed:", err);
    process.exit(1);
  });
}
