// How the form of a row's body at rest, and of its primary key, changes what 100,000 puts
// cost in Chromium's IndexedDB (docs/performance.md, fifteenth and seventeenth rounds). Rows
// shaped like the app's revisions (a third demands, two thirds events, each with its
// canonical JSON text, which holds Chinese, and a random 64-hex `rev`) are put in one
// transaction, with the app's one `revisions` index. The shapes:
//   two-byte          the body as the JS string the app stored (UTF-16 at rest: it holds non-ASCII)
//   bytes             the body as its UTF-8 bytes in a Uint8Array (what the app stores)
//   one-byte-escaped  the body with every non-ASCII character escaped (\uXXXX)
//   parsed            the body as the parsed object, as the issue's plain loop stores it
//   bytes-key-rev16   bytes, with the key [id, first 16 hex of rev] (the whole rev kept in `hash`)
//   bytes-key-seq     bytes, with the key [id, seq] (the arrival number)
// Each put runs in a fresh browser profile (a database deleted and made again in one
// profile is written slower each time), in an order reversed every round.
//   node scripts/bench-body-form.mjs [--rounds N] [--shapes a,b,...]
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve, openDevice } from "../tests/e2e/helpers.mjs";

function option(name, fallback) {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : fallback;
}
const SHAPES = option("--shapes", "two-byte,bytes,one-byte-escaped,parsed").split(",");
const ROUNDS = Number(option("--rounds", "2"));
const KNOWN = ["two-byte", "bytes", "one-byte-escaped", "parsed", "bytes-key-rev16", "bytes-key-seq"];
const unknown = SHAPES.filter((s) => !KNOWN.includes(s));
if (unknown.length || !(ROUNDS > 0)) {
  console.error(`unknown shape ${unknown.join(", ") || "(none)"} or rounds ${ROUNDS}; shapes: ${KNOWN.join(", ")}`);
  process.exit(2);
}
async function writeShape({ shape, rows }) {
  const name = "body-" + shape;
  await new Promise((ok) => { const d = indexedDB.deleteDatabase(name); d.onsuccess = ok; d.onerror = ok; });
  const db = await new Promise((ok, fail) => {
    const req = indexedDB.open(name, 1);
    req.onupgradeneeded = () => {
      const keyPath = shape === "bytes-key-seq" ? ["id", "seq"] : ["id", "rev"];
      const s = req.result.createObjectStore("revisions", { keyPath });
      s.createIndex("by_kind_live_community", ["kind", "live", "community"]);
    };
    req.onsuccess = () => ok(req.result);
    req.onerror = () => fail(req.error);
  });
  const enc = new TextEncoder();
  const prepared = rows.map((r) => {
    const row = { ...r };
    if (shape.startsWith("bytes")) row.json = enc.encode(r.json);
    if (shape === "bytes-key-rev16") { row.hash = r.rev; row.rev = r.rev.slice(0, 16); }
    if (shape === "one-byte-escaped") row.json = r.json.replace(/[\u0080-\uffff]/g, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
    if (shape === "parsed") row.json = JSON.parse(r.json);
    return row;
  });
  const start = performance.now();
  let issue = 0;
  await new Promise((ok, fail) => {
    const tx = db.transaction(["revisions"], "readwrite");
    const store = tx.objectStore("revisions");
    const t0 = performance.now();
    for (const row of prepared) store.put(row);
    issue = performance.now() - t0;
    tx.oncomplete = ok;
    tx.onerror = () => fail(tx.error);
  });
  const took = performance.now() - start;
  db.close();
  await new Promise((ok) => { const d = indexedDB.deleteDatabase(name); d.onsuccess = ok; d.onerror = ok; });
  return [took, issue];
}
function makeRows(count) {
  const members = Array.from({ length: 70 }, () => crypto.randomUUID());
  const rows = [];
  let demand = null;
  for (let i = 0; i < count; i++) {
    const id = crypto.randomUUID();
    const dev = members[i % 70];
    if (i % 3 === 0) {
      demand = id;
      const data = { category: "wellbeing", community_id: members[i % 14], description: "居民反映楼道灯坏了，已有12户联名，希望社区尽快协调解决。", reported_by: dev, reported_on: "2026-11-02", source: "door_visit", title: "楼道灯坏了（3号楼）", urgency: "normal" };
      rows.push({ id, kind: "demand", community: "c" + (i % 14), json: JSON.stringify({ data, deleted: false, hlc: "0001764547200000-00000-" + dev, id, kind: "demand", vv: { [dev]: 1 } }) });
    } else {
      const data = { at: "2026-11-03T08:00:00.000Z", by: dev, demand_id: demand, status: "in_progress", text: "已联系物业", type: "status" };
      rows.push({ id, kind: "demand_event", community: "", json: JSON.stringify({ data, deleted: false, hlc: "0001764547200000-00000-" + dev, id, kind: "demand_event", vv: { [dev]: 1 } }) });
    }
  }
  rows.sort((a, b) => (a.id < b.id ? -1 : 1));
  return rows.map((r, i) => ({ ...r, rev: Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => b.toString(16).padStart(2, "0")).join(""), hlc: "0001764547200000-00000-dev", seq: i + 1, live: 1, shown: 1, deleted: 0 }));
}
const site = mkdtempSync(join(tmpdir(), "doorstep-exp-"));
writeFileSync(join(site, "index.html"), "<!doctype html><title>x</title>");
const server = await serve(site);
const times = Object.fromEntries(SHAPES.map((s) => [s, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const shape of round % 2 ? [...SHAPES].reverse() : SHAPES) {
    const device = await openDevice({ width: 800, height: 600 });
    const { page } = device;
    await page.goto(server.url + "index.html");
    await page.evaluate(`window.makeRows = ${makeRows.toString()}; window.rows = makeRows(100000); 0`);
    const [took, issue] = await page.evaluate(`(${writeShape.toString()})({ shape: ${JSON.stringify(shape)}, rows: window.rows })`);
    await device.close();
    times[shape].push(took);
    console.log(`round ${round + 1}: ${shape.padEnd(18)} ${(took / 1000).toFixed(2)} s (issuing ${(issue / 1000).toFixed(2)} s)`);
  }
}
server.close();
rmSync(site, { recursive: true, force: true });
for (const s of SHAPES) console.log(s.padEnd(18), "mean", (times[s].reduce((a, b) => a + b) / (1000 * ROUNDS)).toFixed(2), "s");
