// The app lock's screens, driven like a person on a 360 px phone (issue 13):
// turning it on in Settings, locking from the header (nothing personal left
// in the page), a wrong passphrase, unlocking, a capture draft kept across a
// lock, changing the passphrase, the idle lock, turning it off; and, on a
// second device, the wait after 5 wrong tries and the forgotten passphrase's
// erase. What the store seals on disk is the profile scan's business.
import { test } from "node:test";
import assert from "node:assert/strict";
import { serve, openDevice, startOffline, addCommunityAtCapture, captureDemand, waitForApp } from "./helpers.mjs";

const T = { timeout: 30000 };
const PASS = "lantern-harbour-42";
const NEW_PASS = "571935";
const RESIDENT = { name: "司马秋菊", phone: "13700001234", address: "汤边路银杏里9号" };

async function go(page, hash) {
  await page.evaluate((h) => { location.hash = h; }, hash);
}

async function turnLockOn(page, pass) {
  await go(page, "#/settings");
  await page.waitForSelector('[data-testid="lock-setup"], [data-testid="lock-passphrase"]', T);
  if (await page.locator('[data-testid="lock-setup"]').count()) await page.click('[data-testid="lock-setup"]');
  await page.fill('[data-testid="lock-passphrase"]', pass);
  await page.fill('[data-testid="lock-passphrase-again"]', pass);
  await page.click('[data-testid="lock-save"]');
  await page.waitForSelector('[data-testid="lock-is-on"]', { timeout: 60000 });
  assert.match(await page.textContent('[data-testid="lock-status"]'), /应用锁已开启/);
}

async function lockNow(page) {
  await page.click('[data-testid="lock-now"]');
  await page.waitForSelector('[data-testid="lock-screen"]', T);
}

async function unlock(page, pass) {
  await page.fill('[data-testid="unlock-passphrase"]', pass);
  await page.click('[data-testid="unlock-submit"]');
  await page.waitForSelector('[data-testid="lock-screen"]', { state: "detached", timeout: 30000 });
}

/** Tries a passphrase that must be refused; resolves with the message shown. */
async function refused(page, pass) {
  const before = await page.$eval('[data-testid="unlock-error"]', (e) => e.textContent).catch(() => null);
  await page.fill('[data-testid="unlock-passphrase"]', pass);
  await page.click('[data-testid="unlock-submit"]');
  // Each answer replaces the alert; wait until this try's answer is in (the button is enabled again).
  await page.waitForFunction(
    (prev) => {
      const button = document.querySelector('[data-testid="unlock-submit"]');
      const alert = document.querySelector('[data-testid="unlock-error"]');
      return button && !button.disabled && alert && (alert.textContent !== prev || !document.querySelector('[data-testid="unlock-busy"]'));
    },
    before,
    T
  );
  assert.equal(await page.locator('[data-testid="lock-screen"]').count(), 1, "still locked");
  return (await page.textContent('[data-testid="unlock-error"]')).trim();
}

test("the app lock: on, lock, wrong passphrase, unlock, draft, change, idle lock, off", { timeout: 300000 }, async () => {
  const server = await serve();
  const device = await openDevice();
  const { page } = device;
  try {
    await startOffline(page, server);
    await addCommunityAtCapture(page, "汤边社区", "温泉街道");

    // The first-start card offered the lock; Settings explains it and its form checks what is typed.
    await go(page, "#/settings");
    await page.waitForSelector('[data-testid="lock-card"][data-state="off"]', T);
    assert.equal(await page.locator('[data-testid="lock-now"]').count(), 0, "no lock button while the lock is off");
    await page.click('[data-testid="lock-setup"]');
    await page.fill('[data-testid="lock-passphrase"]', PASS);
    await page.fill('[data-testid="lock-passphrase-again"]', PASS + "x");
    await page.click('[data-testid="lock-save"]');
    await page.waitForSelector('[data-testid="lock-passphrase-again-error"]', T);
    assert.match(await page.textContent('[data-testid="lock-passphrase-again-error"]'), /不一致/);
    assert.equal(await page.locator('[data-testid="lock-card"][data-state="off"]').count(), 1);
    await turnLockOn(page, PASS);

    // A demand with a resident, captured while the lock is on.
    await page.click('[data-testid="tab-capture"]');
    await captureDemand(page, {
      category: "dispute_mediation",
      title: "楼道灯坏了三个月",
      description: "晚上老人下楼看不见台阶",
      resident: RESIDENT,
    });
    await go(page, "#/demands");
    await page.click('[data-testid="demand-row"]:has-text("楼道灯坏了三个月")');
    await page.waitForSelector(`text=${RESIDENT.name}`, T);

    // Locked from the header: nothing personal is left in the page, and the navigation is gone.
    await lockNow(page);
    const html = await page.content();
    for (const secret of [RESIDENT.name, RESIDENT.phone, "楼道灯坏了三个月", "张丽"]) {
      assert.ok(!html.includes(secret), `the locked page holds no "${secret}"`);
    }
    assert.equal(await page.locator('[data-testid="tab-home"]').count(), 0, "no navigation while locked");
    assert.equal(await page.locator('[data-testid="lock-now"]').count(), 0);

    // A wrong passphrase says so; the right one brings the demand back.
    assert.match(await refused(page, "not-the-passphrase"), /口令不对/);
    await unlock(page, PASS);
    await page.waitForSelector(`text=${RESIDENT.name}`, T);
    await go(page, "#/demands");
    await page.waitForSelector('[data-testid="demand-row"]:has-text("楼道灯坏了三个月")', T);

    // An unfinished capture survives a lock, typed up to the last key.
    await page.click('[data-testid="tab-capture"]');
    await page.waitForSelector('[data-testid="capture-title"]', T);
    await page.fill('[data-testid="capture-title"]', "草稿：井盖松动");
    await page.fill('[data-testid="capture-description"]', "三号楼门口井盖一踩就晃");
    await lockNow(page);
    assert.ok(!(await page.content()).includes("井盖"), "the draft is not in the locked page");
    await unlock(page, PASS);
    await go(page, "#/demands");
    await page.click('[data-testid="tab-capture"]');
    await page.waitForSelector('[data-testid="capture-title"]', T);
    assert.equal(await page.inputValue('[data-testid="capture-title"]'), "草稿：井盖松动");
    assert.equal(await page.inputValue('[data-testid="capture-description"]'), "三号楼门口井盖一踩就晃");

    // Changing the passphrase: a wrong old one is refused, then the old one no longer opens, the new one does.
    await go(page, "#/settings");
    await page.fill('[data-testid="lock-old-passphrase"]', "wrong-old-passphrase");
    await page.fill('[data-testid="lock-new-passphrase"]', NEW_PASS);
    await page.fill('[data-testid="lock-new-passphrase-again"]', NEW_PASS);
    await page.click('[data-testid="lock-change-save"]');
    await page.waitForSelector('[data-testid="lock-error"]', T);
    assert.match(await page.textContent('[data-testid="lock-error"]'), /口令不对/);
    await page.fill('[data-testid="lock-old-passphrase"]', PASS);
    await page.click('[data-testid="lock-change-save"]');
    await page.waitForSelector('[data-testid="lock-status"]:has-text("口令已修改")', T);
    await lockNow(page);
    assert.match(await refused(page, PASS), /口令不对/);
    await unlock(page, NEW_PASS);

    // The idle lock: one minute without a touch locks the app by itself.
    await go(page, "#/settings");
    await page.selectOption('[data-testid="lock-idle"]', "1");
    await page.waitForSelector('[data-testid="lock-status"]:has-text("自动锁定")', T);
    await page.waitForSelector('[data-testid="lock-screen"]', { timeout: 100000 });
    assert.ok(!(await page.content()).includes(RESIDENT.name));
    await unlock(page, NEW_PASS);

    // Turning it off: the data is still there, the lock button is gone, a reload opens straight in.
    await go(page, "#/settings");
    await page.fill('[data-testid="lock-off-passphrase"]', NEW_PASS);
    await page.click('[data-testid="lock-off"]');
    await page.waitForSelector('[data-testid="lock-status"]:has-text("应用锁已关闭")', { timeout: 60000 });
    await page.waitForSelector('[data-testid="lock-card"][data-state="off"]', T);
    assert.equal(await page.locator('[data-testid="lock-now"]').count(), 0);
    await page.reload();
    await waitForApp(page);
    assert.equal(await page.locator('[data-testid="lock-screen"]').count(), 0);
    await go(page, "#/demands");
    await page.waitForSelector('[data-testid="demand-row"]:has-text("楼道灯坏了三个月")', T);
    assert.deepEqual(device.errors.filter((e) => !/favicon/.test(e)), []);
  } finally {
    await device.close();
    await server.close();
  }
});

test("the app lock: waits after 5 wrong tries; a forgotten passphrase erases this phone's data", { timeout: 180000 }, async () => {
  const server = await serve();
  const device = await openDevice();
  const { page } = device;
  try {
    await startOffline(page, server);
    await addCommunityAtCapture(page, "汤边社区", "温泉街道");
    await page.click('[data-testid="tab-capture"]');
    await captureDemand(page, { category: "dispute_mediation", title: "电梯常停", description: "十八楼老人下不了楼" });
    await turnLockOn(page, PASS);

    // Locked at the next start too: a reload opens on the lock screen.
    await page.reload();
    await page.waitForSelector('[data-testid="lock-screen"]', T);
    // The lock screen speaks the chosen language and remembers a switch (kept in the clear).
    await page.click('[data-testid="lang-toggle"]');
    await page.waitForSelector('[data-testid="lock-screen"] h1:has-text("The app is locked")', T);
    await page.waitForTimeout(500);
    await page.reload();
    await page.waitForSelector('[data-testid="lock-screen"] h1:has-text("The app is locked")', T);
    await page.click('[data-testid="lang-toggle"]');
    await page.waitForSelector('[data-testid="lock-screen"] h1:has-text("应用已锁定")', T);

    for (let i = 1; i <= 4; i++) {
      const text = await refused(page, `wrong-${i}-passphrase`);
      assert.match(text, /口令不对/, `try ${i}`);
    }
    assert.match(await refused(page, "wrong-5-passphrase"), /请等 30 秒/);
    // During the wait even the right passphrase is refused.
    assert.match(await refused(page, PASS), /请等 \d+ 秒/);

    // Forgotten: the way out is erasing, after counting what would be lost.
    await page.click('[data-testid="lock-forgot"]');
    await page.waitForSelector('[data-testid="lock-unexported"]', T);
    const count = Number((await page.textContent('[data-testid="lock-unexported"]')).trim());
    assert.ok(Number.isInteger(count) && count >= 2, `versions not exported: ${count} (a community and a demand)`);
    assert.ok(await page.isDisabled('[data-testid="erase-confirm"]'), "erase waits for the word");
    await page.fill('[data-testid="erase-confirm-text"]', "清");
    assert.ok(await page.isDisabled('[data-testid="erase-confirm"]'));
    await page.fill('[data-testid="erase-confirm-text"]', "清除");
    await page.click('[data-testid="erase-confirm"]');

    // The app starts again as a new device: no lock, no records.
    await page.waitForSelector('[data-testid="device-setup"]', { timeout: 60000 });
    assert.equal(await page.locator('[data-testid="lock-screen"]').count(), 0);
    await page.click('[data-testid="device-later"]');
    await go(page, "#/demands");
    await page.waitForSelector('[data-testid="page-demands"]', T);
    await page.waitForFunction(() => !document.querySelector('[data-testid="load-loading"]'), null, T);
    assert.equal(await page.locator('[data-testid="demand-row"]').count(), 0);
    assert.ok(!(await page.content()).includes("电梯常停"));
  } finally {
    await device.close();
    await server.close();
  }
});
