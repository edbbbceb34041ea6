/**
 * An OAuth token typed in Craft, end to end in browser mode: main encrypts it with the profile's
 * secret (the host decrypts it as Sigma would, and serves the embed), the token carries only the
 * ciphertext, and the plaintext is in no response, no saved draft and no file.
 */
import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium } from './support/browser';
import { forgetProfiles, readTree, tempHome } from './support/cli';
import { startUi, type UiProcess } from './support/ui';

describe.runIf(hasChromium())('an OAuth token in Craft', () => {
  const { home, cleanup } = tempHome();
  const plaintext = `oauth-${randomBytes(12).toString('hex')}`;
  let ui: UiProcess;
  let browser: Browser;
  let page: Page;
  const bodies: Array<Promise<string>> = [];

  beforeAll(async () => {
    ui = await startUi(home);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.setDefaultTimeout(5_000);
    page.on('response', (response) => bodies.push(response.text().catch(() => '')));
  });
  afterAll(async () => {
    await browser?.close();
    await ui?.stop();
    await forgetProfiles(home);
    cleanup();
  });

  it('is encrypted by main into the signed token, the embed loads, and the plaintext is kept nowhere', async () => {
    await page.goto(ui.url);
    await expect.poll(() => page.getByRole('combobox', { name: 'Profile', exact: true }).inputValue()).toBe('local-demo');
    await page.getByLabel('Token version (ver)').selectOption('1.1');
    const field = page.getByLabel('OAuth token (oauth_token)');
    expect(await field.getAttribute('type')).toBe('password');
    await field.fill(plaintext);
    await page.getByRole('button', { name: /^(Load|Reload)$/ }).click();
    // Encrypting (in main) and decrypting (in the host) take 600,000 PBKDF2 rounds each.
    await expect
      .poll(() => page.getByRole('list', { name: 'Event log' }).locator('li strong').allTextContents(), { timeout: 15_000 })
      .toContain('workbook:loaded');

    const payload = JSON.parse((await page.getByLabel('Decoded payload').textContent())!) as Record<string, unknown>;
    // Sigma's format: salt.iv.tag.ciphertext, each base64.
    expect(payload).toMatchObject({ ver: '1.1', aud: 'sigmacomputing', oauth_token: expect.stringMatching(/^[A-Za-z0-9+/=]+(\.[A-Za-z0-9+/=]+){3}$/) });

    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
    expect(stored).not.toContain(plaintext);
    expect((await Promise.all(bodies)).join('\n')).not.toContain(plaintext);
    expect(readTree(home)).not.toContain(plaintext);
    // A reload of the app keeps the draft but not the OAuth token.
    await page.reload();
    await expect.poll(() => page.getByLabel('Token version (ver)').inputValue()).toBe('1.1');
    expect(await page.getByLabel('OAuth token (oauth_token)').inputValue()).toBe('');
  });
});
