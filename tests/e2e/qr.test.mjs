// QR hand-off and the share sheet, end to end. A representative's phone
// records demands offline, exports what's new and shows it as animated QR
// codes; the frames it draws are written to a Y4M video, which a second
// Chromium profile uses as its camera (Chromium's fake capture device). That
// profile scans, previews and imports: the ledger holds the very bundle the
// phone exported and the demands are listed. A second video with one frame
// damaged still completes, that frame ignored. "Send…" appears only where
// navigator.canShare says the file can be shared.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync, rmSync, openSync, writeSync, closeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve, openDevice, waitForApp, startOffline, addCommunityAtCapture, captureDemand } from "./helpers.mjs";

const T = { timeout: 60000 };
const TITLES = ["楼道灯坏了三个月", "小区门口积水", "独居老人需要助餐", "垃圾分类点太远"];
// The video: 640×480 at 10 frames a second, each QR frame held 3 video frames.
const W = 640, H = 480, FPS = 10, HOLD = 3;

/** Records demands on a fresh phone, exports what's new; returns the page, the file and its text. */
async function phoneWithExport(dir) {
  const server = await serve();
  const phone = await openDevice();
  const { page } = phone;
  await startOffline(page, server, { name: "王芳", community: "汤边社区" });
  await addCommunityAtCapture(page, "汤边社区", "温泉街道");
  for (const [i, t] of TITLES.entries()) {
    await captureDemand(page, {
      category: "livable_homes",
      title: t,
      description: `第${i + 1}户反映：${t}，希望社区尽快协调处理。`,
      resident: { name: `居民${i + 1}`, phone: `1380000000${i}`, address: `温泉街道汤边社区${i + 3}号楼` },
    });
  }
  await page.evaluate(() => { location.hash = "#/exchange"; });
  await page.waitForSelector('[data-testid="export-last"]', T);
  const [download] = await Promise.all([page.waitForEvent("download", T), page.click('[data-testid="export-delta"]')]);
  const path = join(dir, download.suggestedFilename());
  await download.saveAs(path);
  await page.waitForSelector('[data-testid="export-done"]', T);
  return { phone, page, text: readFileSync(path, "utf8"), name: download.suggestedFilename() };
}

/** Shows the QR codes and grabs `count` distinct frames' pixels as greyscale. */
async function grabFrames(page, extra) {
  await page.click('[data-testid="export-qr"]');
  await page.waitForSelector('[data-testid="qr-canvas"]', T);
  const k = Number(await page.getAttribute('[data-testid="qr-canvas"]', "data-fragments"));
  const frames = new Map();
  while (frames.size < k + extra) {
    const grabbed = await page.evaluate(() => {
      const c = document.querySelector('[data-testid="qr-canvas"]');
      if (!c || c.width === 0) return null;
      const rgba = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
      const luma = new Array(c.width * c.height);
      for (let i = 0; i < luma.length; i++) luma[i] = rgba[i * 4];
      return { index: Number(c.dataset.frame), side: c.width, luma };
    });
    if (grabbed && !frames.has(grabbed.index)) frames.set(grabbed.index, grabbed);
    await page.waitForTimeout(40);
  }
  return { k, frames: [...frames.values()].sort((a, b) => a.index - b.index) };
}

/** Writes frames (square greyscale pictures) centred on white 640×480 as a Y4M video. */
function writeY4m(path, frames) {
  const fd = openSync(path, "w");
  writeSync(fd, `YUV4MPEG2 W${W} H${H} F${FPS}:1 Ip A1:1 C420jpeg\n`);
  const chroma = Buffer.alloc((W / 2) * (H / 2) * 2, 128);
  for (const frame of frames) {
    const y = Buffer.alloc(W * H, 255);
    const ox = Math.floor((W - frame.side) / 2), oy = Math.floor((H - frame.side) / 2);
    for (let r = 0; r < frame.side; r++) {
      for (let c = 0; c < frame.side; c++) y[(oy + r) * W + ox + c] = frame.luma[r * frame.side + c];
    }
    for (let i = 0; i < HOLD; i++) {
      writeSync(fd, "FRAME\n");
      writeSync(fd, y);
      writeSync(fd, chroma);
    }
  }
  closeSync(fd);
}

/** A coordinator whose camera plays `video`: scans, previews, imports; returns its page. */
async function scanAndImport(video) {
  const server = await serve();
  const desk = await openDevice({
    args: [
      "--use-fake-device-for-media-stream",
      "--use-fake-ui-for-media-stream",
      `--use-file-for-fake-video-capture=${video}`,
    ],
  });
  const { page } = desk;
  await startOffline(page, server, { name: "社区工作站", community: "汤边社区" });
  await page.evaluate(() => { location.hash = "#/exchange"; });
  await page.click('[data-testid="import-qr"]');
  await page.waitForSelector('[data-testid="qr-video"]', T);
  await page.waitForSelector('[data-testid="import-preview"]', { timeout: 90000 });
  assert.ok(await page.isVisible('[data-testid="qr-scan-complete"]'));
  await page.click('[data-testid="import-confirm"]');
  await page.waitForSelector('[data-testid="import-result"]', T);
  return desk;
}

async function assertArrived(page, text) {
  // The ledger names the very bundle the phone exported, by its digest.
  const digest = JSON.parse(text).digest;
  await page.waitForSelector(`[data-testid="ledger-entry"][data-digest="${digest}"]`, T);
  await page.evaluate(() => { location.hash = "#/demands"; });
  await page.waitForSelector('[data-testid="demand-row"]', T);
  const rows = await page.locator('[data-testid="demand-row"]').allTextContents();
  for (const t of TITLES) assert.ok(rows.some((r) => r.includes(t)), `${t} arrived`);
  assert.equal(rows.length, TITLES.length);
}

test("a bundle shown as QR codes is scanned by another device's camera and imported exactly", { timeout: 600000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "doorstep-qr-"));
  const { phone, page, text } = await phoneWithExport(dir);
  const { k, frames } = await grabFrames(page, 4);
  // The phone says how many frames one pass has and how fast they change.
  assert.equal(Number(await page.textContent('[data-testid="qr-count"]')), k);
  assert.equal(await page.textContent('[data-testid="qr-rate"]'), "5");
  await page.screenshot({ path: join(dir, "qr-show.png") });
  await phone.close();

  // Video 1: every frame. Video 2: the first frame damaged beyond reading.
  const clean = join(dir, "clean.y4m");
  writeY4m(clean, frames);
  const damaged = join(dir, "damaged.y4m");
  const broken = { ...frames[0], luma: frames[0].luma.slice() };
  for (let r = Math.floor(broken.side / 3); r < Math.floor((broken.side * 2) / 3); r++) {
    for (let c = 0; c < broken.side; c++) broken.luma[r * broken.side + c] = 0;
  }
  writeY4m(damaged, [broken, ...frames.slice(1)]);

  for (const video of [clean, damaged]) {
    const desk = await scanAndImport(video);
    await assertArrived(desk.page, text);
    await desk.close();
  }
  rmSync(dir, { recursive: true, force: true });
});

test("the camera's refusal is said plainly in the page's language", { timeout: 120000 }, async () => {
  const server = await serve();
  // No fake device and no permission: getUserMedia is refused or finds nothing.
  const desk = await openDevice();
  const { page } = desk;
  await startOffline(page, server, { name: "社区工作站", community: "汤边社区" });
  await page.evaluate(() => { location.hash = "#/exchange"; });
  await page.click('[data-testid="import-qr"]');
  const error = await page.waitForSelector('[data-testid="qr-scan-error"]', T);
  assert.ok(["denied", "none", "unsupported"].includes(await error.getAttribute("data-code")));
  assert.match(await error.textContent(), /摄像头|浏览器/);
  await desk.close();
});

test("Send… appears only where the browser can share the file", { timeout: 300000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "doorstep-share-"));
  const { phone, page, name } = await phoneWithExport(dir);
  // This Chromium cannot share files: the export downloaded, no "Send…".
  assert.equal(await page.isVisible('[data-testid="export-share"]'), false);
  await page.waitForSelector('[data-testid="export-qr"]', T);
  // A browser that can: navigator.canShare/share stubbed, the export again.
  await page.evaluate(() => {
    window.__shared = [];
    navigator.canShare = (data) => Array.isArray(data?.files) && data.files.length === 1;
    navigator.share = async (data) => { window.__shared.push({ name: data.files[0].name, size: data.files[0].size }); };
  });
  const [download] = await Promise.all([page.waitForEvent("download", T), page.click('[data-testid="export-full"]')]);
  await page.waitForSelector('[data-testid="export-share"]', T);
  // A full bundle is for files: no QR codes offered.
  assert.equal(await page.isVisible('[data-testid="export-qr"]'), false);
  await page.click('[data-testid="export-share"]');
  await page.waitForFunction(() => window.__shared.length === 1, null, T);
  const shared = await page.evaluate(() => window.__shared[0]);
  assert.equal(shared.name, download.suggestedFilename());
  assert.notEqual(shared.name, name);
  // canShare says no: the button goes with the next export.
  await page.evaluate(() => { navigator.canShare = () => false; });
  await Promise.all([page.waitForEvent("download", T), page.click('[data-testid="export-delta"]')]);
  await page.waitForSelector('[data-testid="export-qr"]', T);
  assert.equal(await page.isVisible('[data-testid="export-share"]'), false);
  await phone.close();
  rmSync(dir, { recursive: true, force: true });
});
