/**
 * Sigma's whole postMessage protocol in the demo workbook, in real Chromium against the real
 * local embed host: a parent page on an origin of its own embeds a URL signed by the real CLI;
 * every outbound event is triggered by what a user does in the demo and arrives with the
 * payload the SDK types; every inbound command acts visibly or fails with workbook:error.
 */
import type {
  ActionOutboundEvent,
  CellType_t,
  WorkbookBookmarkOnChangeEvent,
  WorkbookBookmarkOnCreateEvent,
  WorkbookChartErrorEvent,
  WorkbookChartValueSelectEvent,
  WorkbookPivotTableCellSelectEvent,
  WorkbookTableCellSelectEvent,
} from '@sigmacomputing/embed-sdk';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DATASETS, DEMO_WORKBOOKS } from '../main/host/demo-org';
import { hasChromium, launchChromium } from './support/browser';
import { runCli, tempHome } from './support/cli';
import { EmbedParent, startParentServer, type FrameMessage, type ParentServer } from './support/embed-parent';
import { startHost, type HostProcess } from './support/host';
import { screenshotPath } from './support/screenshots';
import { hasKeychain } from './support/system';

const keychain = await hasKeychain();
const browser = hasChromium();

const [SALES, HEALTH] = DEMO_WORKBOOKS;
const SALES_URL = 'workbook/Sales-Performance-3kQ7vN2pXb9sLm4Tz8Rw1c';
const HEALTH_URL = 'workbook/Customer-Health-7Hc2Lp9Vx4Nq1Bz6Kd3Mw8';
const SCREENSHOT = screenshotPath('local-embed-host-protocol.png');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe.runIf(keychain && browser)("Sigma's protocol in the demo workbook, in real Chromium (real keychain)", () => {
  const { home, cleanup } = tempHome();
  let host: HostProcess;
  let parent: ParentServer;
  let chromium: Browser;
  const opened: EmbedParent[] = [];

  async function loaded(workbook = SALES_URL, ...args: string[]): Promise<EmbedParent> {
    const run = await runCli(['sign', '--profile', 'local-demo', '--url', workbook, '--sub', 'ada@example.com', '--json', ...args], { home });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const embedded = await EmbedParent.open(chromium, parent, (JSON.parse(run.stdout) as { url: string }).url);
    opened.push(embedded);
    await embedded.waitFor('workbook:dataloaded');
    return embedded;
  }

  /** Does something in the page or sends a command, and returns the first `type` posted after it. */
  async function after(embedded: EmbedParent, action: () => Promise<unknown>, type: string): Promise<FrameMessage['data']> {
    const from = (await embedded.events()).length;
    await action();
    return (await embedded.waitFor(type, from)).data;
  }
  /** Everything posted after an action, once the embed has handled it (it answers variables:list in order). */
  async function postedAfter(embedded: EmbedParent, action: () => Promise<unknown>): Promise<Array<FrameMessage['data']>> {
    const from = (await embedded.events()).length;
    await action();
    await embedded.variables();
    return (await embedded.events()).slice(from, -1).map((e) => e.data);
  }
  const error = (message: string | RegExp, code = 'EINVAL') => ({
    type: 'workbook:error',
    code,
    message: typeof message === 'string' ? message : expect.stringMatching(message),
  });

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

  it('posts workbook:table:oncellselect for a clicked cell (with its row) and a clicked column header', async () => {
    const embedded = await loaded();
    const table = embedded.frame.locator('[data-node-id="revenue-table"]');
    const first = DATASETS.sales[0];

    const cell = await after(embedded, () => table.locator('tbody tr').first().locator('td').nth(2).click(), 'workbook:table:oncellselect');
    expect(cell).toEqual({
      type: 'workbook:table:oncellselect',
      nodeId: 'revenue-table',
      title: 'Monthly revenue',
      cells: [
        {
          value: first.revenue,
          // The SDK types it with an enum it does not export at run time.
          cellType: 'valueCell' as CellType_t.Value,
          columnName: 'Revenue',
          underlyingData: { rows: [{ Region: first.region, Month: first.month, Revenue: first.revenue, Orders: first.orders }], isTruncated: false, length: 1 },
        },
      ],
    } satisfies WorkbookTableCellSelectEvent);

    const header = await after(embedded, () => table.getByRole('columnheader', { name: 'Month' }).click(), 'workbook:table:oncellselect');
    expect(header).toEqual({
      type: 'workbook:table:oncellselect',
      nodeId: 'revenue-table',
      title: 'Monthly revenue',
      cells: [{ value: 'Month', cellType: 'columnHeader', columnName: 'Month' }],
    });
    // A click in a table selects the table too, as in Sigma.
    expect(await table.getAttribute('class')).toContain('selected');
  });

  it('posts workbook:chart:onvalueselect for a clicked bar, and workbook:pivottable:oncellselect for pivot cells and headers', async () => {
    const embedded = await loaded();
    const west = DATASETS.sales.filter((r) => r.region === 'West').reduce((sum, r) => sum + Number(r.revenue), 0);
    const bar = await after(
      embedded,
      () => embedded.frame.locator('[data-node-id="revenue-chart"] [data-region="West"]').click(),
      'workbook:chart:onvalueselect',
    );
    expect(bar).toEqual({
      type: 'workbook:chart:onvalueselect',
      nodeId: 'revenue-chart',
      title: 'Revenue by region',
      values: [{ Region: 'West', Revenue: west }],
    } satisfies WorkbookChartValueSelectEvent);

    const pivot = embedded.frame.locator('[data-node-id="revenue-pivot"]');
    const eastMarch = DATASETS.sales.find((r) => r.region === 'East' && r.month === '2026-03')!.revenue;
    const value = await after(embedded, () => pivot.locator('tbody tr').first().locator('td').nth(2).click(), 'workbook:pivottable:oncellselect');
    expect(value).toEqual({
      type: 'workbook:pivottable:oncellselect',
      nodeId: 'revenue-pivot',
      title: 'Revenue by region and month',
      cells: [
        {
          value: eastMarch,
          cellType: 'valueCell' as CellType_t.Value,
          columnName: 'Revenue',
          rowPath: [{ name: 'Region', value: 'East' }],
          columnPath: [{ name: 'Month', value: '2026-03' }],
        },
      ],
    } satisfies WorkbookPivotTableCellSelectEvent);
    const rowHeader = await after(embedded, () => pivot.getByRole('rowheader', { name: 'North' }).click(), 'workbook:pivottable:oncellselect');
    expect(rowHeader.cells).toEqual([
      { value: 'North', cellType: 'rowHeader', columnName: 'Region', rowPath: [{ name: 'Region', value: 'North' }], columnPath: null },
    ]);
    const columnHeader = await after(embedded, () => pivot.getByRole('columnheader', { name: '2026-06' }).click(), 'workbook:pivottable:oncellselect');
    expect(columnHeader.cells).toEqual([
      { value: '2026-06', cellType: 'columnHeader', columnName: 'Month', rowPath: null, columnPath: [{ name: 'Month', value: '2026-06' }] },
    ]);
  });

  it('posts action:outbound with the row when a row\'s "Generate iframe event" action is clicked, and nothing else', async () => {
    const embedded = await loaded();
    await after(embedded, () => embedded.frame.getByRole('tab', { name: 'Orders' }).click(), 'workbook:selectednodeid:onchange');
    const order = DATASETS.orders[1];
    const posted = await postedAfter(embedded, () =>
      embedded.frame.locator('[data-node-id="orders-table"] tbody tr').nth(1).getByRole('button', { name: 'Generate iframe event' }).click(),
    );
    expect(posted).toEqual([
      {
        type: 'action:outbound',
        name: 'order-clicked',
        values: { Order: order.order, Customer: order.customer, Region: order.region, Amount: order.amount },
      } satisfies ActionOutboundEvent,
    ]);
  });

  it('posts workbook:chart:error for a failing element and document:element:nodata for an empty one, when their page is shown', async () => {
    const embedded = await loaded(HEALTH_URL);
    expect(await embedded.types()).toEqual(['workbook:loaded', 'url:onchange', 'workbook:dataloaded']);
    const posted = await postedAfter(embedded, () => embedded.frame.getByRole('tab', { name: 'Data checks' }).click());
    expect(posted).toEqual([
      {
        type: 'workbook:chart:error',
        nodeId: 'forecast-chart',
        code: 'ETIMEDOUT',
        message: 'The warehouse query for this chart timed out.',
      } satisfies WorkbookChartErrorEvent,
      { type: 'document:element:nodata', nodeId: 'antarctica-table' },
      { type: 'url:onchange', url: `/demo/workbook/Customer-Health-${HEALTH.workbookUrlId}/page/checks` },
      { type: 'workbook:selectednodeid:onchange', selectedNodeId: 'checks', nodeType: 'page' },
    ]);
    expect(await embedded.frame.locator('[data-node-id="forecast-chart"]').getByRole('alert').textContent()).toBe(
      'ETIMEDOUT: The warehouse query for this chart timed out.',
    );
    expect(await embedded.frame.locator('[data-node-id="antarctica-table"]').textContent()).toContain('No rows for this user.');
  });

  it('in edit mode, publishes (workbook:published), saves as (workbook:saveas, then workbook:id:onchange) and deletes (workbook:ondelete)', async () => {
    const embedded = await loaded();
    const { frame } = embedded;
    expect(await frame.getByRole('button', { name: 'Publish' }).count()).toBe(0);
    await frame.getByRole('button', { name: 'Edit', exact: true }).click();
    expect(await frame.getByRole('button', { name: 'Edit', exact: true }).getAttribute('aria-pressed')).toBe('true');

    expect(await postedAfter(embedded, () => frame.getByRole('button', { name: 'Publish' }).click())).toEqual([
      { type: 'workbook:published', workbookId: SALES.workbookId },
    ]);
    expect(await frame.getByRole('status').textContent()).toBe('Published');

    const saved = await postedAfter(embedded, () => frame.getByRole('button', { name: 'Save as' }).click());
    const copy = saved[0].saveWorkbookId as string;
    expect(copy).toMatch(UUID);
    expect(saved).toEqual([
      { type: 'workbook:saveas', workbookId: SALES.workbookId, saveWorkbookId: copy },
      { type: 'workbook:id:onchange', id: copy },
    ]);
    expect(await frame.getByTestId('workbook-id').textContent()).toBe(copy);

    expect(await postedAfter(embedded, () => frame.getByRole('button', { name: 'Delete workbook' }).click())).toEqual([
      { type: 'workbook:ondelete', id: copy },
    ]);
    expect(await frame.getByRole('alert').textContent()).toBe('This workbook was deleted.');
  });

  it('gives an explore key on entering explore mode, a new one for each explore change (a sort), and null on leaving', async () => {
    const embedded = await loaded();
    const { frame } = embedded;
    const entered = await after(embedded, () => frame.getByRole('button', { name: 'Explore' }).click(), 'workbook:exploreKey:onchange');
    expect(entered.exploreKey).toMatch(UUID);

    // In explore mode a header click sorts the table: an explore change.
    const table = frame.locator('[data-node-id="orders-table"]');
    await after(embedded, () => frame.getByRole('tab', { name: 'Orders' }).click(), 'workbook:selectednodeid:onchange');
    const changed = await after(embedded, () => table.getByRole('columnheader', { name: 'Amount' }).click(), 'workbook:exploreKey:onchange');
    expect(changed.exploreKey).toMatch(UUID);
    expect(changed.exploreKey).not.toBe(entered.exploreKey);
    const amounts = (await table.locator('tbody tr td:nth-child(4)').allTextContents()).map((t) => Number(t.replace(/\D/g, '')));
    expect(amounts).toEqual([...amounts].sort((a, b) => a - b));
    expect(await table.getByRole('columnheader', { name: 'Amount' }).getAttribute('aria-sort')).toBe('ascending');

    expect(await postedAfter(embedded, () => frame.getByRole('button', { name: 'View', exact: true }).click())).toEqual([
      { type: 'workbook:exploreKey:onchange', exploreKey: null },
    ]);
  });

  it("posts workbook:fullscreen:onchange from an element's Full screen button and obeys workbook:fullscreen:update", async () => {
    const embedded = await loaded();
    const chart = embedded.frame.locator('[data-node-id="revenue-chart"]');
    const toggle = chart.getByRole('button', { name: 'Full screen' });
    expect(await postedAfter(embedded, () => toggle.click())).toEqual([{ type: 'workbook:fullscreen:onchange', fullScreen: true }]);
    expect(await chart.getAttribute('class')).toContain('fullscreen');
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    expect(await postedAfter(embedded, () => toggle.click())).toEqual([{ type: 'workbook:fullscreen:onchange', fullScreen: false }]);

    // To an element on another page: the embed goes there first.
    const posted = await postedAfter(embedded, () => embedded.send({ type: 'workbook:fullscreen:update', nodeId: 'orders-table' }));
    expect(posted.at(-1)).toEqual({ type: 'workbook:fullscreen:onchange', fullScreen: true });
    expect(await embedded.frame.locator('[data-node-id="orders-table"]').getAttribute('class')).toContain('fullscreen');
    expect(await postedAfter(embedded, () => embedded.send({ type: 'workbook:fullscreen:update', nodeId: null }))).toEqual([
      { type: 'workbook:fullscreen:onchange', fullScreen: false },
    ]);
    expect(await embedded.frame.locator('.fullscreen').count()).toBe(0);
    expect(await postedAfter(embedded, () => embedded.send({ type: 'workbook:fullscreen:update', nodeId: 'nowhere' }))).toEqual([
      error(/^No element "nowhere" to show full screen; its pages: overview, orders;/, 'ENOENT'),
    ]);
  });

  it("keeps bookmarks: create, select, clear, update after an explore change, delete, with Sigma's errors, and shows them", async () => {
    const embedded = await loaded();
    const { frame } = embedded;
    const send = (message: object) => postedAfter(embedded, () => embedded.send(message));
    const fields = { workbookId: SALES.workbookId, versionTagName: null };
    const mark = <N extends string | null>(name: N, bookmarkId: N) => ({ bookmarkName: name, bookmarkId, ...fields });

    expect(await send({ type: 'workbook:bookmark:create', name: 'East only', isDefault: false, isShared: true })).toEqual([
      { type: 'workbook:bookmark:oncreate', ...mark('East only', 'bookmark-1') } satisfies WorkbookBookmarkOnCreateEvent,
      { type: 'workbook:bookmark:onchange', ...mark('East only', 'bookmark-1') } satisfies WorkbookBookmarkOnChangeEvent,
    ]);
    const chip = frame.getByRole('button', { name: 'East only', exact: true });
    expect(await chip.getAttribute('aria-pressed')).toBe('true');

    expect(await send({ type: 'workbook:bookmark:update' })).toEqual([error('Cannot update bookmark, no explore changes made')]);
    expect(await send({ type: 'workbook:bookmark:select', bookmarkId: null })).toEqual([{ type: 'workbook:bookmark:onchange', ...mark(null, null) }]);
    expect(await chip.getAttribute('aria-pressed')).toBe('false');
    expect(await send({ type: 'workbook:bookmark:update' })).toEqual([error('Bookmark not selected')]);
    expect(await send({ type: 'workbook:bookmark:select', bookmarkId: 'bookmark-9' })).toEqual([
      error('No bookmark "bookmark-9" in this workbook; its bookmarks: bookmark-1.', 'ENOENT'),
    ]);
    // As the SDK's workbookBookmarkSelect(iframe) sends it: no id clears.
    expect(await send({ type: 'workbook:bookmark:select' })).toEqual([{ type: 'workbook:bookmark:onchange', ...mark(null, null) }]);

    expect(await send({ type: 'workbook:bookmark:select', bookmarkId: 'bookmark-1' })).toEqual([
      { type: 'workbook:bookmark:onchange', ...mark('East only', 'bookmark-1') },
    ]);
    await send({ type: 'workbook:mode:update', mode: 'explore' });
    await postedAfter(embedded, () => frame.locator('[data-node-id="revenue-table"]').getByRole('columnheader', { name: 'Revenue' }).click());
    expect(await send({ type: 'workbook:bookmark:update' })).toEqual([
      { type: 'workbook:bookmark:onupdate', ...mark('East only', 'bookmark-1'), isDefault: false, isShared: true },
    ]);

    // Saved from the page itself, then deleted with its × button.
    expect(await postedAfter(embedded, () => frame.getByRole('button', { name: 'Save bookmark' }).click())).toEqual([
      { type: 'workbook:bookmark:oncreate', ...mark('Bookmark 2', 'bookmark-2') },
      { type: 'workbook:bookmark:onchange', ...mark('Bookmark 2', 'bookmark-2') },
    ]);
    expect(await postedAfter(embedded, () => frame.getByRole('button', { name: 'Delete bookmark Bookmark 2' }).click())).toEqual([
      { type: 'workbook:bookmark:ondelete', ...mark('Bookmark 2', 'bookmark-2') },
      { type: 'workbook:bookmark:onchange', ...mark(null, null) },
    ]);
    expect(await send({ type: 'workbook:bookmark:delete', bookmarkId: 'bookmark-1' })).toEqual([
      { type: 'workbook:bookmark:ondelete', ...mark('East only', 'bookmark-1') },
    ]);
    expect(await frame.getByRole('group', { name: 'Bookmarks' }).textContent()).toContain('none yet');
  });

  it('gives a data model embed its workbook bar, modes and bookmarks, as a workbook has', async () => {
    const embedded = await loaded('data-model/Sales-Model-4Tm8Qx2Rv6Ns1Kb9Zc3Wd7', '--ver', '1.1');
    const send = (message: object) => postedAfter(embedded, () => embedded.send(message));
    expect(await embedded.frame.getByTestId('workbook-id').textContent()).toMatch(/^[0-9a-f-]{36}$/);
    expect(await send({ type: 'workbook:mode:update', mode: 'edit' })).toEqual([]);
    expect(await embedded.frame.getByRole('button', { name: 'Publish' }).isVisible()).toBe(true);
  });

  it('obeys workbook:mode:update, workbook:modal:toggle, workbook:sharinglink:update and document:navigateto, visibly', async () => {
    const embedded = await loaded(SALES_URL, '--param', ':menu_position=top');
    const { frame } = embedded;
    const send = (message: object) => postedAfter(embedded, () => embedded.send(message));

    expect(await send({ type: 'workbook:mode:update', mode: 'edit' })).toEqual([]);
    expect(await frame.getByRole('button', { name: 'Publish' }).isVisible()).toBe(true);

    expect(await send({ type: 'workbook:modal:toggle', modalType: 'schedule' })).toEqual([]);
    expect(await frame.getByRole('dialog', { name: 'Schedule exports' }).isVisible()).toBe(true);
    await send({ type: 'workbook:modal:toggle', modalType: 'export' });
    expect(await frame.getByRole('dialog', { name: 'Export' }).isVisible()).toBe(true);
    await send({ type: 'workbook:modal:toggle' });
    expect(await frame.getByRole('dialog').count()).toBe(0);

    const link = 'https://app.example.com/reports/sales';
    await send({ type: 'workbook:sharinglink:update', sharingLink: link, sharingExplorationLink: `${link}?explore=` });
    expect(await frame.getByTestId('sharing-link').textContent()).toBe(link);
    expect(await frame.getByTestId('sharing-exploration-link').textContent()).toBe(`${link}?explore=`);
    expect(await frame.getByRole('navigation', { name: 'Embed menu' }).getByTestId('share').textContent()).toBe(`Share: ${link}`);
    await send({ type: 'workbook:bookmark:create', name: 'West, by revenue', isDefault: true, isShared: false });
    await send({ type: 'workbook:modal:toggle', modalType: 'schedule' });
    await embedded.page.screenshot({ path: SCREENSHOT });
    await send({ type: 'workbook:modal:toggle' });
    await send({ type: 'workbook:sharinglink:update', sharingLink: null });
    expect(await frame.getByTestId('sharing-link').count()).toBe(0);

    expect(await send({ type: 'document:navigateto', nodeId: 'orders' })).toEqual([
      { type: 'url:onchange', url: `/demo/workbook/Sales-Performance-${SALES.workbookUrlId}/page/orders` },
      { type: 'workbook:selectednodeid:onchange', selectedNodeId: 'orders', nodeType: 'page' },
    ]);
    expect(await frame.getByRole('tab', { name: 'Orders' }).getAttribute('aria-selected')).toBe('true');
    expect((await send({ type: 'document:navigateto', nodeId: 'revenue-pivot' })).at(-1)).toEqual({
      type: 'workbook:selectednodeid:onchange',
      selectedNodeId: 'revenue-pivot',
      nodeType: 'element',
    });
  });

  it('answers a malformed or impossible command with a workbook:error saying what is wrong, and keeps working', async () => {
    const embedded = await loaded();
    const cases: Array<[object, ReturnType<typeof error>]> = [
      [{ type: 'workbook:variables:update', variables: 'East' }, error(/^workbook:variables:update needs variables: an object/)],
      [
        { type: 'workbook:selectednodeid:update', selectedNodeId: 'orders', nodeType: 'tab' },
        error('workbook:selectednodeid:update needs nodeType "page" or "element", not "tab".'),
      ],
      [
        { type: 'workbook:selectednodeid:update', selectedNodeId: 'nowhere', nodeType: 'page' },
        error(/^No page "nowhere" in this embed; its pages: overview, orders;/, 'ENOENT'),
      ],
      [{ type: 'workbook:fullscreen:update', nodeId: 3 }, error(/^workbook:fullscreen:update needs nodeId: an element id, or null/)],
      [{ type: 'workbook:mode:update', mode: 'admin' }, error('workbook:mode:update needs mode "view", "explore" or "edit", not "admin".')],
      [{ type: 'workbook:modal:toggle', modalType: 'print' }, error(/^workbook:modal:toggle needs modalType "schedule" or "export"/)],
      [{ type: 'workbook:bookmark:create', name: '', isDefault: false, isShared: false }, error('workbook:bookmark:create needs a name, not "".')],
      [
        { type: 'workbook:bookmark:create', name: 'x', isDefault: 'no', isShared: false },
        error('workbook:bookmark:create needs isDefault and isShared, each true or false.'),
      ],
      [{ type: 'workbook:bookmark:select', bookmarkId: 7 }, error(/^workbook:bookmark:select needs bookmarkId: a bookmark id, or null/)],
      [{ type: 'workbook:bookmark:delete' }, error('workbook:bookmark:delete needs bookmarkId: the id of a bookmark; none was given.')],
      [{ type: 'workbook:bookmark:delete', bookmarkId: 'bookmark-1' }, error('No bookmark "bookmark-1" in this workbook; it has none yet.', 'ENOENT')],
      [{ type: 'workbook:sharinglink:update' }, error('workbook:sharinglink:update needs sharingLink: a URL, or null to remove the link.')],
      [
        { type: 'workbook:sharinglink:update', sharingLink: `https://app.example.com/${'a'.repeat(1000)}` },
        error('sharingLink is 1024 characters long; Sigma takes at most 1000.'),
      ],
      [{ type: 'workbook:sharinglink:update', sharingLink: 'javascript:alert(1)' }, error(/^sharingLink must be an absolute http\(s\) URL/)],
      [
        { type: 'workbook:sharinglink:update', sharingLink: 'https://ok.example', sharingExplorationLink: '/relative' },
        error(/^sharingExplorationLink must be an absolute http\(s\) URL/),
      ],
      [{ type: 'document:navigateto', node: 'orders' }, error('document:navigateto needs nodeId: a page or element id; none was given.')],
      // What the sender gave is quoted shortened, whatever its size.
      [
        { type: 'workbook:mode:update', mode: 'x'.repeat(5000) },
        error(/^workbook:mode:update needs mode "view", "explore" or "edit", not "x{79}… \(5002 characters\)\.$/),
      ],
      // Embed Console's own command to the local host's page clock.
      [
        { type: 'embed-console:clock:advance', seconds: -5 },
        error("embed-console:clock:advance needs seconds: how far to move this page's clock on, more than 0 and at most 2592000, not -5."),
      ],
      [{ type: 'embed-console:clock:advance' }, error(/^embed-console:clock:advance needs seconds: .*; none was given\.$/)],
    ];
    for (const [command, expected] of cases) {
      expect(await postedAfter(embedded, () => embedded.send(command)), JSON.stringify(command)).toEqual([expected]);
    }
    // Nothing changed, and it still obeys.
    expect(await embedded.frame.getByRole('tab', { name: 'Overview' }).getAttribute('aria-selected')).toBe('true');
    expect(await embedded.frame.getByTestId('sharing-link').count()).toBe(0);
    expect(
      await after(embedded, () => embedded.send({ type: 'workbook:variables:update', variables: { Region: 'West' } }), 'workbook:variables:onchange'),
    ).toEqual({
      type: 'workbook:variables:onchange',
      workbook: { variables: { Region: 'West' } },
    });
  });
});
