// Benchmark of opening the app lock's key (issue 13), with the CPU slowed
// 4x through the DevTools protocol (Emulation.setCPUThrottlingRate): the
// same WebCrypto steps as `app::crypto::unlock_data_key` — PBKDF2-SHA256 at
// 600,000 iterations, AES-GCM unwrap of the 32-byte data key, its import,
// and the check value opened with it — run in headless Chromium on a
// localhost page (WebCrypto needs a secure context). Prints each run and
// the median; asserts only that every unlock opened the check value. Then
// what sealing the store would cost: N summary-sized bodies sealed and
// opened one by one, against the same bytes sealed as one batch.
//   node scripts/bench-unlock.mjs [--runs N] [--throttle R] [--rows N]
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve, openDevice } from "../tests/e2e/helpers.mjs";

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const runs = arg("--runs", 5);
const throttle = arg("--throttle", 4);

const dir = mkdtempSync(join(tmpdir(), "doorstep-bench-unlock-"));
writeFileSync(join(dir, "index.html"), "<!doctype html><title>unlock bench</title>");
const server = await serve(dir);
const device = await openDevice();
try {
  const page = device.page;
  await page.goto(server.url + "index.html");
  const cdp = await device.context.newCDPSession(page);
  // Wrap a key once, unthrottled, exactly as `new_data_key` does.
  await page.evaluate(async () => {
    const subtle = crypto.subtle;
    const rand = (n) => crypto.getRandomValues(new Uint8Array(n));
    const derive = async (pass, salt) => {
      const base = await subtle.importKey("raw", new TextEncoder().encode(pass), "PBKDF2", false, ["deriveKey"]);
      return subtle.deriveKey({ name: "PBKDF2", salt, iterations: 600000, hash: "SHA-256" }, base,
        { name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"]);
    };
    const raw = rand(32);
    const dataKey = await subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]);
    const checkIv = rand(12);
    const check = await subtle.encrypt({ name: "AES-GCM", iv: checkIv }, dataKey,
      new TextEncoder().encode("doorstep app lock check v1"));
    const salt = rand(16), iv = rand(12);
    const kek = await derive("汤边社区 horse 2026", salt);
    const wrapped = await subtle.encrypt({ name: "AES-GCM", iv }, kek, raw);
    window.__lock = { salt, iv, wrapped, checkIv, check, derive };
  });
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: throttle });
  const times = [];
  for (let i = 0; i < runs; i++) {
    const ms = await page.evaluate(async () => {
      const { salt, iv, wrapped, checkIv, check, derive } = window.__lock;
      const subtle = crypto.subtle;
      const t0 = performance.now();
      const kek = await derive("汤边社区 horse 2026", salt);
      const raw = await subtle.decrypt({ name: "AES-GCM", iv }, kek, wrapped);
      const key = await subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]);
      const plain = await subtle.decrypt({ name: "AES-GCM", iv: checkIv }, key, check);
      if (new TextDecoder().decode(plain) !== "doorstep app lock check v1") throw new Error("check failed");
      return performance.now() - t0;
    });
    times.push(ms);
    console.log(`unlock ${i + 1}/${runs} at ${throttle}x CPU throttle: ${ms.toFixed(0)} ms`);
  }
  times.sort((a, b) => a - b);
  console.log(`MEDIAN unlock (key opening) at ${throttle}x CPU throttle: ${times[Math.floor(times.length / 2)].toFixed(0)} ms`);

  // What sealing the store would cost per row: N bodies of demand-summary
  // size (about 400 bytes of JSON), each sealed and opened on its own with
  // AES-GCM, all requests in flight at once; then the same bytes as one
  // sealed batch. Same throttle.
  const rows = arg("--rows", 50000);
  const cost = await page.evaluate(async (n) => {
    const subtle = crypto.subtle;
    const key = await subtle.importKey("raw", crypto.getRandomValues(new Uint8Array(32)), "AES-GCM", false, ["encrypt", "decrypt"]);
    const body = (i) => new TextEncoder().encode(JSON.stringify({
      title: `楼道灯坏了 ${i}`, resident: "李阿姨", phone: "13900000001", address: `1号楼 1单元 ${i % 600}`,
      category: "infrastructure", urgency: "normal", status: "open", reported_on: "2026-11-29",
      latest: { kind: "status", at: "2026-11-29T08:00:00Z", hlc: "0000000001-0000-d1" }, pad: "x".repeat(120),
    }));
    const bodies = Array.from({ length: n }, (_, i) => body(i));
    const ivs = bodies.map(() => crypto.getRandomValues(new Uint8Array(12)));
    let t0 = performance.now();
    const sealed = await Promise.all(bodies.map((b, i) => subtle.encrypt({ name: "AES-GCM", iv: ivs[i] }, key, b)));
    const sealMs = performance.now() - t0;
    t0 = performance.now();
    await Promise.all(sealed.map((c, i) => subtle.decrypt({ name: "AES-GCM", iv: ivs[i] }, key, c)));
    const openMs = performance.now() - t0;
    const all = new Uint8Array(bodies.reduce((a, b) => a + b.length, 0));
    let at = 0;
    for (const b of bodies) { all.set(b, at); at += b.length; }
    const iv = crypto.getRandomValues(new Uint8Array(12));
    t0 = performance.now();
    const one = await subtle.encrypt({ name: "AES-GCM", iv }, key, all);
    await subtle.decrypt({ name: "AES-GCM", iv }, key, one);
    const batchMs = performance.now() - t0;
    return { sealMs, openMs, batchMs, bytes: all.length };
  }, rows);
  console.log(`${rows} rows (${(cost.bytes / 1e6).toFixed(1)} MB) at ${throttle}x: seal one by one ${cost.sealMs.toFixed(0)} ms, open one by one ${cost.openMs.toFixed(0)} ms, seal+open as one batch ${cost.batchMs.toFixed(0)} ms`);
} finally {
  await device.close?.();
  await server.close?.();
  rmSync(dir, { recursive: true, force: true });
}
