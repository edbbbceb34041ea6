/**
 * The Suites view end to end in real Chromium through browser mode (the real `embed-console ui`,
 * its local embed host, the real keychain, the real suite runner): a suite file from disk as a
 * matrix of personas × targets, run all and one, each cell's outcome and reason, a cell opened in
 * Craft, Craft's draft added as a case and the file saved back with only the new lines, and the
 * saved file run green by the CLI, as CI runs it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSuite } from '../shared/suite';
import { appSession } from './support/app-session';
import { hasChromium } from './support/browser';
import { runCli } from './support/cli';
import { demoSecret } from './support/demo-secrets';
import { screenshotPath } from './support/screenshots';
import { hasKeychain } from './support/system';

const keychain = await hasKeychain();
const chromium = hasChromium();
const EXAMPLE = readFileSync(new URL('../examples/suites/local-demo.yaml', import.meta.url), 'utf8');

describe.runIf(keychain && chromium)('the Suites view in real Chromium (browser mode, real keychain, real local embed host)', () => {
  const session = appSession();
  const folder = mkdtempSync(join(tmpdir(), 'embed-suites-'));
  const suiteFile = join(folder, 'embed.yaml');
  let page: Page;
  beforeAll(() => {
    page = session.page;
    writeFileSync(suiteFile, EXAMPLE);
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  const nav = (name: string) => page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name, exact: true });
  const matrix = () => page.getByRole('table', { name: 'Personas × targets' });
  const cell = (name: string) => matrix().getByRole('group', { name: `Case ${name}` });
  const badges = () => matrix().locator('.suite-case .badge').allTextContents();
  const status = () => page.locator('.suites').getByRole('status').or(page.locator('.suites').getByRole('alert'));

  async function open(file: string) {
    await page.getByLabel('Suite file', { exact: true }).fill(file);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await expect.poll(() => status().textContent()).toBe(`Opened ${file}.`);
  }

  it('opens a suite file as a matrix of personas × targets, and runs it all green against the local host', async () => {
    await nav('Suites').click();
    await open(suiteFile);
    expect(await matrix().locator('tbody th').allTextContents()).toEqual(['west-viewer', 'east-creator', 'internal-admin']);
    expect(await matrix().locator('thead th').allTextContents()).toEqual([
      'Persona \\ target',
      'sales',
      'workbook/Sales-Performance-3kQ7vN2pXb9sLm4Tz8Rw1c/page/forecast',
      'checks-in-french',
      'orders',
    ]);
    expect(await badges()).toEqual(Array(9).fill('Not run yet'));

    await page.getByRole('button', { name: 'Run all' }).click();
    await expect.poll(() => status().textContent(), { timeout: 60_000 }).toBe('9 cases: 9 passed, 0 failed.');
    expect(await badges()).toEqual(Array(9).fill('Passed'));
    expect(await cell('west sees only West').locator('.suite-case-outcome').textContent()).toBe('Loaded: the embed said workbook:loaded.');
    await page.locator('.suites').screenshot({ path: screenshotPath('app-suites.png') });
    // No secret on the page, whatever was run.
    expect(await page.content()).not.toContain(demoSecret(session.home));
  });

  it("opens a cell in Craft, and adds Craft's draft back as a case that runs, saved with only the new lines", async () => {
    await cell('east sees only East').getByRole('button', { name: 'Open east sees only East in Craft' }).click();
    expect(await nav('Craft').getAttribute('aria-current')).toBe('page');
    expect(await page.getByLabel('User email (sub)').inputValue()).toBe('bo@example.com');
    expect(await page.getByLabel('Sigma URL').inputValue()).toBe('workbook/Sales-Performance-3kQ7vN2pXb9sLm4Tz8Rw1c');
    expect(await page.getByText('From the suite: the case "east sees only East" (east-creator on sales).').count()).toBe(1);

    // Saved as a persona in Craft: the suite's persona takes its name.
    await page.getByLabel('User email (sub)').fill('grace@example.com');
    await page.getByRole('button', { name: 'Save as persona…' }).click();
    const saveForm = page.getByRole('form', { name: 'Save as persona' });
    await saveForm.getByLabel('Persona name').fill('Grace at East');
    await saveForm.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.getByText('Saved these claims as persona "Grace at East".').count()).toBe(1);
    await nav('Suites').click();
    // The results are there on return.
    expect(await badges()).toEqual(Array(9).fill('Passed'));
    await page.getByRole('button', { name: 'Add Craft as a case' }).click();
    await expect.poll(() => status().textContent()).toBe('Added the case "Grace at East on sales"; save to keep it in the file.');
    expect(await page.locator('.badge.draft', { hasText: 'unsaved changes' }).count()).toBe(1);
    expect(await matrix().locator('tbody th').allTextContents()).toContain('Grace at East');
    await cell('Grace at East on sales').getByRole('button', { name: 'Run Grace at East on sales' }).click();
    await expect.poll(() => cell('Grace at East on sales').locator('.badge').textContent(), { timeout: 30_000 }).toBe('Passed');

    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => status().textContent()).toBe(`Saved ${suiteFile}.`);
    const saved = readFileSync(suiteFile, 'utf8');
    // The file as it was, comments and all, with the new persona and case added: nothing else changed.
    const admin = '  internal-admin: { sub: alan@example.org, internal: true }\n';
    const withPersona = EXAMPLE.replace(
      admin,
      `${admin}  Grace at East: { sub: grace@example.com, account_type: Creator, user_attributes: { region: East } }\n`,
    );
    expect(saved).toBe(`${withPersona}  - name: Grace at East on sales\n    persona: Grace at East\n    target: sales\n    expect: { loads: true }\n`);
    expect(parseSuite(saved).ok).toBe(true);
    // CI runs the saved file as the app did.
    const run = await runCli(['test', suiteFile], { home: session.home });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('ok     Grace at East on sales');
  });

  it("says a failing case's reason in its cell, and a broken file's problems with their lines", async () => {
    const broken = join(folder, 'broken.yaml');
    writeFileSync(broken, EXAMPLE.replace("no_text: ['region = East'], findings", "no_text: ['region = West'], findings"));
    await open(broken);
    await cell('west sees only West').getByRole('button', { name: 'Run west sees only West' }).click();
    await expect.poll(() => cell('west sees only West').locator('.badge').textContent(), { timeout: 30_000 }).toBe('Failed');
    expect(await cell('west sees only West').locator('.suite-case-outcome').textContent()).toBe('The embed shows "region = West", which it should not.');
    expect(await status().textContent()).toBe('1 case: 0 passed, 1 failed.');

    const unusable = join(folder, 'unusable.yaml');
    writeFileSync(unusable, EXAMPLE.replace('persona: east-creator', 'persona: east-creater'));
    await open(unusable);
    expect(await page.getByRole('list', { name: 'Problems in the suite file' }).textContent()).toMatch(
      /^Line 20 \(cases\[1\]\.persona\): There is no persona named "east-creater"\. Did you mean "east-creator"\?/,
    );
    expect(await page.getByRole('button', { name: 'Run all' }).isDisabled()).toBe(true);

    await page.getByLabel('Suite file', { exact: true }).fill(join(folder, 'missing.yaml'));
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await expect
      .poll(() => status().textContent())
      .toBe(`There is no file at ${join(folder, 'missing.yaml')}. Check the path, or start a new suite and save it there.`);
    expect(session.pageErrors).toEqual([]);
  });
  it("starts a new suite from Craft's draft, never over the file opened before, and saves it where the user says", async () => {
    await open(suiteFile);
    const before = readFileSync(suiteFile, 'utf8');
    await page.getByRole('button', { name: 'New suite from Craft' }).click();
    await expect.poll(() => status().textContent()).toBe("A new suite with Craft's draft as its first case: give it a path above, then Save.");
    expect(await page.getByLabel('Suite file', { exact: true }).inputValue()).toBe('');
    expect(await page.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);
    const fresh = join(folder, 'fresh.yaml');
    await page.getByLabel('Suite file', { exact: true }).fill(fresh);
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => status().textContent()).toBe(`Saved ${fresh}.`);
    expect(readFileSync(suiteFile, 'utf8')).toBe(before);
    const made = parseSuite(readFileSync(fresh, 'utf8'));
    expect(made.ok && made.suite.cases).toHaveLength(1);
    await page.getByRole('button', { name: 'Run all' }).click();
    await expect.poll(() => status().textContent(), { timeout: 30_000 }).toBe('1 case: 1 passed, 0 failed.');
  });
});
