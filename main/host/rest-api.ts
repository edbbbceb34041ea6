/**
 * The local embed host's stand-in for Sigma's REST API (sigma-embed.md §7), for the demo org:
 * client-credentials tokens, then workbooks, pages, elements, teams and members, paginated and
 * with Sigma's error shape, so the content browser works, and is tested, with no account.
 * Its clients are the profiles' REST API credentials whose API base is this host, checked
 * against the keychain as Sigma checks its own; credentials meant for Sigma are not taken here.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { MAX_PAGE_SIZE } from '../../shared/sigma-rest';
import type { HostKeys } from '../core/host-keys';
import { BodyTooLarge, readBody, sameCredential } from '../incoming';
import { DEMO_MEMBERS, DEMO_ORG, DEMO_TEAMS, DEMO_WORKBOOKS, type DemoWorkbook } from './demo-org';

/** Sigma's access tokens last an hour (§7.2); its refresh tokens' life is not documented. */
const TOKEN_SECONDS = 3600;
const REFRESH_SECONDS = 24 * 3600;
const DEFAULT_PAGE_SIZE = 50;
/** A token request is a short form; anything longer is not one. */
const MAX_FORM_BYTES = 16_384;
const CREATED = '2026-03-02T09:00:00.000Z';
const UPDATED = '2026-10-15T14:30:00.000Z';

export interface RestApiDeps {
  keys: HostKeys;
  now: () => number;
  /** How long an access token lasts; Sigma's hour unless a test wants less. */
  tokenSeconds?: number;
}

export interface RestReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

class RestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  try {
    return new URLSearchParams(await readBody(req, MAX_FORM_BYTES));
  } catch (error) {
    if (error instanceof BodyTooLarge) throw new RestError(413, 'payload_too_large', `A token request is a short form, at most ${MAX_FORM_BYTES} bytes.`);
    throw error;
  }
}

/** Client credentials from HTTP Basic auth, or from form fields as the quickstart sends them. */
function clientCredentials(req: IncomingMessage, form: URLSearchParams): { clientId: string; secret: string } | undefined {
  const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (basic) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon < 0 ? undefined : { clientId: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
  }
  const clientId = form.get('client_id');
  const secret = form.get('client_secret');
  return clientId && secret ? { clientId, secret } : undefined;
}

/** One page of a list, the way Sigma pages: `limit`, and an opaque `page` from the last `nextPage`. */
function paginate<T>(all: T[], query: URLSearchParams): { entries: T[]; nextPage: string | null; total: number; hasMore: boolean } {
  const limitText = query.get('limit');
  const limit = limitText === null ? DEFAULT_PAGE_SIZE : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new RestError(400, 'bad_request', `limit must be a whole number from 1 to ${MAX_PAGE_SIZE}.`);
  }
  const page = query.get('page');
  const offset =
    page === null
      ? 0
      : Number(
          Buffer.from(page, 'base64url')
            .toString('utf8')
            .replace(/^offset:/, '') || NaN,
        );
  if (!Number.isInteger(offset) || offset < 0) throw new RestError(400, 'bad_request', 'page must be a nextPage value from an earlier response.');
  const end = offset + limit;
  const nextPage = end < all.length ? Buffer.from(`offset:${end}`).toString('base64url') : null;
  return { entries: all.slice(offset, end), nextPage, total: all.length, hasMore: nextPage !== null };
}

function workbookEntry(workbook: DemoWorkbook, origin: string) {
  return {
    workbookId: workbook.workbookId,
    workbookUrlId: workbook.workbookUrlId,
    name: workbook.name,
    // As Sigma gives it: the url id alone, no name (sigma-embed.md §3).
    url: `${origin}/${DEMO_ORG}/workbook/${workbook.workbookUrlId}`,
    path: 'Shared/Demo',
    latestVersion: 3,
    ownerId: 'mem-grace',
    createdBy: 'mem-grace',
    updatedBy: 'mem-grace',
    createdAt: CREATED,
    updatedAt: UPDATED,
    isArchived: false,
    tags: workbook.tags.map((name) => ({
      versionTagId: stableUuid(`${workbook.workbookId}/${name}`),
      name,
      sourceWorkbookVersion: 3,
      taggedWorkbookId: workbook.workbookId,
      workbookTaggedAt: UPDATED,
    })),
  };
}

/** A UUID-shaped id that is the same every run, so tags keep their ids. */
function stableUuid(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Sigma takes the workbook's UUID; the quickstart passes the short url id, so that works too. */
function findWorkbookById(id: string): DemoWorkbook {
  const workbook = DEMO_WORKBOOKS.find((w) => w.workbookId === id || w.workbookUrlId === id);
  if (!workbook) throw new RestError(404, 'not_found', `Workbook ${id} not found.`);
  return workbook;
}

export function createRestApi(deps: RestApiDeps) {
  const seconds = deps.tokenSeconds ?? TOKEN_SECONDS;
  type Grant = { clientId: string; expiresAt: number };
  const accessTokens = new Map<string, Grant>();
  const refreshTokens = new Map<string, Grant>();

  async function knownClient(clientId: string, secret: string, origin: string): Promise<boolean> {
    return (await deps.keys.apiSecrets(clientId, origin)).some((stored) => sameCredential(secret, stored));
  }

  function issue(clientId: string) {
    const now = deps.now();
    // Expired grants go as new ones come, so the maps stay as small as the live grants.
    for (const grants of [accessTokens, refreshTokens]) for (const [key, grant] of grants) if (grant.expiresAt <= now) grants.delete(key);
    const access = randomBytes(32).toString('base64url');
    const refresh = randomBytes(32).toString('base64url');
    accessTokens.set(access, { clientId, expiresAt: now + seconds * 1000 });
    refreshTokens.set(refresh, { clientId, expiresAt: now + REFRESH_SECONDS * 1000 });
    return { access_token: access, refresh_token: refresh, token_type: 'bearer', expires_in: seconds };
  }

  async function token(req: IncomingMessage, origin: string) {
    const form = await readForm(req);
    const grant = form.get('grant_type');
    if (grant !== 'client_credentials' && grant !== 'refresh_token') {
      throw new RestError(400, 'bad_request', 'grant_type must be client_credentials or refresh_token.');
    }
    // The client authenticates for both grants, as OAuth has confidential clients do.
    const client = clientCredentials(req, form);
    if (!client || !(await knownClient(client.clientId, client.secret, origin))) {
      throw new RestError(401, 'unauthorized', 'Invalid client credentials.');
    }
    if (grant === 'refresh_token') {
      const refresh = form.get('refresh_token') ?? '';
      const granted = refreshTokens.get(refresh);
      // Each refresh token is used once, by the client it was issued to.
      refreshTokens.delete(refresh);
      if (!granted || granted.clientId !== client.clientId || granted.expiresAt <= deps.now()) {
        throw new RestError(401, 'unauthorized', 'Invalid refresh token.');
      }
    }
    return issue(client.clientId);
  }

  function authorize(req: IncomingMessage): void {
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const grant = bearer === undefined ? undefined : accessTokens.get(bearer);
    if (!grant || grant.expiresAt <= deps.now()) {
      if (bearer !== undefined) accessTokens.delete(bearer);
      throw new RestError(401, 'unauthorized', 'Unauthorized: the access token is missing, invalid or expired.');
    }
  }

  function resource(segments: string[], query: URLSearchParams, origin: string) {
    const [collection, id, sub, subId, leaf] = segments;
    if (collection === 'workbooks' && segments.length === 1)
      return paginate(
        DEMO_WORKBOOKS.map((w) => workbookEntry(w, origin)),
        query,
      );
    if (collection === 'workbooks' && sub === 'pages' && segments.length === 3) {
      return paginate(
        findWorkbookById(id).pages.map(({ pageId, name }) => ({ pageId, name })),
        query,
      );
    }
    if (collection === 'workbooks' && sub === 'pages' && leaf === 'elements' && segments.length === 5) {
      const page = findWorkbookById(id).pages.find((p) => p.pageId === subId);
      if (!page) throw new RestError(404, 'not_found', `Page ${subId} not found in workbook ${id}.`);
      return paginate(
        page.elements.map(({ elementId, name, type }) => ({ elementId, name, type })),
        query,
      );
    }
    if (collection === 'teams' && segments.length === 1) {
      const name = query.get('name');
      return paginate(
        DEMO_TEAMS.filter((t) => !name || t.name === name),
        query,
      );
    }
    if (collection === 'members' && segments.length === 1) {
      const search = (query.get('search') ?? '').toLowerCase();
      const matches = DEMO_MEMBERS.filter((m) => [m.email, m.firstName, m.lastName].some((field) => field.toLowerCase().includes(search)));
      return paginate(matches, query);
    }
    throw new RestError(404, 'not_found', 'Not found.');
  }

  /** Answers a request under /v2/; `origin` is the host's own, for the workbooks' URLs. */
  async function handle(req: IncomingMessage, origin: string): Promise<RestReply> {
    const url = new URL(req.url ?? '/', origin);
    const segments = url.pathname.split('/').filter(Boolean).slice(1);
    try {
      if (segments.join('/') === 'auth/token') {
        if (req.method !== 'POST') throw new RestError(405, 'method_not_allowed', 'Request a token with POST.');
        return { status: 200, body: await token(req, origin) };
      }
      if (req.method !== 'GET') throw new RestError(405, 'method_not_allowed', 'The demo org is read-only: GET only.');
      authorize(req);
      return { status: 200, body: resource(segments, url.searchParams, origin) };
    } catch (error) {
      if (!(error instanceof RestError)) throw error;
      return {
        status: error.status,
        body: { message: error.message, code: error.code, requestId: randomUUID() },
        ...(error.status === 401 && { headers: { 'www-authenticate': 'Bearer' } }),
      };
    }
  }

  return { handle };
}
