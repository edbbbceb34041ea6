/**
 * Personas and Compare, in real Chromium through browser mode (the real `embed-console ui`, its
 * local embed host and the real keychain): two personas saved from Craft's claims, one picked
 * back, a taken name asked about at the field; then both loaded side by side on the local demo
 * workbook, each embed signed in as its own user, and the claims that differ marked. In order.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { appSession } from './support/app-session';
import { hasChromium } from './support/browser';
import { demoSecret } from './support/demo-secrets';
import { screenshotPath } from './support/screenshots';
import { hasKeychain } from './support/system';

const keychain = await hasKeychain();
const chromium = hasChromium();

const WORKBOOK = 'workbook/Sales-Performance-3kQ7vN2pXb9sLm4Tz8Rw1c';

describe.runIf(keychain && chromium)('personas and Compare, in real Chromium (browser mode, real keychain)', () => {
  const session = appSession();
  let page: Page;
  beforeAll(() => {
    page = session.page;
  });

  const nav = (name: string) => page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name, exact: true });
  const picker = () => page.getByRole('region', { name: 'Persona' });
  const personaSelect = () => picker().getByRole('combobox', { name: 'Persona' });
  const saveForm = () => page.getByRole('form', { name: 'Save as persona' });
  const claims = () => page.getByRole('region', { name: 'Claims' });
  const side = (title: string) => page.getByRole('region', { name: title, exact: true });
  const setup = () => page.getByRole('region', { name: 'What to compare' });
  /** The message shown next to a control: the element its aria-describedby names. */
  const noteOf = async (control: Locator) => page.locator(`[id="${await control.getAttribute('aria-describedby')}"]`).textContent();

  /** Fills Craft's claims for one user. */
  const fillUser = async (user: { sub: string; firstName: string; lastName: string; accountType: string; region: string }) => {
    await claims().getByLabel('User email (sub)').fill(user.sub);
    await claims().getByLabel('First name').fill(user.firstName);
    await claims().getByLabel('Last name').fill(user.lastName);
    await claims().getByLabel('Account type').fill(user.accountType);
    await claims().getByLabel('Attribute 1').fill('region');
    await claims().getByLabel('Value 1').fill(user.region);
  };
  const saveAs = async (name: string) => {
    await picker().getByRole('button', { name: 'Save as persona…' }).click();
    await saveForm().getByLabel('Persona name').fill(name);
    await saveForm().getByRole('button', { name: 'Save' }).click();
  };

  it("saves Craft's claims as personas, and says whose the claims are until they are edited", async () => {
    expect(await personaSelect().locator('option').allTextContents()).toEqual(['No persona saved yet']);
    await fillUser({ sub: 'west.viewer@example.com', firstName: 'Wes', lastName: 'Viewer', accountType: 'Viewer', region: 'West' });
    await saveAs('West viewer');
    await expect.poll(() => picker().getByRole('status').textContent()).toBe('Saved these claims as persona "West viewer".');
    expect(await personaSelect().inputValue()).toBe('West viewer');
    expect(await picker().getByLabel('Claims from').textContent()).toBe('These claims are persona "West viewer"; an edit makes them a draft of your own.');
    expect(await saveForm().count()).toBe(0);

    // An edit: the claims are a draft of their own again.
    await fillUser({ sub: 'east.creator@example.com', firstName: 'Eve', lastName: 'Creator', accountType: 'Creator', region: 'East' });
    expect(await picker().getByLabel('Claims from').count()).toBe(0);
    expect(await personaSelect().inputValue()).toBe('');
    await saveAs('East creator');
    await expect.poll(() => personaSelect().locator('option').allTextContents()).toEqual(['Choose a persona…', 'East creator', 'West viewer']);
  });

  it('fills the claims from a persona picked, and asks at the field before replacing a persona of a taken name', async () => {
    await personaSelect().selectOption('West viewer');
    expect(await claims().getByLabel('User email (sub)').inputValue()).toBe('west.viewer@example.com');
    expect(await claims().getByLabel('Account type').inputValue()).toBe('Viewer');
    expect(await claims().getByLabel('Value 1').inputValue()).toBe('West');
    expect(await picker().getByLabel('Claims from').textContent()).toContain('"West viewer"');

    // The same name in another case is the same persona: asked, at the name.
    await saveAs('west viewer');
    const name = saveForm().getByLabel('Persona name');
    await expect
      .poll(() => noteOf(name))
      .toBe(
        'Persona "West viewer" exists already, and "west viewer" differs from it only in case, which names the same persona; choose another name, or replace "West viewer" with these claims.',
      );
    expect(await name.getAttribute('aria-invalid')).toBe('true');
    expect(await saveForm().getByRole('button', { name: 'Replace it' }).isVisible()).toBe(true);
    await picker().evaluate((element) => (element.scrollIntoView({ block: 'start' }), window.scrollBy(0, -14)));
    await page.screenshot({ path: screenshotPath('app-personas.png') });
    await saveForm().getByRole('button', { name: 'Cancel' }).click();
    expect(await saveForm().count()).toBe(0);
    expect(await personaSelect().locator('option').allTextContents()).toEqual(['Choose a persona…', 'East creator', 'West viewer']);
  });

  it("loads two personas side by side on Craft's target: each embed signed in as its own user, the differing claims marked", async () => {
    await nav('Compare').click();
    expect(await setup().getByLabel('Target').inputValue()).toBe(WORKBOOK);
    expect(await setup().getByRole('combobox', { name: 'Profile' }).inputValue()).toBe('local-demo');
    await setup().getByRole('combobox', { name: 'A', exact: true }).selectOption('West viewer');
    await setup().getByRole('combobox', { name: 'B', exact: true }).selectOption('East creator');
    await setup().getByRole('button', { name: 'Load both' }).click();

    const west = side('A: West viewer');
    const east = side('B: East creator');
    for (const one of [west, east]) await expect.poll(() => one.getByLabel('Load outcome').textContent(), { timeout: 15_000 }).toMatch(/^Loaded/);
    const session = (one: Locator) => one.frameLocator('iframe').getByRole('region', { name: 'Session' });
    expect(await session(west).getByTestId('sub').textContent()).toBe('Wes Viewer <west.viewer@example.com>');
    expect(await session(west).textContent()).toContain('region=West');
    expect(await session(east).getByTestId('sub').textContent()).toBe('Eve Creator <east.creator@example.com>');
    expect(await session(east).textContent()).toContain('region=East');
    // Each side's own decoded token and its own event log, headed by its own load.
    expect(JSON.parse((await west.getByLabel('Decoded payload').textContent())!)).toMatchObject({ sub: 'west.viewer@example.com', account_type: 'Viewer' });
    expect(JSON.parse((await east.getByLabel('Decoded payload').textContent())!)).toMatchObject({ sub: 'east.creator@example.com', account_type: 'Creator' });
    for (const one of [west, east]) {
      await expect.poll(() => one.getByRole('list', { name: 'Event log' }).locator('li strong').allTextContents()).toContain('workbook:loaded');
      expect(await one.getByRole('heading', { name: 'This load' }).textContent()).toMatch(/· Loaded/);
    }

    const diff = page.getByRole('region', { name: 'Claims compared' });
    expect(await diff.getByLabel('Differences').textContent()).toBe('5 claims differ: sub, account_type, first_name, last_name, user_attributes.region');
    expect(await diff.locator('tr.differs th').allTextContents()).toEqual(['sub', 'account_type', 'first_name', 'last_name', 'user_attributes.region']);
    expect(await diff.locator('tr.per-token th').allTextContents()).toEqual(expect.arrayContaining(['jti', 'iat', 'exp']));
    const row = (claim: string) => diff.locator('tbody tr').filter({ has: page.getByRole('rowheader', { name: claim, exact: true }) });
    expect(await row('user_attributes.region').locator('td').allTextContents()).toEqual(['"West"', '"East"']);
    expect(await row('teams').getAttribute('class')).toBeNull();
    await page.screenshot({ path: screenshotPath('app-compare.png'), fullPage: true });
  });

  it('keeps Load both closed while one side breaks a Sigma rule, saying which side and why', async () => {
    await nav('Craft').click();
    await claims().getByLabel('Session length (seconds)').fill('4000000');
    await nav('Compare').click();
    await setup().getByRole('combobox', { name: 'A', exact: true }).selectOption({ label: 'Craft’s claims' });
    const load = setup().getByRole('button', { name: 'Reload both' });
    expect(await load.isDisabled()).toBe(true);
    expect(await setup().locator('.compare-blocked').textContent()).toMatch(/^A: Craft’s claims: .*30-day/);
    // Back to a rule-abiding persona: open again.
    await setup().getByRole('combobox', { name: 'A', exact: true }).selectOption('West viewer');
    expect(await load.isDisabled()).toBe(false);
  });

  it("asks before loading both on another org's host, as Craft's Load does", async () => {
    const target = setup().getByLabel('Target');
    await target.fill('https://app.sigmacomputing.com/acme/workbook/Sales-1a2b3c');
    const ask = setup().getByRole('alertdialog', { name: 'Send the token to another host?' });
    const first = await side('A: West viewer').locator('iframe').getAttribute('src');
    await setup().getByRole('button', { name: 'Reload both' }).click();
    expect(await ask.textContent()).toContain('profile "local-demo" would sign a token for the wrong place');
    await ask.getByRole('button', { name: 'Cancel' }).click();
    expect(await ask.count()).toBe(0);
    expect(await side('A: West viewer').locator('iframe').getAttribute('src')).toBe(first);
    await setup().getByRole('button', { name: 'Reload both' }).click();
    await ask.getByRole('button', { name: 'Load both anyway' }).click();
    await expect
      .poll(() => side('A: West viewer').locator('iframe').getAttribute('src'))
      .toMatch(/^https:\/\/app\.sigmacomputing\.com\/acme\/workbook\/Sales-1a2b3c\?:jwt=/);
    await target.fill(WORKBOOK);
  });

  it("keeps claims only in personas.json, never local-demo's secret, and the page raised no error", async () => {
    const stored = readFileSync(join(session.home, 'personas.json'), 'utf8');
    expect(stored).not.toContain(demoSecret(session.home));
    const { personas } = JSON.parse(stored) as { personas: Array<{ name: string; claims: object }> };
    expect(personas.map((p) => [p.name, Object.keys(p)])).toEqual([
      ['West viewer', ['name', 'claims']],
      ['East creator', ['name', 'claims']],
    ]);
    expect(session.pageErrors).toEqual([]);
  });
  it('asks before removing a persona, and keeps it when the user says no', async () => {
    await nav('Craft').click();
    const picker = page.getByRole('region', { name: 'Persona' });
    await picker.getByRole('combobox').selectOption('East creator');
    let asked = '';
    page.once('dialog', (dialog) => ((asked = dialog.message()), void dialog.dismiss()));
    await picker.getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => asked).toBe('Remove persona "East creator"? The claims stay in the form; suites that name it keep their own copy.');
    expect(await picker.getByRole('combobox').locator('option', { hasText: 'East creator' }).count()).toBe(1);
    page.once('dialog', (dialog) => void dialog.accept());
    await picker.getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => picker.getByRole('status').textContent()).toBe('Removed persona "East creator"; the claims stay in the form.');
    expect(await picker.getByRole('combobox').locator('option', { hasText: 'East creator' }).count()).toBe(0);
    expect(await claims().getByLabel('User email (sub)').inputValue()).toBe('east.creator@example.com');
    expect(session.pageErrors).toEqual([]);
  });
});
