/**
 * One browser-mode session for an end-to-end test file: the real `embed-console ui` on a temp
 * home, real Chromium, one page on the app with local-demo ready; the page's errors collected;
 * all of it stopped and the home's profiles forgotten after the file. Call it inside describe.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from './browser';
import { forgetProfiles, tempHome } from './cli';
import { startUi, type UiProcess } from './ui';

export interface AppSession {
  home: string;
  ui: UiProcess;
  page: Page;
  /** Every uncaught error of the page, to assert none. */
  pageErrors: string[];
}

export interface AppSessionOptions {
  /** The window's height (1000 px): a taller one for screenshots of the lower panels. */
  height?: number;
  /** Whether the page may read and write the clipboard (the Copy buttons). */
  clipboard?: boolean;
}

export function appSession({ height = 1000, clipboard = false }: AppSessionOptions = {}): AppSession {
  const { home, cleanup } = tempHome();
  const session = { home, pageErrors: [] as string[] } as AppSession;
  let browser: Browser | undefined;
  beforeAll(async () => {
    session.ui = await startUi(home);
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1400, height } });
    if (clipboard) await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: session.ui.origin });
    session.page = await context.newPage();
    session.page.setDefaultTimeout(5_000);
    session.page.on('pageerror', (error) => session.pageErrors.push(String(error)));
    await session.page.goto(session.ui.url);
    await session.page.locator('.profile-select option', { hasText: 'local-demo' }).waitFor({ state: 'attached' });
  });
  afterAll(async () => {
    await browser?.close();
    await session.ui?.stop();
    await forgetProfiles(home);
    cleanup();
  });
  return session;
}
