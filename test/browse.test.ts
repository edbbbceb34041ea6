/**
 * The content browser through the contract (profiles:set-api, api:*), against the local embed
 * host's REST API on a real port, with the real keychain; and that API itself, spoken to as
 * Sigma's documented shapes say (sigma-embed.md §7).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbedConsoleApi } from '../shared/api';
import type { Home } from '../main/core/home';
import { keychainService } from '../main/core/home';
import { DEMO_TEAMS, DEMO_WORKBOOKS } from '../main/host/demo-org';
import type { EmbedHost } from '../main/host/server';
import { readTree, tempHome } from './support/cli';
import { startRestHost, testHome } from './support/rest';
import { hasKeychain } from './support/system';

const keychain = await hasKeychain();
const API_SECRET = `api-secret-${randomUUID()}`;
const EMBED_SECRET = `embed-secret-${randomUUID()}`;
const SALES = DEMO_WORKBOOKS[0];

describe.runIf(keychain)('the content browser (api:*), against the local embed host', () => {
  let dir: ReturnType<typeof tempHome>;
  let home: Home;
  let core: EmbedConsoleApi;
  /** Sigma's side: a host on a home of its own, which knows the REST API credentials. */
  let sigmaDir: ReturnType<typeof tempHome>;
  let sigma: Home;
  let host: EmbedHost;
  /** Every answer the contract gave, for the "no secret anywhere" check. */
  const answers: unknown[] = [];
  const call = async <R>(result: Promise<R>) => {
    const answer = await result;
    answers.push(answer);
    return answer;
  };
  const data = async <T>(result: Promise<{ ok: true; data: T } | { ok: false; message: string }>) => {
    const answer = await call(result);
    if (!answer.ok) throw new Error(answer.message);
    return answer.data;
  };

  beforeAll(async () => {
    dir = tempHome();
    home = testHome(dir.home);
    core = home.core;
    sigmaDir = tempHome();
    sigma = testHome(sigmaDir.home);
    host = await startRestHost(sigma);
    await data(sigma.core['profiles:save']({ name: 'acme', clientId: 'embed-1', secret: EMBED_SECRET }));
    await data(sigma.core['profiles:set-api']({ name: 'acme', api: { clientId: 'api-1', baseUrl: host.url, secret: API_SECRET } }));
    await data(core['profiles:save']({ name: 'acme', clientId: 'embed-1', secret: EMBED_SECRET }));
    await data(core['profiles:set-api']({ name: 'acme', api: { clientId: 'api-1', baseUrl: `${host.url}/v2/`, secret: API_SECRET } }));
  });
  afterAll(async () => {
    await host.close();
    expect(JSON.stringify(answers)).not.toContain(API_SECRET);
    expect(readTree(dir.home)).not.toContain(API_SECRET);
    await core['profiles:remove']({ name: 'acme' });
    await sigma.core['profiles:remove']({ name: 'acme' });
    dir.cleanup();
    sigmaDir.cleanup();
  });

  it('keeps the REST API secret in the keychain and lists only that it is there', async () => {
    const keytar = (await import('keytar')).default;
    expect(await keytar.getPassword(keychainService({ EMBED_CONSOLE_HOME: dir.home }), 'api:acme')).toBe(API_SECRET);
    const [acme] = await data(core['profiles:list']({}));
    // The base URL is stored without the /v2 a user may paste.
    expect(acme.api).toEqual({ clientId: 'api-1', baseUrl: host.url, hasSecret: true, secretIn: { store: 'keychain' } });
  });

  it('lists workbooks, searched by name whatever the case', async () => {
    const all = await data(core['api:workbooks']({ profile: 'acme' }));
    expect(all.entries.map((w) => w.name)).toEqual(DEMO_WORKBOOKS.map((w) => w.name));
    expect(all.complete).toBe(true);
    const found = await data(core['api:workbooks']({ profile: 'acme', search: '  health ' }));
    expect(found.entries.map((w) => w.name)).toEqual(['Customer Health']);
    expect((await data(core['api:workbooks']({ profile: 'acme', search: 'nothing like it' }))).entries).toEqual([]);
  });

  it("lists a workbook's pages and a page's elements, by the workbook's UUID", async () => {
    const pages = await data(core['api:pages']({ profile: 'acme', workbookId: SALES.workbookId }));
    expect(pages.entries).toEqual(SALES.pages.map(({ pageId, name }) => ({ pageId, name })));
    const elements = await data(core['api:elements']({ profile: 'acme', workbookId: SALES.workbookId, pageId: 'orders' }));
    expect(elements.entries.map((e) => [e.elementId, e.type])).toEqual([
      ['region-control-orders', 'control'],
      ['orders-table', 'table'],
    ]);
  });

  it('lists teams (by name) and looks members up by email', async () => {
    const teams = await data(core['api:teams']({ profile: 'acme', search: 'SUP' }));
    expect(teams.entries.map((t) => t.name)).toEqual(['Support']);
    expect((await data(core['api:teams']({ profile: 'acme' }))).entries).toHaveLength(DEMO_TEAMS.length);
    const members = await data(core['api:members']({ profile: 'acme', search: 'grace@' }));
    expect(members.entries).toEqual([expect.objectContaining({ email: 'grace@example.com', firstName: 'Grace', memberType: 'Creator' })]);
  });

  it('says which workbook or page does not exist', async () => {
    const page = await call(core['api:elements']({ profile: 'acme', workbookId: SALES.workbookId, pageId: 'nope' }));
    expect(page).toMatchObject({ ok: false, code: 'SIGMA_NOT_FOUND' });
    expect(!page.ok && page.message).toContain(`Sigma says: "Page nope not found in workbook ${SALES.workbookId}."`);
  });

  it('asks for REST API credentials where a profile has none, saying how to add them', async () => {
    await data(core['profiles:save']({ name: 'bare', clientId: 'embed-2', secret: EMBED_SECRET }));
    try {
      const result = await call(core['api:teams']({ profile: 'bare' }));
      expect(result).toMatchObject({ ok: false, code: 'API_NOT_CONFIGURED', field: 'profile' });
      expect(!result.ok && result.message).toContain('embed-console profile api bare --client-id <id> --region <region>');
      // The first time, a secret is needed.
      const noSecret = await call(core['profiles:set-api']({ name: 'bare', api: { clientId: 'api-2', baseUrl: host.url } }));
      expect(noSecret).toMatchObject({ ok: false, code: 'SECRET_MISSING', field: 'secret' });
    } finally {
      await core['profiles:remove']({ name: 'bare' });
    }
  });

  it('says where to enter the REST API secret again when the keychain has lost it', async () => {
    await data(core['profiles:save']({ name: 'lost', clientId: 'embed-4', secret: EMBED_SECRET }));
    await data(core['profiles:set-api']({ name: 'lost', api: { clientId: 'api-4', baseUrl: host.url, secret: 'soon-gone' } }));
    try {
      const keytar = (await import('keytar')).default;
      await keytar.deletePassword(keychainService({ EMBED_CONSOLE_HOME: dir.home }), 'api:lost');
      const result = await call(core['api:teams']({ profile: 'lost' }));
      expect(result).toMatchObject({ ok: false, code: 'SECRET_MISSING', field: 'profile' });
      expect(!result.ok && result.message).toContain(
        `enter it again under Manage profiles → REST API, or with "embed-console profile api lost --client-id api-4 --api-url ${host.url}"`,
      );
    } finally {
      await core['profiles:remove']({ name: 'lost' });
    }
  });

  it('refuses an API base that would send the secret unencrypted, or is no URL', async () => {
    const plain = await call(core['profiles:set-api']({ name: 'acme', api: { clientId: 'api-1', baseUrl: 'http://api.sigmacomputing.com' } }));
    expect(plain).toMatchObject({ ok: false, code: 'INVALID_URL', field: 'baseUrl' });
    expect(!plain.ok && plain.message).toContain('is not https');
    const junk = await call(core['profiles:set-api']({ name: 'acme', api: { clientId: 'api-1', baseUrl: 'api dot sigma' } }));
    expect(junk).toMatchObject({ ok: false, code: 'INVALID_URL', field: 'baseUrl' });
    // Nothing was changed by either.
    expect((await data(core['profiles:list']({})))[0].api?.baseUrl).toBe(host.url);
  });

  it('sends the stored secret only where it was entered for: a new base or client id takes it again', async () => {
    for (const api of [
      { clientId: 'api-1', baseUrl: 'https://api.eu.aws.sigmacomputing.com' },
      { clientId: 'api-other', baseUrl: host.url },
    ]) {
      const refused = await call(core['profiles:set-api']({ name: 'acme', api }));
      expect(refused).toMatchObject({ ok: false, code: 'SECRET_MISSING', field: 'secret' });
      expect(!refused.ok && refused.message).toContain('a new client id or API base URL takes the REST API secret of "acme" again');
    }
    // The same ones again need no secret.
    expect((await data(core['profiles:set-api']({ name: 'acme', api: { clientId: 'api-1', baseUrl: host.url } }))).api?.baseUrl).toBe(host.url);
  });

  it('takes an API base alone: no credentials, query or fragment in it; http only on this machine', async () => {
    const saving = (baseUrl: string) => call(core['profiles:set-api']({ name: 'acme', api: { clientId: 'api-1', baseUrl, secret: API_SECRET } }));
    for (const [baseUrl, why] of [
      ['https://user:pw@api.sigmacomputing.com', 'carries a user name or password'],
      ['https://api.sigmacomputing.com/?org=acme', 'has a query or fragment'],
      ['https://api.sigmacomputing.com/#x', 'has a query or fragment'],
      ['http://127.0.0.1.example.com', 'is not https'],
    ]) {
      const refused = await saving(baseUrl);
      expect(refused).toMatchObject({ ok: false, code: 'INVALID_URL', field: 'baseUrl' });
      expect(!refused.ok && refused.message).toContain(why);
    }
    expect((await data(saving('http://localhost:9'))).api?.baseUrl).toBe('http://localhost:9');
    expect((await data(saving(host.url))).api?.baseUrl).toBe(host.url);
  });

  it('keeps REST API credentials when the embed credentials are edited', async () => {
    const saved = await data(core['profiles:save']({ name: 'acme', clientId: 'embed-1', baseUrl: 'https://app.sigmacomputing.com/acme', overwrite: true }));
    expect(saved.api).toEqual({ clientId: 'api-1', baseUrl: host.url, hasSecret: true, secretIn: { store: 'keychain' } });
    expect((await data(core['api:teams']({ profile: 'acme' }))).entries.length).toBeGreaterThan(0);
  });

  it('uses new credentials at once, never the token of the old ones', async () => {
    await data(core['api:teams']({ profile: 'acme' }));
    // Same client id, a secret Sigma does not know: with the old token kept, this would pass.
    await data(core['profiles:set-api']({ name: 'acme', api: { clientId: 'api-1', baseUrl: host.url, secret: 'a-new-wrong-secret' } }));
    const refused = await call(core['api:teams']({ profile: 'acme' }));
    expect(refused).toMatchObject({ ok: false, code: 'SIGMA_AUTH_FAILED' });
    expect(JSON.stringify(refused)).not.toContain('a-new-wrong-secret');
    await data(core['profiles:set-api']({ name: 'acme', api: { clientId: 'api-1', baseUrl: host.url, secret: API_SECRET } }));
    expect((await data(core['api:teams']({ profile: 'acme' }))).entries.length).toBeGreaterThan(0);
  });

  it('removes REST API credentials and their keychain entry on request, keeping the profile', async () => {
    await data(core['profiles:save']({ name: 'temp', clientId: 'embed-3', secret: EMBED_SECRET }));
    await data(core['profiles:set-api']({ name: 'temp', api: { clientId: 'api-3', baseUrl: host.url, secret: 'temp-api-secret' } }));
    const keytar = (await import('keytar')).default;
    const service = keychainService({ EMBED_CONSOLE_HOME: dir.home });
    const removed = await data(core['profiles:set-api']({ name: 'temp', api: null }));
    expect(removed.api).toBeUndefined();
    expect(removed.hasSecret).toBe(true);
    expect(await keytar.getPassword(service, 'api:temp')).toBeNull();
    // And removing the profile removes both secrets.
    await data(core['profiles:set-api']({ name: 'temp', api: { clientId: 'api-3', baseUrl: host.url, secret: 'temp-api-secret' } }));
    await data(core['profiles:remove']({ name: 'temp' }));
    expect((await keytar.findCredentials(service)).map((c) => c.account).sort()).toEqual(['api:acme', 'embed:acme']);
  });
});

describe.runIf(keychain)("the local embed host's REST API, spoken to as Sigma's", () => {
  let dir: ReturnType<typeof tempHome>;
  let home: Home;
  let host: EmbedHost;

  beforeAll(async () => {
    dir = tempHome();
    home = testHome(dir.home);
    host = await startRestHost(home);
    await home.core['profiles:save']({ name: 'acme', clientId: 'embed-1', secret: EMBED_SECRET });
    await home.core['profiles:set-api']({ name: 'acme', api: { clientId: 'api-1', baseUrl: host.url, secret: API_SECRET } });
  });
  afterAll(async () => {
    await host.close();
    await home.core['profiles:remove']({ name: 'acme' });
    dir.cleanup();
  });

  const token = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${host.url}/v2/auth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body });
  const basic = (id: string, secret: string) => ({ authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` });

  it('grants a bearer token for client credentials in Basic auth, or in the form as the quickstart sends them', async () => {
    for (const response of [
      await token('grant_type=client_credentials', basic('api-1', API_SECRET)),
      await token(`grant_type=client_credentials&client_id=api-1&client_secret=${API_SECRET}`),
    ]) {
      expect(response.status).toBe(200);
      const body = await response.json();
      expect(body).toEqual({ access_token: expect.any(String), refresh_token: expect.any(String), token_type: 'bearer', expires_in: 3600 });
      const teams = await fetch(`${host.url}/v2/teams`, { headers: { authorization: `Bearer ${body.access_token}` } });
      expect(teams.status).toBe(200);
    }
  });

  it("answers bad requests with Sigma's error shape and the right status", async () => {
    const cases: Array<[Promise<Response>, number]> = [
      [token('grant_type=client_credentials', basic('api-1', 'wrong')), 401],
      [token('grant_type=client_credentials', basic('nobody', API_SECRET)), 401],
      [token('grant_type=password'), 400],
      [token('grant_type=refresh_token&refresh_token=never-issued', basic('api-1', API_SECRET)), 401],
      [token(`grant_type=client_credentials&padding=${'x'.repeat(20_000)}`, basic('api-1', API_SECRET)), 413],
      [fetch(`${host.url}/v2/auth/token`), 405],
      [fetch(`${host.url}/v2/teams`), 401],
      [fetch(`${host.url}/v2/teams`, { headers: { authorization: 'Bearer made-up' } }), 401],
    ];
    for (const [response, status] of cases) {
      const answer = await response;
      expect(answer.status).toBe(status);
      expect(await answer.json()).toEqual({ message: expect.any(String), code: expect.any(String), requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    }
  });

  it('renews a token with its refresh token once, and only for its own authenticated client', async () => {
    const first = await (await token('grant_type=client_credentials', basic('api-1', API_SECRET))).json();
    const refresh = `grant_type=refresh_token&refresh_token=${first.refresh_token}`;
    expect((await token(refresh)).status).toBe(401);
    expect((await token(refresh, basic('api-1', 'wrong'))).status).toBe(401);
    const renewed = await token(refresh, basic('api-1', API_SECRET));
    expect(renewed.status).toBe(200);
    expect((await renewed.json()).access_token).not.toBe(first.access_token);
    expect((await token(refresh, basic('api-1', API_SECRET))).status).toBe(401);
  });

  it('pages with limit and nextPage, and refuses a limit over 1000 or a made-up page', async () => {
    const { access_token } = await (await token('grant_type=client_credentials', basic('api-1', API_SECRET))).json();
    const get = (query: string) => fetch(`${host.url}/v2/teams?${query}`, { headers: { authorization: `Bearer ${access_token}` } });
    const first = await (await get('limit=3')).json();
    expect(first).toMatchObject({ total: DEMO_TEAMS.length, hasMore: true, nextPage: expect.any(String) });
    expect(first.entries).toHaveLength(3);
    const second = await (await get(`limit=3&page=${first.nextPage}`)).json();
    expect([...first.entries, ...second.entries]).toEqual(DEMO_TEAMS);
    expect(second).toMatchObject({ nextPage: null, hasMore: false });
    expect((await get('limit=1001')).status).toBe(400);
    expect((await get('page=123')).status).toBe(400);
    expect((await fetch(`${host.url}/v2/nowhere`, { headers: { authorization: `Bearer ${access_token}` } })).status).toBe(404);
  });
});
