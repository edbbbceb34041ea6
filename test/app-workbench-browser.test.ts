/**
 * The app as a workbench, in real Chromium through browser mode (the real `embed-console ui`, its
 * local embed host and the real keychain): Inspect judges as you paste, with no button; Manage
 * profiles belongs to Craft; a Browse pick fills Craft's target and stays in Browse; profile
 * names are the same whatever their case. One session, in order.
 */
import type { Locator, Page, Request } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { appSession } from './support/app-session';
import { hasChromium } from './support/browser';
import { runCli } from './support/cli';
import { screenshotPath } from './support/screenshots';
import { hasKeychain } from './support/system';

const keychain = await hasKeychain();
const chromium = hasChromium();

const WORKBOOK = 'workbook/Sales-Performance-3kQ7vN2pXb9sLm4Tz8Rw1c';

describe.runIf(keychain && chromium)('the app as a workbench, in real Chromium (browser mode, real keychain)', () => {
  const session = appSession();
  const { home, pageErrors } = session;
  let page: Page;

  const nav = (name: string) => page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name, exact: true });
  const input = () => page.getByLabel('Token or embed URL', { exact: true });
  const verdict = () => page.locator('.verdict');
  /** The note under a control: its hint, or what is wrong with it. */
  const noteOf = async (control: Locator) => page.locator(`[id="${await control.getAttribute('aria-describedby')}"]`).textContent();
  const pasteNote = () => noteOf(input());
  const profilesPanel = () => page.getByRole('region', { name: 'Profiles' });
  /** A URL signed by the CLI with local-demo, for `sub`. */
  const signed = async (sub: string) => {
    const run = await runCli(['sign', '--profile', 'local-demo', '--url', WORKBOOK, '--sub', sub], { home });
    expect(run.code, run.stderr).toBe(0);
    return run.stdout.trim();
  };
  const inspectRequests: Request[] = [];

  beforeAll(() => {
    page = session.page;
    page.on('request', (request) => request.url().endsWith('/api/token:inspect') && inspectRequests.push(request));
  });

  it('judges a pasted URL as it is pasted, with no button to press, and again as it is typed over', async () => {
    const url = await signed('ada@example.com');
    await nav('Inspect').click();
    expect(
      await page
        .getByRole('main')
        .getByRole('button', { name: /^Inspect/ })
        .count(),
    ).toBe(0);
    await input().fill(url);
    await expect.poll(() => verdict().textContent()).toMatch(/^Signature valid: .*profile "local-demo"/);
    expect(JSON.parse((await page.getByLabel('Inspected payload').textContent())!)).toMatchObject({ sub: 'ada@example.com' });

    // The bare token, then one character typed onto its signature: judged again once typing pauses.
    await input().fill(new URL(url).searchParams.get(':jwt')!);
    await expect.poll(() => verdict().textContent()).toMatch(/^Signature valid/);
    await input().press('End');
    await input().pressSequentially('x');
    await expect.poll(() => verdict().textContent()).toMatch(/^Signature not valid/);
    // Emptied: no verdict of what is no longer there.
    await input().fill('');
    await expect.poll(() => page.getByRole('region', { name: 'Verdict' }).count()).toBe(0);
  });

  it('tells a 2 MB paste by its size, asks the core nothing about it, and stays responsive', async () => {
    const before = inspectRequests.length;
    await input().fill('x'.repeat(2_100_000));
    await expect.poll(pasteNote).toBe('This paste is 2.1 MB; a token or embed URL is at most 1 MB. Paste only the token or the URL.');
    expect(inspectRequests.length).toBe(before);
    await page.screenshot({ path: screenshotPath('app-inspect-too-large.png') });
    expect(await page.content()).not.toMatch(/request body must be JSON/);
    // Not frozen: the next paste is judged at once.
    await input().fill(await signed('grace@example.com'));
    await expect.poll(() => verdict().textContent()).toMatch(/^Signature valid/);
    expect(await input().getAttribute('aria-invalid')).toBe('false');
  });

  it('shows the second of two quick pastes, even when the answer to the first comes last', async () => {
    const first = await signed('first@example.com');
    const second = await signed('second@example.com');
    // The first paste's answer is held back until the second's has come: a slow core, out of order.
    let secondAnswered!: () => void;
    const secondDone = new Promise<void>((resolve) => (secondAnswered = resolve));
    let firstAnswered!: () => void;
    const firstDone = new Promise<void>((resolve) => (firstAnswered = resolve));
    await page.route('**/api/token:inspect', async (route) => {
      const response = await route.fetch();
      if (route.request().postData()?.includes(first)) {
        await secondDone;
        await route.fulfill({ response });
        firstAnswered();
      } else {
        await route.fulfill({ response });
        secondAnswered();
      }
    });
    try {
      await input().fill(first);
      await page.waitForRequest((r) => r.url().endsWith('/api/token:inspect') && Boolean(r.postData()?.includes(first)));
      await input().fill(second);
      await firstDone;
      // Time for a late answer to be (wrongly) shown.
      await page.waitForTimeout(300);
      expect(JSON.parse((await page.getByLabel('Inspected payload').textContent())!)).toMatchObject({ sub: 'second@example.com' });
    } finally {
      await page.unroute('**/api/token:inspect');
    }
  });

  it('opens the inspected token in Craft, and keeps the paste for the way back', async () => {
    await page.getByRole('button', { name: 'Open in Craft' }).click();
    await expect.poll(() => page.getByLabel('User email (sub)').inputValue()).toBe('second@example.com');
    expect(await nav('Craft').getAttribute('aria-current')).toBe('page');
    // Back in Inspect, the paste and its verdict are still there.
    await nav('Inspect').click();
    expect(await input().inputValue()).toContain('?:jwt=');
    expect(JSON.parse((await page.getByLabel('Inspected payload').textContent())!)).toMatchObject({ sub: 'second@example.com' });
  });

  it('keeps Manage profiles in Craft: hidden on another view with what was typed, back on return', async () => {
    await page.getByRole('button', { name: 'Manage profiles' }).click();
    await profilesPanel().getByRole('button', { name: 'Add profile' }).click();
    await page.getByRole('form', { name: 'Add a profile' }).getByLabel('Profile name').fill('half-typed');

    for (const view of ['Browse', 'Inspect', 'History']) {
      await nav(view).click();
      expect(await profilesPanel().count(), `Manage profiles over ${view}`).toBe(0);
      expect(await page.getByRole('button', { name: 'Manage profiles' }).getAttribute('aria-expanded')).toBe('false');
    }
    await nav('Craft').click();
    expect(await page.getByRole('form', { name: 'Add a profile' }).getByLabel('Profile name').inputValue()).toBe('half-typed');

    // From another view, Manage profiles opens Craft with the panel.
    await nav('Browse').click();
    await page.getByRole('button', { name: 'Manage profiles' }).click();
    expect(await nav('Craft').getAttribute('aria-current')).toBe('page');
    expect(await profilesPanel().count()).toBe(1);
  });

  it('refuses in the app a profile name that differs only in case from one that exists, naming it, and tells no command to run', async () => {
    const added = await runCli(['profile', 'add', 'ACME-PROD', '--client-id', 'acme-client'], { home, input: 'acme-secret-0123456789\n' });
    expect(added.code, added.stderr).toBe(0);
    await page.reload();
    await page.getByRole('button', { name: 'Manage profiles' }).click();
    await profilesPanel().getByRole('button', { name: 'Add profile' }).click();
    const form = page.getByRole('form', { name: 'Add a profile' });
    await form.getByLabel('Profile name').fill('acme-prod');
    await form.getByLabel('Client id').fill('other-client');
    await form.getByLabel('Embed secret').fill('other-secret-0123456789');
    await form.getByRole('button', { name: 'Save' }).click();
    const name = form.getByLabel('Profile name');
    await expect.poll(() => name.getAttribute('aria-invalid')).toBe('true');
    expect(await noteOf(name)).toBe(
      'Profile "ACME-PROD" exists already, and "acme-prod" differs from it only in case, which names the same profile; choose another name, or edit or remove "ACME-PROD".',
    );
    expect(
      await profilesPanel()
        .getByRole('listitem')
        .filter({ hasText: /acme-prod/i })
        .count(),
    ).toBe(1);
    expect(await profilesPanel().textContent()).not.toContain('embed-console');

    // Its own name, exactly: refused the same way, with no command to run next to its Remove button.
    await name.fill('ACME-PROD');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => noteOf(name)).toMatch(/^Profile "ACME-PROD" exists already;/);
    expect(await profilesPanel().textContent()).not.toContain('embed-console');
    await form.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Manage profiles' }).click();
  });

  it('fills Craft from a Browse pick without leaving Browse: said there, with a separate Open in Craft', async () => {
    await page.locator('.profile-select select').selectOption('local-demo');
    await nav('Browse').click();
    await page.getByRole('list', { name: 'Workbooks' }).getByRole('button').filter({ hasText: 'Sales Performance' }).click();
    await page.getByRole('button', { name: 'Use the workbook as target' }).click();
    const picked = page.locator('.content-browser .picked');
    expect(await picked.textContent()).toBe("Craft's target is now workbook Sales Performance.Open in Craft");
    expect(await nav('Browse').getAttribute('aria-current')).toBe('page');

    // Pick on: a page's element, still in Browse.
    await page.getByRole('list', { name: 'Pages' }).getByRole('button', { name: 'Orders', exact: true }).click();
    await page.getByRole('button', { name: 'Use element Recent orders as target' }).click();
    expect(await picked.textContent()).toBe("Craft's target is now element Recent orders of Sales Performance.Open in Craft");
    await page.getByLabel('Member email').fill('grace');
    await page.getByRole('button', { name: 'Look up' }).click();
    await page.getByRole('button', { name: 'Use grace@example.com as sub' }).click();
    expect(await page.getByRole('region', { name: 'Teams and members' }).locator('.picked').textContent()).toBe(
      "Craft's sub is now grace@example.com.Open in Craft",
    );
    expect(await nav('Browse').getAttribute('aria-current')).toBe('page');
    await page.screenshot({ path: screenshotPath('app-browse-picked.png'), fullPage: true });

    await picked.getByRole('button', { name: 'Open in Craft' }).click();
    expect(await nav('Craft').getAttribute('aria-current')).toBe('page');
    expect(await page.getByLabel('Sigma URL').inputValue()).toBe('workbook/Sales-Performance-3kQ7vN2pXb9sLm4Tz8Rw1c/element/orders-table');
    expect(await page.getByLabel('User email (sub)').inputValue()).toBe('grace@example.com');

    // Changed in Craft since: Browse no longer says it is the target.
    await page.getByLabel('Sigma URL').fill(WORKBOOK);
    await nav('Browse').click();
    expect(await picked.count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
  it('warns at the field, then asks at Load, before signing for another org: switch to its profile, load anyway once, or cancel', async () => {
    const added = await runCli(['profile', 'add', 'acme-eu', '--client-id', 'acme-eu-client', '--base-url', 'https://app.eu.sigmacomputing.com/acme'], {
      home,
      input: 'acme-eu-secret-0123456789\n',
    });
    expect(added.code, added.stderr).toBe(0);
    await page.reload();
    await page.locator('.profile-select select').selectOption('local-demo');
    const targetPanel = page.getByRole('region', { name: 'Target' });
    const preview = page.getByRole('region', { name: 'Preview' });
    const ask = page.getByRole('alertdialog', { name: 'Send the token to another host?' });
    const load = preview.getByRole('button', { name: /^(Load|Reload)$/ });

    // A relative target: the full URL it resolves to, re-checked when the profile changes.
    await page.getByLabel('Sigma URL').fill(WORKBOOK);
    expect(await targetPanel.locator('.resolved').textContent()).toMatch(new RegExp(`^Resolves to http://127\\.0\\.0\\.1:\\d+/demo/${WORKBOOK}$`));
    await page.locator('.profile-select select').selectOption('acme-eu');
    expect(await targetPanel.locator('.resolved').textContent()).toBe(`Resolves to https://app.eu.sigmacomputing.com/acme/${WORKBOOK}`);
    expect(await targetPanel.locator('.warning').count()).toBe(0);

    // A full URL of another org's host, signed with local-demo: said at the field, with the switch.
    await page.locator('.profile-select select').selectOption('local-demo');
    const elsewhere = 'https://app.eu.sigmacomputing.com/acme/workbook/Sales-1a2b3c';
    await page.getByLabel('Sigma URL').fill(elsewhere);
    const warning = targetPanel.locator('.warning');
    await expect.poll(() => warning.textContent()).toMatch(/^This target is on app\.eu\.sigmacomputing\.com, not on the local embed host \(127\.0\.0\.1:\d+\)/);
    expect(await warning.getByRole('button', { name: 'Switch to profile acme-eu' }).count()).toBe(1);

    // Load asks first; Cancel signs nothing.
    await load.click();
    expect(await ask.textContent()).toContain('profile "local-demo" would sign a token for the wrong place');
    await ask.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('app-confirm-other-host.png') });
    await ask.getByRole('button', { name: 'Cancel' }).click();
    expect(await ask.count()).toBe(0);
    expect(await preview.locator('iframe').count()).toBe(0);

    // The switch: the draft is signed by the org's own profile, and nothing is asked.
    await load.click();
    await ask.getByRole('button', { name: 'Switch to profile acme-eu' }).click();
    expect(await page.locator('.profile-select select').inputValue()).toBe('acme-eu');
    expect(await ask.count()).toBe(0);
    expect(await warning.count()).toBe(0);

    // Load anyway: once for this profile and target, then Reload asks no more.
    await page.locator('.profile-select select').selectOption('local-demo');
    await load.click();
    await ask.getByRole('button', { name: 'Load anyway' }).click();
    const frame = preview.locator('iframe[title="Embed preview"]');
    await expect.poll(() => frame.getAttribute('src')).toMatch(/^https:\/\/app\.eu\.sigmacomputing\.com\/acme\/workbook\/Sales-1a2b3c\?:jwt=/);
    const first = await frame.getAttribute('src');
    await load.click();
    await expect.poll(() => frame.getAttribute('src')).not.toBe(first);
    expect(await ask.count()).toBe(0);
    // Open in browser sends the token there too: asked for another target the same way.
    await page.getByLabel('Sigma URL').fill(`${elsewhere}/page/p1`);
    await preview.getByRole('button', { name: 'Open in browser' }).click();
    expect(await ask.getByRole('button', { name: 'Open in browser anyway' }).count()).toBe(1);
    await ask.getByRole('button', { name: 'Cancel' }).click();
    expect(pageErrors).toEqual([]);
  });
});
