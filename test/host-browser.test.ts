/**
 * The local embed host in real Chromium, embedded the way a customer's app embeds Sigma: a parent
 * page on an origin of its own puts a URL signed by the real CLI in an <iframe>, and sees Sigma's
 * postMessage events (sigma-embed.md §5) arrive and its commands take effect.
 */
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchChromium } from './support/browser';
import { runCli, tempHome } from './support/cli';
import { EmbedParent, startParentServer, type FrameMessage, type ParentServer } from './support/embed-parent';
import { startHost, type HostProcess } from './support/host';
import { screenshotPath } from './support/screenshots';
import { hasKeychain } from './support/system';

const keychain = await hasKeychain();
const browser = hasChromium();

const WORKBOOK = 'workbook/Sales-Performance-3kQ7vN2pXb9sLm4Tz8Rw1c';
const WORKBOOK_PATH = '/demo/workbook/Sales-Performance-3kQ7vN2pXb9sLm4Tz8Rw1c';
const SCREENSHOT = screenshotPath('local-embed-host.png');

const data = (events: FrameMessage[]) => events.map((e) => e.data);

describe.runIf(keychain && browser)('local embed host in real Chromium (real keychain)', () => {
  const { home, cleanup } = tempHome();
  let host: HostProcess;
  let parent: ParentServer;
  let chromium: Browser;
  const opened: EmbedParent[] = [];

  /** A URL for the demo workbook, signed by the CLI with local-demo (which points at the running host). */
  async function sign(...args: string[]): Promise<{ url: string; jti: string; exp: number }> {
    const run = await runCli(['sign', '--profile', 'local-demo', '--url', WORKBOOK, '--sub', 'ada@example.com', '--json', ...args], { home });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const { url, payload } = JSON.parse(run.stdout) as { url: string; payload: { jti: string; exp: number } };
    return { url, jti: payload.jti, exp: payload.exp };
  }

  async function embed(url: string): Promise<EmbedParent> {
    const embedded = await EmbedParent.open(chromium, parent, url);
    opened.push(embedded);
    return embedded;
  }

  /** Embeds a freshly signed URL and waits until the workbook has loaded its data. */
  async function loaded(...args: string[]): Promise<EmbedParent> {
    const embedded = await embed((await sign(...args)).url);
    await embedded.waitFor('workbook:dataloaded');
    return embedded;
  }

  const tableRegions = (embedded: EmbedParent, elementId = 'revenue-table') =>
    embedded.frame.locator(`[data-node-id="${elementId}"] tbody tr td:first-child`).allTextContents();

  beforeAll(async () => {
    host = await startHost(home);
    parent = await startParentServer();
    chromium = await launchChromium();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((embedded) => embedded.close()));
  });
  afterAll(async () => {
    await chromium?.close();
    await parent?.close();
    await host?.stop();
    await runCli(['profile', 'remove', 'local-demo'], { home });
    cleanup();
  });

  it('posts workbook:loaded, url:onchange and workbook:dataloaded to the parent, in that order, and shows the countdown', async () => {
    const embedded = await loaded();
    const events = await embedded.events();
    expect(data(events)).toEqual([
      { type: 'workbook:loaded', workbook: { variables: {} } },
      { type: 'url:onchange', url: WORKBOOK_PATH },
      { type: 'workbook:dataloaded' },
    ]);
    expect(events.map((e) => e.origin)).toEqual([host.url, host.url, host.url]);
    const countdown = embedded.frame.getByTestId('countdown');
    await expect.poll(() => countdown.textContent()).toMatch(/^59:\d\d$/);
    expect(await countdown.isVisible()).toBe(true);
    expect(await embedded.frame.getByTestId('sub').textContent()).toBe('ada@example.com');
  });

  it('shows bidi and control characters of claims as visible escapes, and wraps a long value instead of widening the page', async () => {
    const embedded = await loaded('--first-name', 'Ada\u202eevil', '--attr', `note=${'x'.repeat(4000)}`);
    const session = embedded.frame.getByRole('region', { name: 'Session' });
    // The override shows as text, so it cannot reorder what follows it.
    expect(await session.textContent()).toContain('Ada\\u202eevil');
    expect(await session.textContent()).not.toContain('\u202e');
    const width = await embedded.frame.locator('html').evaluate((html) => ({ scroll: html.scrollWidth, client: html.clientWidth }));
    expect(width.scroll).toBeLessThanOrEqual(width.client);
  });

  it('reports control values set in the URL in workbook:loaded', async () => {
    const embedded = await loaded('--control', 'Region=East,West');
    expect((await embedded.events())[0].data).toEqual({ type: 'workbook:loaded', workbook: { variables: { Region: 'East,West' } } });
    expect(new Set(await tableRegions(embedded))).toEqual(new Set(['East', 'West']));
  });

  it('obeys workbook:variables:update from the parent and answers workbook:variables:list', async () => {
    const embedded = await loaded();
    expect(new Set(await tableRegions(embedded))).toEqual(new Set(['East', 'West', 'North', 'South']));

    const from = (await embedded.events()).length;
    await embedded.send({ type: 'workbook:variables:update', variables: { Region: 'East' } });
    const changed = await embedded.waitFor('workbook:variables:onchange', from);
    expect(changed.data).toEqual({ type: 'workbook:variables:onchange', workbook: { variables: { Region: 'East' } } });
    await expect.poll(() => tableRegions(embedded)).toEqual(Array(6).fill('East'));
    expect(await embedded.frame.getByRole('button', { name: 'East' }).getAttribute('aria-pressed')).toBe('true');

    expect((await embedded.variables()).data).toEqual({ type: 'workbook:variables:current', variables: { Region: 'East' } });
  });

  it('reports a click on an element and on the Orders tab as selections and URL changes', async () => {
    const embedded = await loaded();
    const table = embedded.frame.locator('[data-node-id="revenue-table"]');

    let from = (await embedded.events()).length;
    await table.click();
    expect((await embedded.waitFor('workbook:selectednodeid:onchange', from)).data).toEqual({
      type: 'workbook:selectednodeid:onchange',
      selectedNodeId: 'revenue-table',
      nodeType: 'element',
    });
    expect(await table.getAttribute('class')).toContain('selected');

    from = (await embedded.events()).length;
    await embedded.frame.getByRole('tab', { name: 'Orders' }).click();
    await embedded.waitFor('workbook:selectednodeid:onchange', from);
    expect(data((await embedded.events()).slice(from))).toEqual([
      { type: 'url:onchange', url: `${WORKBOOK_PATH}/page/orders` },
      { type: 'workbook:selectednodeid:onchange', selectedNodeId: 'orders', nodeType: 'page' },
    ]);
    expect(await embedded.frame.getByRole('tab', { name: 'Orders' }).getAttribute('aria-selected')).toBe('true');
    expect(await embedded.frame.locator('[data-node-id="orders-table"]').isVisible()).toBe(true);
  });

  it('obeys workbook:selectednodeid:update from the parent: to a page, and to an element on another page', async () => {
    const embedded = await loaded();

    let from = (await embedded.events()).length;
    await embedded.send({ type: 'workbook:selectednodeid:update', selectedNodeId: 'orders', nodeType: 'page' });
    await embedded.waitFor('workbook:selectednodeid:onchange', from);
    expect(data((await embedded.events()).slice(from))).toEqual([
      { type: 'url:onchange', url: `${WORKBOOK_PATH}/page/orders` },
      { type: 'workbook:selectednodeid:onchange', selectedNodeId: 'orders', nodeType: 'page' },
    ]);
    expect(await embedded.frame.getByRole('tab', { name: 'Orders' }).getAttribute('aria-selected')).toBe('true');
    expect(await tableRegions(embedded, 'orders-table')).toHaveLength(8);

    from = (await embedded.events()).length;
    await embedded.send({ type: 'workbook:selectednodeid:update', selectedNodeId: 'revenue-table', nodeType: 'element' });
    await embedded.waitFor('workbook:selectednodeid:onchange', from);
    expect(data((await embedded.events()).slice(from))).toEqual([
      { type: 'url:onchange', url: `${WORKBOOK_PATH}/page/overview` },
      { type: 'workbook:selectednodeid:onchange', selectedNodeId: 'revenue-table', nodeType: 'element' },
    ]);
    expect(await embedded.frame.getByRole('tab', { name: 'Overview' }).getAttribute('aria-selected')).toBe('true');
    expect(await embedded.frame.locator('[data-node-id="revenue-table"]').getAttribute('class')).toContain('selected');
  });

  it('posts workbook:pageheight:onchange with :responsive_height=true, again when the height changes', async () => {
    const embedded = await loaded('--param', ':responsive_height=true');
    const html = embedded.frame.locator('html');
    const first = await embedded.waitFor('workbook:pageheight:onchange');
    expect(first.data).toEqual({ type: 'workbook:pageheight:onchange', pageHeight: await html.evaluate((el) => el.scrollHeight) });
    expect(first.data.pageHeight).toBeGreaterThan(0);

    // The Orders page is shorter than the Overview (8 rows instead of 24, no chart).
    const from = (await embedded.events()).length;
    await embedded.send({ type: 'workbook:selectednodeid:update', selectedNodeId: 'orders', nodeType: 'page' });
    const second = await embedded.waitFor('workbook:pageheight:onchange', from);
    expect(second.data.pageHeight).toBe(await html.evaluate((el) => el.scrollHeight));
    expect(second.data.pageHeight).not.toBe(first.data.pageHeight);
  });

  it('posts no workbook:pageheight:onchange without :responsive_height=true', async () => {
    const embedded = await loaded();
    await embedded.send({ type: 'workbook:selectednodeid:update', selectedNodeId: 'orders', nodeType: 'page' });
    await embedded.waitFor('workbook:selectednodeid:onchange');
    await embedded.settled();
    await embedded.variables();
    expect(await embedded.types()).not.toContain('workbook:pageheight:onchange');
  });

  it('refuses a replayed URL in the frame and posts workbook:error to the parent', async () => {
    const { url, jti } = await sign();
    await (await embed(url)).waitFor('workbook:dataloaded');

    const replay = await embed(url);
    const error = await replay.waitFor('workbook:error');
    expect(error.data).toEqual({
      type: 'workbook:error',
      code: 'EINVAL',
      message: 'This embed URL was already used.',
      reason: expect.stringContaining(`Replay of jti ${jti}`),
    });
    expect(error.origin).toBe(host.url);
    const refusal = replay.frame.getByRole('alert');
    await expect.poll(() => refusal.textContent()).toContain('This embed URL was already used.');
    expect(await refusal.textContent()).toContain(`Replay of jti ${jti}`);
    expect(await refusal.textContent()).toContain('403 · EINVAL');
    expect(await replay.types()).toEqual(['workbook:error']);
  });

  it('shows "Session expired" when a short session runs out and posts workbook:error EINVAL', async () => {
    // Three seconds, not two: the page calls a session expired up to a second early (the next
    // test), and a page that loads with under a second left would hit that instead.
    const { url, exp } = await sign('--session-length', '3');
    const embedded = await embed(url);
    await embedded.waitFor('workbook:dataloaded');
    expect(await embedded.frame.getByTestId('countdown').isVisible()).toBe(true);
    // A wait on the clock: the session has to run out.
    const error = await embedded.waitFor('workbook:error', 0, 6_000);
    expect(error.data).toEqual({ type: 'workbook:error', code: 'EINVAL', message: 'Session expired. Reload the page.' });
    expect(await embedded.types()).toEqual(['workbook:loaded', 'url:onchange', 'workbook:dataloaded', 'workbook:error']);
    expect(await embedded.frame.getByRole('alert').textContent()).toBe('Session expired. Reload the page.');
    expect(await embedded.frame.getByTestId('countdown').textContent()).toBe('0:00');
    expect(Math.abs(error.at - exp * 1000)).toBeLessThan(1_500);
  });

  it('does not call a session expired before its exp: admitted with under a second left, it loads first', async () => {
    const { url, exp } = await sign('--session-length', '3');
    // Load when just under a second is left: plenty for the host to admit the token in time.
    await expect.poll(() => exp * 1000 - Date.now(), { interval: 5, timeout: 3_000 }).toBeLessThan(1_000);
    const embedded = await embed(url);
    const error = await embedded.waitFor('workbook:error', 0, 4_000);
    expect(await embedded.types()).toEqual(['workbook:loaded', 'url:onchange', 'workbook:dataloaded', 'workbook:error']);
    expect(error.data).toEqual({ type: 'workbook:error', code: 'EINVAL', message: 'Session expired. Reload the page.' });
    expect(error.at).toBeGreaterThanOrEqual(exp * 1000);
  });

  it('ignores commands posted to the embed by a frame or a popup that is not its parent', async () => {
    const embedded = await loaded();
    await embedded.send({ type: 'workbook:variables:update', variables: { Region: 'East' } });
    await embedded.waitFor('workbook:variables:onchange');
    await expect.poll(() => tableRegions(embedded)).toEqual(Array(6).fill('East'));

    const from = (await embedded.events()).length;
    const commands = [
      { type: 'workbook:variables:update', variables: { Region: 'West' } },
      { type: 'workbook:variables:list' },
      { type: 'workbook:selectednodeid:update', selectedNodeId: 'orders', nodeType: 'page' },
    ];
    // From the parent's own origin, so only a check of event.source (not of origin) stops them.
    await embedded.intrude('frame', commands);
    await embedded.intrude('popup', commands);
    // Posted after the intruders' commands, so answered after the embed has handled them.
    const answer = await embedded.variables();
    expect(answer.data).toEqual({ type: 'workbook:variables:current', variables: { Region: 'East' } });
    expect(data((await embedded.events()).slice(from))).toEqual([answer.data]);
    expect(await tableRegions(embedded)).toEqual(Array(6).fill('East'));
    expect(await embedded.frame.getByRole('tab', { name: 'Overview' }).getAttribute('aria-selected')).toBe('true');
  });

  it('shows the demo workbook with row-level security and the Dark theme (screenshot for the README)', async () => {
    const embedded = await loaded(
      '--first-name',
      'Ada',
      '--last-name',
      'Lovelace',
      '--account-type',
      'Viewer',
      '--team',
      'Sales',
      '--attr',
      'region=West',
      '--param',
      ':theme=Dark',
      '--param',
      ':menu_position=top',
    );
    const { frame } = embedded;
    expect(await frame.locator('body').getAttribute('class')).toBe('theme-dark');
    expect(await frame.getByTestId('sub').textContent()).toBe('Ada Lovelace <ada@example.com>');
    expect(await tableRegions(embedded)).toEqual(Array(6).fill('West'));
    expect(await frame.getByRole('button', { name: 'East' }).isDisabled()).toBe(true);
    expect(await frame.getByRole('button', { name: 'West' }).isDisabled()).toBe(false);
    expect(await frame.getByRole('navigation', { name: 'Embed menu' }).textContent()).toContain('Sales Performance');
    expect(await embedded.page.locator('#log li').count()).toBe(3);

    await embedded.page.screenshot({ path: SCREENSHOT });
  });
});
