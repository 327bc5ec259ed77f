// Encrypted bundles end to end, offline: a representative exports with a
// passphrase (too short and mismatched ones refused first); the file holds no
// resident's name or phone. Another device: without the passphrase, and with a
// wrong one, the file is refused with a reason and nothing is stored; with the
// right one the demand arrives.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve, openDevice, waitForApp, startOffline, addCommunityAtCapture, captureDemand } from "./helpers.mjs";

const T = { timeout: 60000 };

async function go(page, hash, testid) {
  await page.evaluate((h) => { location.hash = h; }, hash);
  await page.waitForSelector(`[data-testid="${testid}"]`, T);
}

async function tryImport(page, path, passphrase) {
  await go(page, "#/exchange", "import-file");
  await page.fill('[data-testid="import-passphrase"]', passphrase);
  await page.setInputFiles('[data-testid="import-file"]', [path]);
  await page.waitForSelector('[data-testid="import-error"], [data-testid="import-confirm"]', T);
}

test("an encrypted export opens only with its passphrase", async () => {
  const server = await serve();
  const dir = mkdtempSync(join(tmpdir(), "doorstep-enc-"));
  const a = await openDevice();
  const b = await openDevice();
  try {
    await startOffline(a.page, server);
    await addCommunityAtCapture(a.page, "汤边社区", "温泉街道");
    await captureDemand(a.page, {
      category: "wellbeing", title: "独居老人助餐", description: "腿脚不便，希望送餐上门",
      resident: { name: "林秀英", phone: "13905910077", address: "5号楼 302" },
    });

    await go(a.page, "#/exchange", "export-last");
    await a.page.check('[data-testid="export-encrypt"]');
    await a.page.fill('[data-testid="export-passphrase"]', "short");
    await a.page.fill('[data-testid="export-passphrase-again"]', "short");
    await a.page.click('[data-testid="export-full"]');
    assert.match(await a.page.textContent('[data-testid="export-error"]'), /至少要 8 个字符/);
    await a.page.fill('[data-testid="export-passphrase"]', "汤边社区2026春");
    await a.page.fill('[data-testid="export-passphrase-again"]', "汤边社区2026秋");
    await a.page.click('[data-testid="export-full"]');
    assert.match(await a.page.textContent('[data-testid="export-error"]'), /不一致/);
    await a.page.fill('[data-testid="export-passphrase-again"]', "汤边社区2026春");
    const [download] = await Promise.all([a.page.waitForEvent("download", T), a.page.click('[data-testid="export-full"]')]);
    assert.match(download.suggestedFilename(), /\.encrypted\.json$/);
    const path = join(dir, download.suggestedFilename());
    await download.saveAs(path);
    await a.page.waitForSelector('[data-testid="export-encrypted"]', T);
    const file = readFileSync(path, "utf8");
    const envelope = JSON.parse(file);
    assert.equal(envelope.format, "doorstep.bundle.encrypted");
    assert.equal(envelope.kdf.iterations, 600000);
    for (const secret of ["林秀英", "13905910077", "独居老人助餐"]) assert.ok(!file.includes(secret), `${secret} is not readable in the file`);

    // The office device, offline too.
    await startOffline(b.page, await serve());
    const count = async () => {
      await go(b.page, "#/exchange", "count-demand");
      return Number(await b.page.textContent('[data-testid="count-demand"]'));
    };
    assert.equal(await count(), 0);
    await tryImport(b.page, path, "");
    assert.equal(await b.page.getAttribute('[data-testid="import-error"]', "data-code"), "encrypted");
    assert.match(await b.page.textContent('[data-testid="import-error"]'), /需要口令/);
    await tryImport(b.page, path, "汤边社区2026秋");
    assert.equal(await b.page.getAttribute('[data-testid="import-error"]', "data-code"), "wrong_passphrase");
    assert.match(await b.page.textContent('[data-testid="import-error"]'), /口令不对/);
    assert.equal(await count(), 0, "nothing stored");

    await tryImport(b.page, path, "汤边社区2026春");
    await b.page.click('[data-testid="import-confirm"]');
    await b.page.waitForSelector('[data-testid="import-result"]', T);
    await b.page.waitForFunction(() => Number(document.querySelector('[data-testid="count-demand"]')?.textContent) === 1, null, T);
    await go(b.page, "#/demands", "demand-row");
    assert.match(await b.page.textContent('[data-testid="demand-row"]'), /独居老人助餐/);
    assert.deepEqual(a.errors.concat(b.errors), []);
  } finally {
    await a.close();
    await b.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
