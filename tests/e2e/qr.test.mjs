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
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve, openDevice, startOffline } from "./helpers.mjs";
import { TITLES, phoneWithExport, grabFrames, writeY4m, fakeCameraArgs } from "./qr-video.mjs";

const T = { timeout: 60000 };

/** A coordinator whose camera plays `video`: scans, previews, imports; returns its page. */
async function scanAndImport(video) {
  const server = await serve();
  const desk = await openDevice({
    args: fakeCameraArgs(video),
  });
  const { page } = desk;
  try {
    await startOffline(page, server, { name: "社区工作站", community: "汤边社区" });
    await page.evaluate(() => { location.hash = "#/exchange"; });
    await page.click('[data-testid="import-qr"]');
    await page.waitForSelector('[data-testid="qr-video"]', T);
    // The preview, or whatever stopped the scan before it: said in the
    // failure, so a scan that fails under load shows how far it got.
    const ends = ['import-preview', 'qr-scan-error', 'import-error'].map((id) => `[data-testid="${id}"]`).join(", ");
    await page.waitForSelector(ends, { timeout: 120000 }).catch(() => null);
    if (!(await page.isVisible('[data-testid="import-preview"]'))) {
      const said = await page.evaluate(() => ["qr-scan-status", "qr-scan-damaged", "qr-scan-other", "qr-scan-error", "import-error"]
        .map((id) => `${id}: ${document.querySelector(`[data-testid="${id}"]`)?.textContent ?? "-"}`).join("; "));
      assert.fail(`no import preview after the scan (${said})`);
    }
    assert.ok(await page.isVisible('[data-testid="qr-scan-complete"]'));
    await page.click('[data-testid="import-confirm"]');
    await page.waitForSelector('[data-testid="import-result"]', T);
  } catch (err) {
    // A failure must not leave the browser open: the test file would never exit.
    await desk.close().catch(() => {});
    await server.close().catch(() => {});
    throw err;
  }
  const close = desk.close.bind(desk);
  desk.close = async () => {
    await close();
    await server.close().catch(() => {});
  };
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
