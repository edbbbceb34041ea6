/**
 * Every load in the preview ends in one stated outcome, end to end in real Chromium in browser
 * mode (the real `embed-console ui`, its local embed host, the real keychain): loaded, refused
 * (with the inspector's reason), or no answer, diagnosed by probing the origin without the token
 * (nothing listening, a name that does not resolve, a page that forbids framing, a server that
 * never answers, a page that never says workbook:loaded). Also: the stale mark, one event-log
 * section per load, messages next to what caused them, resize and full screen, and the History.
 * The servers that misbehave are tiny real ones, started here.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appSession } from './support/app-session';
import { hasChromium } from './support/browser';
import { freePort } from './support/network';
import { screenshotPath } from './support/screenshots';
import { hasKeychain } from './support/system';

const keychain = await hasKeychain();
const chromium = hasChromium();

const WORKBOOK = 'demo/workbook/Sales-Performance-3kQ7vN2pXb9sLm4Tz8Rw1c';
/** An outcome is said within the no-answer wait (4 s) plus the probe's (3 s), and some slack for a busy machine. */
const OUTCOME_WITHIN = 15_000;

/** A server of the test's own, keeping the URL of every request it got. */
async function serve(handler: (request: IncomingMessage, response: ServerResponse) => void): Promise<{ origin: string; requests: string[]; server: Server }> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(request.url ?? '');
    handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as { port: number }).port}`, requests, server };
}

const HTML = '<!doctype html><title>Not Sigma</title><p>A page that says nothing to its parent.</p>';

describe.runIf(keychain && chromium)('the outcome of every load in real Chromium, browser mode (real keychain, real local embed host)', () => {
  const session = appSession({ clipboard: true });
  let page: Page;
  const servers: Server[] = [];

  const outcome = () => page.getByRole('status', { name: 'Load outcome' });
  const loadButton = () => page.getByRole('button', { name: /^(Load|Reload)$/ });
  const target = () => page.getByLabel('Sigma URL');
  const eventTypes = () => page.getByRole('list', { name: 'Event log' }).locator('li strong').allTextContents();
  const frameSrc = () => page.locator('iframe[title="Embed preview"]').getAttribute('src');
  /**
   * Loads the target typed, and waits for the outcome the load ends in. A target typed here is on
   * another host than local-demo's: the app asks first, and the test loads anyway.
   */
  async function loadAndSettle(url: string | undefined, expected: RegExp): Promise<string> {
    if (url !== undefined) await target().fill(url);
    const before = (await frameSrc().catch(() => null)) ?? null;
    await loadButton().click();
    if (url !== undefined)
      await page.getByRole('alertdialog', { name: 'Send the token to another host?' }).getByRole('button', { name: 'Load anyway' }).click();
    // A new load: a new frame, with a fresh token.
    await expect.poll(frameSrc).not.toBe(before);
    await expect.poll(() => outcome().textContent(), { timeout: OUTCOME_WITHIN }).toMatch(expected);
    return (await outcome().textContent())!;
  }

  beforeAll(() => {
    page = session.page;
  });
  afterAll(() => {
    for (const server of servers) server.closeAllConnections();
    for (const server of servers) server.close();
  });

  it('says "Loaded" once the embed says workbook:loaded, and heads the event log with it', async () => {
    await expect.poll(() => page.getByRole('combobox', { name: 'Profile', exact: true }).inputValue()).toBe('local-demo');
    expect(await page.getByRole('status', { name: 'Load outcome' }).count()).toBe(0);
    const text = await loadAndSettle(undefined, /^Loaded/);
    expect(text).toBe('Loaded: the embed said workbook:loaded.');
    expect(await page.getByLabel('This load').textContent()).toMatch(/^Load at \d\d:\d\d:\d\d · Loaded: the embed said workbook:loaded\.$/);
    await expect.poll(eventTypes).toEqual(['workbook:loaded', 'url:onchange', 'workbook:dataloaded']);
  });

  it('marks the preview stale once the draft changes, and not after a Reload', async () => {
    const stale = page.getByLabel('Stale preview');
    expect(await stale.count()).toBe(0);
    await page.getByLabel('User email (sub)').fill('grace@example.com');
    expect(await stale.textContent()).toBe('Stale: the draft has changed since this embed was loaded. Reload to see it as it is now.');
    await loadAndSettle(undefined, /^Loaded/);
    expect(await stale.count()).toBe(0);
    expect(await page.frameLocator('iframe[title="Embed preview"]').getByTestId('sub').textContent()).toContain('grace@example.com');
  });

  it('keeps each load in a section of its own, the newest first, earlier ones folded below with their outcome', async () => {
    // Two loads so far: this one's events alone in the log, the first one's folded.
    await expect.poll(eventTypes).toEqual(['workbook:loaded', 'url:onchange', 'workbook:dataloaded']);
    const earlier = page.locator('details.earlier-load');
    expect(await earlier.count()).toBe(1);
    expect(await earlier.locator('summary').textContent()).toMatch(/^Load at \d\d:\d\d:\d\d · Loaded/);
    expect(await earlier.getAttribute('open')).toBeNull();
    await earlier.locator('summary').click();
    expect(await earlier.getByRole('list').locator('li strong').allTextContents()).toEqual(['workbook:loaded', 'url:onchange', 'workbook:dataloaded']);
  });

  it("says a refused token is refused, with the code and message and the inspector's reason (a token that expired before it arrived)", async () => {
    await page.getByLabel('Session length (seconds)').fill('1');
    // The request to the real host is held back until the 1 s session has run out.
    const delayed = (url: URL) => url.searchParams.has(':jwt');
    await page.route(delayed, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      await route.continue();
    });
    try {
      const text = await loadAndSettle(undefined, /^Refused/);
      expect(text).toMatch(/^Refused \(EINVAL\): Session expired\. Reload the page\./);
      await expect.poll(() => outcome().textContent()).toContain('The inspector says: ');
      expect(await outcome().textContent()).toMatch(/The inspector says: .*expired/i);
      expect(await page.getByLabel('This load').textContent()).toContain('Refused (EINVAL)');
    } finally {
      await page.unroute(delayed);
      await page.getByLabel('Session length (seconds)').fill('3600');
    }
  });

  it('says nothing answers at a loopback port with nothing listening', async () => {
    const port = await freePort();
    const text = await loadAndSettle(`http://127.0.0.1:${port}/${WORKBOOK}`, /^No answer/);
    expect(text).toBe(`No answer: Nothing answers at 127.0.0.1:${port} (connection refused). Is the server running?`);
  });

  it('says a host name that does not resolve does not resolve', async () => {
    const text = await loadAndSettle(`https://nowhere.invalid/${WORKBOOK}`, /^No answer/);
    expect(text).toMatch(/^No answer: The name nowhere\.invalid does not resolve \(DNS: (ENOTFOUND|EAI_AGAIN)\)\. Check the address, or the network\.$/);
  });

  it('says a page forbids being framed (X-Frame-Options, frame-ancestors), probing without the token: the token is sent once', async () => {
    const framing = await serve((request, response) => {
      const header: Record<string, string> = request.url?.startsWith('/xfo-org/')
        ? { 'x-frame-options': 'DENY' }
        : { 'content-security-policy': "default-src 'self'; frame-ancestors 'none'" };
      response.writeHead(200, { 'content-type': 'text/html', ...header }).end(HTML);
    });
    servers.push(framing.server);

    // The org part of the path says which header this server sends.
    const xfoPath = `/xfo-org/${WORKBOOK.replace(/^demo\//, '')}`;
    const cspPath = `/csp-org/${WORKBOOK.replace(/^demo\//, '')}`;
    const xfo = await loadAndSettle(framing.origin + xfoPath, /^No answer/);
    expect(xfo).toBe('No answer: The page forbids being framed by other sites (X-Frame-Options: DENY). Open it in a browser tab to see it.');
    await page.getByRole('region', { name: 'Preview' }).screenshot({ path: screenshotPath('app-outcome.png') });
    const csp = await loadAndSettle(framing.origin + cspPath, /^No answer/);
    expect(csp).toBe("No answer: The page forbids being framed (Content-Security-Policy: frame-ancestors 'none'). Open it in a browser tab to see it.");

    // Each token went there once, in the frame's request; the probes asked for the page alone.
    const withToken = framing.requests.filter((url) => url.includes(':jwt='));
    expect(withToken.map((url) => url.split('?')[0])).toEqual([xfoPath, cspPath]);
    expect(framing.requests.filter((url) => !url.includes(':jwt=') && !url.includes('favicon'))).toEqual([xfoPath, cspPath]);
  });

  it('says a server that accepts and never answers sent nothing back', async () => {
    const mute = await serve(() => {
      // Never answers.
    });
    servers.push(mute.server);
    const text = await loadAndSettle(`${mute.origin}/${WORKBOOK}`, /^No answer/);
    expect(text).toBe(`No answer: ${new URL(mute.origin).host} accepted the connection but sent nothing back within 3 s.`);
  });

  it('says a page that answers but never says workbook:loaded never said it', async () => {
    const quiet = await serve((_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end(HTML));
    servers.push(quiet.server);
    const text = await loadAndSettle(`${quiet.origin}/${WORKBOOK}`, /^No answer/);
    expect(text).toBe(
      `No answer: ${new URL(quiet.origin).host} answered, but the page never said workbook:loaded within 4 s. It may not be a Sigma embed, or it is still loading.`,
    );
    expect(await page.getByLabel('This load').textContent()).toContain('never said workbook:loaded');
  });

  it('says a message next to what caused it, and takes it away when the draft changes', async () => {
    await target().fill(WORKBOOK.replace(/^demo\//, ''));
    await loadAndSettle(undefined, /^Loaded/);
    const exportPanel = page.getByRole('region', { name: 'Export as code' });
    const preview = page.getByRole('region', { name: 'Preview' });
    await exportPanel.getByRole('button', { name: 'Copy' }).click();
    await expect.poll(() => exportPanel.getByRole('status').textContent()).toBe('Copied the Node (jsonwebtoken) code.');
    expect(await preview.getByText(/^Copied/).count()).toBe(0);

    const loadedJti = (JSON.parse((await page.getByLabel('Decoded payload').textContent())!) as { jti: string }).jti;
    await preview.getByRole('button', { name: 'Copy a fresh token' }).click();
    await expect.poll(() => preview.getByText(/^Copied/).textContent()).toBe('Copied a fresh token (not loaded yet, so it works once).');
    // Not the token the preview used up: its own jti, and Sigma's one-time rule still lets it in.
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    const jtiOf = (token: string) => (JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { jti: string }).jti;
    expect(jtiOf(copied)).toMatch(/^[0-9a-f-]{36}$/);
    expect(jtiOf(copied)).not.toBe(loadedJti);
    // Each message is the last action's, by its button.
    expect(await exportPanel.getByText(/^Copied/).count()).toBe(0);

    await page.getByLabel('First name').fill('Grace');
    expect(await preview.getByText(/^Copied/).count()).toBe(0);

    // Inspect tells the copy from the token the preview used up.
    const loadedUrl = (await frameSrc())!;
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Inspect', exact: true }).click();
    const pasted = page.getByLabel('Token or embed URL', { exact: true });
    const findings = page.getByRole('list', { name: 'Findings' });
    await pasted.fill(copied);
    await expect.poll(() => findings.textContent()).toMatch(/was copied from the preview at \S+; no load of it is recorded here, so Sigma accepts it once/);
    await pasted.fill(loadedUrl);
    await expect.poll(() => findings.textContent()).toMatch(/was loaded at \S+ \(loaded in the preview from 127\.0\.0\.1:\d+\); Sigma accepts each token once/);
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Craft', exact: true }).click();
  });

  it('says a refused target at its field, not by the preview, with Load held back, and takes it away once the target is fixed', async () => {
    const preview = page.getByRole('region', { name: 'Preview' });
    const targetPanel = page.getByRole('region', { name: 'Target' });
    await target().fill('ftp://example.com/acme/workbook/x');
    // One gate for Load and Export: an invalid target blocks both, said at the field.
    await expect.poll(() => loadButton().isDisabled()).toBe(true);
    await expect.poll(() => targetPanel.locator('.error').count()).toBeGreaterThan(0);
    expect(await preview.locator('.error').count()).toBe(0);
    await target().fill(WORKBOOK.replace(/^demo\//, ''));
    await expect.poll(() => targetPanel.locator('.error').count()).toBe(0);
    expect(await preview.locator('.error').count()).toBe(0);
    expect(await loadButton().isDisabled()).toBe(false);
  });

  it('resizes the preview by its corner, and makes it full screen and back', async () => {
    const stage = page.getByRole('group', { name: 'Preview stage' });
    await stage.scrollIntoViewIfNeeded();
    const before = (await stage.boundingBox())!;
    await page.mouse.move(before.x + before.width - 3, before.y + before.height - 3);
    await page.mouse.down();
    await page.mouse.move(before.x + before.width - 3, before.y + before.height + 240, { steps: 8 });
    await page.mouse.up();
    const after = (await stage.boundingBox())!;
    expect(after.height).toBeGreaterThan(before.height + 200);

    const fullScreen = page.getByRole('button', { name: 'Full screen', exact: true });
    await fullScreen.click();
    try {
      await expect.poll(() => page.evaluate(() => document.fullscreenElement?.getAttribute('aria-label'))).toBe('Preview stage');
      await expect.poll(() => fullScreen.getAttribute('aria-pressed')).toBe('true');
      expect((await stage.boundingBox())!.height).toBe(page.viewportSize()!.height);
      await page.screenshot({ path: '/tmp/app-full-screen.png' });
      // The toolbar is out of sight: the stage has its own way back.
      await stage.getByRole('button', { name: 'Exit full screen' }).click();
    } finally {
      await page.evaluate(() => document.fullscreenElement && document.exitFullscreen());
    }
    await expect.poll(() => page.evaluate(() => document.fullscreenElement)).toBeNull();
    await expect.poll(() => fullScreen.getAttribute('aria-pressed')).toBe('false');
    // The height chosen stays.
    expect((await stage.boundingBox())!.height).toBeCloseTo(after.height, 0);
  });

  it("keeps each load's outcome in the History", async () => {
    await page.getByRole('button', { name: 'History', exact: true }).click();
    const items = page.getByRole('list', { name: 'Crafted embeds' }).locator('li');
    await expect.poll(() => items.count()).toBe(10);
    const outcomes = await items.locator('.outcome').allTextContents();
    expect(outcomes[0]).toBe('Loaded: the embed said workbook:loaded.');
    expect(outcomes[1]).toMatch(/never said workbook:loaded/);
    expect(outcomes[2]).toMatch(/sent nothing back/);
    expect(outcomes[3]).toMatch(/frame-ancestors 'none'/);
    expect(outcomes[4]).toMatch(/X-Frame-Options: DENY/);
    expect(outcomes[5]).toMatch(/nowhere\.invalid does not resolve/);
    expect(outcomes[6]).toMatch(/connection refused/);
    expect(outcomes[7]).toMatch(/^Refused \(EINVAL\): Session expired\. Reload the page\. The inspector says: /);
    expect(outcomes.slice(8)).toEqual(['Loaded: the embed said workbook:loaded.', 'Loaded: the embed said workbook:loaded.']);
    await page.screenshot({ path: screenshotPath('app-history-outcomes.png'), fullPage: true });
    await page.getByRole('button', { name: 'Craft', exact: true }).click();
  });
});
