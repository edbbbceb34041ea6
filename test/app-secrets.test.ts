/**
 * Where secrets live, end to end in real Chromium through browser mode: the store line at the top
 * of Manage profiles, a profile that reads its secret from an environment variable, the secrets
 * no profile names, and on a machine with no D-Bus session (so no OS keychain) the passphrase
 * vault and its dialog. The real `embed-console ui`, the real local embed host, nothing mocked.
 */
import { randomBytes } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keychainService } from '../main/core/home';
import { hasChromium, launchChromium } from './support/browser';
import { forgetProfiles, readTree, tempHome } from './support/cli';
import { screenshotPath } from './support/screenshots';
import { hasKeychain } from './support/system';
import { envWithout, startUiWithEnv } from './support/ui-env';
import type { UiProcess } from './support/ui';

const keychain = await hasKeychain();
const chromium = hasChromium();

const VAULT_PANEL_SCREENSHOT = screenshotPath('app-secrets-vault.png');
const CREATE_DIALOG_SCREENSHOT = screenshotPath('app-passphrase-create.png');
const UNLOCK_DIALOG_SCREENSHOT = screenshotPath('app-passphrase-unlock.png');

/** One page of the app, and everything it received, to show a secret never reaches it. */
async function openApp(browser: Browser, ui: UiProcess) {
  const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
  page.setDefaultTimeout(8_000);
  const bodies: Array<Promise<{ url: string; body: string | null }>> = [];
  const console: string[] = [];
  page.on('response', (response) => {
    if (!/text|json|javascript/.test(response.headers()['content-type'] ?? '')) return;
    bodies.push(
      response.text().then(
        (body) => ({ url: response.url(), body }),
        () => ({ url: response.url(), body: null }),
      ),
    );
  });
  page.on('console', (message) => console.push(message.text()));
  page.on('pageerror', (error) => console.push(String(error)));
  await page.goto(ui.url);
  // The profiles are listed (a hook cannot poll with expect).
  await page.getByRole('combobox', { name: 'Profile', exact: true }).getByRole('option', { name: 'local-demo' }).waitFor({ state: 'attached' });
  return { page, bodies, console };
}

type App = Awaited<ReturnType<typeof openApp>>;

const profilesPanel = (page: Page) => page.getByRole('region', { name: 'Profiles' });
const storeLine = (page: Page) => profilesPanel(page).getByLabel('Where secrets live');
const row = (page: Page, name: string) =>
  profilesPanel(page)
    .getByRole('listitem')
    .filter({ has: page.getByText(name, { exact: true }) });
const frame = (page: Page) => page.frameLocator('iframe[title="Embed preview"]');
const loadButton = (page: Page) => page.getByRole('button', { name: /^(Load|Reload)$/ });
const toggleProfiles = (page: Page) => page.getByRole('button', { name: 'Manage profiles' }).click();
/** The token the preview was loaded with. */
const previewToken = async (page: Page) => new URL((await page.locator('iframe[title="Embed preview"]').getAttribute('src'))!).searchParams.get(':jwt')!;

/** Loads the draft's target with a profile and waits for the local embed host's demo workbook. */
async function loadWith(page: Page, profile: string) {
  await page.getByRole('combobox', { name: 'Profile', exact: true }).selectOption(profile);
  await loadButton(page).click();
  await expect.poll(() => frame(page).getByRole('region', { name: 'Session' }).textContent()).toContain(profile);
  expect(await frame(page).locator('[data-node-id="revenue-table"]').count()).toBe(1);
  expect(await page.locator('#token-title .badge').textContent()).toBe('signed');
}

/** No value in `secrets` anywhere the page can reach: its DOM (frames too), storage, responses, console. */
async function expectNowhereInPage(app: App, secrets: string[]) {
  const dom = (await Promise.all(app.page.frames().map((f) => f.evaluate(() => document.documentElement.outerHTML)))).join('\n');
  const storage = await app.page.evaluate(() => JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage } }));
  const responses = await Promise.all(app.bodies);
  expect(responses.some((r) => r.url.includes('/api/secrets:status'))).toBe(true);
  expect(responses.filter((r) => r.body === null)).toEqual([]);
  for (const secret of secrets) {
    expect(dom).not.toContain(secret);
    expect(storage).not.toContain(secret);
    expect(responses.filter((r) => r.body!.includes(secret)).map((r) => r.url)).toEqual([]);
    expect(app.console.filter((m) => m.includes(secret))).toEqual([]);
  }
}

describe.runIf(keychain && chromium)('secrets in real Chromium, browser mode, with the OS keychain (real keychain, real local embed host)', () => {
  const { home, cleanup } = tempHome();
  const variable = `EMBED_CONSOLE_TEST_SECRET_${randomBytes(4).toString('hex').toUpperCase()}`;
  const envSecret = `env-${randomBytes(24).toString('base64url')}`;
  const profile = { name: 'ci-env', clientId: `ci-${randomBytes(4).toString('hex')}` };
  let ui: UiProcess;
  let browser: Browser;
  let app: App;

  beforeAll(async () => {
    ui = await startUiWithEnv(home, { ...process.env, [variable]: envSecret });
    browser = await launchChromium();
    app = await openApp(browser, ui);
  });

  afterAll(async () => {
    await browser?.close();
    await ui?.stop();
    await forgetProfiles(home);
    cleanup();
  });

  it('says at the top of Manage profiles that secrets are in the OS keychain, and where each profile keeps its own', async () => {
    const { page } = app;
    await toggleProfiles(page);
    await expect.poll(() => storeLine(page).textContent()).toBe('Secrets: in the OS keychain.');
    expect(await row(page, 'local-demo').locator('.secret').allTextContents()).toEqual(["secret in local-demo's own file", "secret in local-demo's own file"]);
    expect(await profilesPanel(page).getByRole('group', { name: 'Secrets no profile names' }).count()).toBe(0);
  });

  it('adds a profile that reads its secret from an environment variable: the list says "from $NAME", editing shows the variable', async () => {
    const { page } = app;
    const demoBaseUrl = (await row(page, 'local-demo').locator('small').first().textContent())!;
    await profilesPanel(page).getByRole('button', { name: 'Add profile' }).click();
    const form = page.getByRole('form', { name: 'Add a profile' });
    await form.getByLabel('Profile name').fill(profile.name);
    await form.getByLabel('Client id').fill(profile.clientId);
    await form.getByLabel('Base URL (optional)').fill(demoBaseUrl);
    expect(await form.getByLabel('Embed secret').getAttribute('type')).toBe('password');
    await form.getByRole('radio', { name: 'Read it from an environment variable' }).check();
    const name = form.getByLabel('Embed secret: environment variable');
    expect(await name.getAttribute('type')).toBeNull();
    await name.fill(variable);
    await form.getByRole('button', { name: 'Save' }).click();

    await expect.poll(() => profilesPanel(page).getByRole('status').textContent()).toBe(`Saved "${profile.name}"; secret from $${variable}.`);
    expect(await row(page, profile.name).locator('.secret').textContent()).toBe(`secret from $${variable}`);

    await row(page, profile.name)
      .getByRole('button', { name: `Edit profile ${profile.name}` })
      .click();
    const edit = page.getByRole('form', { name: `Edit profile ${profile.name}` });
    expect(await edit.getByRole('radio', { name: 'Read it from an environment variable' }).isChecked()).toBe(true);
    expect(await edit.getByLabel('Embed secret: environment variable').inputValue()).toBe(variable);
    // Choosing to store it, with nothing typed, would keep the variable: said, not saved.
    await edit.getByRole('radio', { name: 'Store the secret' }).check();
    await edit.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => edit.getByRole('alert').textContent()).toBe(`Type the secret to store; until then it is read from $${variable}.`);
    await edit.getByRole('button', { name: 'Cancel' }).click();
    await toggleProfiles(page);
  });

  it('loads the embed signed with the secret read from that variable: the local embed host verifies it', async () => {
    const { page } = app;
    await loadWith(page, profile.name);
    const token = await previewToken(page);
    expect(jwt.verify(token, envSecret, { algorithms: ['HS256'] })).toMatchObject({ iss: profile.clientId, sub: 'ada@example.com' });
  });

  it('finds a secret no profile names and removes it with "Remove them"', async () => {
    const { page } = app;
    const keytar = (await import('keytar')).default;
    const service = keychainService({ EMBED_CONSOLE_HOME: home });
    await keytar.setPassword(service, 'embed:gone', `orphan-${randomBytes(8).toString('hex')}`);

    await toggleProfiles(page);
    const notice = profilesPanel(page).getByRole('group', { name: 'Secrets no profile names' });
    await expect.poll(() => notice.textContent()).toBe('A secret that no profile names, left by an interrupted save: embed:gone (the OS keychain).Remove them');
    await notice.getByRole('button', { name: 'Remove them' }).click();
    await expect.poll(() => profilesPanel(page).getByRole('status').textContent()).toBe('Removed the secret no profile named.');
    await expect.poll(() => notice.count()).toBe(0);
    expect(await keytar.getPassword(service, 'embed:gone')).toBeNull();
  });

  it("never lets the variable's secret reach the page, the output or a file", async () => {
    await expectNowhereInPage(app, [envSecret]);
    expect(ui.stdout() + ui.stderr()).not.toContain(envSecret);
    expect(readTree(home)).not.toContain(envSecret);
  });
});

describe.runIf(chromium)('secrets in real Chromium, browser mode, with no D-Bus session: the passphrase vault (real local embed host)', () => {
  const { home, cleanup } = tempHome();
  // No D-Bus session, so no OS keychain; no passphrase from the environment, so the app asks.
  const env = envWithout('DBUS_SESSION_BUS_ADDRESS', 'EMBED_CONSOLE_PASSPHRASE');
  const profile = { name: 'vaulted', clientId: `vault-${randomBytes(4).toString('hex')}`, secret: `vs-${randomBytes(24).toString('base64url')}` };
  const passphrase = `pass ${randomBytes(9).toString('base64url')}`;
  const wrongPassphrase = `not ${randomBytes(9).toString('base64url')}`;
  let ui: UiProcess;
  let browser: Browser;
  let app: App;
  const runs: UiProcess[] = [];
  /** local-demo's base URL in the first run: the local embed host of that run. */
  let demoBaseUrl = '';

  const dialog = (page: Page) => page.getByRole('dialog');

  beforeAll(async () => {
    ui = await startUiWithEnv(home, env);
    runs.push(ui);
    browser = await launchChromium();
    app = await openApp(browser, ui);
  });

  afterAll(async () => {
    await browser?.close();
    for (const run of runs) await run.stop();
    cleanup();
  });

  it('names the passphrase vault and why at the top of Manage profiles; local-demo keeps its own file', async () => {
    const { page } = app;
    await toggleProfiles(page);
    demoBaseUrl = (await row(page, 'local-demo').locator('small').first().textContent())!;
    await expect
      .poll(() => storeLine(page).textContent())
      .toContain(`Secrets: in the passphrase vault ${home}/secrets.vault, not the OS keychain: no D-Bus session`);
    expect(await storeLine(page).textContent()).toContain('start Embed Console inside a desktop session');
    expect(await row(page, 'local-demo').locator('.secret').first().textContent()).toBe("secret in local-demo's own file");
    await toggleProfiles(page);
  });

  it('loads the local-demo embed with no keychain and no passphrase', async () => {
    await loadWith(app.page, 'local-demo');
    const preview = app.page.frames().find((f) => f.url().startsWith(demoBaseUrl));
    expect(await preview?.title()).toBe('Sales Performance · local embed host');
  });

  it('adds a profile with a stored secret: the passphrase dialog asks twice, says why, and Escape cancels the save in place', async () => {
    const { page } = app;
    await toggleProfiles(page);
    await profilesPanel(page).getByRole('button', { name: 'Add profile' }).click();
    const form = page.getByRole('form', { name: 'Add a profile' });
    await form.getByLabel('Profile name').fill(profile.name);
    await form.getByLabel('Client id').fill(profile.clientId);
    await form.getByLabel('Base URL (optional)').fill(demoBaseUrl);
    const secret = form.getByLabel('Embed secret');
    expect(await page.locator('[id="' + (await secret.getAttribute('aria-describedby')) + '"]').textContent()).toBe(
      'Goes to the passphrase vault; it is never shown again.',
    );
    await secret.fill(profile.secret);
    await form.getByRole('button', { name: 'Save' }).click();

    const asking = dialog(page);
    await expect.poll(() => asking.getAttribute('aria-modal')).toBe('true');
    expect(await page.getByRole('dialog', { name: 'Create the passphrase vault' }).count()).toBe(1);
    expect(await asking.getByLabel('New passphrase').count()).toBe(1);
    expect(await asking.getByLabel('The same passphrase again').count()).toBe(1);
    expect(await asking.textContent()).toContain('not the OS keychain: no D-Bus session');
    expect(await asking.getByLabel('New passphrase').evaluate((input) => input === document.activeElement)).toBe(true);

    await page.keyboard.press('Escape');
    await expect.poll(() => asking.count()).toBe(0);
    // Focus goes back to what opened it.
    expect(await form.getByRole('button', { name: 'Save' }).evaluate((button) => button === document.activeElement)).toBe(true);
    // Nothing saved; the save's own failure, where it was made.
    await expect.poll(() => profilesPanel(page).getByRole('alert').first().textContent()).toContain('secrets go to a new passphrase vault');
    expect(await row(page, profile.name).count()).toBe(0);
    expect(await form.count()).toBe(1);
  });

  it('creates the vault from the dialog: passphrases that differ are refused in place and cleared; then the profile saves "in the passphrase vault"', async () => {
    const { page } = app;
    const form = page.getByRole('form', { name: 'Add a profile' });
    await form.getByRole('button', { name: 'Save' }).click();
    const asking = page.getByRole('dialog', { name: 'Create the passphrase vault' });
    await asking.getByLabel('New passphrase').fill(passphrase);
    await asking.getByLabel('The same passphrase again').fill(wrongPassphrase);
    await page.screenshot({ path: CREATE_DIALOG_SCREENSHOT });
    await asking.getByRole('button', { name: 'Create the vault' }).click();

    const repeat = asking.getByLabel('The same passphrase again');
    await expect.poll(() => repeat.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator(`[id="${await repeat.getAttribute('aria-describedby')}"]`).textContent()).toBe(
      'The two passphrases differ; type the same one twice.',
    );
    expect(await asking.getByLabel('New passphrase').inputValue()).toBe('');
    expect(await repeat.inputValue()).toBe('');
    await expect.poll(() => asking.getByLabel('New passphrase').evaluate((input) => input === document.activeElement)).toBe(true);

    await asking.getByLabel('New passphrase').fill(passphrase);
    await repeat.fill(passphrase);
    await asking.getByRole('button', { name: 'Create the vault' }).click();
    await expect.poll(() => asking.count(), { timeout: 15_000 }).toBe(0);

    await expect.poll(() => profilesPanel(page).getByRole('status').textContent()).toBe(`Saved "${profile.name}"; secret in the passphrase vault.`);
    expect(await row(page, profile.name).locator('.secret').textContent()).toBe('secret in the passphrase vault');
    await expect.poll(() => storeLine(page).textContent()).toContain('The vault is open for this run.');
    await profilesPanel(page).screenshot({ path: VAULT_PANEL_SCREENSHOT });
    await toggleProfiles(page);
  });

  it('loads the embed signed with the secret from the vault', async () => {
    await loadWith(app.page, profile.name);
    expect(jwt.verify(await previewToken(app.page), profile.secret, { algorithms: ['HS256'] })).toMatchObject({ iss: profile.clientId });
  });

  it('asks once in a new run, refuses a wrong passphrase in place, then signs', async () => {
    // This run's page is checked before it goes.
    await expectNowhereInPage(app, [profile.secret, passphrase]);
    await app.page.close();
    await ui.stop();
    ui = await startUiWithEnv(home, env);
    runs.push(ui);
    app = await openApp(browser, ui);
    const { page } = app;
    await page.getByRole('combobox', { name: 'Profile', exact: true }).selectOption(profile.name);
    await loadButton(page).click();

    const asking = page.getByRole('dialog', { name: 'Unlock the passphrase vault' });
    await expect.poll(() => asking.count()).toBe(1);
    expect(await asking.locator('input').count()).toBe(1);
    expect(await asking.textContent()).toContain(`${home}/secrets.vault`);
    await asking.getByLabel('Passphrase').fill(wrongPassphrase);
    await asking.getByRole('button', { name: 'Unlock' }).click();
    const field = asking.getByLabel('Passphrase');
    await expect.poll(() => field.getAttribute('aria-invalid'), { timeout: 15_000 }).toBe('true');
    expect(await field.inputValue()).toBe('');
    await page.screenshot({ path: UNLOCK_DIALOG_SCREENSHOT });

    await field.fill(passphrase);
    await asking.getByRole('button', { name: 'Unlock' }).click();
    await expect.poll(() => asking.count(), { timeout: 15_000 }).toBe(0);
    // The Load that asked is made once more, and signs. (The profile's base URL is the first
    // run's local embed host, gone now: the token is what this run is about.)
    await expect.poll(() => page.locator('#token-title .badge').textContent()).toBe('signed');
    expect(jwt.verify(await previewToken(page), profile.secret, { algorithms: ['HS256'] })).toMatchObject({ iss: profile.clientId });
  });

  it('never lets the secret or the passphrase reach the page, the output or a file in the clear', async () => {
    await expectNowhereInPage(app, [profile.secret, passphrase]);
    for (const run of runs) expect(run.stdout() + run.stderr()).not.toContain(profile.secret);
    for (const run of runs) expect(run.stdout() + run.stderr()).not.toContain(passphrase);
    const files = readTree(home);
    expect(files).toContain('secrets.vault');
    expect(files).not.toContain(profile.secret);
    expect(files).not.toContain(passphrase);
  });
});
