/**
 * A customer's app embedding the local embed host, as a real page in real Chromium: served from
 * an origin of its own (127.0.0.1 on another port), it puts a signed URL in an <iframe>, records
 * every message whose source is that frame, and posts commands to it the way Sigma's SDK does.
 * It also serves an intruder page, for a frame or popup that is not the embed's parent.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, FrameLocator, Page } from 'playwright-core';

export interface FrameMessage {
  origin: string;
  /** Date.now() in the parent when it arrived. */
  at: number;
  data: { type: string; [key: string]: unknown };
}

/** What the parent page puts on its window. (Functions passed to page.evaluate run in the page, so they cast there.) */
interface ParentWindow {
  __events: FrameMessage[];
  __send(message: object): void;
  __intrude(how: 'frame' | 'popup', messages: object[]): void;
  __intruderPosts: number;
}

/** JSON safe inside a <script> element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

function parentHtml(embedUrl: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Acme Analytics · embeds the local embed host</title>
<style>
  body { margin: 0; font: 14px/1.4 system-ui, sans-serif; background: #e9edf3; color: #1d2330; }
  header { display: flex; align-items: baseline; gap: 14px; padding: 12px 20px; background: #1d2330; color: #fff; }
  header strong { font-size: 16px; }
  header span { color: #aab3c5; }
  main { display: flex; gap: 16px; padding: 16px 20px; }
  iframe { flex: 1; height: 600px; border: 1px solid #c7cdd8; border-radius: 8px; background: #fff; }
  aside { width: 290px; font-size: 12px; }
  aside h2 { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: #5b6475; margin: 4px 0 8px; }
  ol { margin: 0; padding-left: 18px; }
  li { margin-bottom: 6px; }
  li code { display: block; color: #5b6475; word-break: break-all; font: 11px ui-monospace, monospace; }
</style>
</head>
<body>
<header><strong>Acme Analytics</strong><span>a parent app on its own origin, embedding a workbook from the local embed host</span></header>
<main>
  <iframe id="embed" title="Sigma workbook"></iframe>
  <aside><h2>postMessage from the embed</h2><ol id="log"></ol></aside>
</main>
<script>
  const embedUrl = ${scriptJson(embedUrl)};
  const frame = document.getElementById('embed');
  const log = document.getElementById('log');
  window.__events = [];
  window.__intruderPosts = 0;
  // As Sigma's SDK does: only what the embedded frame itself posts counts.
  window.addEventListener('message', (event) => {
    if (event.source !== frame.contentWindow) return;
    window.__events.push({ origin: event.origin, at: Date.now(), data: event.data });
    const { type, ...payload } = event.data;
    const item = document.createElement('li');
    item.textContent = type;
    const detail = document.createElement('code');
    detail.textContent = JSON.stringify(payload);
    item.append(detail);
    log.append(item);
  });
  window.__send = (message) => frame.contentWindow.postMessage(message, new URL(embedUrl).origin);
  window.__intrude = (how, messages) => {
    window.__intruderMessages = messages;
    if (how === 'frame') {
      const intruder = document.createElement('iframe');
      intruder.src = '/intruder';
      intruder.style.display = 'none';
      document.body.append(intruder);
    } else {
      window.open('/intruder', 'intruder', 'popup,width=320,height=200');
    }
  };
  frame.src = embedUrl;
</script>
</body>
</html>
`;
}

/** Posts the parent's queued messages to the embed from a window that is not its parent. */
const INTRUDER_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Intruder</title></head>
<body>
<script>
  const app = window.opener ?? window.parent;
  const embed = app.document.getElementById('embed').contentWindow;
  for (const message of app.__intruderMessages) embed.postMessage(message, '*');
  app.__intruderPosts += 1;
</script>
</body></html>
`;

export interface ParentServer {
  /** http://127.0.0.1:PORT, an origin other than the embed host's. */
  url: string;
  close(): Promise<void>;
}

export function startParentServer(): Promise<ParentServer> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const embed = url.searchParams.get('embed');
    const body = url.pathname === '/intruder' ? INTRUDER_HTML : url.pathname === '/' && embed ? parentHtml(embed) : undefined;
    res.writeHead(body ? 200 : 404, { 'content-type': body ? 'text/html; charset=utf-8' : 'text/plain', 'cache-control': 'no-store' });
    res.end(body ?? 'not found');
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

/** One parent page in its own browser context, embedding one signed URL. */
export class EmbedParent {
  private constructor(
    readonly page: Page,
    /** The embedded frame, for looking at what the user sees in it. */
    readonly frame: FrameLocator,
  ) {}

  static async open(browser: Browser, parent: ParentServer, embedUrl: string, viewport = { width: 1280, height: 680 }): Promise<EmbedParent> {
    const page = await browser.newPage({ viewport });
    page.setDefaultTimeout(10_000);
    await page.goto(`${parent.url}/?embed=${encodeURIComponent(embedUrl)}`);
    return new EmbedParent(page, page.frameLocator('#embed'));
  }

  /** Everything the embed has posted to the parent so far, in order. */
  events(): Promise<FrameMessage[]> {
    return this.page.evaluate(() => (window as unknown as ParentWindow).__events);
  }

  async types(): Promise<string[]> {
    return (await this.events()).map((e) => e.data.type);
  }

  /** Waits for the first message of a type at or after index `from`; returns it. */
  async waitFor(type: string, from = 0, timeout?: number): Promise<FrameMessage> {
    const handle = await this.page.waitForFunction(
      ([type, from]) => (window as unknown as ParentWindow).__events.slice(from).find((e) => e.data.type === type),
      [type, from] as const,
      timeout === undefined ? {} : { timeout },
    );
    return (await handle.jsonValue()) as FrameMessage;
  }

  /** Posts a command to the embed as its parent. */
  send(message: object): Promise<void> {
    return this.page.evaluate((m) => (window as unknown as ParentWindow).__send(m), message);
  }

  /**
   * Asks for the variables and waits for the answer. The embed handles messages in order, so
   * once it has answered, it has handled (and reported) everything posted to it before.
   */
  async variables(): Promise<FrameMessage> {
    const from = (await this.events()).length;
    await this.send({ type: 'workbook:variables:list' });
    return this.waitFor('workbook:variables:current', from);
  }

  /** Has a frame (`frame`) or popup window (`popup`) that is not the parent post `messages` to the embed. */
  async intrude(how: 'frame' | 'popup', messages: object[]): Promise<void> {
    const before = await this.page.evaluate(() => (window as unknown as ParentWindow).__intruderPosts);
    await this.page.evaluate(([how, messages]) => (window as unknown as ParentWindow).__intrude(how, messages), [how, messages] as const);
    await this.page.waitForFunction((n) => (window as unknown as ParentWindow).__intruderPosts > n, before);
  }

  /** Resolves once the embed has drawn two more frames: anything a layout change triggers has been posted. */
  settled(): Promise<void> {
    return this.frame.locator('html').evaluate(() => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))));
  }

  close(): Promise<void> {
    return this.page.context().close();
  }
}
