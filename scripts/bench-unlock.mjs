// Benchmark of opening the app lock's key (issue 13), with the CPU slowed
// 4x through the DevTools protocol (Emulation.setCPUThrottlingRate): the
// same WebCrypto steps as `app::crypto::unlock_data_key` — PBKDF2-SHA256 at
// 600,000 iterations, AES-GCM unwrap of the 32-byte data key, its import,
// and the check value opened with it — run in headless Chromium on a
// localhost page (WebCrypto needs a secure context). Prints each run and
// the median; asserts only that every unlock opened the check value.
//   node scripts/bench-unlock.mjs [--runs N] [--throttle R]
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
} finally {
  await device.close?.();
  await server.close?.();
  rmSync(dir, { recursive: true, force: true });
}
