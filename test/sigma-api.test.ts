/**
 * The REST API client (main/core/sigma-api.ts) against the local embed host's API as a real
 * HTTP server, credentials checked against the real keychain: pagination, the token kept and
 * renewed, and Sigma's errors told with their fix. Errors the host has no reason to give (403,
 * a wrong region's 404, a 500, the app's HTML) come from a server that answers only that.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Home } from '../main/core/home';
import { SigmaApiClient, type SigmaApiOptions } from '../main/core/sigma-api';
import { DEMO_TEAMS, DEMO_WORKBOOKS } from '../main/host/demo-org';
import type { EmbedHost } from '../main/host/server';
import { teamEntry, workbookEntry } from '../shared/sigma-rest';
import { tempHome } from './support/cli';
import { rejectionOf } from './support/errors';
import { recordingFetch, standIn, startRestHost, testHome, type Exchange } from './support/rest';
import { hasKeychain } from './support/system';

const keychain = await hasKeychain();
const API_SECRET = `api-secret-${randomUUID()}`;
const CLIENT_ID = 'rest-client-1';

const summary = (exchanges: Exchange[]) => exchanges.map((e) => `${e.method} ${e.path.split('?')[0]} ${e.grant ?? ''}${e.status}`.replace('  ', ' '));

describe.runIf(keychain)('the Sigma REST API client, against the local embed host', () => {
  let dir: ReturnType<typeof tempHome>;
  let home: Home;
  let host: EmbedHost;
  const clients: Array<{ exchanges: Exchange[] }> = [];

  function client(options: Partial<SigmaApiOptions> = {}) {
    const recorder = recordingFetch();
    clients.push(recorder);
    const api = new SigmaApiClient({
      baseUrl: host.url,
      clientId: CLIENT_ID,
      secret: async () => API_SECRET,
      label: 'profile "acme"',
      fetch: recorder.fetch,
      ...options,
    });
    return { api, exchanges: recorder.exchanges };
  }

  beforeAll(async () => {
    dir = tempHome();
    home = testHome(dir.home);
    expect((await home.core['profiles:save']({ name: 'acme', clientId: 'embed-1', secret: `embed-${randomUUID()}` })).ok).toBe(true);
    host = await startRestHost(home);
    const saved = await home.core['profiles:set-api']({ name: 'acme', api: { clientId: CLIENT_ID, baseUrl: host.url, secret: API_SECRET } });
    expect(saved.ok).toBe(true);
  });
  /** Points acme's REST API credentials at another host: a host takes only the credentials meant for it. */
  const pointAt = async (url: string) => {
    const result = await home.core['profiles:set-api']({ name: 'acme', api: { clientId: CLIENT_ID, baseUrl: url, secret: API_SECRET } });
    expect(result.ok).toBe(true);
  };

  afterAll(async () => {
    await host.close();
    // The secret went to the token endpoint alone, in Basic auth, and never came back.
    const basic = Buffer.from(`${CLIENT_ID}:${API_SECRET}`).toString('base64');
    const exchanges = clients.flatMap((c) => c.exchanges);
    expect(exchanges.some((e) => e.authorization === `Basic ${basic}`)).toBe(true);
    for (const exchange of exchanges) {
      for (const form of [API_SECRET, basic, encodeURIComponent(API_SECRET)]) expect(exchange.text).not.toContain(form);
      if (exchange.authorization?.startsWith('Basic')) expect(exchange.path).toBe('/v2/auth/token');
      else expect(exchange.authorization ?? '').not.toContain(basic);
    }
    await home.core['profiles:remove']({ name: 'acme' });
    dir.cleanup();
  });

  it('follows nextPage until the last page, passing each as the next page parameter', async () => {
    const { api, exchanges } = client({ pageSize: 2 });
    const listing = await api.list('teams', teamEntry, 'list teams');
    expect(listing).toEqual({ entries: DEMO_TEAMS, complete: true });
    const calls = exchanges.filter((e) => e.path.startsWith('/v2/teams'));
    const queries = calls.map((e) => new URL(e.path, host.url).searchParams);
    expect(queries.map((q) => q.get('limit'))).toEqual(['2', '2', '2']);
    // Each page asked for is the nextPage of the answer before; the last answer has none.
    const nextPages = calls.map((e) => (JSON.parse(e.answer) as { nextPage: string | null }).nextPage);
    expect(queries.map((q) => q.get('page'))).toEqual([null, ...nextPages.slice(0, -1)]);
    expect(nextPages.at(-1)).toBeNull();
  });

  it('stops at its cap and says the listing is incomplete', async () => {
    const { api } = client({ pageSize: 2 });
    const listing = await api.list('teams', teamEntry, 'list teams', {}, 3);
    expect(listing.entries.map((t) => t.name)).toEqual(DEMO_TEAMS.slice(0, 3).map((t) => t.name));
    expect(listing.complete).toBe(false);
  });

  it('checks each entry for the fields the console needs, keeping the others', async () => {
    const { api } = client();
    const { entries } = await api.list('workbooks', workbookEntry, 'list workbooks');
    expect(entries.map((w) => w.name)).toEqual(DEMO_WORKBOOKS.map((w) => w.name));
    expect(entries[0]).toMatchObject({ workbookId: DEMO_WORKBOOKS[0].workbookId, url: `${host.url}/demo/workbook/3kQ7vN2pXb9sLm4Tz8Rw1c`, latestVersion: 3 });
    expect(entries[0].tags?.map((t) => t.name)).toEqual(['production']);
  });

  it('asks for a token once, and shares it between calls made at the same time', async () => {
    const { api, exchanges } = client();
    await Promise.all([api.list('teams', teamEntry, 'list teams'), api.list('workbooks', workbookEntry, 'list workbooks')]);
    await api.list('teams', teamEntry, 'list teams');
    expect(summary(exchanges).filter((e) => e.startsWith('POST'))).toEqual(['POST /v2/auth/token client_credentials200']);
  });

  it('asks for a new token when its own has expired, before Sigma has to refuse it', async () => {
    let now = Date.now();
    const { api, exchanges } = client({ now: () => now });
    await api.list('teams', teamEntry, 'list teams');
    now += 3600 * 1000;
    await api.list('teams', teamEntry, 'list teams');
    expect(summary(exchanges)).toEqual([
      'POST /v2/auth/token client_credentials200',
      'GET /v2/teams 200',
      'POST /v2/auth/token client_credentials200',
      'GET /v2/teams 200',
    ]);
  });

  it('renews a token Sigma refuses with the refresh token, then repeats the call', async () => {
    // A host whose tokens last a second, and a client whose clock stands still: only the 401 tells.
    const quick = await startRestHost(home, { apiTokenSeconds: 1 });
    await pointAt(quick.url);
    const { api, exchanges } = client({ baseUrl: quick.url, now: () => 0 });
    try {
      await api.list('teams', teamEntry, 'list teams');
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect((await api.list('teams', teamEntry, 'list teams')).entries).toHaveLength(DEMO_TEAMS.length);
    } finally {
      await quick.close();
      await pointAt(host.url);
    }
    expect(summary(exchanges)).toEqual([
      'POST /v2/auth/token client_credentials200',
      'GET /v2/teams 200',
      'GET /v2/teams 401',
      'POST /v2/auth/token refresh_token200',
      'GET /v2/teams 200',
    ]);
  });

  it('uses the credentials again when Sigma has forgotten the refresh token too (a restart)', async () => {
    const first = await startRestHost(home);
    await pointAt(first.url);
    const port = new URL(first.url).port;
    const { api, exchanges } = client({ baseUrl: first.url });
    await api.list('teams', teamEntry, 'list teams');
    await first.close();
    const second = await startRestHost(home, { port: Number(port) });
    try {
      expect((await api.list('teams', teamEntry, 'list teams')).entries).toHaveLength(DEMO_TEAMS.length);
    } finally {
      await second.close();
      await pointAt(host.url);
    }
    expect(summary(exchanges).slice(2)).toEqual([
      'GET /v2/teams 401',
      'POST /v2/auth/token refresh_token401',
      'POST /v2/auth/token client_credentials200',
      'GET /v2/teams 200',
    ]);
  });

  it('names wrong credentials, and where to fix them, without the secret', async () => {
    const { api } = client({ secret: async () => 'not-the-secret' });
    const error = await rejectionOf(api.list('teams', teamEntry, 'list teams'));
    expect(error).toMatchObject({ code: 'SIGMA_AUTH_FAILED' });
    expect(error.message).toContain(`client id ${CLIENT_ID}`);
    expect(error.message).toContain('Administration → Developer Access');
    expect(error.message).toContain('Sigma says: "Invalid client credentials."');
  });

  it('is refused by a host its credentials are not meant for, as Sigma would refuse them', async () => {
    const other = await startRestHost(home);
    try {
      const { api } = client({ baseUrl: other.url });
      expect(await rejectionOf(api.list('teams', teamEntry, 'list teams'))).toMatchObject({ code: 'SIGMA_AUTH_FAILED' });
    } finally {
      await other.close();
    }
  });

  it("says what was not found, quoting Sigma's message and request id", async () => {
    const { api } = client();
    const error = await rejectionOf(api.list('workbooks/no-such-workbook/pages', teamEntry, 'list the pages of workbook no-such-workbook'));
    expect(error).toMatchObject({ code: 'SIGMA_NOT_FOUND' });
    expect(error.message).toMatch(
      /^Sigma found nothing to list the pages of workbook no-such-workbook \(HTTP 404\).*Sigma says: "Workbook no-such-workbook not found." \(request id [0-9a-f-]{36}\)\.$/,
    );
  });

  it('says when Sigma cannot be reached, naming the base URL to check', async () => {
    const closed = await startRestHost(home);
    await closed.close();
    const { api } = client({ baseUrl: closed.url });
    const error = await rejectionOf(api.list('teams', teamEntry, 'list teams'));
    expect(error).toMatchObject({ code: 'SIGMA_UNREACHABLE' });
    expect(error.message).toBe(
      `Cannot reach Sigma's API at ${closed.url} (ECONNREFUSED). Check the network connection (and any proxy), and that profile "acme" has the right API base URL.`,
    );
  });
});

describe("the Sigma REST API client, on Sigma's other answers", () => {
  let server: Awaited<ReturnType<typeof standIn>> | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const sigmaError = (status: number, message: string) => ({ status, body: JSON.stringify({ message, code: 'x', requestId: 'req-1' }) });
  const TOKEN = { status: 200, body: JSON.stringify({ access_token: 'a', refresh_token: 'r', token_type: 'bearer', expires_in: 3600 }) };

  /** What listing teams fails with, Sigma answering as `answer` says; `baseUrl` is what the profile holds. */
  async function failureFrom(answer: Parameters<typeof standIn>[0], baseUrl?: string) {
    server = await standIn(answer);
    const local = server.url;
    // The profile's base URL may name another host; the request still comes here.
    const routed: typeof fetch = (input, init) => fetch(String(input).replace(baseUrl ?? local, local), init);
    const api = new SigmaApiClient({ baseUrl: baseUrl ?? local, clientId: 'c', secret: async () => 's3cret', label: 'profile "acme"', fetch: routed });
    return rejectionOf(api.list('teams', teamEntry, 'list teams'));
  }

  it('never prints an answer that echoes the credentials just sent (base64 of client:secret)', async () => {
    const echo = createServer((req, res) => {
      req.resume();
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: `Bad header: ${req.headers.authorization}`, requestId: 'req-1' }));
    });
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    try {
      const base = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;
      const api = new SigmaApiClient({ baseUrl: base, clientId: 'c', secret: async () => 's3cret', label: 'profile "acme"' });
      const error = await rejectionOf(api.list('teams', teamEntry, 'list teams'));
      expect(error).toMatchObject({ code: 'SIGMA_AUTH_FAILED' });
      expect(error.message).not.toContain(Buffer.from('c:s3cret').toString('base64'));
      expect(error.message).not.toContain('Sigma says');
      expect(error.message).toContain("The answer quoted the credentials just sent, so it is not shown: check that the API base is Sigma's.");
    } finally {
      await new Promise<void>((resolve) => echo.close(() => resolve()));
    }
  });

  it("a 404 for the token: the API base is not the org's cloud", async () => {
    const error = await failureFrom(() => sigmaError(404, 'Not Found'));
    expect(error).toMatchObject({ code: 'SIGMA_NOT_FOUND' });
    expect(error.message).toContain(`No Sigma REST API answers at ${server!.url} (HTTP 404 for /v2/auth/token)`);
    expect(error.message).toContain('Pick the region shown under Administration → Developer Access');
    expect(error.message).toContain('Sigma says: "Not Found" (request id req-1).');
  });

  it('a 403 for a listing: the permission the credentials lack', async () => {
    const error = await failureFrom((method) => (method === 'POST' ? TOKEN : sigmaError(403, 'Forbidden')));
    expect(error).toMatchObject({ code: 'SIGMA_FORBIDDEN' });
    expect(error.message).toMatch(
      /^Sigma does not let profile "acme"'s REST API credentials list teams \(HTTP 403\)\. The credentials' owner needs that permission/,
    );
  });

  it("a 5xx: Sigma's side, try again", async () => {
    const error = await failureFrom(() => ({ status: 503, body: 'upstream down', type: 'text/plain' }));
    expect(error).toMatchObject({ code: 'SIGMA_ERROR' });
    expect(error.message).toBe("Sigma's API failed to get an access token (HTTP 503). This is on Sigma's side; try again in a moment.");
  });

  it("HTML where JSON was due: the app's URL given as the API base", async () => {
    const error = await failureFrom(() => ({ status: 200, body: '<!doctype html><title>Sigma</title>', type: 'text/html' }), 'https://app.sigmacomputing.com');
    expect(error).toMatchObject({ code: 'SIGMA_ERROR' });
    expect(error.message).toBe(
      "The answer from https://app.sigmacomputing.com to get an access token is not Sigma's: it is text/html, not JSON. " +
        "https://app.sigmacomputing.com is Sigma's app; the API base is another host (e.g. https://api.sigmacomputing.com).",
    );
  });

  it('a connection lost halfway through the answer: told as the network, not an internal error', async () => {
    const error = await failureFrom((method) => (method === 'POST' ? TOKEN : { status: 200, body: '{"entries": [', hangUp: true }));
    expect(error).toMatchObject({ code: 'SIGMA_UNREACHABLE' });
    expect(error.message).toMatch(/^Cannot reach Sigma's API at http:\/\/127\.0\.0\.1:\d+ \(.+\)\. Check the network connection/);
  });

  it('a listing that is not a list: told, not crashed on', async () => {
    const error = await failureFrom((method) => (method === 'POST' ? TOKEN : { status: 200, body: '{"workbooks": []}' }));
    expect(error).toMatchObject({ code: 'SIGMA_ERROR' });
    expect(error.message).toContain("is not Sigma's: it is not a list of entries");
  });
});
