/**
 * A client of Sigma's REST API (sigma-embed.md §7) for one profile's credentials: an access
 * token from the client credentials, kept in memory only until it expires and renewed when
 * Sigma refuses it; every page of a listing; and Sigma's errors as coded messages that say
 * what to fix. Neither the secret nor a token ever goes into a message.
 */
import * as z from 'zod/mini';
import { EmbedConsoleError, excerpt, type ErrorCode } from '../../shared/errors';
import { MAX_LISTING, MAX_PAGE_SIZE, type Listing } from '../../shared/sigma-rest';

const TIMEOUT_MS = 15_000;
const STALE_CONNECTION = new Set(['UND_ERR_SOCKET', 'ECONNRESET']);
const causeOf = (error: unknown) => (error as { cause?: { code?: string; message?: string } }).cause;

export interface SigmaApiOptions {
  /** The API base of the org's cloud, e.g. https://aws-api.sigmacomputing.com */
  baseUrl: string;
  clientId: string;
  /** Asked each time a token is requested: the secret stays in the keychain in between. */
  secret: () => Promise<string>;
  /** Names the credentials in messages, e.g. 'profile "acme"'. */
  label: string;
  now?: () => number;
  fetch?: typeof fetch;
  /** Entries per request; Sigma's maximum unless a test wants more pages. */
  pageSize?: number;
}

const tokenResponse = z.object({
  access_token: z.string().check(z.minLength(1)),
  refresh_token: z.optional(z.string()),
  expires_in: z.optional(z.number()),
});
const pageResponse = z.object({ entries: z.array(z.unknown()), nextPage: z.optional(z.nullable(z.string())) });
const sigmaError = z.object({ message: z.optional(z.string()), code: z.optional(z.string()), requestId: z.optional(z.string()) });

interface AccessToken {
  access: string;
  refresh?: string;
  expiresAt: number;
}

/** "https://api.sigmacomputing.com/v2/" and "https://api.sigmacomputing.com" are one base. */
export function normalizeApiBase(baseUrl: string): string {
  return baseUrl.trim().replace(/\/+$/, '').replace(/\/v2$/, '');
}

export class SigmaApiClient {
  private readonly base: string;
  private readonly now: () => number;
  private readonly fetch: typeof fetch;
  private token?: AccessToken;
  /** A token request under way: concurrent calls wait for it rather than ask again. */
  private pending?: Promise<AccessToken>;

  constructor(private readonly options: SigmaApiOptions) {
    this.base = normalizeApiBase(options.baseUrl);
    this.now = options.now ?? Date.now;
    this.fetch = options.fetch ?? fetch;
  }

  /** Every entry of a paginated listing (up to `max`), each checked against `schema`. */
  async list<T>(path: string, schema: z.ZodMiniType<T>, what: string, query: Record<string, string> = {}, max = MAX_LISTING): Promise<Listing<T>> {
    const limit = Math.min(this.options.pageSize ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE);
    const entries: T[] = [];
    let page: string | null | undefined;
    do {
      const body = await this.get(path, { ...query, limit: String(limit), ...(page && { page }) }, what);
      const parsed = pageResponse.safeParse(body);
      if (!parsed.success) throw this.unexpected(what, 'it is not a list of entries');
      for (const entry of parsed.data.entries) {
        const checked = schema.safeParse(entry);
        if (!checked.success) throw this.unexpected(what, `an entry lacks ${checked.error.issues[0].path.join('.') || 'its fields'}`);
        entries.push(checked.data);
      }
      // A page with nothing on it cannot lead anywhere new: stop rather than loop.
      page = parsed.data.entries.length ? parsed.data.nextPage : null;
    } while (page && entries.length < max);
    return { entries: entries.slice(0, max), complete: !page && entries.length <= max };
  }

  /** A GET with the access token, renewed once if Sigma refuses it. */
  private async get(path: string, query: Record<string, string>, what: string): Promise<unknown> {
    const url = `${this.base}/v2/${path}?${new URLSearchParams(query)}`;
    const send = (token: string) => this.send(url, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
    let token = await this.accessToken();
    let response = await send(token.access);
    if (response.status === 401) {
      // The refusal's body is not needed: let its connection go back to the pool.
      await response.body?.cancel();
      token = await this.renew(token);
      response = await send(token.access);
    }
    return this.read(response, what, 'resource', [token.access]);
  }

  private accessToken(): Promise<AccessToken> {
    if (this.token && this.token.expiresAt > this.now()) return Promise.resolve(this.token);
    return this.request(() => this.grant({ grant_type: 'client_credentials' }));
  }

  /** After a 401: the refresh token if there is one, else (or if Sigma refuses it) the credentials again. */
  private renew(refused: AccessToken): Promise<AccessToken> {
    // Another call may have renewed it meanwhile.
    if (this.token && this.token !== refused) return Promise.resolve(this.token);
    this.token = undefined;
    const credentials = () => this.grant({ grant_type: 'client_credentials' });
    if (!refused.refresh) return this.request(credentials);
    const refresh = refused.refresh;
    return this.request(() =>
      this.grant({ grant_type: 'refresh_token', refresh_token: refresh }).catch((error: unknown) => {
        if (error instanceof EmbedConsoleError && error.code === 'SIGMA_AUTH_FAILED') return credentials();
        throw error;
      }),
    );
  }

  private request(ask: () => Promise<AccessToken>): Promise<AccessToken> {
    this.pending ??= ask()
      .then((token) => (this.token = token))
      .finally(() => (this.pending = undefined));
    return this.pending;
  }

  private async grant(fields: Record<string, string>): Promise<AccessToken> {
    const secret = await this.options.secret();
    const basic = Buffer.from(`${this.options.clientId}:${secret}`).toString('base64');
    const response = await this.send(`${this.base}/v2/auth/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(fields).toString(),
    });
    const sent = [basic, secret, ...(fields.refresh_token ? [fields.refresh_token] : [])];
    const parsed = tokenResponse.safeParse(await this.read(response, 'get an access token', 'token', sent));
    if (!parsed.success) throw this.unexpected('get an access token', 'it carries no access_token');
    const seconds = parsed.data.expires_in ?? 3600;
    // Renewed a little early, so a token never expires on its way to Sigma.
    const expiresAt = this.now() + Math.max(seconds - 60, seconds / 2) * 1000;
    return { access: parsed.data.access_token, refresh: parsed.data.refresh_token, expiresAt };
  }

  private async send(url: string, init: RequestInit, retried = false): Promise<Response> {
    try {
      return await this.fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (error) {
      // A kept-alive connection the server has closed meanwhile: a new one is worth one try.
      if (!retried && STALE_CONNECTION.has(causeOf(error)?.code ?? '')) return this.send(url, init, true);
      throw this.unreachable(error);
    }
  }

  /** The network failed on the way there or back (the timeout covers reading the answer too). */
  private unreachable(error: unknown): EmbedConsoleError {
    const cause = causeOf(error);
    const why =
      (error as Error).name === 'TimeoutError' ? `no answer within ${TIMEOUT_MS / 1000} s` : (cause?.code ?? cause?.message ?? (error as Error).message);
    return new EmbedConsoleError(
      'SIGMA_UNREACHABLE',
      `Cannot reach Sigma's API at ${this.base} (${why}). Check the network connection (and any proxy), and that ${this.options.label} has the right API base URL.`,
    );
  }

  /** The JSON of a success, or the error Sigma's answer means, named for what was being done. */
  /** `sent`: the credentials the request carried, which no message may quote back. */
  private async read(response: Response, what: string, endpoint: 'token' | 'resource', sent: string[]): Promise<unknown> {
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw this.unreachable(error);
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      const type = response.headers.get('content-type')?.split(';')[0];
      if (response.ok) throw this.unexpected(what, type ? `it is ${type}, not JSON` : 'it is not JSON');
    }
    if (response.ok) return body;
    throw this.failure(response.status, body, what, endpoint, sent);
  }

  private failure(status: number, body: unknown, what: string, endpoint: 'token' | 'resource', sent: string[]): EmbedConsoleError {
    const said = sigmaError.safeParse(body);
    // A server that echoes the request (a proxy, a wrong base) would have the credentials printed.
    const quoted = said.success ? [said.data.message, said.data.requestId] : [];
    const echoes = sent.some((credential) => credential.length >= 4 && quoted.some((text) => text?.includes(credential)));
    const sigma =
      !said.success || !said.data.message
        ? ''
        : echoes
          ? " The answer quoted the credentials just sent, so it is not shown: check that the API base is Sigma's."
          : ` Sigma says: "${excerpt(said.data.message, 200)}"${said.data.requestId ? ` (request id ${excerpt(said.data.requestId, 64)})` : ''}.`;
    const fail = (code: ErrorCode, message: string) => new EmbedConsoleError(code, `${message}${sigma}`);
    const { label, clientId } = this.options;
    if (endpoint === 'token' && (status === 400 || status === 401)) {
      return fail(
        'SIGMA_AUTH_FAILED',
        `Sigma refused the REST API credentials of ${label} (client id ${excerpt(clientId, 80)}; HTTP ${status}). Check the client id and secret under Administration → Developer Access (they must be REST API credentials, and they work only at the API base shown there), and enter them again.`,
      );
    }
    if (endpoint === 'token' && status === 404) {
      return fail(
        'SIGMA_NOT_FOUND',
        `No Sigma REST API answers at ${this.base} (HTTP 404 for /v2/auth/token): ${label}'s API base URL is not the one of its org's cloud. Pick the region shown under Administration → Developer Access.${this.appHostHint(' ')}`,
      );
    }
    if (status === 401) {
      return fail(
        'SIGMA_AUTH_FAILED',
        `Sigma refused a fresh access token to ${what} (HTTP 401). Check that ${label}'s REST API credentials are still active under Administration → Developer Access.`,
      );
    }
    if (status === 403) {
      return fail(
        'SIGMA_FORBIDDEN',
        `Sigma does not let ${label}'s REST API credentials ${what} (HTTP 403). The credentials' owner needs that permission in Sigma (listing teams and members takes an admin).`,
      );
    }
    if (status === 404) {
      return fail(
        'SIGMA_NOT_FOUND',
        `Sigma found nothing to ${what} (HTTP 404): it may have been deleted or moved, or ${label}'s API base URL belongs to another region.`,
      );
    }
    return fail('SIGMA_ERROR', `Sigma's API failed to ${what} (HTTP ${status}).${status >= 500 ? " This is on Sigma's side; try again in a moment." : ''}`);
  }

  private unexpected(what: string, why: string): EmbedConsoleError {
    const check = this.appHostHint() || `Check ${this.options.label}'s API base URL.`;
    return new EmbedConsoleError('SIGMA_ERROR', `The answer from ${this.base} to ${what} is not Sigma's: ${why}. ${check}`);
  }

  /** The app host serves the app, not the API: the commonest wrong base. */
  private appHostHint(before = ''): string {
    return /^https?:\/\/app\./.test(this.base)
      ? `${before}${this.base} is Sigma's app; the API base is another host (e.g. https://api.sigmacomputing.com).`
      : '';
  }
}
