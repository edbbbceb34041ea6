/**
 * The page each case's embed is loaded in, listening as the app's preview does: only messages
 * from its own frame, from Sigma's domains or the embed's own origin. It is served from a
 * loopback server of the runner's: Chromium's local network access checks stop a page on a
 * public origin (or about:blank) from framing the loopback local embed host.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page } from 'playwright-core';
import { acceptsEmbedOrigin, isEmbedMessage, type EmbedMessage } from '../../shared/preview';

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Embed test</title>
<style>body { margin: 0 } iframe { border: 0; width: 100vw; height: 100vh; display: block }</style></head>
<body><script>
  let frame;
  // Only what the current frame itself posts; its origin is judged in the runner (shared/preview.ts).
  window.addEventListener('message', (event) => {
    if (frame && event.source === frame.contentWindow) window.__embedMessage(event.origin, event.data);
  });
  // A new frame for each load: nothing a previous embed posts can count for the next.
  window.__load = (url) => {
    frame?.remove();
    frame = document.createElement('iframe');
    frame.id = 'embed';
    frame.title = 'Embed';
    frame.referrerPolicy = 'no-referrer';
    frame.src = url;
    document.body.append(frame);
  };
</script></body></html>`;

export interface ParentServer {
  url: string;
  close(): Promise<void>;
}

export function startParentServer(): Promise<ParentServer> {
  const server = createServer((req, res) => {
    const found = req.url === '/';
    res.writeHead(found ? 200 : 404, { 'content-type': found ? 'text/html; charset=utf-8' : 'text/plain', 'cache-control': 'no-store' });
    res.end(found ? PAGE : 'not found');
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

/** A parent page in a browser context, loading one embed after another and hearing what each posts. */
export class ParentPage {
  private log: EmbedMessage[] = [];
  private origin = '';
  private heard = () => {};
  /** The HTTP status of the current embed's page, once it came. */
  status: number | undefined;

  private constructor(readonly page: Page) {}

  static async open(context: BrowserContext, server: ParentServer): Promise<ParentPage> {
    const page = await context.newPage();
    const parent = new ParentPage(page);
    await page.exposeFunction('__embedMessage', (origin: string, data: unknown) => {
      if (!acceptsEmbedOrigin(origin, parent.origin) || !isEmbedMessage(data)) return;
      parent.log.push(data);
      parent.heard();
    });
    page.on('response', (response) => {
      if (response.frame() !== page.mainFrame() && response.request().isNavigationRequest()) parent.status = response.status();
    });
    await page.goto(server.url);
    return parent;
  }

  /** Loads `url` in a fresh frame, starting a fresh message log. */
  async load(url: string): Promise<void> {
    this.log = [];
    this.status = undefined;
    this.origin = new URL(url).origin;
    await this.page.evaluate((u) => (globalThis as unknown as { __load(url: string): void }).__load(u), url);
  }

  /** The types of the messages the current embed has posted, in order. */
  types(): string[] {
    return this.log.map((m) => m.type);
  }

  /** The first message of one of these types, if the embed has posted one. */
  first(types: string[]): EmbedMessage | undefined {
    return this.log.find((m) => types.includes(m.type));
  }

  /** Resolves true once `done` accepts what was posted, or false after `timeoutMs`. */
  waitFor(done: () => boolean, timeoutMs: number): Promise<boolean> {
    if (done()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => finish(false), Math.max(0, timeoutMs));
      const finish = (ok: boolean) => {
        clearTimeout(timer);
        this.heard = () => {};
        resolve(ok);
      };
      this.heard = () => {
        if (done()) finish(true);
      };
    });
  }
}
