// Takes the README's screenshots at 360×740 (phone) in Chinese, from dist/ with
// the demo district loaded (the walk view of a half-walked building too, a decision
// consultation, the community notice, the legal library, a talk day's decision), and the
// dashboard on Home at 360×740 and 1280×800; then the QR hand-off: a phone showing QR codes
// and a second device scanning them.
// Usage: node scripts/screenshots.mjs (after scripts/build; DOORSTEP_DIST=<dir>
// takes them from another build).
import { join } from "node:path";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { serve, openDevice, waitForApp, startOffline, ROOT } from "../tests/e2e/helpers.mjs";
import { phoneWithExport, grabFrames, writeY4m, fakeCameraArgs } from "../tests/e2e/qr-video.mjs";

const out = (name) => join(ROOT, "docs/screenshots", name);
const server = await serve();
const device = await openDevice({ width: 360, height: 740 });
const { page } = device;
try {
  await page.goto(server.url);
  await waitForApp(page);
  await page.fill('[data-testid="device-name"]', "张丽");
  await page.fill('[data-testid="device-community"]', "汤边社区");
  await page.click('[data-testid="device-save"]');
  await page.click('[data-testid="demo-load"]');
  await page.waitForSelector('[data-testid="demo-done"]', { timeout: 60000 });

  await page.goto(server.url + "#/capture");
  await page.waitForSelector('[data-testid="capture-form"]');
  await page.click('[data-testid="category-livable_homes"]');
  await page.fill('[data-testid="capture-title"]', "3号楼楼道灯不亮");
  await page.fill('[data-testid="capture-description"]', "晚上老人上下楼看不见，已经坏了两周。");
  await page.check('[data-testid="capture-consent"]');
  await page.fill('[data-testid="capture-name"]', "王阿姨");
  await page.screenshot({ path: out("capture.png") });

  await page.goto(server.url + "#/demands");
  await page.waitForSelector('[data-testid="demand-row"]');
  await page.screenshot({ path: out("demands.png") });

  await page.fill('[data-testid="demands-search"]', "漏水");
  await page.waitForSelector('[data-testid="demand-row"]');
  await page.click('[data-testid="demand-row"]');
  await page.waitForSelector('[data-testid="demand-timeline"]');
  await page.screenshot({ path: out("demand.png"), fullPage: false });

  // The walk view of the demo's first compound: a half-walked building at
  // 360×740, then the same with a door tapped (the outcome sheet).
  await page.goto(server.url + "#/doors");
  await page.click('[data-testid="building-row"][data-building="2号楼"] [data-testid="walk-link"]');
  await page.waitForSelector('[data-testid="door"][data-outcome="none"]');
  await page.locator('[data-testid="page-walk"] [data-testid="page-title"]').evaluate((el) => {
    el.scrollIntoView();
    window.scrollBy(0, -(document.querySelector("header")?.offsetHeight ?? 0) - 8);
  });
  await page.screenshot({ path: out("walk.png") });
  await page.click('[data-testid="walk-next"]');
  await page.waitForSelector('[data-testid="door-sheet"]');
  await page.screenshot({ path: out("walk-door.png") });

  // A decision (民事民定): the demo's talk day on the 汤边 square, reached
  // from the outcome it started, scrolled to its vote.
  await page.goto(server.url + "#/outcomes");
  await page.click('[data-testid="outcome-row"]:has-text("睦邻广场")');
  await page.click('[data-testid="outcome-decision"] a');
  await page.waitForSelector('[data-testid="decision"]');
  await page.locator('[data-testid="activity-decisions"]').evaluate((el) => {
    el.scrollIntoView();
    window.scrollBy(0, -(document.querySelector("header")?.offsetHeight ?? 0) - 8);
  });
  await page.screenshot({ path: out("decision.png") });
  // The seed's modules: a decision consultation with its responses, the
  // community notice (晒事) and the legal-knowledge library.
  await page.goto(server.url + "#/consultations");
  await page.locator('[data-testid="consultation-row"]', { hasText: "旅游" }).first().click();
  await page.waitForSelector('[data-testid="consultation-response"]');
  await page.screenshot({ path: out("consultation.png") });
  await page.goto(server.url + "#/notice");
  await page.waitForSelector('[data-testid="notice-sheet"]');
  await page.screenshot({ path: out("notice.png") });
  await page.goto(server.url + "#/library");
  await page.waitForSelector('[data-testid="library-article"]');
  await page.fill('[data-testid="library-search"]', "漏水");
  await page.click('[data-testid="library-article"] summary');
  await page.screenshot({ path: out("library.png") });

  // The dashboard on Home, scrolled to its first chart (below the sticky
  // header), phone then desktop.
  for (const [name, size] of [
    ["dashboard-360.png", { width: 360, height: 740 }],
    ["dashboard-1280.png", { width: 1280, height: 800 }],
  ]) {
    await page.setViewportSize(size);
    await page.goto(server.url + "#/");
    await page.waitForSelector('[data-testid="chart-demands-by-month"]');
    await page.locator('[data-testid="chart-demands-by-month"]').evaluate((el) => {
      el.closest(".card").scrollIntoView();
      window.scrollBy(0, -(document.querySelector("header")?.offsetHeight ?? 0) - 8);
    });
    await page.screenshot({ path: out(name) });
  }
} finally {
  await device.close();
  await server.close();
}

// The QR hand-off: a phone showing a day's delta as QR codes, and a second
// device scanning them through Chromium's fake camera (a video of the very
// frames the phone drew, each held a second so the progress shows mid-way).
const dir = mkdtempSync(join(tmpdir(), "doorstep-qr-shots-"));
try {
  const { phone, page: phonePage } = await phoneWithExport(dir);
  const { frames } = await grabFrames(phonePage, 2);
  await phonePage.screenshot({ path: out("qr-show.png") });
  await phone.close();
  const video = join(dir, "frames.y4m");
  writeY4m(video, frames, 10);
  const deskServer = await serve();
  const desk = await openDevice({ width: 360, height: 740, args: fakeCameraArgs(video) });
  try {
    await startOffline(desk.page, deskServer, { name: "社区工作站", community: "汤边社区" });
    await desk.page.evaluate(() => { location.hash = "#/exchange"; });
    await desk.page.click('[data-testid="import-qr"]');
    await desk.page.waitForFunction(() => Number(document.querySelector('[data-testid="qr-scan-have"]')?.textContent) >= 1, null, { timeout: 60000 });
    await desk.page.locator('[data-testid="qr-scan"]').evaluate((el) => {
      el.scrollIntoView();
      window.scrollBy(0, -(document.querySelector("header")?.offsetHeight ?? 0) - 8);
    });
    await desk.page.screenshot({ path: out("qr-scan.png") });
  } finally {
    await desk.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log("screenshots written to docs/screenshots/");
