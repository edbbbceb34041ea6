/**
 * Browser mode (`embed-console ui`), run as a user runs it: the built CLI in a process of its own,
 * the real keychain, real HTTP on 127.0.0.1. node:http carries what fetch will not send as is: a
 * forged Host header, and paths with dot segments.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { fileURLToPath } from 'node:url';
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_TOKEN_HEADER } from '../shared/api';
import { keychainService } from '../main/core/home';
import { forgetProfiles, readTree, tempHome, tempHomes } from './support/cli';
import { demoSecret, readTreeButDemoSecrets } from './support/demo-secrets';
import { startHost, type HostProcess } from './support/host';
import { connects, freePort, occupyPort, otherAddresses } from './support/network';
import { hasKeychain } from './support/system';
import { startUi, uiFailing, type UiProcess } from './support/ui';

const keychain = await hasKeychain();

const RENDERER = new URL('../dist/renderer/', import.meta.url);
const WORKBOOK_ID = '3kQ7vN2pXb9sLm4Tz8Rw1c';
/** The demo workbook, relative to local-demo's base URL (the local embed host's demo org). */
const WORKBOOK_REL = `workbook/Sales-Performance-${WORKBOOK_ID}`;
const MB = 1024 * 1024;

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Every response body and header these tests saw, for the "no secret anywhere" check. */
const seen: string[] = [];

/** One HTTP request as written, with no URL clean-up on the way: node:http sends path and Host as given. */
function send(port: number, path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => {
        seen.push(`${path}\n${JSON.stringify(res.headers)}\n${body}`);
        resolve({ status: res.statusCode!, headers: res.headers, body });
      });
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A call to the API as the renderer makes it (renderer/api.ts), through fetch. */
async function call(ui: UiProcess, method: string, request: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const response = await fetch(`${ui.origin}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [WEB_TOKEN_HEADER]: ui.token, ...headers },
    body: typeof request === 'string' ? request : JSON.stringify(request),
  });
  const text = await response.text();
  seen.push(`${method}\n${JSON.stringify([...response.headers])}\n${text}`);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  return { status: response.status, body: JSON.parse(text) };
}

/** What every refusal by the transport looks like: a status, and a failure with a code and a sentence. */
function expectRefused(answer: { status: number; body: unknown }, status: number): void {
  const body = typeof answer.body === 'string' ? JSON.parse(answer.body) : answer.body;
  expect({ status: answer.status, body }).toEqual({
    status,
    // A caller that is not our page (no or a wrong token, another Host or Origin) is FORBIDDEN.
    body: { ok: false, code: status === 401 || status === 403 ? 'FORBIDDEN' : expect.stringMatching(/^[A-Z_]+$/), message: expect.stringMatching(/\w.*\w/) },
  });
}

/** Whether a local embed host answers its health check at that origin. */
async function hostAnswers(origin: string): Promise<boolean> {
  try {
    const response = await fetch(new URL('/__host/health', origin), { signal: AbortSignal.timeout(2000) });
    return response.ok && (await response.json()).ok === true;
  } catch {
    return false;
  }
}

/** local-demo as the API lists it. */
async function localDemo(ui: UiProcess): Promise<{ baseUrl: string; clientId: string }> {
  const listed = await call(ui, 'profiles:list', {});
  const demo = listed.body.data?.find((p: { name: string }) => p.name === 'local-demo');
  expect(demo).toMatchObject({ baseUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/demo$/), hasSecret: true });
  return demo;
}

describe.runIf(keychain)('embed-console ui: starting and stopping (real keychain)', () => {
  const { home, cleanup } = tempHome();
  let ui: UiProcess;
  let second: UiProcess | undefined;
  /** local-demo's base URL while the first run's host was up. */
  let firstHost: string;

  beforeAll(async () => {
    ui = await startUi(home);
  });
  afterAll(async () => {
    await second?.stop();
    await ui?.stop();
    await forgetProfiles(home);
    cleanup();
  });

  it('prints exactly one line on stdout: "Embed Console: http://127.0.0.1:N/?token=…" on a free port', () => {
    expect(ui.stdout()).toBe(`Embed Console: ${ui.url}\n`);
    expect(ui.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32,}$/);
    expect(ui.port).toBeGreaterThan(0);
    expect(ui.stderr()).not.toMatch(/error/i);
  });

  it('listens on 127.0.0.1 only', async () => {
    expect(await connects('127.0.0.1', ui.port)).toBe(true);
    expect(await connects('::1', ui.port)).toBe(false);
    for (const address of otherAddresses) expect({ address, connects: await connects(address, ui.port) }).toEqual({ address, connects: false });
  });

  it('gives every run its own port and token', async () => {
    second = await startUi(home);
    expect(second.token).not.toBe(ui.token);
    expect((await send(second.port, `/?token=${second.token}`)).status).toBe(200);
    // One run's token opens nothing on the other.
    expect((await send(second.port, `/?token=${ui.token}`)).status).toBe(401);
  });

  it('stops on Ctrl-C (SIGINT) with exit 0, and takes down the local embed host it started', async () => {
    firstHost = (await localDemo(ui)).baseUrl;
    const hostOrigin = new URL(firstHost).origin;
    // The second run found the first run's host answering and started none of its own.
    expect(await second!.stop()).toBe(0);
    expect(await hostAnswers(hostOrigin)).toBe(true);
    expect(await ui.stop()).toBe(0);
    expect(ui.stdout()).toBe(`Embed Console: ${ui.url}\n`);
    expect(await connects('127.0.0.1', ui.port)).toBe(false);
    expect(await hostAnswers(hostOrigin)).toBe(false);
  });

  it('starts a new local embed host on the next run when the last one is gone', async () => {
    expect(firstHost).toBeTruthy();
    const next = await startUi(home);
    try {
      const { baseUrl } = await localDemo(next);
      expect(baseUrl).not.toBe(firstHost);
      expect(await hostAnswers(new URL(baseUrl).origin)).toBe(true);
    } finally {
      expect(await next.stop()).toBe(0);
    }
  }, 60_000);
});

describe.runIf(keychain)('embed-console ui --port (real keychain)', () => {
  const { newHome, removeAll } = tempHomes();
  afterAll(removeAll);

  it('listens on the port it is given, and on a free one for --port 0', async () => {
    const port = await freePort();
    const home = newHome();
    const given = await startUi(home, ['--port', String(port)]);
    const any = await startUi(home, ['--port', '0']);
    try {
      expect(given.url.startsWith(`http://127.0.0.1:${port}/?token=`)).toBe(true);
      expect((await send(port, `/?token=${given.token}`)).status).toBe(200);
      expect(any.port).toBeGreaterThan(0);
      expect(any.port).not.toBe(port);
      expect((await send(any.port, `/?token=${any.token}`)).status).toBe(200);
    } finally {
      expect([await any.stop(), await given.stop()]).toEqual([0, 0]);
    }
  }, 60_000);

  it('exits 2 with the usage problem for a port that is not 0-65535', async () => {
    const home = newHome();
    for (const port of ['abc', '65536']) {
      const run = await uiFailing(home, ['--port', port]);
      expect({ port, code: run.code, stdout: run.stdout() }).toEqual({ port, code: 2, stdout: '' });
      expect(run.stderr()).toContain(`option '--port <port>' argument '${port}' is invalid. It takes 0-65535 (0: a free one).`);
    }
  });

  it('fails with one line and exit 1 when the port is busy', async () => {
    const { port, server } = await occupyPort();
    try {
      const run = await uiFailing(newHome(), ['--port', String(port)]);
      // A run that does not end by itself is killed, and shows here as code null.
      expect({ code: run.code, stdout: run.stdout() }).toEqual({ code: 1, stdout: '' });
      // Where secrets live, as every start says it; then the one line of the error.
      expect(run.stderr().trim().split('\n')).toEqual([
        'Secrets: in the OS keychain.',
        expect.stringMatching(new RegExp(`^embed-console: Port ${port} is in use; choose another`)),
      ]);
    } finally {
      server.close();
    }
  });

  it('fails with one line and exit 1 when the port is busy and a local embed host already runs', async () => {
    const home = newHome();
    const host = await startHost(home);
    const { port, server } = await occupyPort();
    try {
      const run = await uiFailing(home, ['--port', String(port)]);
      expect({ code: run.code, stdout: run.stdout() }).toEqual({ code: 1, stdout: '' });
      // Where secrets live and the host it found, as every start says them; then the one line of the error.
      expect(run.stderr().trim().split('\n')).toEqual([
        'Secrets: in the OS keychain.',
        `Using the local embed host already running at ${host.url}.`,
        expect.stringMatching(new RegExp(`^embed-console: Port ${port} is in use; choose another`)),
      ]);
    } finally {
      server.close();
      await host.stop();
    }
  });
});

describe.runIf(keychain)('embed-console ui: the app over HTTP (real keychain)', () => {
  const { home, cleanup } = tempHome();
  const SECRET = `web-secret-${randomUUID()}-${randomBytes(16).toString('hex')}`;
  let ui: UiProcess;
  let html: string;
  /** The page's script and stylesheet, as index.html names them. */
  let assets: string[];
  let cookie: string;

  beforeAll(async () => {
    ui = await startUi(home);
    html = readFileSync(new URL('index.html', RENDERER), 'utf8');
    assets = [...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+)"/g)].map((m) => m[1]);
    if (!assets.some((a) => a.endsWith('.js'))) throw new Error('dist/renderer/index.html names no script; run "npm run build"');
    const page = await send(ui.port, `/?token=${ui.token}`);
    cookie = String(page.headers['set-cookie']?.[0] ?? '').split(';')[0];
  });
  afterAll(async () => {
    await ui?.stop();
    await forgetProfiles(home);
    cleanup();
  });

  describe('the page', () => {
    it('serves the app for the printed address: 200, HTML, a strict Content-Security-Policy', async () => {
      const response = await fetch(ui.url);
      const body = await response.text();
      seen.push(`${JSON.stringify([...response.headers])}\n${body}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(body).toBe(html);
      const csp = response.headers.get('content-security-policy') ?? '';
      const directives = Object.fromEntries(
        csp
          .split(';')
          .map((d) => d.trim())
          .filter(Boolean)
          .map((d) => {
            const [name, ...values] = d.split(/\s+/);
            return [name.toLowerCase(), values];
          }),
      );
      const scripts = directives['script-src'] ?? directives['default-src'];
      expect(scripts).toBeDefined();
      expect(scripts).not.toContain("'unsafe-inline'");
      expect(scripts).not.toContain("'unsafe-eval'");
      expect(directives['frame-ancestors']).toEqual(["'none'"]);
      // One policy: the page's own meta tag (which Electron reads too), plus what only a header can say.
      const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(body)?.[1];
      expect(csp).toBe(`${meta}; frame-ancestors 'none'`);
    });

    it('sets an HttpOnly, SameSite=Strict cookie for the assets', async () => {
      const page = await send(ui.port, `/?token=${ui.token}`);
      const cookies = page.headers['set-cookie'] ?? [];
      expect(cookies).toHaveLength(1);
      const [pair, ...attributes] = cookies[0].split(';').map((part) => part.trim());
      expect(pair).toMatch(/^\w+=\S+$/);
      expect(attributes.map((a) => a.toLowerCase())).toEqual(expect.arrayContaining(['httponly', 'samesite=strict']));
    });

    it('refuses the page without the token, or with a wrong one: 401, and no cookie', async () => {
      const wrong = randomBytes(24).toString('base64url');
      for (const path of ['/', '/index.html', `/?token=${wrong}`, `/?token=${ui.token.slice(0, -1)}`, '/?token=']) {
        const answer = await send(ui.port, path);
        expectRefused(answer, 401);
        expect({ path, cookie: answer.headers['set-cookie'] }).toEqual({ path, cookie: undefined });
        expect(answer.body).not.toContain('<div id="root">');
      }
      expectRefused(await send(ui.port, '/', { headers: { cookie: `${cookie.split('=')[0]}=${wrong}` } }), 401);
    });

    it('serves the assets with that cookie, and refuses them without it', async () => {
      for (const asset of assets) {
        const served = await send(ui.port, `/${asset}`, { headers: { cookie } });
        expect({ asset, status: served.status }).toEqual({ asset, status: 200 });
        expect(served.body).toBe(readFileSync(new URL(asset, RENDERER), 'utf8'));
        expect(served.headers['content-type']).toMatch(asset.endsWith('.js') ? /^text\/javascript/ : /^text\/css/);
        expectRefused(await send(ui.port, `/${asset}`), 401);
        expectRefused(await send(ui.port, `/${asset}`, { headers: { cookie: `${cookie.split('=')[0]}=${randomBytes(24).toString('base64url')}` } }), 401);
        // The token in the URL is for the page; an asset wants the cookie.
        expectRefused(await send(ui.port, `/${asset}?token=${ui.token}`), 401);
      }
    });

    it('never serves a file outside dist/renderer, however the path is written', async () => {
      // dist/renderer/../cli.js and dist/renderer/../../package.json, reached from / and from /assets/.
      const targets = [
        { file: 'cli.js', ups: 1, text: readFileSync(new URL('../dist/cli.js', import.meta.url), 'utf8') },
        { file: 'package.json', ups: 2, text: readFileSync(new URL('../package.json', import.meta.url), 'utf8') },
      ];
      const dotDots = ['..', '%2e%2e', '%2E%2E', '.%2e', '%2e.', '%252e%252e'];
      const slashes = ['/', '%2f', '%2F', '\\', '%5c', '%5C'];
      const attempts: Array<{ path: string; text: string }> = [];
      for (const { file, ups, text } of targets) {
        for (const [prefix, extra] of [
          ['/', 0],
          ['/assets/', 1],
        ] as const) {
          for (const dotDot of dotDots) {
            for (const slash of slashes) attempts.push({ path: `${prefix}${`${dotDot}${slash}`.repeat(ups + extra)}${file}`, text });
          }
        }
      }
      // The absolute path of this checkout's package.json, as a path and encoded.
      const absolute = fileURLToPath(new URL('../package.json', import.meta.url));
      for (const path of [`/${absolute}`, `/${encodeURIComponent(absolute)}`, `/assets/${encodeURIComponent(absolute)}`])
        attempts.push({ path, text: targets[1].text });

      for (const { path, text } of attempts) {
        const answer = await send(ui.port, path, { headers: { cookie } });
        expect({ path, refused: answer.status >= 400, leaked: answer.body.includes(text.slice(0, 200)) }).toEqual({ path, refused: true, leaked: false });
      }
      // The same cookie does open what is inside.
      expect((await send(ui.port, `/${assets[0]}`, { headers: { cookie } })).status).toBe(200);
    });
  });

  describe('the API', () => {
    it("answers profiles:list with the contract's { ok: true, data }, local-demo there on first run", async () => {
      const answer = await call(ui, 'profiles:list', {});
      expect(answer).toEqual({
        status: 200,
        body: {
          ok: true,
          data: [
            expect.objectContaining({
              name: 'local-demo',
              clientId: expect.stringMatching(/^local-demo-[0-9a-f]{16}$/),
              baseUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/demo$/),
              hasSecret: true,
            }),
          ],
        },
      });
    });

    it('refuses a call without the token header, or with a wrong one: 401 with a coded failure', async () => {
      const wrong = randomBytes(24).toString('base64url');
      const cases: Array<Record<string, string>> = [
        {},
        { [WEB_TOKEN_HEADER]: wrong },
        { [WEB_TOKEN_HEADER]: ui.token.slice(0, -1) },
        { [WEB_TOKEN_HEADER]: `${ui.token}x` },
        { [WEB_TOKEN_HEADER]: '' },
        // The page's cookie and URL token do not stand in for the header.
        { cookie },
      ];
      for (const headers of cases) {
        const answer = await send(ui.port, '/api/profiles:list', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });
        expect({ headers, status: answer.status }).toEqual({ headers, status: 401 });
        expectRefused(answer, 401);
        expect(answer.body).not.toContain('local-demo');
      }
      expectRefused(await send(ui.port, `/api/profiles:list?token=${ui.token}`, { method: 'POST', body: '{}' }), 401);
    });

    it('takes POST only: GET and others on /api/ are 405', async () => {
      for (const method of ['GET', 'PUT', 'DELETE']) {
        const answer = await send(ui.port, '/api/profiles:list', { method, headers: { [WEB_TOKEN_HEADER]: ui.token } });
        expect({ method, status: answer.status }).toEqual({ method, status: 405 });
        expectRefused(answer, 405);
      }
    });

    it('answers 404 for a method the contract does not have', async () => {
      for (const method of ['profiles:drop', 'constructor', '__proto__', 'toString', 'hasOwnProperty', '']) {
        const answer = await call(ui, method, {});
        expect({ method, status: answer.status }).toEqual({ method, status: 404 });
        expectRefused(answer, 404);
      }
    });

    it('answers 404, not a 500, for a method name that is not valid percent-encoding', async () => {
      for (const method of ['%zz', 'profiles%3', '%E0%A4%A']) {
        const answer = await send(ui.port, `/api/${method}`, { method: 'POST', headers: { [WEB_TOKEN_HEADER]: ui.token }, body: '{}' });
        expect({ method, status: answer.status }).toEqual({ method, status: 404 });
        expectRefused(answer, 404);
      }
    });

    it('refuses a body that is not JSON with 400', async () => {
      for (const body of ['{', 'not json', '', "{'a':1}"]) {
        const answer = await call(ui, 'profiles:list', body);
        expect({ body, status: answer.status }).toEqual({ body, status: 400 });
        expectRefused(answer, 400);
      }
    });

    it('refuses a body over 1 MB with 400, and passes one just under it to the core', async () => {
      const over = await call(ui, 'profiles:list', JSON.stringify({ pad: 'x'.repeat(MB) }));
      expectRefused(over, 400);
      expect(over.body.message).toMatch(/^The request is 1\.0 MB; at most 1 MB is accepted\.$/);
      // Just under the limit it reaches the core, which refuses the unknown key on its own.
      const under = await call(ui, 'profiles:list', JSON.stringify({ pad: 'x'.repeat(MB - 100) }));
      expect(under).toMatchObject({ status: 200, body: { ok: false, code: 'INVALID_REQUEST', message: expect.stringMatching(/pad/) } });
    });

    it('takes a 2 MB paste to inspect, and tells a larger one its size and the limit', async () => {
      const pasted = await call(ui, 'token:inspect', JSON.stringify({ input: `x${'y'.repeat(2 * MB)}` }));
      expect(pasted).toMatchObject({ status: 200, body: { ok: true } });
      const tooLong = await call(ui, 'token:inspect', JSON.stringify({ input: 'y'.repeat(5_000_000) }));
      expect(tooLong.body).toMatchObject({
        ok: false,
        code: 'INVALID_REQUEST',
        message: 'The pasted text is 5.0 million characters long; at most 4.0 million characters are accepted.',
        field: 'input',
      });
    });

    it('counts the 1 MB limit in bytes, not characters', async () => {
      // 400,000 euro signs: 400,000 characters, 1.2 MB of UTF-8.
      const body = JSON.stringify({ pad: '€'.repeat(400_000) });
      expect(Buffer.byteLength(body)).toBeGreaterThan(MB);
      const answer = await call(ui, 'profiles:list', body);
      expectRefused(answer, 400);
    });

    it("passes a request that breaks the contract's schema to the core, which answers INVALID_REQUEST", async () => {
      const badSub = await call(ui, 'token:sign', { profile: 'local-demo', url: WORKBOOK_REL, claims: { sub: 42 } });
      expect(badSub).toEqual({
        status: 200,
        body: { ok: false, code: 'INVALID_REQUEST', message: 'The user (sub) must be text.', field: 'sub' },
      });
      for (const request of [{ extra: true }, null, [], 'text']) {
        const answer = await call(ui, 'profiles:list', JSON.stringify(request));
        expect({ request, answer }).toMatchObject({ request, answer: { status: 200, body: { ok: false, code: 'INVALID_REQUEST' } } });
      }
    });

    it('keeps non-ASCII text intact in a request body larger than one network chunk', async () => {
      // Two controls of 100 values of 1,000 euro signs: 600 KB of UTF-8, arriving in many chunks.
      const values = Array.from({ length: 100 }, (_, i) => `${i}-${'€'.repeat(1000)}`);
      const answer = await call(ui, 'token:sign', {
        profile: 'local-demo',
        url: WORKBOOK_REL,
        claims: { sub: 'ada@example.com' },
        controls: { Region: values, Store: values },
      });
      expect(answer.body).toMatchObject({ ok: true });
      // Counted rather than compared whole: a failure here would otherwise print 600 KB.
      const signed = new URL(answer.body.data.url).searchParams;
      const changed = (control: string) => (signed.get(control) ?? '').split(',').filter((value, i) => value !== values[i]).length;
      const replaced = (signed.toString().match(/%EF%BF%BD/g) ?? []).length;
      expect({ replaced, changedRegion: changed('Region'), changedStore: changed('Store') }).toEqual({ replaced: 0, changedRegion: 0, changedStore: 0 });
    });
  });

  it('says each refused caller once in its terminal, with the path but never a token from the query', async () => {
    const wrong = randomBytes(24).toString('base64url');
    const before = ui.stderr().split('\n').length;
    expectRefused(await send(ui.port, `/?token=${wrong}`), 401);
    // The line may reach the pipe a moment after the answer.
    const said = () =>
      ui
        .stderr()
        .split('\n')
        .slice(before - 1)
        .filter((line) => line.includes('Refused'));
    await expect.poll(said).toEqual([expect.stringMatching(/^embed-console: Refused GET \/ \(Host 127\.0\.0\.1:\d+, Origin none\): Missing or wrong token/)]);
    expect(ui.stderr()).not.toContain(wrong);
  });

  describe('Host and Origin (DNS rebinding, cross-site calls)', () => {
    const api = (headers: Record<string, string>) =>
      send(ui.port, '/api/profiles:list', {
        method: 'POST',
        headers: { 'content-type': 'application/json', [WEB_TOKEN_HEADER]: ui.token, ...headers },
        body: '{}',
      });

    it('refuses a Host that is not its own with 403, even with the right token', async () => {
      const { baseUrl } = await localDemo(ui);
      const hosts = [
        `evil.example:${ui.port}`,
        'evil.example',
        `127.0.0.1.evil.example:${ui.port}`,
        `localhost.evil.example:${ui.port}`,
        `127.0.0.1:${ui.port}.evil.example`,
        '127.0.0.1',
        `127.0.0.1:${ui.port + 1}`,
        new URL(baseUrl).host,
        `[::1]:${ui.port}`,
      ];
      for (const host of hosts) {
        const page = await send(ui.port, `/?token=${ui.token}`, { headers: { host } });
        expect({ host, status: page.status, cookie: page.headers['set-cookie'] }).toEqual({ host, status: 403, cookie: undefined });
        expect(page.body).not.toContain('<div id="root">');
        expectRefused(await send(ui.port, `/${assets[0]}`, { headers: { host, cookie } }), 403);
        const listed = await api({ host });
        expectRefused(listed, 403);
        expect(listed.body).not.toContain('local-demo');
      }
    });

    it('accepts its own Host: 127.0.0.1:PORT and localhost:PORT', async () => {
      for (const host of [`127.0.0.1:${ui.port}`, `localhost:${ui.port}`]) {
        expect({ host, status: (await send(ui.port, `/?token=${ui.token}`, { headers: { host } })).status }).toEqual({ host, status: 200 });
        const listed = await api({ host });
        expect({ host, status: listed.status, ok: JSON.parse(listed.body).ok }).toEqual({ host, status: 200, ok: true });
      }
    });

    it("refuses another site's Origin with 403, even with the right token", async () => {
      const { baseUrl } = await localDemo(ui);
      const origins = [
        'http://evil.example',
        `http://evil.example:${ui.port}`,
        'null',
        `https://127.0.0.1:${ui.port}`,
        `http://127.0.0.1:${ui.port + 1}`,
        'http://127.0.0.1',
        // Its own origin as a prefix of another's: origins are compared whole.
        `${ui.origin}.evil.example`,
        `http://localhost:${ui.port}.evil.example`,
        // The local embed host's pages run in the app's preview frame: they may not call the API.
        new URL(baseUrl).origin,
      ];
      for (const origin of origins) {
        const listed = await api({ origin });
        expect({ origin, status: listed.status }).toEqual({ origin, status: 403 });
        expectRefused(listed, 403);
        expect(listed.body).not.toContain('local-demo');
        expectRefused(await send(ui.port, `/?token=${ui.token}`, { headers: { origin } }), 403);
      }
    });

    it('accepts its own Origin', async () => {
      for (const origin of [ui.origin, `http://localhost:${ui.port}`]) {
        const listed = await api({ origin });
        expect({ origin, status: listed.status, ok: JSON.parse(listed.body).ok }).toEqual({ origin, status: 200, ok: true });
      }
      // fetch sends the page's own Origin on a POST, as the browser does for the renderer.
      expect(await call(ui, 'profiles:list', {}, { origin: ui.origin })).toMatchObject({ status: 200, body: { ok: true } });
    });
  });

  describe('the local embed host and the secret', () => {
    let signedByDemo: string;
    let signedByAcme: string;

    it('started a local embed host, since none answered, and pointed local-demo at it', async () => {
      const { baseUrl } = await localDemo(ui);
      const hostOrigin = new URL(baseUrl).origin;
      expect(hostOrigin).not.toBe(ui.origin);
      expect(await hostAnswers(hostOrigin)).toBe(true);
    });

    it('saves a profile through the API: the secret goes in, only hasSecret comes out', async () => {
      const { baseUrl } = await localDemo(ui);
      const saved = await call(ui, 'profiles:save', { name: 'acme', clientId: 'acme-client', baseUrl, secret: SECRET });
      expect(saved).toEqual({
        status: 200,
        body: { ok: true, data: expect.objectContaining({ name: 'acme', clientId: 'acme-client', baseUrl, hasSecret: true }) },
      });
      expect(Object.keys(saved.body.data)).not.toContain('secret');
      const keytar = (await import('keytar')).default;
      expect(await keytar.getPassword(keychainService({ EMBED_CONSOLE_HOME: home }), 'embed:acme')).toBe(SECRET);
      // Saving again without overwrite is refused, and the refusal does not echo the request.
      expect(await call(ui, 'profiles:save', { name: 'acme', clientId: 'acme-client', secret: SECRET })).toMatchObject({
        body: { ok: false, code: 'PROFILE_EXISTS' },
      });
      const listed = await call(ui, 'profiles:list', {});
      expect(listed.body.data).toEqual([
        expect.objectContaining({ name: 'local-demo', hasSecret: true }),
        expect.objectContaining({ name: 'acme', hasSecret: true }),
      ]);
    });

    it('signs the demo workbook with local-demo and with the saved profile, and the local host opens both', async () => {
      const { baseUrl } = await localDemo(ui);
      const sign = (profile: string) => call(ui, 'token:sign', { profile, url: WORKBOOK_REL, claims: { sub: 'ada@example.com' } });
      const [demo, acme] = [await sign('local-demo'), await sign('acme')];
      expect(demo.body).toMatchObject({ ok: true, data: { profile: 'local-demo', url: expect.stringMatching(/\?:jwt=/) } });
      expect(acme.body).toMatchObject({ ok: true, data: { profile: 'acme', header: { alg: 'HS256', kid: 'acme-client' } } });
      signedByDemo = demo.body.data.url;
      signedByAcme = acme.body.data.url;
      expect(signedByDemo.startsWith(`${baseUrl}/${WORKBOOK_REL}?:jwt=`)).toBe(true);
      expect(jwt.verify(acme.body.data.token, SECRET, { algorithms: ['HS256'] })).toMatchObject({ sub: 'ada@example.com', iss: 'acme-client' });
      for (const url of [signedByDemo, signedByAcme]) {
        const opened = await fetch(url);
        const text = await opened.text();
        seen.push(`${url}\n${JSON.stringify([...opened.headers])}\n${text}`);
        expect({ url, status: opened.status }).toEqual({ url, status: 200 });
      }
      // A signing that fails says why, and nothing more.
      const refused = await call(ui, 'token:sign', { profile: 'acme', url: WORKBOOK_REL, claims: { sub: 'ada@example.com', sessionLength: 2_592_001 } });
      expect(refused.body).toMatchObject({ ok: false, code: 'INVALID_CLAIMS' });
    });

    it('never shows a secret: not in any response body or header, on its stdout or stderr, nor in its data dir', async () => {
      expect(signedByDemo && signedByAcme).toBeTruthy();
      expect(seen.length).toBeGreaterThan(50);
      // local-demo's secrets (embed and REST API) from their own file, the one place they may be.
      for (const secret of [SECRET, demoSecret(home), demoSecret(home, 'api')]) {
        for (const response of seen) expect(response.includes(secret)).toBe(false);
        expect(ui.stdout() + ui.stderr()).not.toContain(secret);
        expect(readTreeButDemoSecrets(home)).not.toContain(secret);
      }
      expect(readTree(home)).not.toContain(SECRET);
    });
  });
});

describe.runIf(keychain)('embed-console ui with a local embed host already running (real keychain)', () => {
  const { home, cleanup } = tempHome();
  let host: HostProcess;
  let ui: UiProcess | undefined;

  beforeAll(async () => {
    host = await startHost(home);
  });
  afterAll(async () => {
    await ui?.stop();
    await host?.stop();
    await forgetProfiles(home);
    cleanup();
  });

  it('reuses that host: local-demo keeps pointing at it, and it outlives the app', async () => {
    ui = await startUi(home);
    const { baseUrl } = await localDemo(ui);
    expect(baseUrl).toBe(`${host.url}/demo`);
    const signed = await call(ui, 'token:sign', { profile: 'local-demo', url: WORKBOOK_REL, claims: { sub: 'ada@example.com' } });
    expect(signed.body.data?.url.startsWith(`${host.url}/demo/${WORKBOOK_REL}?:jwt=`)).toBe(true);
    expect((await fetch(signed.body.data.url)).status).toBe(200);
    expect(await ui.stop()).toBe(0);
    ui = undefined;
    expect(await hostAnswers(host.url)).toBe(true);
    expect(host.child.exitCode).toBeNull();
  });
});
