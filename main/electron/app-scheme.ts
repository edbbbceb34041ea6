/**
 * The app's own scheme: the renderer is served as app://embed-console/..., one exact origin,
 * instead of from file:, where every file on disk shares the page's origin and a sender check can
 * only look at a path. Registered privileged before ready (standard and secure: relative URLs,
 * web storage, a real origin for the CSP's 'self'), handled after ready by reading files from
 * the built renderer folder and nothing else.
 */
import { readFile } from 'node:fs/promises';
import { extname, isAbsolute, join, relative } from 'node:path';
import { protocol, type Privileges } from 'electron';

export const APP_SCHEME = 'app';
export const APP_HOST = 'embed-console';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** What the window loads. */
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

export const APP_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true } as const satisfies Privileges;

function parse(url: string | undefined): URL | undefined {
  if (!url) return undefined;
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/**
 * Whether a URL is on the app's own origin, exactly. Compared part by part: Node's URL gives every
 * non-special scheme the origin "null", so by `.origin` app://evil would equal app://embed-console.
 */
export function isAppUrl(url: string | undefined): boolean {
  const parsed = parse(url);
  return (
    parsed !== undefined &&
    parsed.protocol === `${APP_SCHEME}:` &&
    // host includes the port, so a port is refused too.
    parsed.host === APP_HOST &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

/**
 * A name the renderer build makes (index.html, assets/index-<hash>.js): no dot files (so no `.`
 * or `..`), no percent-encoding (so no encoded slash or dot), no separators, no drive letters.
 */
const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

/**
 * The file inside `root` an app:// URL names, or undefined for anything that is not one. The path
 * is judged as written, in the canonical form Chromium hands a handler, not as a URL parser would
 * resolve it: `..` or `%2e%2e` is refused, never resolved to somewhere that looks harmless.
 */
export function rendererFile(url: string, root: string): string | undefined {
  if (!isAppUrl(url)) return undefined;
  if (url !== APP_ORIGIN && !url.startsWith(`${APP_ORIGIN}/`)) return undefined;
  const written = url.slice(APP_ORIGIN.length).split(/[?#]/, 1)[0];
  const path = written === '' || written === '/' ? '/index.html' : written;
  const segments = path.slice(1).split('/');
  if (!segments.every((segment) => SEGMENT.test(segment))) return undefined;
  const file = join(root, ...segments);
  // Belt and braces: whatever the segments were, the file is inside root.
  const inside = relative(root, file);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return undefined;
  return file;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

/** Module scripts load only with a JavaScript type, and nosniff keeps every file its type. */
export function contentType(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

function status(code: 404 | 405, text: string): Response {
  return new Response(text, { status: code, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}

/**
 * The app:// handler: a file of the built renderer, or 404. Read with fs rather than net.fetch of
 * a file: URL, so serving needs no file: request (the default session refuses them all).
 */
export function serveRenderer(root: string): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return status(405, 'Method not allowed');
    const file = rendererFile(request.url, root);
    if (!file) return status(404, 'Not found');
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      // Missing, a folder, unreadable: all the same to the page.
      return status(404, 'Not found');
    }
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: { 'content-type': contentType(file), 'x-content-type-options': 'nosniff' },
    });
  };
}

/** Before app ready: Chromium learns a scheme's privileges only at startup. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_PRIVILEGES }]);
}

/** After app ready, on the default session (the app window's); the preview's partition has no app://. */
export function handleAppScheme(root: string): void {
  protocol.handle(APP_SCHEME, serveRenderer(root));
}
