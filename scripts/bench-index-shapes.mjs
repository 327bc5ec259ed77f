// What each secondary index of `revisions` costs a large import, measured
// with plain JavaScript in headless Chromium (issue 12): the same 100,000
// rows shaped like the app's (a third demands, two thirds events, sorted by
// id as the apply writes them, each with its canonical text) are put in one
// transaction into stores that differ only in their indexes. Each shape is
// written into a fresh database, in an order reversed every round
// (`--rounds`, default 2): each later database in a round is written slower
// (the browser's backend still compacting the ones before), so the mean over
// a forward and a backward round puts every shape at the middle position.
// Prints that mean per shape and its ratio to the kind index alone.
//
// The shapes: `kind` is the one index the plain loop of issue 12 has
// (`by_kind_live_community`); `seq` adds `by_seq` (arrival order); `ref` adds
// the multi-entry `by_ref` (a demand's reporter, an event's demand and
// writer); `links` puts both in ONE multi-entry index (`[seq, ...refs]`);
// `slices` writes no reference on the rows and instead one row per 300
// references into a second store, whose multi-entry index holds each slice's
// distinct targets.
//   node scripts/bench-index-shapes.mjs [--rows N] [--rounds N]
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve, openDevice } from "../tests/e2e/helpers.mjs";
import { seconds } from "./bench-common.mjs";

const arg = (name, fallback) => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const ROWS = arg("--rows", 100000);
const ROUNDS = arg("--rounds", 2);

// The shapes, by name: which indexes (and extra stores) each has.
const SHAPES = ["kind", "kind+seq", "kind+ref", "kind+seq+ref", "kind+links", "kind+seq+slices", "kind+slices"];

async function writeShape({ shape, rows }) {
  const name = "shape-" + shape;
  await new Promise((ok) => { const d = indexedDB.deleteDatabase(name); d.onsuccess = ok; d.onerror = ok; });
  const db = await new Promise((ok, fail) => {
    const req = indexedDB.open(name, 1);
    req.onupgradeneeded = () => {
      const s = req.result.createObjectStore("revisions", { keyPath: ["id", "rev"] });
      s.createIndex("by_kind_live_community", ["kind", "live", "community"]);
      if (shape.includes("seq")) s.createIndex("by_seq", "seq");
      if (shape.includes("ref")) s.createIndex("by_ref", "refs", { multiEntry: true });
      if (shape.includes("links")) s.createIndex("by_link", "links", { multiEntry: true });
      if (shape.includes("slices")) {
        req.result.createObjectStore("slices", { keyPath: "first" }).createIndex("by_target", "targets", { multiEntry: true });
      }
    };
    req.onsuccess = () => ok(req.result);
    req.onerror = () => fail(req.error);
  });
  const stores = shape.includes("slices") ? ["revisions", "slices"] : ["revisions"];
  const start = performance.now();
  await new Promise((ok, fail) => {
    const tx = db.transaction(stores, "readwrite");
    const store = tx.objectStore("revisions");
    let slice = null;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      const row = { ...r };
      if (!shape.includes("ref")) delete row.refs;
      if (!shape.includes("seq") && !shape.includes("links")) delete row.seq;
      if (shape.includes("links")) row.links = [r.seq, ...r.refs];
      store.put(row);
      if (shape.includes("slices")) {
        if (!slice) slice = { first: r.seq, targets: new Set(), pairs: [] };
        for (const t of r.refs) { slice.targets.add(t); slice.pairs.push([t, r.id, r.rev]); }
        if (slice.pairs.length >= 300 || i === rows.length - 1) {
          tx.objectStore("slices").put({ first: slice.first, targets: [...slice.targets], pairs: slice.pairs });
          slice = null;
        }
      }
    }
    tx.oncomplete = ok;
    tx.onerror = () => fail(tx.error);
    tx.onabort = () => fail(tx.error);
  });
  const took = performance.now() - start;
  db.close();
  await new Promise((ok) => { const d = indexedDB.deleteDatabase(name); d.onsuccess = ok; d.onerror = ok; });
  return took;
}

function makeRows(count) {
  // Built in the page: ids are random UUIDs, sorted as the apply's grouping sorts them.
  const members = Array.from({ length: 70 }, () => crypto.randomUUID());
  const demands = [];
  const rows = [];
  const text = "x".repeat(280);
  for (let i = 0; i < count; i++) {
    const member = members[i % members.length];
    if (i % 3 === 0) {
      const id = crypto.randomUUID();
      demands.push(id);
      rows.push({ id, kind: "demand", community: "c" + (i % 14), refs: [member] });
    } else {
      const demand = demands[demands.length - 1];
      rows.push({ id: crypto.randomUUID(), kind: "demand_event", community: "", refs: [demand, member].sort() });
    }
  }
  rows.sort((a, b) => (a.id < b.id ? -1 : 1));
  return rows.map((r, i) => ({
    ...r, rev: i.toString(16).padStart(64, "0"), hlc: "0001764547200000-00000-dev", seq: i + 1,
    live: 1, shown: 1, deleted: 0, json: text,
  }));
}

async function main() {
  const site = mkdtempSync(join(tmpdir(), "doorstep-shapes-"));
  writeFileSync(join(site, "index.html"), "<!doctype html><title>shapes</title>");
  const server = await serve(site);
  const device = await openDevice({ width: 800, height: 600 });
  const times = Object.fromEntries(SHAPES.map((s) => [s, []]));
  try {
    const { page } = device;
    await page.goto(server.url + "index.html");
    await page.evaluate(`window.makeRows = ${makeRows.toString()}; window.rows = makeRows(${ROWS}); 0`);
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? SHAPES : [...SHAPES].reverse();
      for (const shape of order) {
        const took = await page.evaluate(
          `(${writeShape.toString()})({ shape: ${JSON.stringify(shape)}, rows: window.rows })`,
        );
        times[shape].push(took);
        console.log(`round ${round + 1}: ${shape.padEnd(16)} ${seconds(took)}`);
      }
    }
  } finally {
    await device.close();
    server.close();
  }
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const base = mean(times.kind);
  console.log(`\n${ROWS} rows, mean of ${ROUNDS} rounds per shape:`);
  for (const shape of SHAPES) {
    const m = mean(times[shape]);
    console.log(`${shape.padEnd(16)} ${seconds(m)}  ${(m / base).toFixed(2)}x the kind index alone`);
  }
}

main().catch((err) => { console.error(err); process.exit(1); });
