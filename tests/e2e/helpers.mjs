// Shared pieces of the end-to-end tests: a local server for dist/, a fresh
// headless Chromium profile per "device", and a log of every request made.
import { mkdtempSync, rmSync, cpSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { startServer } from "../../scripts/static-server.mjs";

const here = dirname(fileURLToPath(import.meta.url));
export const ROOT = resolve(here, "../..");
export const DIST = process.env.DOORSTEP_DIST ? resolve(process.env.DOORSTEP_DIST) : join(ROOT, "dist");
const require = createRequire(join(ROOT, "tools/package.json"));
const { chromium } = require("playwright-core");

export const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

/** A copy of dist/ in a temp folder, so a test can change it (a "new deploy"). */
export function copyDist() {
  const dir = mkdtempSync(join(tmpdir(), "doorstep-dist-"));
  cpSync(DIST, dir, { recursive: true });
  return dir;
}

export async function serve(dir = DIST) {
  return startServer(dir, { port: 0 });
}

/**
 * Opens a new browser profile (a separate "device") with a phone-sized window.
 * Every request any page or worker makes is recorded in `requests`.
 */
export async function openDevice({ width = 360, height = 740, args = [] } = {}) {
  const profile = mkdtempSync(join(tmpdir(), "doorstep-profile-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width, height },
    locale: "zh-CN",
    acceptDownloads: true,
    serviceWorkers: "allow",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
      ...args,
    ],
  });
  const requests = [];
  const errors = [];
  context.on("request", (request) => requests.push(request.url()));
  const page = context.pages()[0] ?? (await context.newPage());
  page.on("pageerror", (err) => errors.push(String(err)));
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(msg.text());
  });
  return {
    context,
    page,
    requests,
    errors,
    /** The profile folder (tests that scan what the browser wrote to disk). */
    profile,
    /** Closes the browser but keeps the profile folder, so it can be read. */
    async closeBrowser() {
      await context.close();
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Waits until the Yew app has mounted and opened its store. */
export async function waitForApp(page) {
  await page.waitForSelector('[data-testid="app-shell"]', { timeout: 30000 });
  await page.waitForSelector('[data-testid="page-title"]', { timeout: 30000 });
}

/** Waits until a service worker controls the page (so a reload can be served offline). */
export async function waitForServiceWorker(page) {
  await page.waitForFunction(
    async () => {
      const reg = await navigator.serviceWorker.ready;
      return Boolean(reg.active && navigator.serviceWorker.controller);
    },
    null,
    { timeout: 30000 }
  );
}

export async function title(page) {
  return (await page.textContent('[data-testid="page-title"]'))?.trim();
}

/** Requests that went anywhere but the local server (data: and blob: URLs are local). */
export function foreignRequests(requests, origin) {
  return requests.filter(
    (url) => !url.startsWith(origin) && !url.startsWith("data:") && !url.startsWith("blob:")
  );
}

/**
 * Opens the app, answers the first-start card (a name, or "later" when `name`
 * is null), waits until the service worker controls the page, then stops the
 * server: from here on the device is offline.
 */
export async function startOffline(page, server, { name = "张丽", community = "汤边社区" } = {}) {
  await page.goto(server.url);
  await waitForApp(page);
  if (name === null) {
    await page.click('[data-testid="device-later"]');
  } else {
    await page.fill('[data-testid="device-name"]', name);
    await page.fill('[data-testid="device-community"]', community);
    await page.click('[data-testid="device-save"]');
    await page.waitForSelector('[data-testid="device-setup"]', { state: "detached" });
  }
  await waitForServiceWorker(page);
  await server.close();
}

/** On a device with no communities yet: opens capture and adds one inline. */
export async function addCommunityAtCapture(page, name, street) {
  await page.click('[data-testid="tab-capture"]');
  await page.fill('[data-testid="community-name"]', name);
  await page.fill('[data-testid="community-street"]', street);
  await page.click('[data-testid="community-save"]');
  await page.waitForSelector('[data-testid="community-add"]', { state: "detached" });
}

/** Fills and saves the capture form; resolves once "saved" names this title. */
export async function captureDemand(page, { category, urgent = false, title: t, description, resident }) {
  await page.click(`[data-testid="category-${category}"]`);
  await page.click(`[data-testid="urgency-${urgent ? "urgent" : "normal"}"]`);
  await page.fill('[data-testid="capture-title"]', t);
  await page.fill('[data-testid="capture-description"]', description);
  if (resident) {
    await page.check('[data-testid="capture-consent"]');
    await page.fill('[data-testid="capture-name"]', resident.name);
    await page.fill('[data-testid="capture-phone"]', resident.phone);
    await page.fill('[data-testid="capture-address"]', resident.address);
  }
  await page.click('[data-testid="capture-save"]');
  await page.waitForSelector(`[data-testid="capture-saved"]:has-text("${t}")`);
}

/** Sets this device's role in Settings (coordinator actions need "coordinator"). */
export async function setRole(page, role) {
  await page.evaluate(() => { location.hash = "#/settings"; });
  await page.waitForSelector('[data-testid="device-role"]', { timeout: 30000 });
  await page.selectOption('[data-testid="device-role"]', role);
  await page.waitForFunction((r) => document.querySelector('[data-testid="device-role"]').value === r, role);
}
