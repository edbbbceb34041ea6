/**
 * The Export panel in real Chromium, browser mode (the real `embed-console ui`, the real local
 * embed host and keychain): the page code follows the draft, copies like the server code, and
 * never holds the secret.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { SIGNED_URL_PATH } from '../shared/host-snippets';
import { appSession } from './support/app-session';
import { hasChromium } from './support/browser';
import { demoSecret } from './support/demo-secrets';
import { screenshotPath } from './support/screenshots';
import { hasKeychain } from './support/system';

const keychain = await hasKeychain();
const chromium = hasChromium();

describe.runIf(keychain && chromium)('the Export panel in real Chromium, browser mode (real keychain, real local embed host)', () => {
  const session = appSession({ height: 1100, clipboard: true });
  let page: Page;
  const panel = () => page.getByRole('region', { name: 'Export as code' });

  beforeAll(() => {
    page = session.page;
  });

  it('offers the page that embeds as React and plain JS, from the draft, next to the server code', async () => {
    await expect.poll(() => page.getByRole('combobox', { name: 'Profile', exact: true }).inputValue()).toBe('local-demo');
    // Server code first, then the page's, each after its label; Copy last.
    expect(await panel().getByRole('group', { name: 'Language' }).locator('span, button').allTextContents()).toEqual([
      'Server',
      'Node (jsonwebtoken)',
      'Python (PyJWT)',
      'URL template',
      'Page',
      'React',
      'Plain JS',
      'Copy',
    ]);

    await page.getByRole('checkbox', { name: ':responsive_height' }).check();
    await page.getByRole('button', { name: '+ Add control id' }).click();
    await page.getByRole('textbox', { name: 'Control id 1' }).fill('Region');
    await page.getByRole('textbox', { name: 'Values, comma-separated 1' }).fill('East,West');
    await panel().getByRole('button', { name: 'React' }).click();
    const reactCode = panel().getByLabel('React code');
    await expect.poll(() => reactCode.textContent()).toContain('"Region": "East,West"');
    const react = await reactCode.textContent();
    expect(react).toContain('const height = usePageHeight(iframeRef);');
    expect(await panel().locator('.hint').last().textContent()).toContain(`your server at ${SIGNED_URL_PATH}`);
    await panel().scrollIntoViewIfNeeded();
    await panel().screenshot({ path: screenshotPath('app-export-react.png') });

    await panel().getByRole('button', { name: 'Plain JS' }).click();
    const plain = await panel().getByLabel('Plain JS code').textContent();
    expect(plain).toContain('workbookPageHeightListener(event, iframe, ');
    expect(plain).toContain('"Region": "East,West"');
    await panel().screenshot({ path: screenshotPath('app-export-js.png') });

    await panel().getByRole('button', { name: 'Copy' }).click();
    await expect.poll(() => page.getByText('Copied the Plain JS code.').count()).toBe(1);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(plain);

    const secret = demoSecret(session.home);
    for (const code of [react, plain]) expect(code).not.toContain(secret);
  });
});
