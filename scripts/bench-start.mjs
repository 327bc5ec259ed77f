// The cold-start benchmark (scripts/bench --start): how long from navigation to
// the app's navigation bar drawn, on a local server, at 360 px, in a fresh
// browser profile (first open: nothing cached) and on a reload of the same
// profile (files from the HTTP cache / service worker), without throttling and
// with Chromium's 4x CPU throttle. The time is taken inside the page: a
// MutationObserver installed before any script runs notes performance.now() when
// the nav element first appears. Medians of --runs runs (default 5). Prints
// figures; asserts nothing about speed (it fails only if the app never draws).
import { serve, openDevice } from "../tests/e2e/helpers.mjs";

const opt = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const RUNS = opt("runs", 5);

const MARK = () => {
  const seen = () => {
    if (window.__navDrawn === undefined && document.querySelector("nav.bottom-nav, nav.side-nav")) {
      window.__navDrawn = performance.now();
    }
  };
  new MutationObserver(seen).observe(document, { childList: true, subtree: true });
};

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
} finally {
  await server.close();
}
