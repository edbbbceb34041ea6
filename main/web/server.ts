/**
 * Browser mode: the app's renderer and its contract over HTTP on 127.0.0.1, for when Electron
 * cannot run. The same handler table as the desktop app; this file only checks and forwards.
 * Every request must carry the per-run token (in the page's URL, and a header on every API
 * call; the page's assets go by a cookie of their own), and a Host and Origin of this server's own: a web page
 * elsewhere cannot call it (cross-site) or reach it through a rebound DNS name.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { MAX_INSPECT_INPUT, WEB_TOKEN_HEADER, isMethod, type EmbedConsoleApi } from '../../shared/api';
import { excerpt, reasonOf, type Failure } from '../../shared/errors';
import { BodyTooLarge, readBody, sameCredential } from '../incoming';

const ASSET_COOKIE = 'embed_console_assets';
const MB = 1024 * 1024;
/** A paste to inspect may be as long as the contract allows, in UTF-8 at up to 4 bytes a character; other requests are small. */
const maxBody = (method: string) => (method === 'token:inspect' ? 4 * MAX_INSPECT_INPUT + MB : MB);

/**
 * The renderer's Content-Security-Policy is written once, in its index.html (where Electron reads
 * it too); served here as a header, with the one directive a meta tag cannot carry.
 */
export function headerCsp(indexHtml: string): string {
  const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(indexHtml)?.[1];
  if (!meta) throw new Error('The built renderer has no Content-Security-Policy; run "npm run build" again.');
  return `${meta}; frame-ancestors 'none'`;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

export interface WebServer {
  /** The address to open, with the token. */
  url: string;
  close(): Promise<void>;
}

export interface WebServerOptions {
  core: EmbedConsoleApi;
  /** The built renderer (dist/renderer). */
  staticDir: string;
  port?: number;
  /** Hears each refused caller (a request that is not from our page). */
  log?: (message: string) => void;
}

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(JSON.stringify(body));
}

function refuse(res: ServerResponse, status: number, message: string, code: Failure['code'] = 'INVALID_REQUEST'): void {
  const failure: Failure = { ok: false, code, message };
  sendJson(res, status, failure);
}

function decodedOrUndefined(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const csp = headerCsp(await readFile(join(options.staticDir, 'index.html'), 'utf8'));
  /** A caller that is not our page: refused as FORBIDDEN, and said once in the terminal (the path only: a query may hold a token). */
  const forbid = (req: IncomingMessage, res: ServerResponse, status: 401 | 403, message: string) => {
    options.log?.(
      `Refused ${req.method} ${(req.url ?? '/').split('?')[0]} (Host ${excerpt(req.headers.host ?? 'none', 80)}, Origin ${excerpt(req.headers.origin ?? 'none', 80)}): ${message}`,
    );
    refuse(res, status, message, 'FORBIDDEN');
  };
  const token = randomBytes(24).toString('base64url');
  // The assets' cookie has a value of its own: cookies are not kept apart by port, so other
  // servers on 127.0.0.1 (the preview's embed host, say) may see it, and it must not open the API.
  const assetKey = randomBytes(24).toString('base64url');
  let origins: string[] = [];

  async function serveFile(res: ServerResponse, path: string, extraHeaders: Record<string, string> = {}): Promise<void> {
    const file = normalize(join(options.staticDir, path));
    if (!file.startsWith(options.staticDir + sep)) return refuse(res, 404, 'Not found.');
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return refuse(res, 404, `Not found: ${path}`);
    }
    res.writeHead(200, {
      'content-type': `${TYPES[extname(file)] ?? 'application/octet-stream'}; charset=utf-8`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'content-security-policy': csp,
      ...extraHeaders,
    });
    res.end(body);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // DNS rebinding: a page on evil.example resolved to 127.0.0.1 still sends Host: evil.example.
    if (!origins.some((o) => o === `http://${req.headers.host}`))
      return forbid(req, res, 403, 'Unexpected Host header; open the address embed-console ui printed.');
    // Cross-site: browsers send Origin on cross-origin requests and on every POST.
    if (req.headers.origin !== undefined && !origins.includes(req.headers.origin)) return forbid(req, res, 403, 'Requests from other sites are refused.');

    const url = new URL(req.url ?? '/', origins[0]);
    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') return refuse(res, 405, 'The API takes POST.');
      if (!sameCredential(req.headers[WEB_TOKEN_HEADER] as string | undefined, token))
        return forbid(req, res, 401, 'Missing or wrong token; open the address embed-console ui printed.');
      const name = url.pathname.slice('/api/'.length);
      const method = decodedOrUndefined(name);
      if (!isMethod(method)) return refuse(res, 404, `No method "${method ?? name}".`);
      let request: unknown;
      try {
        request = JSON.parse(await readBody(req, maxBody(method)));
      } catch (error) {
        // The rest of a refused body may still be on its way: this connection is done.
        res.setHeader('connection', 'close');
        if (!(error instanceof BodyTooLarge)) return refuse(res, 400, 'The request body must be JSON.');
        const length = Number(req.headers['content-length']);
        const size = Number.isFinite(length) && length > 0 ? `${(length / MB).toFixed(1)} MB` : `over ${maxBody(method) / MB} MB`;
        const pasted = method === 'token:inspect';
        const limit = `at most ${Math.floor(maxBody(method) / MB)} MB is accepted`;
        return refuse(res, 400, pasted ? `The pasted text is ${size}; ${limit}. Paste the token or URL alone.` : `The request is ${size}; ${limit}.`);
      }
      return sendJson(res, 200, await (options.core[method] as (r: unknown) => Promise<unknown>)(request));
    }

    if (req.method !== 'GET') return refuse(res, 405, 'Only GET here.');
    if (url.pathname === '/' || url.pathname === '/index.html') {
      if (!sameCredential(url.searchParams.get('token') ?? undefined, token)) {
        return forbid(req, res, 401, 'Missing or wrong token; open the address embed-console ui printed (it ends in ?token=...).');
      }
      return serveFile(res, 'index.html', { 'set-cookie': `${ASSET_COOKIE}=${assetKey}; HttpOnly; SameSite=Strict; Path=/` });
    }
    if (!sameCredential(cookie(req, ASSET_COOKIE), assetKey)) return forbid(req, res, 401, 'Missing token; open the address embed-console ui printed.');
    return serveFile(res, url.pathname.slice(1));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) refuse(res, 500, `Browser mode failed: ${reasonOf(error)}`);
      else res.end();
    });
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      origins = [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
      resolve({
        url: `${origins[0]}/?token=${token}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
