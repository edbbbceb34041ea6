/**
 * The two preloads as built (dist/preload.cjs, dist/webview-preload.cjs) running in real Chromium:
 * they run in a page, not in Node, so a top-level page with a stand-in for what Electron hands a
 * sandboxed preload (`require('electron')`: contextBridge, ipcRenderer) exercises the code path the
 * desktop app takes, real postMessage and all. The Electron binary itself cannot be had here.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METHODS } from '../shared/api';
import { PREVIEW_COMMAND_CHANNEL, PREVIEW_EVENT_CHANNEL } from '../shared/preview';
import { hasChromium, launchChromium } from './support/browser';
import { runCli, tempHome } from './support/cli';
import { startHost } from './support/host';
import { STAND_IN, asPreload, bundle, type PageWindow } from './support/preload-stand-in';

describe.runIf(hasChromium())('the preloads as built, in real Chromium', () => {
  let chromium: Browser;
  beforeAll(async () => {
    chromium = await launchChromium();
  });
  afterAll(async () => {
    await chromium?.close();
  });

  async function pageWith(origin: string, preload: string): Promise<Page> {
    const page = await chromium.newPage();
    await page.route(`${origin}/**`, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>page</title><body></body>' }));
    await page.goto(`${origin}/`);
    await page.addScriptTag({ content: STAND_IN });
    await page.addScriptTag({ content: asPreload(bundle(preload)) });
    return page;
  }

  it('dist/preload.cjs exposes window.embedConsole with exactly the contract methods, each invoking its channel', async () => {
    const page = await pageWith('http://app.test', 'preload.cjs');
    try {
      expect(await page.evaluate(() => (window as unknown as PageWindow).__ipc.exposed)).toEqual(['embedConsole']);
      expect(await page.evaluate(() => Object.keys((window as unknown as PageWindow).embedConsole).sort())).toEqual([...METHODS].sort());
      const answers = await page.evaluate(
        async (methods) => {
          const api = (window as unknown as PageWindow).embedConsole;
          return Promise.all(methods.map((method) => api[method]({ probe: method })));
        },
        [...METHODS],
      );
      expect(answers).toEqual(METHODS.map((method) => ({ ok: true, data: method })));
      expect(await page.evaluate(() => (window as unknown as PageWindow).__ipc.invoked)).toEqual(METHODS.map((method) => [method, { probe: method }]));
    } finally {
      await page.close();
    }
  });

  it("dist/webview-preload.cjs relays the embed's own posts with its origin, and the app's commands without an echo", async () => {
    const page = await pageWith('http://preview.test', 'webview-preload.cjs');
    try {
      // What the page itself hears, to know when a post has been delivered.
      await page.evaluate(() => {
        (window as unknown as PageWindow).__heard = [];
        window.addEventListener('message', (event) => (window as unknown as PageWindow).__heard.push(event.data));
      });
      const sent = () => page.evaluate(() => (window as unknown as PageWindow).__ipc.sent);
      const heard = (count: number) => page.waitForFunction((n) => (window as unknown as PageWindow).__heard.length >= n, count);

      // A frame inside the embed posting up is not the embed: not relayed.
      await page.evaluate(() => {
        const frame = document.createElement('iframe');
        frame.srcdoc = `<script>parent.postMessage({ type: 'workbook:loaded', from: 'a subframe' }, '*')</script>`;
        document.body.append(frame);
      });
      await heard(1);
      // The embed's own post (to window.parent, which in a webview is itself).
      await page.evaluate(() => window.parent.postMessage({ type: 'workbook:loaded', workbook: { id: 'w' } }, '*'));
      await heard(2);
      expect(await sent()).toEqual([[PREVIEW_EVENT_CHANNEL, { type: 'workbook:loaded', workbook: { id: 'w' } }, 'http://preview.test']]);

      // The app's command reaches the page and is not reported back as an event.
      const command = { type: 'workbook:variables:update', variables: { Region: 'West' } };
      await page.evaluate(([channel, message]) => (window as unknown as PageWindow).__ipc.listeners[channel]({}, message), [
        PREVIEW_COMMAND_CHANNEL,
        command,
      ] as const);
      await heard(3);
      expect((await page.evaluate(() => (window as unknown as PageWindow).__heard))[2]).toEqual(command);
      expect(await sent()).toHaveLength(1);
      // Not an embed message: not posted at all.
      await page.evaluate((channel) => (window as unknown as PageWindow).__ipc.listeners[channel]({}, 'not an embed message'), PREVIEW_COMMAND_CHANNEL);
      // The embed saying the same thing itself afterwards is relayed.
      await page.evaluate((message) => window.postMessage(message, '*'), command);
      await heard(4);
      expect((await page.evaluate(() => (window as unknown as PageWindow).__heard))[3]).toEqual(command);
      expect(await sent()).toEqual([
        [PREVIEW_EVENT_CHANNEL, { type: 'workbook:loaded', workbook: { id: 'w' } }, 'http://preview.test'],
        [PREVIEW_EVENT_CHANNEL, command, 'http://preview.test'],
      ]);
      expect(await page.evaluate(() => 'embedConsole' in window)).toBe(false);
    } finally {
      await page.close();
    }
  });

  it("the local embed host, top-level as in a <webview>, speaks through the relay: its events reach the app, the app's commands act", async () => {
    const { home, cleanup } = tempHome();
    const host = await startHost(home);
    const page = await chromium.newPage();
    try {
      const signed = await runCli(
        ['sign', '--profile', 'local-demo', '--url', 'workbook/Sales-Performance-3kQ7vN2pXb9sLm4Tz8Rw1c', '--sub', 'ada@example.com'],
        { home },
      );
      // Before the page's own script, as Electron runs a preload.
      await page.addInitScript({ content: `${STAND_IN}\n${asPreload(bundle('webview-preload.cjs'))}` });
      await page.goto(signed.stdout.trim());
      const sent = () =>
        page.evaluate(() => (window as unknown as PageWindow).__ipc.sent as Array<[string, { type: string; workbook?: { variables?: object } }, string]>);
      const types = async () => (await sent()).map(([, message]) => message.type);
      await page.waitForFunction(() => (window as unknown as PageWindow).__ipc.sent.some((s) => (s[1] as { type: string }).type === 'workbook:dataloaded'));
      expect(await types()).toEqual(expect.arrayContaining(['workbook:loaded', 'url:onchange', 'workbook:dataloaded']));
      expect((await sent()).every(([channel, , origin]) => channel === PREVIEW_EVENT_CHANNEL && origin === host.url)).toBe(true);

      await page.evaluate(([channel, message]) => (window as unknown as PageWindow).__ipc.listeners[channel]({}, message), [
        PREVIEW_COMMAND_CHANNEL,
        { type: 'workbook:variables:update', variables: { Region: 'East' } },
      ] as const);
      await page.waitForFunction(() =>
        (window as unknown as PageWindow).__ipc.sent.some((s) => (s[1] as { type: string }).type === 'workbook:variables:onchange'),
      );
      const changed = (await sent()).find(([, message]) => message.type === 'workbook:variables:onchange');
      expect(changed?.[1].workbook?.variables).toMatchObject({ Region: 'East' });
      // The command itself is not reported back as one of the embed's events.
      expect(await types()).not.toContain('workbook:variables:update');
    } finally {
      await page.close();
      await host.stop();
      cleanup();
    }
  });
});
