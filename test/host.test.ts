/**
 * The local embed host (`embed-console host`), run as a user runs it: the built CLI, the real
 * keychain, real HTTP on 127.0.0.1. Valid tokens come from `embed-console sign`; broken ones are
 * signed here with local-demo's secret read from its own file, or with a foreign one.
 */
import { spawn } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { get as httpsGet } from 'node:https';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keychainService } from '../main/core/home';
import type { EmbedView, Refusal } from '../main/host/admit';
import type { PageConfig } from '../main/host/page/view';
import { CLI, forgetProfiles, runCli, tempHome, tempHomes, type CliRun } from './support/cli';
import { demoSecret } from './support/demo-secrets';
import { startHost, type HostProcess } from './support/host';
import { connects, freePort, occupyPort, otherAddresses } from './support/network';
import { hasKeychain } from './support/system';
import { jtiOf, makeToken, tokenOf, type TokenSpec } from './support/tokens';

const keychain = await hasKeychain();

const WORKBOOK_ID = '3kQ7vN2pXb9sLm4Tz8Rw1c';
const WORKBOOK = `/demo/workbook/Sales-Performance-${WORKBOOK_ID}`;
/** As a user passes it to `sign --profile local-demo`, relative to the profile's base URL. */
const WORKBOOK_REL = `workbook/Sales-Performance-${WORKBOOK_ID}`;
const PAGE_SCRIPT = new URL('../dist/embed-page.js', import.meta.url);
const NOW = Math.floor(Date.now() / 1000);
const DAY = 86_400;

/** Sigma's messages (../shared/docs/sigma-embed.md §6). */
const SIGMA = {
  einval: /EINVAL/,
  permission: /You don't have permission to access this page/,
  expired: /Session expired/,
  replay: /already used/,
  enoent: /ENOENT/,
  estale: /ESTALE/,
};

interface Page {
  status: number;
  headers: Headers;
  html: string;
  /** What a person reads: the body's text without scripts and styles, entities decoded. */
  text: string;
  config?: PageConfig;
}

/** Every response body and header the tests saw, for the "no secret anywhere" check. */
const responses: string[] = [];

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

function textOf(html: string): string {
  return (/<body[^>]*>([\s\S]*)<\/body>/.exec(html)?.[1] ?? html)
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&(amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity])
    .replace(/\s+/g, ' ')
    .trim();
}

async function load(url: string): Promise<Page> {
  const response = await fetch(url);
  const html = await response.text();
  responses.push(`${url}\n${JSON.stringify([...response.headers])}\n${html}`);
  const config = /<script type="application\/json" id="embed-config">([\s\S]*?)<\/script>/.exec(html)?.[1];
  return { status: response.status, headers: response.headers, html, text: textOf(html), config: config && JSON.parse(config) };
}

function viewOf(page: Page): EmbedView {
  expect(page.status).toBe(200);
  expect(page.config?.kind).toBe('view');
  return (page.config as { view: EmbedView }).view;
}

/** A refusal as Sigma shows it (its message) and as we explain it (the reason), with its status. */
function expectRefusal(page: Page, status: Refusal['status'], message: RegExp, reason: RegExp, code?: Refusal['code']): void {
  expect({ status: page.status, text: page.text }).toMatchObject({ status, text: expect.stringMatching(message) });
  expect(page.text).toMatch(reason);
  expect(page.config).toMatchObject({ kind: 'refusal', refusal: { status, ...(code && { code }) } });
}

const portOf = (url: string) => Number(new URL(url).port);

/** The host run by hand, to see everything it prints over its life and how it exits. */
function spawnHost(home: string, args: string[] = []) {
  const child = spawn(process.execPath, [CLI, 'host', ...args], { env: { ...process.env, EMBED_CONSOLE_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const listening = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const url = /Local embed host: (\S+)/.exec(stdout)?.[1];
      if (url) resolve(url);
    });
    void exited.then((code) => reject(new Error(`embed-console host exited with ${code} before listening: ${stderr}`)));
  });
  listening.catch(() => {});
  return { child, exited, listening, stdout: () => stdout, stderr: () => stderr };
}

/** Runs a host that is expected not to start; stops it with Ctrl-C if it starts anyway. */
async function hostFailing(home: string, args: string[]): Promise<CliRun> {
  const run = spawnHost(home, args);
  run.listening.then(
    () => run.child.kill('SIGINT'),
    () => {},
  );
  const timer = setTimeout(() => run.child.kill('SIGINT'), 10_000);
  const code = await run.exited;
  clearTimeout(timer);
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

async function profilesOf(home: string): Promise<Array<{ name: string; clientId: string; baseUrl?: string; hasSecret: boolean | null }>> {
  const run = await runCli(['profile', 'list', '--json'], { home });
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout);
}

async function signUrl(home: string, url: string, ...args: string[]): Promise<string> {
  const run = await runCli(['sign', '--profile', 'local-demo', '--url', url, '--sub', 'ada@example.com', ...args], { home });
  expect(run).toMatchObject({ code: 0, stderr: '' });
  return run.stdout.trim();
}

describe.runIf(keychain)('the local embed host (real keychain)', () => {
  const { home, cleanup } = tempHome();
  const ACME_SECRET = `acme-secret-${randomUUID()}`;
  const FOREIGN_SECRET = `foreign-secret-${randomUUID()}`;
  let host: HostProcess;
  let demo: { clientId: string; secret: string };

  const sign = (url: string, ...args: string[]) => signUrl(home, url, ...args);
  /** A token signed here: by default a valid one-hour token of local-demo. */
  const token = (spec: Partial<TokenSpec> = {}) => makeToken({ secret: demo.secret, kid: demo.clientId, ...spec });
  const at = (jwtText: string, path = WORKBOOK, query = '') => `${host.url}${path}?:jwt=${jwtText}&:embed=true${query}`;

  beforeAll(async () => {
    host = await startHost(home);
    const added = await runCli(['profile', 'add', 'acme', '--client-id', 'acme-client'], { home, input: ACME_SECRET });
    expect(added.code).toBe(0);
    const local = (await profilesOf(home)).find((p) => p.name === 'local-demo');
    if (!local) throw new Error('the host did not make local-demo');
    demo = { clientId: local.clientId, secret: demoSecret(home) };
  });
  afterAll(async () => {
    await host?.stop();
    await forgetProfiles(home);
    cleanup();
  });

  describe('listening', () => {
    it('picks a free port on 127.0.0.1 when given none', async () => {
      expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(portOf(host.url)).toBeGreaterThan(0);
      const health = await fetch(`${host.url}/__host/health`);
      expect(await health.json()).toMatchObject({ ok: true });
      // Not even the other loopback address: 127.0.0.1 only.
      expect(await connects('::1', portOf(host.url))).toBe(false);
    });

    it.runIf(otherAddresses.length > 0)("cannot be reached on the machine's other addresses", async () => {
      expect(await connects('127.0.0.1', portOf(host.url))).toBe(true);
      for (const address of otherAddresses) expect({ address, connects: await connects(address, portOf(host.url)) }).toEqual({ address, connects: false });
    });
  });

  describe('an oversized embed URL', () => {
    it('gets a refusal page saying how big it is, not an empty 431, and the token is not used up', async () => {
      const jti = randomUUID();
      const big = token({ claims: { jti, user_attributes: { notes: 'x'.repeat(20_000) } } });
      const page = await load(at(big));
      expectRefusal(page, 400, /EINVAL: the embed URL is too long/, /This embed URL is 2\d KB; the local embed host takes at most 16 KB/, 'EINVAL');
      // The same jti in a token of a sensible size still loads.
      viewOf(await load(at(token({ claims: { jti } }))));
    });

    it('beyond what the host reads at all (1 MB), still a refusal page, as 431', async () => {
      const page = await load(at(token({ claims: { user_attributes: { notes: 'x'.repeat(1_100_000) } } })));
      expect(page.status).toBe(431);
      expect(page.text).toMatch(/This embed URL is over 1 MB; the local embed host takes at most 16 KB/);
      expect(page.config).toMatchObject({ kind: 'refusal', refusal: { code: 'EINVAL' } });
    });

    it('answers any other request its parser refuses with 400, as Node would, and keeps serving', async () => {
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = createConnection(portOf(host.url), '127.0.0.1', () => socket.end('NOT A REQUEST\r\n\r\n'));
        let got = '';
        socket.on('data', (chunk) => (got += chunk));
        socket.on('close', () => resolve(got));
        socket.on('error', reject);
      });
      expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
      expect((await fetch(`${host.url}/__host/health`)).ok).toBe(true);
    });
  });

  describe('a valid token', () => {
    it('opens the workbook: 200, with the claims, the target and the URL options in the page config', async () => {
      const url = await sign(
        WORKBOOK_REL,
        '--account-type',
        'Creator',
        '--team',
        'Sales',
        '--team',
        'Marketing',
        '--first-name',
        'Ada',
        '--last-name',
        'Lovelace',
        '--attr',
        'tier=gold',
        '--param',
        ':theme=Dark',
        '--param',
        ':menu_position=bottom',
        '--param',
        ':hide_menu=true',
        '--param',
        ':hide_tooltip=true',
        '--param',
        ':lng=fr',
        '--control',
        'Region=East,West',
      );
      // local-demo's base URL points at the running host.
      expect(url.startsWith(`${host.url}${WORKBOOK}?:jwt=`)).toBe(true);
      const page = await load(url);
      const view = viewOf(page);
      expect(view.claims).toEqual(jwt.verify(tokenOf(url), demo.secret));
      expect(view).toMatchObject({
        claims: {
          sub: 'ada@example.com',
          account_type: 'Creator',
          teams: ['Sales', 'Marketing'],
          first_name: 'Ada',
          last_name: 'Lovelace',
          user_attributes: { tier: 'gold' },
        },
        target: { origin: host.url, org: 'demo', kind: 'workbook', workbookUrlId: WORKBOOK_ID },
        workbook: { name: 'Sales Performance', path: WORKBOOK },
        profile: 'local-demo',
        controls: { Region: ['East', 'West'] },
      });
      expect(view.options).toEqual({ ':theme': 'Dark', ':menu_position': 'bottom', ':hide_menu': 'true', ':hide_tooltip': 'true', ':lng': 'fr' });
      expect(view.pages.map((p) => p.pageId)).toEqual(['overview', 'orders']);
      expect(page.html).toContain('<body class="theme-dark">');
    });

    it('opens a page, an element, a tagged workbook and Ask Sigma', async () => {
      const [pageUrl, elementUrl, tagUrl, askUrl] = await Promise.all([
        sign(`${WORKBOOK_REL}/page/orders`),
        sign(`${WORKBOOK_REL}/element/revenue-chart`),
        sign(`${WORKBOOK_REL}/tag/production`),
        sign('ask'),
      ]);
      const page = viewOf(await load(pageUrl));
      expect(page.target).toMatchObject({ kind: 'page', pageId: 'orders', workbookUrlId: WORKBOOK_ID });
      expect(page.pages.map((p) => p.pageId)).toEqual(['orders']);

      const element = viewOf(await load(elementUrl));
      expect(element.target).toMatchObject({ kind: 'element', elementId: 'revenue-chart' });
      expect(element.elementId).toBe('revenue-chart');
      expect(element.pages.flatMap((p) => p.elements.map((e) => e.elementId))).toEqual(['revenue-chart']);

      const tagged = viewOf(await load(tagUrl));
      expect(tagged.target).toMatchObject({ kind: 'workbook', tag: 'production', workbookUrlId: WORKBOOK_ID });
      expect(tagged.workbook?.tags).toContain('production');

      expect(askUrl).toMatch(new RegExp(`^${host.url}/demo/ask\\?:jwt=`));
      const ask = viewOf(await load(askUrl));
      expect(ask.target).toMatchObject({ kind: 'ask', org: 'demo' });
      expect(ask.workbook).toBeUndefined();
      expect(ask.pages).toEqual([]);
    });

    it("shows only the rows of the user's region attribute (row-level security)", async () => {
      const [westUrl, allUrl] = await Promise.all([sign(WORKBOOK_REL, '--attr', 'region=West'), sign(WORKBOOK_REL)]);
      const west = viewOf(await load(westUrl));
      const all = viewOf(await load(allUrl));
      expect(all.rowSecurity).toBeUndefined();
      expect(new Set(all.data.sales.map((r) => r.region))).toEqual(new Set(['East', 'West', 'North', 'South']));
      expect(west.rowSecurity).toEqual({ attribute: 'region', value: 'West' });
      for (const [dataset, rows] of Object.entries(all.data)) {
        expect(west.data[dataset]).toEqual(rows.filter((r) => r.region === 'West'));
        expect(west.data[dataset].length).toBeGreaterThan(0);
      }
      // A region with no rows shows none: never everything.
      const nowhere = viewOf(await load(at(token({ claims: { user_attributes: { Region: 'Atlantis' } } }))));
      expect(Object.values(nowhere.data).flat()).toEqual([]);
    });

    it('is verified with the secret of the profile its kid names', async () => {
      const acme = await load(at(makeToken({ secret: ACME_SECRET, kid: 'acme-client' })));
      expect(viewOf(acme).profile).toBe('acme');
      // local-demo's secret does not open acme's kid.
      expectRefusal(await load(at(token({ kid: 'acme-client' }))), 401, SIGMA.permission, /does not verify with the secret of client id "acme-client"/);
    });

    it('may leave alg out of its header, which Sigma makes optional', async () => {
      // HMAC-SHA256 with the right secret, as Sigma verifies it; only the header's alg is absent.
      const now = Math.floor(Date.now() / 1000);
      const unsigned = [
        { kid: demo.clientId, typ: 'JWT' },
        { sub: 'ada@example.com', jti: randomUUID(), iat: now, exp: now + 3600 },
      ]
        .map((part) => Buffer.from(JSON.stringify(part)).toString('base64url'))
        .join('.');
      const signature = createHmac('sha256', demo.secret).update(unsigned).digest('base64url');
      const page = await load(at(`${unsigned}.${signature}`));
      expect(page.text).not.toMatch(/signature does not verify/);
      viewOf(page);
    });

    it('may be ver 1.1 with aud sigmacomputing, and last exactly 30 days', async () => {
      viewOf(await load(await sign(WORKBOOK_REL, '--ver', '1.1')));
      viewOf(await load(at(token({ claims: { iat: NOW, exp: NOW + 30 * DAY } }))));
    });
  });

  describe("refusals, each with its status, Sigma's message and our reason", () => {
    it('refuses a URL without :jwt, or without :embed=true, with 400 EINVAL', async () => {
      const t = token();
      expectRefusal(await load(`${host.url}${WORKBOOK}?:embed=true`), 400, SIGMA.einval, /no :jwt parameter/, 'EINVAL');
      expectRefusal(await load(`${host.url}${WORKBOOK}?:jwt=${t}`), 400, SIGMA.einval, /needs :embed=true/, 'EINVAL');
      expectRefusal(await load(`${host.url}${WORKBOOK}?:jwt=${t}&:embed=false`), 400, SIGMA.einval, /it has :embed=false/, 'EINVAL');
    });

    it('refuses a token that is not a JWT with 400 EINVAL', async () => {
      expectRefusal(await load(at('not-a-token')), 400, SIGMA.einval, /three dot-separated parts; this one has 1/, 'EINVAL');
      expectRefusal(await load(at('abc.def.ghi')), 400, SIGMA.einval, /header is not base64url-encoded JSON/, 'EINVAL');
    });

    const shapes: Array<{ name: string; spec: Partial<TokenSpec>; reason: RegExp }> = [
      { name: 'signed with HS512', spec: { alg: 'HS512' }, reason: /signed with "HS512"; Sigma accepts only HS256/ },
      { name: 'with alg none', spec: { alg: 'none' }, reason: /signed with "none"; Sigma accepts only HS256/ },
      { name: 'without kid', spec: { kid: undefined }, reason: /no kid/ },
      { name: 'without sub', spec: { claims: { sub: undefined } }, reason: /sub is missing/ },
      { name: 'without jti', spec: { claims: { jti: undefined } }, reason: /jti is missing/ },
      { name: 'without iat', spec: { claims: { iat: undefined } }, reason: /iat is missing/ },
      { name: 'without exp', spec: { claims: { exp: undefined } }, reason: /exp is missing/ },
      { name: 'whose exp is before its iat', spec: { claims: { iat: NOW, exp: NOW - 60 } }, reason: /exp is not after iat/ },
      { name: 'with a 31-day session', spec: { claims: { iat: NOW, exp: NOW + 31 * DAY } }, reason: /over Sigma's 30-day limit/ },
      { name: 'with ver "2.0"', spec: { claims: { ver: '2.0' } }, reason: /ver is "2.0"; Sigma accepts "1.0" or "1.1"/ },
      { name: 'with ver 1.1 and no aud', spec: { claims: { ver: '1.1' } }, reason: /ver "1.1" requires aud "sigmacomputing"/ },
    ];
    for (const { name, spec, reason } of shapes) {
      it(`refuses a token ${name} with 400 EINVAL`, async () => {
        expectRefusal(await load(at(token(spec))), 400, SIGMA.einval, reason, 'EINVAL');
      });
    }

    it('refuses a kid that no profile has with 401 "You don\'t have permission"', async () => {
      const page = await load(at(makeToken({ secret: FOREIGN_SECRET, kid: 'nobody-here' })));
      expectRefusal(page, 401, SIGMA.permission, /no embed credentials have client id "nobody-here"/);
    });

    it('refuses a bad signature with 401 "You don\'t have permission": another secret, or a payload changed after signing', async () => {
      const foreign = await load(at(makeToken({ secret: FOREIGN_SECRET, kid: demo.clientId })));
      expectRefusal(foreign, 401, SIGMA.permission, /signature does not verify/);
      const [header, , signature] = token().split('.');
      const changed = Buffer.from(JSON.stringify({ ...(jwt.decode(token()) as object), sub: 'mallory@example.com' })).toString('base64url');
      expectRefusal(await load(at(`${header}.${changed}.${signature}`)), 401, SIGMA.permission, /signature does not verify/);
    });

    it('refuses an expired token with a valid signature with 401 "Session expired"', async () => {
      const page = await load(at(token({ claims: { iat: NOW - 2 * 3600, exp: NOW - 3600 } })));
      expectRefusal(page, 401, SIGMA.expired, /The token expired \d+ min ago; sign a new one/, 'EINVAL');
      expect(page.text).not.toMatch(SIGMA.permission);
    });

    it('refuses a second load of one token with 403, naming it a replay of its jti', async () => {
      const url = await sign(WORKBOOK_REL);
      viewOf(await load(url));
      const jti = jtiOf(tokenOf(url));
      expectRefusal(await load(url), 403, SIGMA.replay, new RegExp(`Replay of jti ${jti}`));
    });

    const missing: Array<{ name: string; path: string; message: RegExp; reason: RegExp; code: 'ENOENT' | 'ESTALE' }> = [
      { name: 'an org', path: `/acme/workbook/Sales-Performance-${WORKBOOK_ID}`, message: SIGMA.enoent, reason: /no org "acme"/, code: 'ENOENT' },
      {
        name: 'a workbook',
        path: '/demo/workbook/Nope-0000000000000000000000',
        message: SIGMA.enoent,
        reason: /No workbook has url id "0000000000000000000000"/,
        code: 'ENOENT',
      },
      { name: 'a tag', path: `${WORKBOOK}/tag/v9`, message: SIGMA.enoent, reason: /no tag "v9"; its tags: production/, code: 'ENOENT' },
      { name: 'a page', path: `${WORKBOOK}/page/nowhere`, message: SIGMA.estale, reason: /no page "nowhere"; its pages: overview, orders/, code: 'ESTALE' },
      { name: 'an element', path: `${WORKBOOK}/element/nothing`, message: SIGMA.estale, reason: /no element "nothing"/, code: 'ESTALE' },
      { name: 'a Sigma path', path: '/demo/folder/x', message: SIGMA.enoent, reason: /not a Sigma embed URL/, code: 'ENOENT' },
    ];
    for (const { name, path, message, reason, code } of missing) {
      it(`refuses ${name} that does not exist with 404 ${code}`, async () => {
        expectRefusal(await load(at(token(), path)), 404, message, reason, code);
      });
    }

    it("checks in Sigma's order: URL, token shape, signature, expiry, then content", async () => {
      const foreign = (claims: Record<string, unknown> = {}) => makeToken({ secret: FOREIGN_SECRET, kid: demo.clientId, claims });
      const expired = { iat: NOW - 2 * 3600, exp: NOW - 3600 };
      // The URL before the token.
      expectRefusal(await load(`${host.url}${WORKBOOK}?:jwt=not-a-token`), 400, SIGMA.einval, /needs :embed=true/);
      // alg before the claims.
      expectRefusal(await load(at(token({ alg: 'HS512', claims: { sub: undefined } }))), 400, SIGMA.einval, /HS512/);
      // The shape before the signature.
      expectRefusal(await load(at(foreign({ jti: undefined }))), 400, SIGMA.einval, /jti is missing/);
      // The signature before expiry: a forged expired token is not told "Session expired".
      expectRefusal(await load(at(foreign(expired))), 401, SIGMA.permission, /signature does not verify/);
      // The signature and expiry before the content.
      expectRefusal(await load(at(foreign(), '/demo/workbook/Nope-0000000000000000000000')), 401, SIGMA.permission, /signature does not verify/);
      expectRefusal(await load(at(token({ claims: expired }), '/demo/workbook/Nope-0000000000000000000000')), 401, SIGMA.expired, /expired/);
    });

    it('does not burn the jti of a refused token', async () => {
      const jti = randomUUID();
      expectRefusal(await load(at(makeToken({ secret: FOREIGN_SECRET, kid: demo.clientId, claims: { jti } }))), 401, SIGMA.permission, /signature/);
      const good = token({ claims: { jti } });
      expectRefusal(await load(`${host.url}${WORKBOOK}?:jwt=${good}`), 400, SIGMA.einval, /:embed=true/);
      expectRefusal(await load(at(good, `${WORKBOOK}/page/nowhere`)), 404, SIGMA.estale, /nowhere/);
      const head = await fetch(at(good), { method: 'HEAD' });
      expect(head.status).toBe(405);
      viewOf(await load(at(good)));
      expectRefusal(await load(at(good)), 403, SIGMA.replay, new RegExp(`Replay of jti ${jti}`));
    });

    it('accepts one token loaded 50 times at once exactly once', async () => {
      const url = await sign(WORKBOOK_REL);
      const pages = await Promise.all(Array.from({ length: 50 }, () => load(url)));
      const statuses = pages.map((p) => p.status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s === 403)).toHaveLength(49);
      for (const page of pages.filter((p) => p.status === 403)) expect(page.text).toContain(`Replay of jti ${jtiOf(tokenOf(url))}`);
    });
  });

  describe('pages and their script', () => {
    it('shows hostile text from the URL and the token as text, never as markup', async () => {
      const script = '</script><script>alert(1)</script>';
      const kid = await load(at(makeToken({ secret: FOREIGN_SECRET, kid: script })));
      expectRefusal(kid, 401, SIGMA.permission, /no embed credentials have client id/);
      expect(kid.text).toContain(`"${script}"`);
      const org = await load(at(token(), `/${encodeURIComponent('<img src=x onerror=alert(1)>')}/workbook/X-1`));
      expectRefusal(org, 404, SIGMA.enoent, /no org "<img src=x onerror=alert\(1\)>"/);
      const theme = await load(at(token(), WORKBOOK, `&:theme=${encodeURIComponent(script)}`));
      expect(viewOf(theme).options[':theme']).toBe(script);
      for (const page of [kid, org, theme]) {
        expect(page.html).not.toContain('<script>alert');
        expect(page.html).not.toContain('<img');
      }
    });

    it('serves the page script at /__host/embed-page.js, and pages load it from there', async () => {
      const response = await fetch(`${host.url}/__host/embed-page.js`);
      const body = await response.text();
      responses.push(body);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
      expect(body.length).toBeGreaterThan(0);
      expect(body).toBe(readFileSync(PAGE_SCRIPT, 'utf8'));
      const page = await load(at(token()));
      expect(page.html).toContain('<script src="/__host/embed-page.js"></script>');
    });

    it('sends every page with a Content-Security-Policy that allows no inline script and a fresh style nonce', async () => {
      const pages = [await load(at(token())), await load(at(token())), await load(at('not-a-token')), await load(`${host.url}/`)];
      const nonces = pages.map((page) => {
        const csp = page.headers.get('content-security-policy') ?? '';
        expect(csp).toMatch(/default-src 'none'/);
        expect(csp).toMatch(/script-src 'self'(;|$)/);
        expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
        const nonce = /style-src 'nonce-([^']+)'/.exec(csp)?.[1];
        expect(page.html).toContain(`<style nonce="${nonce}">`);
        // The only inline script is data the browser does not run.
        for (const tag of page.html.match(/<script\b[^>]*>/g) ?? []) expect(tag).toMatch(/type="application\/json"|src="\/__host\/embed-page\.js"/);
        return nonce;
      });
      expect(new Set(nonces).size).toBe(pages.length);
    });
  });

  it('never sends a secret of any profile, in a body or a header', async () => {
    expect(responses.length).toBeGreaterThan(50);
    for (const secret of [demo.secret, ACME_SECRET]) {
      for (const response of responses) expect(response.includes(secret)).toBe(false);
      expect(host.stderr()).not.toContain(secret);
    }
  });
});

describe.runIf(keychain)('embed-console host on a home of its own (real keychain)', () => {
  const { newHome, removeAll } = tempHomes();
  afterAll(removeAll);

  it('prints exactly "Local embed host: <url>" on stdout, and stops cleanly on Ctrl-C with exit code 0', async () => {
    const run = spawnHost(newHome(), ['--port', '0']);
    const url = await run.listening;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(portOf(url)).toBeGreaterThan(0);
    // An open keep-alive connection must not hold the host up.
    expect((await fetch(`${url}/__host/health`)).status).toBe(200);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    expect(run.stdout()).toBe(`Local embed host: ${url}\n`);
    expect(await connects('127.0.0.1', portOf(url))).toBe(false);
  });

  it('creates the local-demo profile on first run, pointed at itself, and follows it to another port', async () => {
    const home = newHome();
    const first = await startHost(home);
    const profiles = await profilesOf(home);
    // Its secrets, embed and REST API, in local-demo's own file, never the keychain.
    expect(profiles).toEqual([
      expect.objectContaining({
        name: 'local-demo',
        hasSecret: true,
        secretIn: { store: 'file' },
        baseUrl: `${first.url}/demo`,
        api: expect.objectContaining({ hasSecret: true, secretIn: { store: 'file' } }),
      }),
    ]);
    const secret = demoSecret(home);
    const keytar = (await import('keytar')).default;
    expect(await keytar.findCredentials(keychainService({ EMBED_CONSOLE_HOME: home }))).toEqual([]);
    expect(await first.stop()).toBe(0);

    let port = await freePort();
    while (port === portOf(first.url)) port = await freePort();
    const second = await startHost(home, ['--port', String(port)]);
    expect(second.url).toBe(`http://127.0.0.1:${port}`);
    expect(await profilesOf(home)).toEqual([
      expect.objectContaining({ name: 'local-demo', clientId: profiles[0].clientId, hasSecret: true, baseUrl: `${second.url}/demo` }),
    ]);
    expect(demoSecret(home)).toBe(secret);
    // And what it signs now opens on the new port.
    viewOf(await load(await signUrl(home, WORKBOOK_REL)));
    expect(await second.stop()).toBe(0);
  });

  describe('across a restart', () => {
    const home = newHome();
    /** Token ids a script might well choose, which are also names of Object's own properties. */
    const objectNamed = ['constructor', 'toString', 'hasOwnProperty', '__proto__'];
    let first: HostProcess;
    let second: HostProcess;
    let signed: string;
    let forged: Array<[string, string]>;

    beforeAll(async () => {
      first = await startHost(home);
      signed = await signUrl(home, WORKBOOK_REL);
      const secret = demoSecret(home);
      const [{ clientId }] = await profilesOf(home);
      forged = objectNamed.map((jti) => [jti, makeToken({ secret, kid: clientId, claims: { jti } })]);
      for (const url of [signed, ...forged.map(([, t]) => `${first.url}${WORKBOOK}?:jwt=${t}&:embed=true`)]) viewOf(await load(url));
      expect(await first.stop()).toBe(0);
      second = await startHost(home);
    });
    afterAll(async () => {
      await second?.stop();
    });

    it('remembers used jtis across a restart', async () => {
      const again = signed.replace(first.url, second.url);
      expect(again).not.toBe(signed);
      expectRefusal(await load(again), 403, SIGMA.replay, new RegExp(`Replay of jti ${jtiOf(tokenOf(signed))}`));
    });

    it('remembers across a restart jtis named like Object properties (constructor, toString, __proto__)', async () => {
      const statuses = [];
      for (const [jti, t] of forged) statuses.push({ jti, status: (await load(`${second.url}${WORKBOOK}?:jwt=${t}&:embed=true`)).status });
      expect(statuses).toEqual(objectNamed.map((jti) => ({ jti, status: 403 })));
    });
  });
});

describe('embed-console host --port', () => {
  it('exits 2 with the usage problem for a port that is not 0-65535', async () => {
    const { home, cleanup } = tempHome();
    for (const [flag, port] of [
      ['--port', 'abc'],
      ['--port', '65536'],
      ['--https-port', '-1'],
    ]) {
      const run = await hostFailing(home, [flag, port]);
      expect(run).toMatchObject({ code: 2, stdout: '' });
      expect(run.stderr).toContain(`option '${flag} <port>' argument '${port}' is invalid. It takes 0-65535 (0: a free one).`);
    }
    cleanup();
  });

  it('fails with one line and exit code 1 when the port is busy', async () => {
    const { home, cleanup } = tempHome();
    const { port, server: busy } = await occupyPort();
    const run = await hostFailing(home, ['--port', String(port)]);
    busy.close();
    expect(run).toMatchObject({ code: 1, stdout: '' });
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(new RegExp(`^embed-console: Port ${port} is in use; choose another with --port`));
    await forgetProfiles(home);
    cleanup();
  });

  it("names --https-port when the test double's port is the busy one", async () => {
    const { home, cleanup } = tempHome();
    const { port, server: busy } = await occupyPort();
    const run = await hostFailing(home, ['--https-port', String(port)]);
    busy.close();
    expect(run).toMatchObject({ code: 1, stdout: '' });
    expect(run.stderr).toContain(`Port ${port} is in use; choose another with --https-port, or leave it out for a free one.`);
    await forgetProfiles(home);
    cleanup();
  });
});

describe('embed-console host --https', () => {
  /** GET over TLS as Chromium sends it once Sigma's name is mapped to the host: SNI and Host app.sigmacomputing.com. */
  function getAsSigma(httpsUrl: string, path: string, ca: string): Promise<{ status?: number; body: string }> {
    return new Promise((resolve, reject) => {
      const request = httpsGet(
        {
          host: '127.0.0.1',
          port: Number(new URL(httpsUrl).port),
          path,
          servername: 'app.sigmacomputing.com',
          headers: { host: 'app.sigmacomputing.com' },
          ca,
        },
        (response) => {
          let body = '';
          response.on('data', (chunk) => (body += chunk));
          response.on('end', () => resolve({ status: response.statusCode, body }));
        },
      );
      request.on('error', reject);
    });
  }

  it('serves an embed URL signed for https://app.sigmacomputing.com, and replaces a damaged certificate at start', async () => {
    const { home, cleanup } = tempHome();
    writeFileSync(join(home, 'host-tls-cert.pem'), 'not a certificate');
    const host = await startHost(home, ['--https']);
    try {
      const ca = readFileSync(join(home, 'host-tls-cert.pem'), 'utf8');
      expect(ca).toMatch(/^-----BEGIN CERTIFICATE-----/);
      const signed = await runCli(
        [
          'sign',
          '--profile',
          'local-demo',
          '--url',
          'https://app.sigmacomputing.com/demo/workbook/Sales-Performance-3kQ7vN2pXb9sLm4Tz8Rw1c',
          '--sub',
          'ada@example.com',
        ],
        { home },
      );
      const url = new URL(signed.stdout.trim());
      const page = await getAsSigma(host.httpsUrl!, url.pathname + url.search, ca);
      expect(page.status).toBe(200);
      expect(page.body).toContain('Sales Performance');
    } finally {
      await host.stop();
      await forgetProfiles(home);
      cleanup();
    }
  });
});
