// The sending phone's QR frames as a camera video, for the QR hand-off's
// end-to-end test and its screenshots: a phone that records demands and
// exports what's new, the frames its canvas draws (read back as pixels), and
// a Y4M file of them that Chromium's fake capture device plays as its camera.
import { readFileSync, openSync, writeSync, closeSync } from "node:fs";
import { join } from "node:path";
import { serve, openDevice, startOffline, addCommunityAtCapture, captureDemand } from "./helpers.mjs";

const T = { timeout: 60000 };
export const TITLES = ["楼道灯坏了三个月", "小区门口积水", "独居老人需要助餐", "垃圾分类点太远"];
// The video: 640×480 at 10 frames a second, each QR frame held 3 to 5 video frames.
const W = 640, H = 480, FPS = 10, HOLD = 3;

/** Records demands on a fresh phone, exports what's new; returns the page, the file and its text. */
export async function phoneWithExport(dir) {
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
export async function grabFrames(page, extra) {
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

/**
 * Writes frames (square greyscale pictures) centred on white 640×480 as a
 * Y4M video, which Chromium's fake camera plays in a loop. With `hold` a
 * number, one pass holding each frame that many video frames. Left out, three
 * passes held 3, 4 and 5 video frames, the second in reverse order: a scanner
 * that decodes at a steady period under load (a decode of 600 ms, say) then
 * cannot fall into step with the loop and meet the same few frames on every
 * turn, as it could with one pass of equal holds.
 */
export function writeY4m(path, frames, hold) {
  const passes = hold === undefined
    ? [[frames, HOLD], [[...frames].reverse(), HOLD + 1], [frames, HOLD + 2]]
    : [[frames, hold]];
  const fd = openSync(path, "w");
  writeSync(fd, `YUV4MPEG2 W${W} H${H} F${FPS}:1 Ip A1:1 C420jpeg\n`);
  const chroma = Buffer.alloc((W / 2) * (H / 2) * 2, 128);
  for (const [pass, held] of passes) {
    for (const frame of pass) {
      const y = Buffer.alloc(W * H, 255);
      const ox = Math.floor((W - frame.side) / 2), oy = Math.floor((H - frame.side) / 2);
      for (let r = 0; r < frame.side; r++) {
        for (let c = 0; c < frame.side; c++) y[(oy + r) * W + ox + c] = frame.luma[r * frame.side + c];
      }
      for (let i = 0; i < held; i++) {
        writeSync(fd, "FRAME\n");
        writeSync(fd, y);
        writeSync(fd, chroma);
      }
    }
  }
  closeSync(fd);
}


/** Chromium flags that make `video` (a Y4M file) the camera, permission granted. */
export function fakeCameraArgs(video) {
  return [
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
    `--use-file-for-fake-video-capture=${video}`,
  ];
}
