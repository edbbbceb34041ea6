/**
 * The app end to end in real Chromium, in browser mode, the way a developer uses it: the real
 * `embed-console ui` (which starts the real local embed host), the real keychain, nothing mocked.
 * The tests are one session, in order: each starts where the previous one left the page.
 */
import { randomBytes } from 'node:crypto';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startUi, type UiProcess } from './support/ui';
import { hasChromium, launchChromium } from './support/browser';
import { forgetProfiles, readTree, runCli, tempHome } from './support/cli';
import { demoSecret, readTreeButDemoSecrets } from './support/demo-secrets';
import { startHost } from './support/host';
import { screenshotPath } from './support/screenshots';
import { hasKeychain } from './support/system';

const keychain = await hasKeychain();
const chromium = hasChromium();

const WORKBOOK_PAGE = 'workbook/Sales-Performance-3kQ7vN2pXb9sLm4Tz8Rw1c/page/overview';
const CRAFT_SCREENSHOT = screenshotPath('app-craft.png');
const VALIDATION_SCREENSHOT = screenshotPath('app-validation.png');
const INSPECT_SCREENSHOT = screenshotPath('app-inspect.png');
const BROWSE_SCREENSHOT = screenshotPath('app-browse.png');

describe.runIf(keychain && chromium)('the app in real Chromium, browser mode (real keychain, real local embed host)', () => {
  const { home, cleanup } = tempHome();
  const profile = { name: 'acme-staging', clientId: `acme-${randomBytes(4).toString('hex')}`, secret: `s3cret-${randomBytes(24).toString('base64url')}` };
  let ui: UiProcess;
  let browser: Browser;
  let page: Page;
  /** Bodies of every text or JSON response the page and its frames received. */
  const bodies: Array<Promise<{ url: string; body: string | null; error?: string }>> = [];
  const consoleMessages: string[] = [];
  let demoBaseUrl = '';
  /** A REST API secret typed into the app (a wrong one, to see Sigma's refusal). */
  const typedApiSecret = `api-${randomBytes(16).toString('hex')}`;

  const frame = () => page.frameLocator('iframe[title="Embed preview"]');
  const loadButton = () => page.getByRole('button', { name: /^(Load|Reload)$/ });
  const eventTypes = () => page.getByRole('list', { name: 'Event log' }).locator('li strong').allTextContents();
  /** The loads in the log that ended loaded: each load heads a section of its own. */
  const loadedLoads = () =>
    page
      .getByRole('region', { name: 'Events' })
      .getByText(/^Load at .* · Loaded/)
      .count();
  const header = () =>
    page
      .getByLabel('Decoded header')
      .textContent()
      .then((text) => JSON.parse(text!) as Record<string, unknown>);
  const payload = () =>
    page
      .getByLabel('Decoded payload')
      .textContent()
      .then((text) => JSON.parse(text!) as Record<string, unknown>);
  const badge = () => page.locator('#token-title .badge');
  const tableRegions = () => frame().locator('[data-node-id="revenue-table"] tbody tr td:first-child').allTextContents();
  /** The jti inside a signed URL's token. */
  const jtiOf = (url: string) => (JSON.parse(Buffer.from(new URL(url).searchParams.get(':jwt')!.split('.')[1], 'base64url').toString()) as { jti: string }).jti;
  /** The message shown next to a control: the element its aria-describedby names. */
  const noteOf = async (control: Locator) => page.locator(`[id="${await control.getAttribute('aria-describedby')}"]`).textContent();

  beforeAll(async () => {
    ui = await startUi(home);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.setDefaultTimeout(5_000);
    page.on('response', (response) => {
      if (!/text|json|javascript/.test(response.headers()['content-type'] ?? '')) return;
      // Read at once: a frame's body can be gone once the next Load replaces the frame.
      bodies.push(
        response.text().then(
          (body) => ({ url: response.url(), body }),
          (error: Error) => ({ url: response.url(), body: null, error: error.message }),
        ),
      );
    });
    page.on('console', (message) => consoleMessages.push(message.text()));
    page.on('pageerror', (error) => consoleMessages.push(String(error)));
  });

  afterAll(async () => {
    await browser?.close();
    await ui?.stop();
    // The keychain entries of this throwaway home go with it.
    for (const name of ['local-demo', profile.name]) await runCli(['profile', 'remove', name], { home });
    cleanup();
  });

  it('opens on the local-demo profile on first run', async () => {
    await page.goto(ui.url);
    const select = page.getByRole('combobox', { name: 'Profile', exact: true });
    await expect.poll(() => select.inputValue()).toBe('local-demo');
    expect(await select.locator('option').allTextContents()).toEqual(['local-demo']);
    expect(await page.getByLabel('Sigma URL').inputValue()).toBe('workbook/Sales-Performance-3kQ7vN2pXb9sLm4Tz8Rw1c');
    expect(await badge().textContent()).toBe('unsigned draft');
  });

  it('adds a profile through the UI: the list says where each secret is and never shows one', async () => {
    await page.getByRole('button', { name: 'Manage profiles' }).click();
    const profiles = page.getByRole('region', { name: 'Profiles' });
    const demo = profiles.getByRole('listitem').filter({ hasText: 'local-demo' });
    expect(await demo.textContent()).toContain("secret in local-demo's own file");
    demoBaseUrl = (await demo.locator('small').first().textContent())!;
    expect(demoBaseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/demo$/);

    await profiles.getByRole('button', { name: 'Add profile' }).click();
    const form = page.getByRole('form', { name: 'Add a profile' });
    await form.getByLabel('Profile name').fill(profile.name);
    await form.getByLabel('Client id').fill(profile.clientId);
    await form.getByLabel('Base URL (optional)').fill(demoBaseUrl);
    const secret = form.getByLabel('Embed secret');
    expect(await secret.getAttribute('type')).toBe('password');
    await secret.fill(profile.secret);
    await form.getByRole('button', { name: 'Save' }).click();

    await expect.poll(() => profiles.getByRole('status').textContent()).toBe(`Saved "${profile.name}"; secret in the OS keychain.`);
    expect(await form.count()).toBe(0);
    const added = profiles.getByRole('listitem').filter({ hasText: profile.name });
    expect(await added.textContent()).toBe(`${profile.name} ${profile.clientId}secret in the OS keychain${demoBaseUrl}EditREST APIRemove`);
    expect(await page.getByRole('combobox', { name: 'Profile', exact: true }).inputValue()).toBe(profile.name);

    // Editing shows that a secret is stored, never what it is.
    await added.getByRole('button', { name: `Edit profile ${profile.name}` }).click();
    const edit = page.getByRole('form', { name: `Edit profile ${profile.name}` });
    expect(await edit.getByLabel('Embed secret').inputValue()).toBe('');
    expect(await edit.getByLabel('Embed secret').getAttribute('placeholder')).toBe('stored in the OS keychain');
    await edit.getByRole('button', { name: 'Cancel' }).click();
    expect(await page.content()).not.toContain(profile.secret);
    await page.getByRole('button', { name: 'Manage profiles' }).click();
    expect(await profiles.count()).toBe(0);
  });

  it('fills the claims, splits a pasted target URL into its parts, and shows the unsigned draft as you type', async () => {
    const sub = page.getByLabel('User email (sub)');
    await sub.fill('grace@example.com');
    await expect.poll(async () => (await payload()).sub).toBe('grace@example.com');
    // Live, keystroke by keystroke: the draft follows each character.
    await sub.press('End');
    await sub.pressSequentially('.au');
    await expect.poll(async () => (await payload()).sub).toBe('grace@example.com.au');
    await sub.fill('grace@example.com');

    await page.getByLabel('First name').fill('Grace');
    await page.getByLabel('Last name').fill('Hopper');
    await page.getByLabel('Account type').fill('Creator');
    const team = page.getByLabel('Teams', { exact: true });
    await team.fill('Finance');
    await team.press('Enter');
    expect(await page.locator('.chips-input .chip').allTextContents()).toEqual(['Sales×', 'Finance×']);
    await page.getByLabel('Attribute 1').fill('region');
    await page.getByLabel('Value 1').fill('East');

    await page.getByLabel('Sigma URL').fill(`${demoBaseUrl}/${WORKBOOK_PAGE}`);
    const parts = page.getByRole('group', { name: 'Parts' });
    expect(await parts.getByLabel('Org').inputValue()).toBe('demo');
    expect(await parts.getByLabel('Kind').inputValue()).toBe('page');
    expect(await parts.getByLabel('Workbook name').inputValue()).toBe('Sales-Performance');
    expect(await parts.getByLabel('Workbook URL id').inputValue()).toBe('3kQ7vN2pXb9sLm4Tz8Rw1c');
    expect(await parts.getByLabel('Page id').inputValue()).toBe('overview');
    expect(await parts.getByLabel('Version tag').inputValue()).toBe('');

    await page.getByLabel('Theme').fill('Dark');

    expect(await badge().textContent()).toBe('unsigned draft');
    expect(await header()).toEqual({ alg: 'HS256', typ: 'JWT', kid: profile.clientId });
    expect(await payload()).toMatchObject({
      sub: 'grace@example.com',
      iss: profile.clientId,
      first_name: 'Grace',
      last_name: 'Hopper',
      account_type: 'Creator',
      teams: ['Sales', 'Finance'],
      user_attributes: { region: 'East' },
    });
    const { iat, exp } = (await payload()) as { iat: number; exp: number };
    expect(exp - iat).toBe(3600);
  });

  it('loads the embed signed with the new profile: the workbook renders, the token panel shows the signed token, the log workbook:loaded', async () => {
    await loadButton().click();
    await expect.poll(eventTypes).toEqual(['workbook:loaded', 'url:onchange', 'workbook:dataloaded']);

    // Inside the frame: signed in as this user, row-level security from region=East, Dark theme.
    expect(await frame().getByTestId('sub').textContent()).toBe('Grace Hopper <grace@example.com>');
    expect(await frame().getByRole('region', { name: 'Session' }).textContent()).toContain(profile.name);
    await expect.poll(tableRegions).toEqual(Array(6).fill('East'));
    expect(await frame().locator('body').getAttribute('class')).toBe('theme-dark');

    expect(await badge().textContent()).toBe('signed');
    expect(await header()).toEqual({ alg: 'HS256', typ: 'JWT', kid: profile.clientId });
    const signed = (await payload()) as { jti: string; iat: number; exp: number };
    expect(signed).toMatchObject({
      sub: 'grace@example.com',
      iss: profile.clientId,
      account_type: 'Creator',
      teams: ['Sales', 'Finance'],
      user_attributes: { region: 'East' },
    });
    expect(signed.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(signed.exp - signed.iat).toBe(3600);
    const times = page.locator('dl.times');
    expect(await times.textContent()).toContain(new Date(signed.exp * 1000).toLocaleString());
    // The countdown runs: from 1:00:00 to 0:59:59 within a second or so.
    await expect.poll(() => times.getByLabel(/^expires /).textContent(), { timeout: 3_000 }).toMatch(/^0:59:\d\d$/);

    const urlParts = page.getByLabel('Signed URL parts');
    expect(await urlParts.locator('dd').first().textContent()).toBe(`${demoBaseUrl}/${WORKBOOK_PAGE}`);
    const text = (await urlParts.textContent())!;
    expect(text).toContain(':themeDark');
    expect(text).toMatch(/:jwteyJ[\w-]{21}… \(\d+ chars\)/);
    expect(await page.locator('iframe[title="Embed preview"]').getAttribute('src')).toContain(`${demoBaseUrl}/${WORKBOOK_PAGE}?`);

    await page.screenshot({ path: CRAFT_SCREENSHOT, fullPage: true });
  });

  it('shows validation inline, next to the field, and disables Load', async () => {
    const sub = page.getByLabel('User email (sub)');
    await sub.fill('grace at example.com');
    expect(await sub.getAttribute('aria-invalid')).toBe('true');
    expect(await noteOf(sub)).toBe('sub "grace at example.com" contains whitespace; Sigma refuses it ("Invalid sub field in payload").');
    await sub.fill('grace.example.com');
    expect(await noteOf(sub)).toBe('sub "grace.example.com" is not an email address; use the user\'s email, such as ada@example.com.');
    expect(await loadButton().isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Open in browser' }).isDisabled()).toBe(true);

    const session = page.getByLabel('Session length (seconds)');
    await session.fill(String(31 * 86_400));
    expect(await session.getAttribute('aria-invalid')).toBe('true');
    expect(await noteOf(session)).toBe("Session length 31 days exceeds Sigma's 30-day limit; use at most 2592000 seconds.");
    expect(await badge().textContent()).toBe('unsigned draft');
    expect(await page.getByLabel('Findings').textContent()).toContain('SUB_INVALID');

    await page.screenshot({ path: VALIDATION_SCREENSHOT, fullPage: true });

    await session.fill('2592000');
    expect(await session.getAttribute('aria-invalid')).toBe('false');
    expect(await noteOf(session)).toBe("30 days; at most 30 days (Sigma's limit).");
    expect(await loadButton().isDisabled()).toBe(true);
    await sub.fill('grace@example.com');
    expect(await loadButton().isDisabled()).toBe(false);
  });

  it('names a session one second over the limit as longer than 30 days, not "30.0 days"', async () => {
    const session = page.getByLabel('Session length (seconds)');
    try {
      await session.fill('2592001');
      expect(await session.getAttribute('aria-invalid')).toBe('true');
      // The error next to the field and the token panel's finding both name the length.
      expect(await noteOf(session)).not.toContain('30.0 days');
      expect(await page.getByLabel('Findings').textContent()).not.toContain('30.0 days');
    } finally {
      await session.fill('3600');
    }
  });

  it('disables the external-only claims for an internal user and says why; what it disables is not sent', async () => {
    const internal = page.getByLabel('Internal (has a Sigma account)');
    try {
      await internal.check();
      const external = ['First name', 'Last name', 'Account type', 'Teams', 'Attribute 1', 'Value 1'];
      for (const label of external) expect(await page.getByLabel(label, { exact: true }).isDisabled(), label).toBe(true);
      expect(await page.getByRole('button', { name: 'Remove team Sales' }).isDisabled()).toBe(true);
      expect(await page.getByRole('group', { name: 'User', exact: true }).textContent()).toContain(
        'Internal users keep the account type, teams and attributes set in Sigma; Sigma refuses these claims for them.',
      );
      expect(await page.getByLabel('Eval connection id').isDisabled()).toBe(false);

      // An error the user cannot act on: it says "Remove it", on a control that is disabled.
      const claims = page.getByRole('region', { name: 'Claims' });
      const unfixable = await claims.locator('.error').filter({ hasText: 'cannot be sent for an internal user' }).allTextContents();
      expect(unfixable, 'errors shown on disabled controls').toEqual([]);
      const draft = await payload();
      for (const claim of ['first_name', 'last_name', 'account_type', 'teams', 'user_attributes'])
        expect(draft, `${claim} is disabled, so not sent`).not.toHaveProperty(claim);
      expect(await loadButton().isDisabled()).toBe(false);
    } finally {
      await page.getByLabel('External (embed user)').check();
    }
    expect(await page.getByLabel('First name').isDisabled()).toBe(false);
    expect(await page.getByRole('region', { name: 'Claims' }).locator('.error').count()).toBe(0);
  });

  it('sends workbook:variables:update from the event log: the embed filters, workbook:variables:onchange is logged', async () => {
    const send = page.getByRole('group', { name: 'Send to the embed' });
    expect(await send.getByLabel('Command').inputValue()).toBe('workbook:variables:update');
    await send.getByLabel('Payload (JSON)').fill(JSON.stringify({ variables: { Region: 'West' } }));
    await send.getByRole('button', { name: 'Send' }).click();

    await expect
      .poll(eventTypes)
      .toEqual(['workbook:loaded', 'url:onchange', 'workbook:dataloaded', 'workbook:variables:update', 'workbook:variables:onchange']);
    const log = page.getByRole('list', { name: 'Event log' });
    expect(await log.locator('li.out').textContent()).toContain('{"variables":{"Region":"West"}}');
    expect(await log.locator('li.in').last().textContent()).toContain('{"workbook":{"variables":{"Region":"West"}}}');
    // West is outside this user's rows (region=East): the table empties, the West chip is pressed.
    await expect.poll(() => frame().getByRole('button', { name: 'West' }).getAttribute('aria-pressed')).toBe('true');
    expect(await frame().locator('[data-node-id="revenue-table"] tbody tr').count()).toBe(0);
    expect(await frame().locator('[data-node-id="revenue-table"] .empty').isVisible()).toBe(true);
  });

  it("shows the host's refusal of a replayed URL in the frame and workbook:error in the log", async () => {
    const iframe = page.locator('iframe[title="Embed preview"]');
    const src = (await iframe.getAttribute('src'))!;
    const jti = jtiOf(src);
    const refused = page.waitForResponse((response) => response.status() === 403);
    // The same signed URL again, as a user reloading the frame would.
    await iframe.evaluate((element: HTMLIFrameElement) => element.setAttribute('src', element.src));
    expect((await refused).url()).toBe(src);

    const refusal = frame().getByRole('alert');
    await expect.poll(() => refusal.textContent()).toContain('This embed URL was already used.');
    expect(await refusal.textContent()).toContain(`Replay of jti ${jti}`);
    expect(await refusal.textContent()).toContain('403 · EINVAL');
    await expect.poll(async () => (await eventTypes()).at(-1)).toBe('workbook:error');
    const error = await page.getByRole('list', { name: 'Event log' }).locator('li').last().textContent();
    expect(error).toContain('"message":"This embed URL was already used."');
  });

  it('shows "Session expired" in the frame and workbook:error in the log when a 2 s session runs out', async () => {
    await page.getByRole('button', { name: 'Clear' }).click();
    await page.getByLabel('Session length (seconds)').fill('2');
    expect(await noteOf(page.getByLabel('Session length (seconds)'))).toBe("2 s; at most 30 days (Sigma's limit).");
    await loadButton().click();
    await expect.poll(eventTypes).toContain('workbook:dataloaded');
    expect(await tableRegions()).toEqual(Array(6).fill('East'));

    // A wait on the clock: the session has to run out.
    const expired = frame().getByRole('alert');
    await expect.poll(() => expired.textContent(), { timeout: 5_000 }).toBe('Session expired. Reload the page.');
    await expect.poll(eventTypes).toEqual(['workbook:loaded', 'url:onchange', 'workbook:dataloaded', 'workbook:error']);
    expect(await page.getByRole('list', { name: 'Event log' }).locator('li').last().textContent()).toContain(
      '"code":"EINVAL","message":"Session expired. Reload the page."',
    );
    await expect.poll(() => page.locator('dl.times .expired').textContent()).toMatch(/^expired /);
  });

  it('works with the keyboard alone: type in the form, Tab through it, press Load with Enter or Space', async () => {
    await page.getByRole('button', { name: 'Clear' }).click();
    const before = await loadedLoads();
    await page.getByLabel('User email (sub)').focus();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('alan@example.com');

    /** The label of the focused control, as a screen reader would announce it. */
    const focused = () =>
      page.evaluate(() => {
        const element = document.activeElement as HTMLInputElement | null;
        return (element?.labels?.[0]?.textContent ?? element?.getAttribute('aria-label') ?? element?.textContent ?? '').trim();
      });
    const visited: string[] = [];
    while (visited.at(-1) !== 'Session length (seconds)') {
      expect(visited.length, `Tab reaches the session length; it went through ${visited.join(', ')}`).toBeLessThan(25);
      await page.keyboard.press('Tab');
      visited.push(await focused());
      if (visited.at(-1) === 'Account type') {
        await page.keyboard.press('ControlOrMeta+a');
        await page.keyboard.type('Viewer');
      } else if (visited.at(-1) === 'Teams') {
        await page.keyboard.type('Ops');
        await page.keyboard.press('Enter');
      }
    }
    expect(visited).toEqual(
      expect.arrayContaining(['External (embed user)', 'First name', 'Last name', 'Account type', 'Remove team Sales', 'Teams', 'Attribute 1', 'Value 1']),
    );
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('600');
    // Then the OAuth fields, then the preview's Load.
    const after: string[] = [];
    while (after.at(-1) !== 'Reload') {
      expect(after.length, `Tab reaches Load; it went through ${after.join(', ')}`).toBeLessThan(5);
      await page.keyboard.press('Tab');
      after.push(await focused());
    }
    expect(after).toEqual(['OAuth token (oauth_token)', '+ Add connection id', 'Reload']);
    await page.keyboard.press('Enter');

    await expect.poll(eventTypes).toEqual(['workbook:loaded', 'url:onchange', 'workbook:dataloaded']);
    expect(await frame().getByTestId('sub').textContent()).toBe('Grace Hopper <alan@example.com>');
    expect(await frame().getByRole('region', { name: 'Session' }).textContent()).toContain('Account type: Viewer');
    expect(await badge().textContent()).toBe('signed');
    const signed = (await payload()) as { iat: number; exp: number };
    expect(signed).toMatchObject({ sub: 'alan@example.com', account_type: 'Viewer', teams: ['Sales', 'Finance', 'Ops'] });
    expect(signed.exp - signed.iat).toBe(600);

    // Space loads too, with a fresh token. (Focus is put back first: see the next test.)
    await loadButton().focus();
    await page.keyboard.press(' ');
    await expect.poll(loadedLoads).toBe(before + 2);
  });

  it('keeps the focus on Load after a keyboard load, so the next Enter loads again', async () => {
    const before = await loadedLoads();
    await loadButton().focus();
    await page.keyboard.press('Enter');
    await expect.poll(loadedLoads).toBe(before + 1);
    const active = () =>
      page.evaluate(() => `${document.activeElement?.tagName} ${document.activeElement === document.body ? '' : document.activeElement?.textContent}`.trim());
    expect(await active()).toBe('BUTTON Reload');
  });

  it("imports the quickstart's .env: a profile with its secret in the keychain, and the form filled", async () => {
    const envSecret = `env-${randomBytes(12).toString('hex')}`;
    await page.getByRole('button', { name: 'Manage profiles' }).click();
    await page.getByLabel('New profile name').fill('quickstart');
    await page.getByLabel('.env file').setInputFiles({
      name: '.env',
      mimeType: 'text/plain',
      buffer: Buffer.from(
        `BASE_URL=${demoBaseUrl}/${WORKBOOK_PAGE}?:theme=Dark\nCLIENT_ID=qs-${randomBytes(3).toString('hex')}\nSECRET=${envSecret}\nEMAIL=hedy@example.com\nTEAMS=Ops,Sales\nua_region=North\n`,
      ),
    });
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Saved profile "quickstart"' }).count()).toBe(1);
    expect(await page.getByRole('status').filter({ hasText: 'remove SECRET from .env' }).count()).toBe(1);
    await expect.poll(() => page.getByLabel('User email (sub)').inputValue()).toBe('hedy@example.com');
    await expect.poll(() => page.locator('.profile-select select').inputValue()).toBe('quickstart');
    expect(await page.getByLabel('Theme').inputValue()).toBe('Dark');
    expect(await page.locator('.profile-list').textContent()).toMatch(/quickstart.*secret in the OS keychain/);
    expect(await page.content()).not.toContain(envSecret);
    await page.getByRole('button', { name: 'Manage profiles' }).click();
  });

  it('keeps each loaded embed in the history: searchable, reopened in one click, deleted', async () => {
    await page.getByRole('button', { name: 'History', exact: true }).click();
    const items = page.getByRole('list', { name: 'Crafted embeds' }).locator('li');
    await expect.poll(() => items.count()).toBeGreaterThan(1);
    const search = page.getByLabel('Search the history');
    await search.fill('grace@example.com');
    await expect.poll(() => items.first().textContent()).toContain('grace@example.com');
    for (const text of await items.allTextContents()) expect(text).toContain('grace@example.com');
    await search.fill('no such user anywhere');
    await expect.poll(() => items.first().textContent()).toBe('Nothing matches the search.');

    await search.fill('');
    await page
      .getByRole('button', { name: /^Reopen the embed for grace@example\.com/ })
      .first()
      .click();
    await expect.poll(() => page.getByLabel('User email (sub)').inputValue()).toBe('grace@example.com');

    await page.getByRole('button', { name: 'History', exact: true }).click();
    await expect.poll(() => page.getByRole('button', { name: /^Delete the embed for / }).count()).toBeGreaterThan(1);
    const before = await items.count();
    await page
      .getByRole('button', { name: /^Delete the embed for / })
      .first()
      .click();
    await expect.poll(() => items.count()).toBe(before - 1);
  });

  it('exports the crafted embed as Node and Python code that reads the secret from the environment', async () => {
    await page.getByRole('button', { name: 'Craft', exact: true }).click();
    const node = await page.getByLabel('Node (jsonwebtoken) code').textContent();
    expect(node).toContain(`const CLIENT_ID = "${profile.clientId}";`);
    expect(node).toContain('keyid: CLIENT_ID');
    expect(node).toContain('process.env.SIGMA_EMBED_SECRET');
    await page.getByRole('button', { name: 'Python (PyJWT)' }).click();
    expect(await page.getByLabel('Python (PyJWT) code').textContent()).toContain('headers={"kid": CLIENT_ID}');
    await page.getByRole('button', { name: 'URL template' }).click();
    expect(await page.getByLabel('URL template code').textContent()).toMatch(/\?:jwt=\{token\}&:embed=true/);
    for (const code of [node, await page.getByLabel('URL template code').textContent()]) expect(code).not.toContain(profile.secret);
  });

  it('inspects a URL signed elsewhere: decoded, verified with the stored secret, judged, and opened in Craft', async () => {
    const signed = await runCli(
      [
        'sign',
        '--profile',
        profile.name,
        '--url',
        WORKBOOK_PAGE,
        '--sub',
        'linus@example.com',
        '--team',
        'Ops',
        '--param',
        ':theme=Dark',
        '--param',
        ':colour=red',
      ],
      { home },
    );
    expect(signed.code).toBe(0);
    await page.getByRole('button', { name: 'Inspect', exact: true }).click();
    const input = page.getByLabel('Token or embed URL', { exact: true });
    // Judged as it is pasted: no button to press.
    await input.fill(signed.stdout.trim());
    await expect.poll(() => page.locator('.verdict').textContent()).toMatch(new RegExp(`Signature valid.*profile "${profile.name}"`));
    const findings = () => page.getByRole('list', { name: 'Findings' }).locator('code').allTextContents();
    // The CLI's signing went into the same ledger; the unknown option is Sigma's to refuse.
    expect(await findings()).toEqual(['URL_OPTION_UNKNOWN', 'JTI_KNOWN']);
    expect(JSON.parse((await page.getByLabel('Inspected payload').textContent())!)).toMatchObject({ sub: 'linus@example.com', teams: ['Ops'] });
    await page.screenshot({ path: INSPECT_SCREENSHOT, fullPage: true });

    const none = `${Buffer.from(JSON.stringify({ alg: 'none', kid: profile.clientId })).toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'x@example.com' })).toString('base64url')}.`;
    await input.fill(`Bearer ${none}`);
    await expect.poll(() => page.locator('.verdict').textContent()).toMatch(/Signature not valid.*only HS256/);
    expect(await findings()).toEqual(expect.arrayContaining(['ALG_NOT_HS256', 'JTI_MISSING']));

    await input.fill(signed.stdout.trim());
    await expect.poll(() => page.locator('.verdict').textContent()).toMatch(/^Signature valid/);
    await page.getByRole('button', { name: 'Open in Craft' }).click();
    await expect.poll(() => page.getByLabel('User email (sub)').inputValue()).toBe('linus@example.com');
    expect(await page.getByLabel('Sigma URL').inputValue()).toBe(`${demoBaseUrl}/${WORKBOOK_PAGE}`);
    expect(await page.getByLabel('Theme').inputValue()).toBe('Dark');
    // Craft says before signing that Sigma refuses the unknown option (the host would, EINVAL); removing it mends the draft.
    const refused = page.getByText(/^:colour: not a Sigma URL option/);
    expect(await refused.count()).toBe(1);
    await page.getByRole('button', { name: 'Remove Option :colour' }).click();
    await expect.poll(() => refused.count()).toBe(0);
  });

  it('keeps rows being typed: two new attribute rows at once, then named one by one', async () => {
    await page.getByRole('button', { name: 'Craft', exact: true }).click();
    const attributes = page.getByRole('group', { name: 'User attributes' });
    const rows = attributes.locator('.pair');
    const before = await rows.count();
    await page.getByRole('button', { name: '+ Add attribute' }).click();
    await page.getByRole('button', { name: '+ Add attribute' }).click();
    expect(await rows.count()).toBe(before + 2);
    await page.getByLabel(`Attribute ${before + 2}`, { exact: true }).fill('tier');
    await page.getByLabel(`Value ${before + 2}`, { exact: true }).fill('gold');
    await expect.poll(() => payload().then((p) => (p.user_attributes as Record<string, string>)?.tier)).toBe('gold');
    expect(await rows.count()).toBe(before + 2);
    for (const name of ['tier', String(before + 1)]) await page.getByRole('button', { name: `Remove Attribute ${name}` }).click();
    expect(await rows.count()).toBe(before);
  });

  it('browses the org through the REST API: picks set the target, the teams and sub, without leaving Browse, and the embed loads', async () => {
    await page.locator('.profile-select select').selectOption('local-demo');
    await page.getByRole('button', { name: 'Browse', exact: true }).click();
    const workbooks = page.getByRole('list', { name: 'Workbooks' }).getByRole('button');
    await expect.poll(() => workbooks.allTextContents()).toEqual(['Sales PerformanceShared/Demo', 'Customer HealthShared/Demo']);
    await page.getByLabel('Search workbooks by name').fill('HEALTH');
    await expect.poll(() => workbooks.allTextContents()).toEqual(['Customer HealthShared/Demo']);
    await page.getByLabel('Search workbooks by name').fill('');

    await workbooks.filter({ hasText: 'Sales Performance' }).click();
    await page.getByRole('list', { name: 'Pages' }).getByRole('button', { name: 'Orders', exact: true }).click();
    const elements = page.getByRole('list', { name: 'Elements' }).locator('li');
    await expect.poll(() => elements.allTextContents()).toEqual(['Region controlUse as target', 'Recent orders tableUse as target']);

    // Teams: the claim's Ops is no team of the org, and says so; Support added, Ops taken off.
    const ops = page.getByRole('checkbox', { name: /^Ops/ });
    expect(await ops.isChecked()).toBe(true);
    expect(await page.locator('label', { has: ops }).textContent()).toBe('Ops not a team of this org');
    await page.getByRole('checkbox', { name: /^Support/ }).check();
    await ops.uncheck();
    await page.getByRole('button', { name: 'Use these teams' }).click();
    expect(await page.getByText("Craft's teams are now Support.").count()).toBe(1);
    await expect.poll(() => payload().then((p) => p.teams)).toEqual(['Support']);
    await page.getByLabel('Member email').fill('grace');
    await page.getByRole('button', { name: 'Look up' }).click();
    await page.getByRole('button', { name: 'Use grace@example.com as sub' }).click();
    await expect.poll(() => page.getByLabel('User email (sub)').inputValue()).toBe('grace@example.com');

    // The picks stayed in Browse: the element is still listed.
    await page.getByRole('button', { name: 'Use element Recent orders as target' }).click();
    await page.screenshot({ path: BROWSE_SCREENSHOT, fullPage: true });
    await page.locator('.content-browser').getByRole('button', { name: 'Open in Craft' }).click();
    expect(await page.getByLabel('Sigma URL').inputValue()).toBe('workbook/Sales-Performance-3kQ7vN2pXb9sLm4Tz8Rw1c/element/orders-table');
    expect(await page.getByText('From Browse: target set to element Recent orders of Sales Performance.').count()).toBe(1);
    await loadButton().click();
    await expect.poll(() => frame().locator('[data-node-id="orders-table"]').count()).toBe(1);
  });

  it("asks a profile without REST API credentials for them, and shows Sigma's refusal of wrong ones with the fix", async () => {
    // Another Sigma: a local embed host on a home of its own, which has never seen these credentials.
    const otherHome = tempHome();
    const sigma = await startHost(otherHome.home);
    const apiBase = sigma.url;
    // Stopped whatever happens: a failing step must not leave the host running after the tests.
    try {
      await page.locator('.profile-select select').selectOption(profile.name);
      await page.getByRole('button', { name: 'Browse', exact: true }).click();
      await expect.poll(() => page.getByText(`Profile ${profile.name} has no REST API credentials yet.`).count()).toBe(1);
      const form = page.getByRole('form', { name: `REST API credentials of ${profile.name}` });
      await form.getByLabel('API client id').fill('not-a-known-client');
      await form.getByLabel('Cloud').selectOption({ label: 'Custom API base URL…' });
      await form.getByLabel('API base URL').fill('http://sigma.example.com');
      await form.getByRole('button', { name: 'Save REST API credentials' }).click();
      // Refused in place: the secret would have crossed the network in the clear; and a first save needs one.
      await expect.poll(() => noteOf(form.getByLabel('API base URL'))).toContain('is not https');
      await form.getByLabel('API base URL').fill(apiBase);
      await form.getByRole('button', { name: 'Save REST API credentials' }).click();
      await expect.poll(() => noteOf(form.getByLabel('API secret'))).toContain('no REST API secret yet');
      await form.getByLabel('API secret').fill(typedApiSecret);
      await form.getByRole('button', { name: 'Save REST API credentials' }).click();

      const refusal = page.locator('.browse [role="alert"]').first();
      await expect
        .poll(() => refusal.textContent())
        .toContain(`Sigma refused the REST API credentials of profile "${profile.name}" (client id not-a-known-client; HTTP 401)`);
      expect(await refusal.textContent()).toContain('Administration → Developer Access');
    } finally {
      await sigma.stop();
      await forgetProfiles(otherHome.home);
      otherHome.cleanup();
    }
    // The same credentials under Manage profiles: the custom base shown, the secret only as "stored"; then removed.
    await page.getByRole('button', { name: 'Manage profiles' }).click();
    await page.getByRole('button', { name: `REST API credentials of ${profile.name}` }).click();
    const managed = page.getByRole('form', { name: `REST API credentials of ${profile.name}` });
    expect(await managed.getByLabel('Cloud').inputValue()).toBe('custom');
    expect(await managed.getByLabel('API base URL').inputValue()).toBe(apiBase);
    expect(await managed.getByLabel('API secret').getAttribute('placeholder')).toBe('stored in the OS keychain');
    page.once('dialog', (dialog) => void dialog.accept());
    await managed.getByRole('button', { name: 'Remove them' }).click();
    await expect
      .poll(() =>
        page
          .getByRole('status')
          .filter({ hasText: `Removed the REST API credentials of "${profile.name}".` })
          .count(),
      )
      .toBe(1);
    await page.getByRole('button', { name: 'Manage profiles' }).click();
    await page.getByRole('button', { name: 'Browse', exact: true }).click();
    await expect.poll(() => page.getByText(`Profile ${profile.name} has no REST API credentials yet.`).count()).toBe(1);

    // Nothing else broke: Craft still signs and loads with this profile (the last embed was local-demo's).
    await page.getByRole('button', { name: 'Craft', exact: true }).click();
    await loadButton().click();
    await expect.poll(() => frame().getByRole('region', { name: 'Session' }).textContent()).toContain(profile.name);
    expect(await frame().locator('[data-node-id="orders-table"]').count()).toBe(1);
  });

  it('never lets a secret reach the page: not in the DOM, storage, any response or the console; nor its output or files', async () => {
    const dom = await Promise.all(page.frames().map((f) => f.evaluate(() => document.documentElement.outerHTML)));
    expect(dom.length).toBeGreaterThan(1);
    expect(dom.join('\n')).toContain(profile.clientId);
    for (const html of dom) expect(html).not.toContain(profile.secret);

    const storage = await page.evaluate(() => JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage } }));
    expect(storage).toContain('embed-console:draft');
    expect(storage).not.toContain(profile.secret);

    const responses = await Promise.all(bodies);
    const seen = responses.map((r) => r.url);
    expect(seen.some((url) => url.includes('/api/profiles:save'))).toBe(true);
    expect(seen.some((url) => url.includes('/api/token:sign'))).toBe(true);
    expect(seen.some((url) => url.includes('/api/token:inspect'))).toBe(true);
    expect(seen.some((url) => url.startsWith(demoBaseUrl))).toBe(true);
    expect(responses.filter((r) => r.body === null)).toEqual([]);
    expect(responses.filter((r) => r.body!.includes(profile.secret)).map((r) => r.url)).toEqual([]);

    expect(consoleMessages.filter((m) => m.includes(profile.secret))).toEqual([]);

    // Nor local-demo's secrets (embed and REST API, from their own file), nor a REST API secret typed into the app.
    expect(seen.some((url) => url.includes('/api/api:workbooks'))).toBe(true);
    for (const secret of [demoSecret(home), demoSecret(home, 'api'), typedApiSecret]) {
      for (const html of dom) expect(html).not.toContain(secret);
      expect(storage).not.toContain(secret);
      expect(responses.filter((r) => r.body!.includes(secret)).map((r) => r.url)).toEqual([]);
      expect(consoleMessages.filter((m) => m.includes(secret))).toEqual([]);
      expect(ui.stdout() + ui.stderr()).not.toContain(secret);
      expect(readTreeButDemoSecrets(home)).not.toContain(secret);
    }
    // The profile's own secret is in the keychain, in no file and no output.
    expect(ui.stdout() + ui.stderr()).not.toContain(profile.secret);
    expect(readTree(home)).not.toContain(profile.secret);
  });
});
