/**
 * Keeping a long session alive, end to end in real Chromium through browser mode (the real
 * `embed-console ui`, its local embed host, the real keychain): "Skip to expiry" moves the local
 * host's clock for the preview to just before exp; with "Re-sign before exp" on, a fresh token is
 * signed and loaded back on the page and with the control values the user was at; without it,
 * the session ends in front of the user, as it would at exp.
 */
import type { FrameLocator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { appSession } from './support/app-session';
import { hasChromium } from './support/browser';
import { runCli } from './support/cli';
import { screenshotPath } from './support/screenshots';
import { hasKeychain } from './support/system';

const keychain = await hasKeychain();
const chromium = hasChromium();

describe.runIf(keychain && chromium)('re-sign before exp, in real Chromium (browser mode, real keychain, real local embed host)', () => {
  const session = appSession();
  let page: Page;
  beforeAll(() => {
    page = session.page;
  });

  const preview = () => page.getByRole('region', { name: 'Preview' });
  const outcome = () => page.getByRole('status', { name: 'Load outcome' });
  const frameSrc = () => page.locator('iframe[title="Embed preview"]').getAttribute('src');
  const embed = (): FrameLocator => page.frameLocator('iframe[title="Embed preview"]');
  const jtiOf = (url: string) => (JSON.parse(Buffer.from(new URL(url).searchParams.get(':jwt')!.split('.')[1], 'base64url').toString()) as { jti: string }).jti;

  it('re-signs before exp, back on the page and with the control values the user chose, and says when', async () => {
    await preview().getByRole('button', { name: 'Load' }).click();
    await expect.poll(() => outcome().textContent(), { timeout: 15_000 }).toMatch(/^Loaded/);
    // Where the user goes in the embed: the Orders page, with the Region control at West.
    await embed().getByRole('tab', { name: 'Orders' }).click();
    await embed().getByRole('group', { name: 'Region' }).getByRole('button', { name: 'West' }).click();
    const first = (await frameSrc())!;

    await preview().getByLabel('Re-sign before exp').check();
    expect(await preview().locator('.keep-alive-note').textContent()).toMatch(
      /^Re-signs at \d\d:\d\d:\d\d, before exp, back on the page and control values you were at\.$/,
    );
    await preview().getByRole('button', { name: 'Skip to expiry' }).click();

    // A fresh token, loaded where the user was.
    await expect.poll(frameSrc, { timeout: 10_000 }).not.toBe(first);
    const second = (await frameSrc())!;
    expect(jtiOf(second)).not.toBe(jtiOf(first));
    // Still the workbook (a page in the URL would embed that page alone), its control value signed in.
    expect(new URL(second).pathname).toMatch(/\/workbook\/Sales-Performance-3kQ7vN2pXb9sLm4Tz8Rw1c$/);
    expect(new URL(second).searchParams.get('Region')).toBe('West');
    await expect.poll(() => outcome().textContent(), { timeout: 15_000 }).toMatch(/^Loaded/);
    // Back on the page the user was at, asked for once it loaded.
    await expect.poll(() => embed().getByRole('tab', { name: 'Orders' }).getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => page.getByRole('list', { name: 'Event log' }).locator('li strong').allTextContents()).toContain('workbook:selectednodeid:update');
    expect(await embed().getByRole('group', { name: 'Region' }).getByRole('button', { name: 'West' }).getAttribute('aria-pressed')).toBe('true');
    // Still the draft the user loaded: not stale, and the draft's own target is untouched.
    expect(await page.getByLabel('Stale preview').count()).toBe(0);
    expect(await page.getByLabel('Sigma URL').inputValue()).toBe('workbook/Sales-Performance-3kQ7vN2pXb9sLm4Tz8Rw1c');
    await preview().screenshot({ path: screenshotPath('app-keep-alive.png') });
    // The earlier load's section has the clock moved on, sent by the app.
    const earlier = page.locator('details.earlier-load').first();
    await earlier.locator('summary').click();
    expect(await earlier.getByRole('list').textContent()).toContain('embed-console:clock:advance');
  });

  it('without it, skipping to expiry ends the session in front of the user, as at exp, and signs nothing', async () => {
    await preview().getByLabel('Re-sign before exp').uncheck();
    expect(await preview().locator('.keep-alive-note').count()).toBe(0);
    const before = await frameSrc();
    await preview().getByRole('button', { name: 'Skip to expiry' }).click();
    await expect.poll(() => embed().getByRole('alert').textContent(), { timeout: 10_000 }).toBe('Session expired. Reload the page.');
    await expect.poll(() => page.getByRole('list', { name: 'Event log' }).locator('li strong').allTextContents()).toContain('workbook:error');
    expect(await frameSrc()).toBe(before);
    // The outcome of the load stays what it was: the session ended after it.
    expect(await outcome().textContent()).toMatch(/^Loaded/);
    expect(session.pageErrors).toEqual([]);
  });
  it('says a re-sign that fails once, and does not try again and again', async () => {
    await preview().getByRole('button', { name: 'Reload' }).click();
    await expect.poll(() => outcome().textContent(), { timeout: 15_000 }).toMatch(/^Loaded/);
    // The profile goes (another window, the CLI): the next signing is refused.
    expect((await runCli(['profile', 'remove', 'local-demo'], { home: session.home })).code).toBe(0);
    const signs: string[] = [];
    page.on('request', (request) => request.url().endsWith('/api/token:sign') && signs.push(request.url()));
    await preview().getByLabel('Re-sign before exp').check();
    await preview().getByRole('button', { name: 'Skip to expiry' }).click();
    const said = preview()
      .getByRole('alert')
      .filter({ hasText: /^Could not re-sign before exp: / });
    await expect.poll(() => said.count(), { timeout: 10_000 }).toBe(1);
    expect(await said.textContent()).toMatch(/local-demo/);
    // A few seconds on: still the one attempt.
    await page.waitForTimeout(3_000);
    expect(signs).toHaveLength(1);
  });
});
