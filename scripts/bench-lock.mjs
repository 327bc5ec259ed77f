// The app lock's cost (issue 13), run by `scripts/bench --lock`: the same
// consolidation (70 bundle files, 100,000 revisions: about 50,000 demands,
// each with one status event) imported through the real Import panel, then
// the demand list opened and searched, on two fresh browser profiles in one
// run: first with the lock off, then with the lock turned on in Settings
// before the import. Also times unlocking (PBKDF2 600,000 and the key check)
// through the lock screen. Prints figures and the on/off ratios; asserts
// nothing about speed (it fails only if an import or a screen does not
// complete).
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { seconds } from "./bench-common.mjs";
import { generate, startWatch, stopWatch } from "./bench-exchange.mjs";
import { copyDist, serve, openDevice, waitForApp } from "../tests/e2e/helpers.mjs";

const PASS = "汤边社区 lantern 2026";
const QUERIES = ["电动车", "楼顶漏水", "12号楼", "老人助餐", "李阿姨", "垃圾分类"];
const LONG = { timeout: 3600000 };

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
const ratio = (a, b) => (b > 0 ? (a / b).toFixed(2) + "x" : "-");

async function turnLockOn(page) {
  await page.evaluate(() => { location.hash = "#/settings"; });
  await page.waitForSelector('[data-testid="lock-setup"]', LONG);
  await page.click('[data-testid="lock-setup"]');
  await page.fill('[data-testid="lock-passphrase"]', PASS);
  await page.fill('[data-testid="lock-passphrase-again"]', PASS);
  await page.click('[data-testid="lock-save"]');
  await page.waitForSelector('[data-testid="lock-now"]', LONG);
}

/** Opens `hash` from the More page; milliseconds until `ready` holds. */
async function openPage(page, hash, ready) {
  await page.evaluate(() => { location.hash = "#/more"; });
  await page.waitForSelector('[data-testid="page-more"]', LONG);
  const a = Date.now();
  await page.evaluate((h) => { location.hash = h; }, hash);
  await page.waitForFunction(ready, null, { ...LONG, polling: 20 });
  return Date.now() - a;
}

/**
 * Locks and unlocks from a light page, three times unthrottled and three
 * times with the 4x CPU throttle (DevTools; it slows the page's thread, not
 * WebCrypto's PBKDF2, which runs off it). What is timed is the unlock: the
 * key derivation, the key check and the session's first reads, until the
 * header's lock button is back, not a heavy page's reload after it.
 */
async function measureUnlock(device, page) {
  await page.evaluate(() => { location.hash = "#/more"; });
  await page.waitForSelector('[data-testid="page-more"]', LONG);
  const unlockOnce = async () => {
    await page.click('[data-testid="lock-now"]');
    await page.waitForSelector('[data-testid="unlock-passphrase"]', LONG);
    await page.fill('[data-testid="unlock-passphrase"]', PASS);
    const a = Date.now();
    await page.click('[data-testid="unlock-submit"]');
    await page.waitForSelector('[data-testid="page-more"]', LONG);
    return Date.now() - a;
  };
  const unlocks = [];
  for (let i = 0; i < 3; i++) unlocks.push(await unlockOnce());
  const cdp = await device.context.newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  const throttled = [];
  for (let i = 0; i < 3; i++) throttled.push(await unlockOnce());
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 1 });
  return { unlock: median(unlocks), unlockThrottled: median(throttled) };
}

async function run(server, files, demandCount, lock) {
  const device = await openDevice({ width: 1280, height: 900 });
  const { page } = device;
  try {
    await page.goto(server.url + "#/exchange");
    await waitForApp(page);
    if (lock) await turnLockOn(page);
    await page.evaluate(() => { location.hash = "#/exchange"; });
    await page.waitForSelector('[data-testid="import-file"]', LONG);
    await startWatch(page);
    const t0 = Date.now();
    if (files.length === 0) return await measureUnlock(device, page);
    await page.setInputFiles('[data-testid="import-file"]', files.map((f) => f.path));
    await page.waitForSelector('[data-testid="import-confirm"]', LONG);
    const t1 = Date.now();
    await page.click('[data-testid="import-confirm"]');
    await page.waitForSelector('[data-testid="import-result"]', LONG);
    const t2 = Date.now();
    await page.waitForFunction(
      (n) => Number(document.querySelector('[data-testid="count-demand"]')?.textContent) === n,
      demandCount,
      { ...LONG, polling: 50 }
    );
    const watch = await stopWatch(page);

    const listReady = () => document.querySelector('[data-testid="demand-row"]') !== null;
    const listMs = [];
    for (let i = 0; i < 3; i++) listMs.push(await openPage(page, "#/demands", listReady));
    // Keystroke to updated list: the count of shown demands changes.
    const searchMs = [];
    for (const query of [...QUERIES, ""]) {
      const before = await page.textContent('[data-testid="demands-shown"]');
      const a = Date.now();
      await page.fill('[data-testid="demands-search"]', query);
      await page.waitForFunction(
        (prev) => document.querySelector('[data-testid="demands-shown"]')?.textContent !== prev,
        before,
        { timeout: 60000, polling: 5 }
      ).catch(() => {});
      searchMs.push(Date.now() - a);
    }

    const unlock = lock ? await measureUnlock(device, page) : {};
    return {
      preview: t1 - t0,
      write: t2 - t1,
      total: t2 - t0,
      maxGap: watch.maxGap,
      list: median(listMs),
      search: median(searchMs),
      ...unlock,
    };
  } finally {
    await device.close();
  }
}

async function main() {
  if (process.argv.includes("--unlock-only")) {
    // The unlock alone, on a store with a few records: scripts/bench --lock --unlock-only.
    const site = copyDist();
    const server = await serve(site);
    try {
      const on = await run(server, [], 0, true);
      console.log(`unlock through the lock screen (median of 3): ${seconds(on.unlock)} unthrottled, ${seconds(on.unlockThrottled)} with 4x CPU throttle`);
    } finally {
      await server.close();
      rmSync(site, { recursive: true, force: true });
    }
    return;
  }
  const site = copyDist();
  mkdirSync(join(site, "bench"));
  const { files, made, demandCount } = generate(join(site, "bench"), {
    FILES: 70, TOTAL: 100000, COMMUNITIES: 14, MEMBERS_PER_PHONE: 1, DEMANDS_PER_PHONE: 75,
    EVENTS_PER_DEMAND: 1, DISTRICT: false,
  });
  console.log(`generated ${files.length} files, ${made} revisions, ${demandCount} demands`);
  const server = await serve(site);
  try {
    const off = await run(server, files, demandCount, false);
    const on = await run(server, files, demandCount, true);
    const row = (label, key) =>
      console.log(`${label.padEnd(46)} off ${seconds(off[key]).padStart(9)}   on ${seconds(on[key]).padStart(9)}   on/off ${ratio(on[key], off[key])}`);
    console.log("");
    row("import: preview (files picked -> preview)", "preview");
    row("import: write (confirm -> result)", "write");
    row("import: total", "total");
    row("longest frame gap during the import", "maxGap");
    row("demand list opened, first rows (median of 3)", "list");
    row(`search keystroke -> list updated (median of ${QUERIES.length + 1})`, "search");
    console.log(`unlock through the lock screen, 50,000 demands stored (median of 3): ${seconds(on.unlock)} unthrottled, ${seconds(on.unlockThrottled)} with 4x CPU throttle`);
  } finally {
    await server.close();
    rmSync(site, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error("bench failed:", err);
  process.exit(1);
});
