/**
 * The app's Events and Send panels end to end in real Chromium, in browser mode: the real
 * `embed-console ui` and its local embed host. Each event the embed posts is labelled with the
 * SDK listener that would fire for it, and every command the Send panel offers, sent with its
 * example payload as it stands, acts in the embed.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { INBOUND_COMMANDS } from '../shared/sigma-events';
import { appSession } from './support/app-session';
import { hasChromium } from './support/browser';
import { hasKeychain } from './support/system';

const keychain = await hasKeychain();
const chromium = hasChromium();

describe.runIf(keychain && chromium)('the Events and Send panels in real Chromium, browser mode (real keychain, real local embed host)', () => {
  const session = appSession({ height: 1100 });
  let page: Page;

  const frame = () => page.frameLocator('iframe[title="Embed preview"]');
  const log = () => page.getByRole('list', { name: 'Event log' });
  /** Each logged event as "type · label", in order. */
  const logged = async () => {
    const rows = await log().locator('li:not(.empty)').all();
    return Promise.all(rows.map(async (row) => `${await row.locator('strong').textContent()} · ${await row.locator('.sdk-label').textContent()}`));
  };
  const send = () => page.getByRole('group', { name: 'Send to the embed' });
  /** Empties the log (its Clear button is disabled while it is empty). */
  const clear = async () => {
    const button = page.getByRole('button', { name: 'Clear' });
    if (await button.isEnabled()) await button.click();
  };

  /** Picks a command in the Send panel, checks it offers the example, and sends it as offered. */
  async function sendExample(type: string): Promise<void> {
    await send().getByLabel('Command').selectOption(type);
    expect(JSON.parse(await send().getByLabel('Payload (JSON)').inputValue()), type).toEqual(INBOUND_COMMANDS[type].example);
    await clear();
    await send().getByRole('button', { name: 'Send' }).click();
  }

  beforeAll(() => {
    page = session.page;
  });

  it('labels each event with the SDK listener that fires for it, or says none does', async () => {
    await expect.poll(() => page.getByRole('combobox', { name: 'Profile', exact: true }).inputValue()).toBe('local-demo');
    await page.getByRole('button', { name: 'Load' }).click();
    await expect
      .poll(logged)
      .toEqual(['workbook:loaded · workbookLoadedListener', 'url:onchange · urlOnChangeListener', 'workbook:dataloaded · workbookDataLoadedListener']);

    // Things a user does in the embed, each logged with its listener.
    await clear();
    await frame().locator('[data-node-id="revenue-table"] tbody td').first().click();
    await frame().getByRole('button', { name: 'Edit', exact: true }).click();
    await frame().getByRole('button', { name: 'Save as' }).click();
    await expect
      .poll(logged)
      .toEqual([
        'workbook:table:oncellselect · workbookTableCellSelectListener',
        'workbook:selectednodeid:onchange · workbookSelectedNodeListener',
        "workbook:saveas · no SDK listener (Sigma's event reference only)",
        'workbook:id:onchange · workbookIdOnChangeListener',
      ]);
    expect(await log().locator('li').first().locator('code').textContent()).toContain('"cellType":"valueCell"');
    await frame().getByRole('button', { name: 'View', exact: true }).click();
  });

  it('offers every inbound command with an example that acts in the embed', async () => {
    const last = async () => (await logged()).at(-1);
    const expectLast = (entry: string) => expect.poll(last).toBe(entry);

    await sendExample('workbook:variables:update');
    await expectLast('workbook:variables:onchange · workbookVariableChangeListener');
    expect(await frame().getByRole('button', { name: 'West' }).getAttribute('aria-pressed')).toBe('true');
    // The command itself is logged with the SDK function that sends it.
    expect((await logged())[0]).toBe('workbook:variables:update · workbookVariablesUpdate');

    await sendExample('workbook:variables:list');
    await expectLast('workbook:variables:current · workbookVariableCurrentListener, workbookCurrentVariablesListener');

    await sendExample('workbook:selectednodeid:update');
    await expectLast('workbook:selectednodeid:onchange · workbookSelectedNodeListener');
    expect(await frame().getByRole('tab', { name: 'Orders' }).getAttribute('aria-selected')).toBe('true');

    await sendExample('document:navigateto');
    await expectLast('workbook:selectednodeid:onchange · workbookSelectedNodeListener');
    expect((await logged())[0]).toBe("document:navigateto · no SDK function (Sigma's inbound reference only)");
    expect(await frame().getByRole('tab', { name: 'Overview' }).getAttribute('aria-selected')).toBe('true');

    await sendExample('workbook:fullscreen:update');
    await expectLast('workbook:fullscreen:onchange · workbookFullScreenListener');
    const chart = frame().locator('[data-node-id="revenue-chart"]');
    expect(await chart.getAttribute('class')).toContain('fullscreen');
    // A fixed element does not scroll its frame into view, and Chromium stops drawing a frame scrolled away.
    await page.locator('iframe[title="Embed preview"]').scrollIntoViewIfNeeded();
    await chart.getByRole('button', { name: 'Full screen' }).click();

    await sendExample('workbook:mode:update');
    await expectLast('workbook:exploreKey:onchange · workbookExploreKeyOnChangeListener');
    expect(await frame().getByRole('button', { name: 'Explore' }).getAttribute('aria-pressed')).toBe('true');

    await sendExample('workbook:bookmark:create');
    await expectLast('workbook:bookmark:onchange · workbookBookmarkOnChangeListener');
    expect((await logged())[1]).toBe('workbook:bookmark:oncreate · workbookBookmarkCreateListener');

    await sendExample('workbook:bookmark:select');
    await expectLast('workbook:bookmark:onchange · workbookBookmarkOnChangeListener');
    expect(await frame().getByRole('button', { name: 'My view', exact: true }).getAttribute('aria-pressed')).toBe('true');

    // An explore change first (a sort), or Sigma has nothing to update the bookmark with.
    await frame().locator('[data-node-id="revenue-table"]').getByRole('columnheader', { name: 'Revenue' }).click();
    await sendExample('workbook:bookmark:update');
    await expectLast('workbook:bookmark:onupdate · workbookBookmarkOnUpdateListener');

    await sendExample('workbook:bookmark:delete');
    await expectLast('workbook:bookmark:onchange · workbookBookmarkOnChangeListener');
    expect(await logged()).toContain('workbook:bookmark:ondelete · workbookBookmarkOnDeleteListener');
    expect(await frame().getByRole('button', { name: 'My view', exact: true }).count()).toBe(0);

    await sendExample('workbook:sharinglink:update');
    await expect.poll(() => frame().getByTestId('sharing-link').textContent()).toBe(INBOUND_COMMANDS['workbook:sharinglink:update'].example.sharingLink);

    await sendExample('workbook:modal:toggle');
    await expect.poll(() => frame().getByRole('dialog', { name: 'Export' }).isVisible()).toBe(true);

    // None of them failed.
    expect((await logged()).filter((entry) => entry.startsWith('workbook:error'))).toEqual([]);
    await page.getByRole('region', { name: 'Events' }).screenshot({ path: '/tmp/app-events.png' });
    await page.screenshot({ path: '/tmp/app-events-full.png', fullPage: true });
  });

  it('says what is wrong with a command the embed cannot carry out, in the log', async () => {
    await send().getByLabel('Command').selectOption('workbook:bookmark:select');
    await send().getByLabel('Payload (JSON)').fill('{"bookmarkId": "bookmark-7"}');
    await clear();
    await send().getByRole('button', { name: 'Send' }).click();
    await expect.poll(async () => (await logged()).at(-1)).toBe('workbook:error · workbookErrorListener');
    expect(await log().locator('li').last().locator('code').textContent()).toBe(
      '{"code":"ENOENT","message":"No bookmark \\"bookmark-7\\" in this workbook; it has none yet."}',
    );
  });
});
