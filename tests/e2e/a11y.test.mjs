// Accessibility: axe-core over every page, with the demo district loaded, on
// a phone (360 px) and a desktop (1280 px) window: no serious and no critical
// violation. Also the house rule axe does not check at this size: every
// button, field and navigation item is a touch target of at least 44 px.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { serve, openDevice, waitForApp, setRole, ROOT } from "./helpers.mjs";

const AXE = readFileSync(join(ROOT, "tools/node_modules/axe-core/axe.min.js"), "utf8");
const MIN_TARGET = 44;

/** Opens `hash` and waits until its page has loaded what it shows. */
async function open(page, hash) {
  await page.evaluate((h) => { location.hash = h; }, hash);
  await page.waitForSelector('[data-testid="page-title"], [data-testid="dashboard"]', { timeout: 30000 });
  await page.waitForFunction(() => !document.querySelector('[data-testid="load-loading"]'), null, { timeout: 30000 });
  // Parts that load on their own (the dashboard's cards, a list's counts).
  await page.waitForTimeout(400);
}

/** The first link on the current page whose hash starts with `prefix` (and is not `except`). */
async function firstLink(page, prefix, except = []) {
  const href = await page.evaluate(
    ({ prefix, except }) =>
      [...document.querySelectorAll("a[href]")]
        .map((a) => a.getAttribute("href"))
        .find((h) => h.startsWith(prefix) && !except.includes(h)),
    { prefix, except }
  );
  assert.ok(href, `a link to ${prefix}…`);
  return href;
}

/** axe's serious and critical violations on the page as it is. */
async function seriousViolations(page) {
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 4).map((n) => `${n.target.join(" ")} :: ${n.failureSummary?.split("\n")[1] ?? ""}`),
    }));
  });
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical");
}

/** Visible controls smaller than a finger: buttons, fields, the navigation. */
async function smallTargets(page) {
  return page.evaluate((min) => {
    const selector = [
      "button",
      "select",
      "input:not([type=hidden]):not([type=checkbox]):not([type=radio])",
      "textarea",
      "nav a",
      "a.button",
      "summary",
      "label.check",
    ].join(",");
    const out = [];
    for (const el of document.querySelectorAll(selector)) {
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (r.width === 0 || r.height === 0 || style.visibility === "hidden") continue;
      if (r.height + 0.5 < min || r.width + 0.5 < min) {
        const id = el.getAttribute("data-testid") || el.textContent.trim().slice(0, 20);
        out.push(`${el.tagName.toLowerCase()}[${id}] ${Math.round(r.width)}×${Math.round(r.height)}`);
      }
    }
    return out;
  }, MIN_TARGET);
}

test("every page has no serious or critical axe violation at 360 px and 1280 px", { timeout: 600000 }, async () => {
  const server = await serve();
  const device = await openDevice();
  const { page, context } = device;
  // Added through the debugging protocol, so the app's Content-Security-Policy
  // (which allows only its own scripts) does not apply to it.
  await context.addInitScript({ content: AXE });
  try {
    await page.goto(server.url);
    await waitForApp(page);
    await page.click('[data-testid="device-later"]');
    await setRole(page, "coordinator");
    await page.click('[data-testid="demo-load"]');
    await page.waitForSelector('[data-testid="demo-done"]', { timeout: 60000 });

    // The pages, with a record of each kind for the detail pages.
    const pages = [
      "#/", "#/capture", "#/demands", "#/doors", "#/members", "#/members/new", "#/communities",
      "#/topics", "#/activities", "#/activities/new", "#/outcomes", "#/outcomes/new", "#/points",
      "#/exchange", "#/conflicts", "#/settings", "#/more",
      // The seed's modules (issue 18) and honours (issue 19).
      "#/consultations", "#/consultations/new", "#/legal", "#/library", "#/info", "#/notice", "#/honours",
    ];
    await open(page, "#/consultations");
    pages.push(await firstLink(page, "#/consultations/", ["#/consultations/new"]));
    await open(page, "#/notice");
    const community = await page.evaluate(() =>
      [...document.querySelectorAll('[data-testid="notice-community"] option')].map((o) => o.value).find((v) => v)
    );
    assert.ok(community, "a community to show the notice of");
    pages.push(`#/notice/${community}`);
    await open(page, "#/demands");
    pages.push(await firstLink(page, "#/demands/"));
    await open(page, "#/members");
    const member = await firstLink(page, "#/members/", ["#/members/new"]);
    pages.push(member, `${member}/edit`);
    await open(page, "#/topics");
    pages.push(await firstLink(page, "#/topics/"));
    await open(page, "#/activities");
    pages.push(await firstLink(page, "#/activities/", ["#/activities/new"]));
    await open(page, "#/outcomes");
    pages.push(await firstLink(page, "#/outcomes/", ["#/outcomes/new"]));
    await open(page, "#/doors");
    const walk = await firstLink(page, "#/walk/");
    pages.push(walk);
    await open(page, walk);
    await page.click('[data-testid="door"]');
    await page.waitForSelector('[data-testid="open-household"]');
    pages.push(await firstLink(page, "#/households/"));

    const failures = [];
    for (const width of [360, 1280]) {
      await page.setViewportSize({ width, height: width === 360 ? 740 : 900 });
      for (const hash of pages) {
        await open(page, hash);
        for (const v of await seriousViolations(page)) {
          failures.push(`${width}px ${hash} ${v.impact} ${v.id} (${v.help}):\n    ${v.nodes.join("\n    ")}`);
        }
        if (width === 360) {
          const small = await smallTargets(page);
          if (small.length > 0) failures.push(`${width}px ${hash} touch targets under ${MIN_TARGET}px: ${small.join(", ")}`);
        }
      }
    }
    // The QR hand-off screens (issue 14): the animated codes shown after an
    // export, and the scanner (its video, or what it says without a camera).
    for (const width of [360, 1280]) {
      await page.setViewportSize({ width, height: width === 360 ? 740 : 900 });
      await open(page, "#/exchange");
      await Promise.all([page.waitForEvent("download", { timeout: 30000 }), page.click('[data-testid="export-delta"]')]);
      await page.click('[data-testid="export-qr"]');
      await page.waitForSelector('[data-testid="qr-show"]', { timeout: 30000 });
      await page.waitForTimeout(400);
      for (const v of await seriousViolations(page)) {
        failures.push(`${width}px QR codes ${v.impact} ${v.id} (${v.help}):\n    ${v.nodes.join("\n    ")}`);
      }
      if (width === 360) {
        const small = await smallTargets(page);
        if (small.length > 0) failures.push(`${width}px QR codes touch targets under ${MIN_TARGET}px: ${small.join(", ")}`);
      }
      await page.click('[data-testid="qr-close"]');
      await page.click('[data-testid="import-qr"]');
      await page.waitForSelector('[data-testid="qr-video"], [data-testid="qr-scan-error"]', { timeout: 30000 });
      await page.waitForTimeout(400);
      for (const v of await seriousViolations(page)) {
        failures.push(`${width}px QR scanner ${v.impact} ${v.id} (${v.help}):\n    ${v.nodes.join("\n    ")}`);
      }
    }
    // District sync (issue 16): the card switched on, with its sign-in form
    // and an error shown (this server has no sync server behind /couchdb/).
    for (const width of [360, 1280]) {
      await page.setViewportSize({ width, height: width === 360 ? 740 : 900 });
      await open(page, "#/settings");
      await page.waitForSelector('[data-testid="sync-card"]');
      if (!(await page.isChecked('[data-testid="sync-enabled"]'))) {
        await page.fill('[data-testid="sync-target"]', "/couchdb/doorstep-gulou");
        await page.check('[data-testid="sync-enabled"]');
      }
      await page.click('[data-testid="sync-now"]');
      await page.waitForSelector('[data-testid="sync-error"]', { timeout: 30000 });
      for (const v of await seriousViolations(page)) {
        failures.push(`${width}px sync card ${v.impact} ${v.id} (${v.help}):\n    ${v.nodes.join("\n    ")}`);
      }
      if (width === 360) {
        const small = await smallTargets(page);
        if (small.length > 0) failures.push(`${width}px sync card touch targets under ${MIN_TARGET}px: ${small.join(", ")}`);
      }
    }
    assert.deepEqual(failures, [], `\n${failures.join("\n")}`);
  } finally {
    await device.close();
    await server.close();
  }
});

test("the app lock's screens have no serious or critical axe violation at 360 px and 1280 px", { timeout: 240000 }, async () => {
  const server = await serve();
  const device = await openDevice();
  const { page, context } = device;
  await context.addInitScript({ content: AXE });
  const failures = [];
  const check = async (what, width) => {
    await page.waitForTimeout(300);
    for (const v of await seriousViolations(page)) {
      failures.push(`${width}px ${what} ${v.impact} ${v.id} (${v.help}):\n    ${v.nodes.join("\n    ")}`);
    }
    if (width === 360) {
      const small = await smallTargets(page);
      if (small.length > 0) failures.push(`${width}px ${what} touch targets under ${MIN_TARGET}px: ${small.join(", ")}`);
    }
  };
  const pass = "lantern-harbour-42";
  try {
    await page.goto(server.url);
    await waitForApp(page);
    await check("first-start card with the lock offer", 360);
    await page.click('[data-testid="device-later"]');
    for (const width of [360, 1280]) {
      await page.setViewportSize({ width, height: width === 360 ? 740 : 900 });
      await open(page, "#/settings");
      await page.waitForSelector('[data-testid="lock-card"][data-state="off"]');
      await page.click('[data-testid="lock-setup"]');
      // The form with a problem shown under a field.
      await page.fill('[data-testid="lock-passphrase"]', "123");
      await page.fill('[data-testid="lock-passphrase-again"]', "123");
      await page.click('[data-testid="lock-save"]');
      await page.waitForSelector('[data-testid="lock-passphrase-error"]');
      await check("lock card, form open", width);
      await page.fill('[data-testid="lock-passphrase"]', pass);
      await page.fill('[data-testid="lock-passphrase-again"]', pass);
      await page.click('[data-testid="lock-save"]');
      await page.waitForSelector('[data-testid="lock-is-on"]', { timeout: 60000 });
      await check("lock card, on", width);
      await page.click('[data-testid="lock-now"]');
      await page.waitForSelector('[data-testid="lock-screen"]');
      await page.fill('[data-testid="unlock-passphrase"]', "wrong-passphrase");
      await page.click('[data-testid="unlock-submit"]');
      await page.waitForSelector('[data-testid="unlock-error"]');
      await check("lock screen with an error", width);
      await page.click('[data-testid="lock-forgot"]');
      await page.waitForSelector('[data-testid="lock-unexported"]');
      await check("forgotten passphrase", width);
      await page.click('[data-testid="erase-cancel"]');
      await page.fill('[data-testid="unlock-passphrase"]', pass);
      await page.click('[data-testid="unlock-submit"]');
      await page.waitForSelector('[data-testid="lock-screen"]', { state: "detached", timeout: 30000 });
      await open(page, "#/settings");
      await page.fill('[data-testid="lock-off-passphrase"]', pass);
      await page.click('[data-testid="lock-off"]');
      await page.waitForSelector('[data-testid="lock-card"][data-state="off"]', { timeout: 60000 });
    }
    assert.deepEqual(failures, [], `\n${failures.join("\n")}`);
  } finally {
    await device.close();
    await server.close();
  }
});
