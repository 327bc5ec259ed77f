// The cold-start benchmark (scripts/bench --start): how long from navigation to
// the app's navigation bar drawn, on a local server, at 360 px, in a fresh
// browser profile (first open: nothing cached) and on a reload of the same
// profile (files from the HTTP cache / service worker), without throttling and
// with Chromium's 4x CPU throttle. The time is taken inside the page: a
// MutationObserver installed before any script runs notes performance.now() when
// the nav element first appears. Medians of --runs runs (default 5). Prints
// figures; asserts nothing about speed (it fails only if the app never draws).
// With --trace it also records a Chromium trace of each throttled first open
// and prints where the renderer's main thread spent the time before the
// navigation appeared (medians): that is what to shrink next.
import { serve, openDevice } from "../tests/e2e/helpers.mjs";

const opt = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const RUNS = opt("runs", 5);
const TRACE = process.argv.includes("--trace");

const MARK = () => {
  const seen = () => {
    if (window.__navDrawn === undefined && document.querySelector("nav.bottom-nav, nav.side-nav")) {
      window.__navDrawn = performance.now();
      performance.mark("doorstep-nav-drawn");
    }
  };
  new MutationObserver(seen).observe(document, { childList: true, subtree: true });
};

// The main thread's work before the navigation appeared, by kind, in ms: the
// trace's tasks one level below RunTask, on the thread that drew it.
const PHASES = [
  ["navigation commit", ["DocumentLoader::CommitNavigation", "DocumentLoader::DocumentLoader"]],
  ["HTML parse", ["ParseHTML"]],
  ["CSS parse, style, layout", ["ParseAuthorStyleSheet", "UpdateLayoutTree", "Layout"]],
  ["JS evaluate", ["v8.evaluateModule", "EvaluateScript", "v8.compileModule"]],
  ["wasm streaming compile (main-thread part)", ["v8.wasm.compileConsume", "wasm.StartStreamingCompilation"]],
  ["wasm start + first render", ["v8.callFunction", "FunctionCall"]],
];
function breakdown(events) {
  const mark = events.find((e) => e.name === "doorstep-nav-drawn");
  const start = events.find((e) => e.name === "navigationStart" && e.pid === mark?.pid);
  if (!mark || !start) return null;
  const thread = events
    .filter((e) => e.pid === mark.pid && e.tid === mark.tid && e.ph === "X" && e.dur !== undefined && e.ts < mark.ts)
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const out = Object.fromEntries(PHASES.map(([label]) => [label, 0]));
  out["other tasks"] = 0;
  out["of which lazy wasm compiles"] = 0;
  const ends = [];
  for (const e of thread) {
    while (ends.length && ends[ends.length - 1] <= e.ts) ends.pop();
    const depth = ends.length;
    ends.push(e.ts + e.dur);
    if (e.name === "wasm.CompileLazy") out["of which lazy wasm compiles"] += e.dur / 1000;
    if (depth !== 1) continue;
    const phase = PHASES.find(([, names]) => names.includes(e.name));
    out[phase ? phase[0] : "other tasks"] += e.dur / 1000;
  }
  const busy = PHASES.reduce((sum, [label]) => sum + out[label], out["other tasks"]);
  out["waiting (network, other threads)"] = Math.max(0, (mark.ts - start.ts) / 1000 - busy);
  return out;
}

async function traced(cdp, work) {
  const events = [];
  cdp.on("Tracing.dataCollected", (e) => events.push(...e.value));
  const done = new Promise((resolve) => cdp.once("Tracing.tracingComplete", resolve));
  await cdp.send("Tracing.start", {
    // RunTask (the task level the phases are counted below) is in the disabled-by-default category.
    categories: "devtools.timeline,disabled-by-default-devtools.timeline,v8,v8.wasm,blink.user_timing,loading",
    transferMode: "ReportEvents",
  });
  await work();
  await cdp.send("Tracing.end");
  await done;
  return events;
}

async function once(url, throttle) {
  const device = await openDevice({ width: 360, height: 740 });
  try {
    await device.page.addInitScript(MARK);
    const cdp = await device.context.newCDPSession(device.page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: throttle });
    const times = [];
    for (const load of ["first", "reload"]) {
      if (load === "first") await device.page.goto(url);
      else await device.page.reload();
      await device.page.waitForFunction(() => window.__navDrawn !== undefined, null, { timeout: 60000 });
      times.push(await device.page.evaluate(() => window.__navDrawn));
      // Let the service worker install before the reload, as a person's second open would.
      if (load === "first") await device.page.waitForTimeout(1500);
    }
    return times;
  } finally {
    await device.close();
  }
}

/** One throttled first open, traced (apart from the timed runs: tracing slows the page). */
async function tracedOpen(url) {
  const device = await openDevice({ width: 360, height: 740 });
  try {
    await device.page.addInitScript(MARK);
    const cdp = await device.context.newCDPSession(device.page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
    return breakdown(
      await traced(cdp, async () => {
        await device.page.goto(url);
        await device.page.waitForFunction(() => window.__navDrawn !== undefined, null, { timeout: 60000 });
      }),
    );
  } finally {
    await device.close();
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const server = await serve();
const url = `http://127.0.0.1:${server.port}/`;
try {
  console.log(`cold start to the navigation drawn, 360 px, median of ${RUNS} runs`);
  console.log(`${"CPU".padEnd(12)} ${"first open".padStart(12)} ${"reload".padStart(12)}`);
  for (const throttle of [1, 4]) {
    const first = [];
    const reload = [];
    for (let r = 0; r < RUNS; r++) {
      const [a, b] = await once(url, throttle);
      first.push(a);
      reload.push(b);
    }
    const label = throttle === 1 ? "unthrottled" : `${throttle}x slower`;
    console.log(`${label.padEnd(12)} ${(median(first).toFixed(0) + " ms").padStart(12)} ${(median(reload).toFixed(0) + " ms").padStart(12)}`);
  }
  const traces = [];
  for (let r = 0; TRACE && r < RUNS; r++) {
    const phases = await tracedOpen(url);
    if (phases) traces.push(phases);
  }
  if (traces.length) {
    console.log(`\nwhere the 4x first open's main thread went before the navigation appeared (traced, median of ${traces.length}; tracing slows it)`);
    for (const label of Object.keys(traces[0])) {
      console.log(`  ${label.padEnd(44)} ${(median(traces.map((t) => t[label])).toFixed(0) + " ms").padStart(8)}`);
    }
  }
} finally {
  await server.close();
}
