/**
 * The local embed host's HTTP server: a stand-in for Sigma on 127.0.0.1, serving the demo org's
 * embed URLs after admit() has verified them, and refusing the rest the way Sigma would; its
 * REST API (/v2/...) lists the demo org's content.
 */
import { reasonOf } from '../../shared/errors';
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { admit, type AdmitDeps } from './admit';
import { SCRIPT_PATH, contentSecurityPolicy, indexPage, refusalPage, viewPage } from './page/html';
import { createRestApi } from './rest-api';

/** How the host names itself at /__host/health, so browser mode knows it from another server. */
export const HOST_SERVICE = 'embed-console local embed host';

export interface EmbedHost {
  /** http://127.0.0.1:PORT */
  url: string;
  /** https://127.0.0.1:PORT, when asked to serve TLS: answering for any host name, Sigma's included. */
  httpsUrl?: string;
  close(): Promise<void>;
}

interface TlsOptions {
  key: string;
  cert: string;
  port?: number;
}

export interface EmbedHostOptions extends AdmitDeps {
  /** The bundled page script (dist/embed-page.js). */
  pageScript: string;
  port?: number;
  /** Hears failures that are the host's own fault. */
  notify?: (message: string) => void;
  /** How long the REST API's access tokens last (Sigma: an hour). */
  apiTokenSeconds?: number;
  /** Serve HTTPS too, as a Sigma test double. */
  tls?: TlsOptions;
}

/**
 * Node refuses request heads over 16 KB with an empty 431, which an embedding page cannot tell
 * from a network failure. The host reads heads up to 1 MB, so an oversized embed URL gets a
 * refusal page (and workbook:error) saying how big it is; beyond that, a 431 page says the same.
 */
const MAX_HEAD_BYTES = 1024 * 1024;
const MAX_EMBED_URL_BYTES = 16 * 1024;
const kilobytes = (bytes: number) => `${Math.ceil(bytes / 1024).toLocaleString('en')} KB`;
const TOO_LONG = {
  status: 400,
  code: 'EINVAL',
  title: 'EINVAL: the embed URL is too long.',
} as const;
const tooLongReason = (size: string) =>
  `This embed URL is ${size}; the local embed host takes at most ${kilobytes(MAX_EMBED_URL_BYTES)}, as most web servers do (Sigma does not document its own limit). Make the token smaller: fewer teams or user attributes, shorter values.`;

/** A Host header fit to be an origin: a name or IPv4 address, and a port. Anything else is not trusted as one. */
const HOST_HEADER = /^[a-z0-9.-]{1,253}(:\d{1,5})?$/i;

function send(res: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    'content-type': `${type}; charset=utf-8`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    ...headers,
  });
  res.end(body);
}

function listen(server: Server, port: number | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    // Loopback only: the host is for this machine, never the network.
    server.listen(port ?? 0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise<void>((done) => {
    server.close(() => done());
    server.closeAllConnections();
  });
}

export async function startEmbedHost(options: EmbedHostOptions): Promise<EmbedHost> {
  let httpOrigin = '';
  let httpsOrigin = '';
  const restApi = createRestApi({ ...options, tokenSeconds: options.apiTokenSeconds });

  /** Over TLS the host answers as whichever name the browser asked for (app.sigmacomputing.com, mapped here). */
  const originOf = (req: IncomingMessage, tls: boolean) => {
    if (!tls) return httpOrigin;
    const host = req.headers.host ?? '';
    return HOST_HEADER.test(host) ? `https://${host.toLowerCase()}` : httpsOrigin;
  };

  async function handle(req: IncomingMessage, res: ServerResponse, origin: string): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (path.startsWith('/v2/')) {
      const reply = await restApi.handle(req, origin);
      return send(res, reply.status, 'application/json', JSON.stringify(reply.body), reply.headers);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'text/plain', 'The local embed host answers GET only, apart from POST /v2/auth/token.', { allow: 'GET, HEAD' });
      return;
    }
    if (path === SCRIPT_PATH) return send(res, 200, 'text/javascript', options.pageScript);
    if (path === '/__host/health') return send(res, 200, 'application/json', JSON.stringify({ ok: true, service: HOST_SERVICE }));

    const nonce = randomBytes(16).toString('base64');
    const csp = { 'content-security-policy': contentSecurityPolicy(nonce) };
    if (path === '/') return send(res, 200, 'text/html', indexPage(origin, nonce), csp);

    if (req.method === 'HEAD') {
      // Answering would mean verifying, and verifying uses up the token.
      send(res, 405, 'text/plain', 'Load embed URLs with GET; a HEAD request would use up their one-time token.', { allow: 'GET' });
      return;
    }
    const url = req.url ?? '/';
    if (Buffer.byteLength(url) > MAX_EMBED_URL_BYTES) {
      return send(res, 400, 'text/html', refusalPage({ ...TOO_LONG, reason: tooLongReason(kilobytes(Buffer.byteLength(url))) }, nonce), csp);
    }
    const admission = await admit(origin + url, options);
    if (admission.ok) send(res, 200, 'text/html', viewPage(admission.view, nonce), csp);
    else send(res, admission.refusal.status, 'text/html', refusalPage(admission.refusal, nonce), csp);
  }

  const answer = (tls: boolean) => (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res, originOf(req, tls)).catch((error: unknown) => {
      const reason = reasonOf(error);
      // The path only: the query carries the token.
      options.notify?.(`The local embed host failed on ${(req.url ?? '/').split('?')[0]}: ${reason}`);
      if (res.headersSent) return void res.end();
      // A refusal page like any other, so the embedding page hears workbook:error too.
      const nonce = randomBytes(16).toString('base64');
      const refusal = {
        status: 500,
        code: 'EINVAL',
        title: 'The local embed host failed.',
        reason: `${reason} Try again; if it persists, restart the host.`,
      } as const;
      send(res, 500, 'text/html', refusalPage(refusal, nonce), { 'content-security-policy': contentSecurityPolicy(nonce) });
    });
  };

  /**
   * A request the parser refuses never reaches `answer`. A head over MAX_HEAD_BYTES gets a
   * refusal page saying why; any other malformed request Node's own 400.
   */
  const headTooLarge = (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable) return void socket.destroy();
    if (error.code !== 'HPE_HEADER_OVERFLOW') return void socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
    const nonce = randomBytes(16).toString('base64');
    const body = refusalPage({ ...TOO_LONG, reason: tooLongReason(`over ${MAX_HEAD_BYTES / 1024 / 1024} MB`) }, nonce);
    const head = [
      'HTTP/1.1 431 Request Header Fields Too Large',
      'content-type: text/html; charset=utf-8',
      `content-security-policy: ${contentSecurityPolicy(nonce)}`,
      `content-length: ${Buffer.byteLength(body)}`,
      'connection: close',
    ];
    socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
  };

  const server = createServer({ maxHeaderSize: MAX_HEAD_BYTES }, answer(false)).on('clientError', headTooLarge);
  httpOrigin = `http://127.0.0.1:${await listen(server, options.port)}`;
  const secure =
    options.tls &&
    createTlsServer({ key: options.tls.key, cert: options.tls.cert, maxHeaderSize: MAX_HEAD_BYTES }, answer(true)).on('clientError', headTooLarge);
  try {
    if (secure) httpsOrigin = `https://127.0.0.1:${await listen(secure, options.tls?.port)}`;
  } catch (error) {
    await closeServer(server);
    throw error;
  }
  return {
    url: httpOrigin,
    httpsUrl: secure ? httpsOrigin : undefined,
    close: async () => {
      await Promise.all([closeServer(server), secure && closeServer(secure)]);
    },
  };
}
