/**
 * Sigma's rules over a decoded token and its URL (sigma-embed.md §10), as findings with stable
 * codes. One table per subject, in the order Sigma checks, so the local embed host can refuse
 * with the first error the way Sigma would. Where the reference is uncertain, the finding is a
 * warning or a note that says so. Pure: the clock is passed in.
 */
import { MAX_SESSION_SECONDS, SIGMA_AUDIENCE, TOKEN_VERSIONS, formatDuration, isEncryptedOAuthToken, subProblem } from './claims';
import type { DecodedJwt } from './jwt';
import { describeFromNow } from './jwt';
import { excerpt } from './errors';
import { DATA_MODEL_SHAPE, type EmbedUrl } from './target';

export type Severity = 'error' | 'warning' | 'info';

/**
 * Every finding's code, stable for scripts (`inspect --json`): the rules below, the reading of a
 * pasted token (shared/inspect.ts), the signature check (main/core/verifier.ts) and the jti
 * ledger (main/core/inspector.ts). One list, so a new code is added here or not at all.
 */
export type FindingCode =
  // the token's header and claims
  | 'ALG_NOT_HS256'
  | 'KID_MISSING'
  | 'SUB_MISSING'
  | 'SUB_INVALID'
  | 'JTI_MISSING'
  | 'IAT_MISSING'
  | 'IAT_IN_FUTURE'
  | 'EXP_MISSING'
  | 'EXP_BEFORE_IAT'
  | 'EXPIRED'
  | 'SESSION_TOO_LONG'
  | 'ISS_NOT_KID'
  | 'VER_INVALID'
  | 'AUD_INVALID'
  | 'OAUTH_WITHOUT_V11'
  | 'OAUTH_TOKEN_PLAINTEXT'
  | 'CLAIM_TYPE'
  | 'TENANT_UNCERTAIN'
  | 'INTERNAL_USER_CLAIMS'
  // the embed URL
  | 'URL_INVALID'
  | 'URL_NOT_SIGMA_PATH'
  | 'URL_NO_JWT'
  | 'URL_NO_EMBED'
  | 'URL_OPTION_LEGACY'
  | 'URL_OPTION_UNKNOWN'
  | 'URL_OPTION_UNVERIFIED'
  | 'URL_BOOKMARK_AND_EXPLORE'
  | 'CONTROL_COMMA_ENCODED'
  | 'DATA_MODEL_URL_UNCERTAIN'
  // what was pasted
  | 'INPUT_EMPTY'
  | 'TOKEN_MALFORMED'
  // the signature, against the stored secrets
  | 'SIGNATURE_INVALID'
  | 'SIGNATURE_UNCHECKED'
  | 'KID_UNKNOWN'
  | 'KID_NOT_SIGNER'
  // OAuth tokens, with the signer's secret (main/core/oauth-token.ts)
  | 'OAUTH_TOKEN_UNDECRYPTABLE'
  // the jti ledger
  | 'JTI_SEEN'
  /** Signed or inspected here before, never loaded as far as the ledgers know: information, not a warning. */
  | 'JTI_KNOWN'
  | 'LEDGER_UNAVAILABLE';

export interface Finding {
  code: FindingCode;
  severity: Severity;
  message: string;
  /** Where the problem is: "header.alg", "payload.exp", "url.:embed". */
  path: string;
}

/** Sigma's alg rule: optional, but HS256 when present. */
export const isAcceptedAlg = (alg: unknown): boolean => alg === undefined || alg === 'HS256';

export const NO_JWT = 'The URL has no :jwt parameter; Sigma reads the signed token from ?:jwt=<token>.';

/** A finding made outside the rule tables (the inspector's, the verifier's). */
export function finding(code: FindingCode, severity: Severity, path: string, message: string): Finding {
  return { code, severity, message, path };
}

interface Rule<T> {
  code: FindingCode;
  severity: Severity;
  path: string;
  /** The message when the rule is broken, else undefined. */
  check: (subject: T) => string | undefined;
}

/** URL options Sigma documents for JWT-signed URLs (§4.1). */
export const SUPPORTED_OPTIONS = [
  ':hide_bookmarks',
  ':hide_folder_navigation',
  ':hide_menu',
  ':hide_tooltip',
  ':lng',
  ':lng_variant',
  ':menu_position',
  ':responsive_height',
  ':theme',
];
/**
 * Seen in Sigma's own samples or sandbox but not in its list for JWT URLs (§4.2): known, with a
 * note. Anything in none of these lists is unknown, which Sigma refuses (EINVAL).
 */
export const UNVERIFIED_OPTIONS = [
  ':disable_mobile_view',
  ':disable_auto_refresh',
  ':hide_page_controls',
  ':hide_reload_button',
  ':hide_title',
  ':hide_view_select',
  ':view_id',
  ':bookmark',
  ':explore',
];
/** Parameters of the legacy signed-URL embeds (§4.3), which a JWT URL does not use. */
export const LEGACY_OPTIONS = [
  ':nonce',
  ':client_id',
  ':email',
  ':external_user_id',
  ':external_user_team',
  ':account_type',
  ':mode',
  ':session_length',
  ':time',
  ':signature',
  ':hide_schedule',
  ':hide_send',
  ':hide_sheet_interactions',
  ':hide_workbook_name',
  ':hide_run_as_recipient',
  ':loading_bg',
  ':loading_text',
  ':show_footer',
  ':use_user_name',
  ':first_name',
  ':last_name',
];

const isString = (v: unknown): v is string => typeof v === 'string';
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** The OAuth token claims, by name: oauth_token, and each of connection_oauth_tokens. */
const oauthValues = (payload: Record<string, unknown>): Array<[string, unknown]> => [
  ...(payload.oauth_token === undefined ? [] : [['oauth_token', payload.oauth_token] as [string, unknown]]),
  ...(isObject(payload.connection_oauth_tokens)
    ? Object.entries(payload.connection_oauth_tokens).map(([id, value]): [string, unknown] => [`connection_oauth_tokens.${id}`, value])
    : []),
];
/** A claim's value as a message quotes it: JSON, one line, cut short. */
const shown = (value: unknown) => excerpt(JSON.stringify(value) ?? String(value), 80);
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Legacy user attributes were URL parameters named :ua_<attribute>. */
const isLegacy = (key: string) => LEGACY_OPTIONS.includes(key) || key.startsWith(':ua_');
const isUnverified = (key: string) => UNVERIFIED_OPTIONS.includes(key);
const isUnknown = (key: string) => !SUPPORTED_OPTIONS.includes(key) && !isLegacy(key) && !isUnverified(key);

/** A message that lists the URL's options of one kind. */
function optionsMessage(embed: EmbedUrl, kind: (key: string) => boolean, say: (keys: string) => string): string | undefined {
  const keys = Object.keys(embed.options).filter(kind);
  return keys.length ? say(keys.map((key) => excerpt(key, 60)).join(', ')) : undefined;
}

const urlRules: Array<Rule<EmbedUrl>> = [
  {
    code: 'URL_NO_JWT',
    severity: 'error',
    path: 'url.:jwt',
    check: (u) => (u.jwt ? undefined : NO_JWT),
  },
  {
    code: 'URL_NO_EMBED',
    severity: 'error',
    path: 'url.:embed',
    check: (u) =>
      u.embed === 'true' ? undefined : `The URL needs :embed=true${u.embed === undefined ? '' : ` (it has :embed=${excerpt(u.embed, 80)})`}; add &:embed=true.`,
  },
  {
    code: 'URL_OPTION_LEGACY',
    severity: 'warning',
    path: 'url.options',
    check: (u) =>
      optionsMessage(
        u,
        isLegacy,
        (keys) =>
          `${keys}: parameters of the legacy signed-URL embeds, which Sigma deprecated on August 4, 2025; embed with a JWT, and send users, teams and attributes as its claims instead.`,
      ),
  },
  {
    code: 'URL_OPTION_UNKNOWN',
    severity: 'error',
    path: 'url.options',
    check: (u) =>
      optionsMessage(
        u,
        isUnknown,
        (keys) =>
          `${keys}: not a Sigma URL option, and Sigma refuses a URL with an unknown parameter (EINVAL); remove it. Documented: ${SUPPORTED_OPTIONS.join(', ')}; in Sigma's samples: ${UNVERIFIED_OPTIONS.join(', ')}.`,
      ),
  },
  {
    code: 'URL_OPTION_UNVERIFIED',
    severity: 'info',
    path: 'url.options',
    check: (u) =>
      optionsMessage(
        u,
        isUnverified,
        (keys) => `${keys}: documented only in Sigma's samples, not in its list of JWT URL options [uncertain]; check that it has an effect.`,
      ),
  },
  {
    code: 'URL_BOOKMARK_AND_EXPLORE',
    severity: 'warning',
    path: 'url.options',
    check: (u) =>
      u.options[':bookmark'] !== undefined && u.options[':explore'] !== undefined
        ? ":bookmark and :explore are both set; the bookmark wins (as in Sigma's samples) and :explore is ignored. Keep one."
        : undefined,
  },
  {
    code: 'DATA_MODEL_URL_UNCERTAIN',
    severity: 'info',
    path: 'url',
    check: (u) =>
      u.target.document === 'data-model'
        ? `A data model: Sigma's docs list data models as embeddable, tagged versions included, but not their URL syntax [uncertain]; this reads it like a workbook's (${DATA_MODEL_SHAPE}). Copy the URL from the published data model to be sure.`
        : undefined,
  },
];

interface TokenSubject {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  now: number;
}

const claim = (name: string, check: (value: unknown, t: TokenSubject) => string | undefined) => (t: TokenSubject) => check(t.payload[name], t);

const tokenRules: Array<Rule<TokenSubject>> = [
  {
    code: 'ALG_NOT_HS256',
    severity: 'error',
    path: 'header.alg',
    check: ({ header }) =>
      isAcceptedAlg(header.alg) ? undefined : `The token is signed with ${shown(header.alg)}; Sigma accepts only HS256, signed with the embed secret.`,
  },
  {
    code: 'KID_MISSING',
    severity: 'error',
    path: 'header.kid',
    check: ({ header }) =>
      isString(header.kid) && header.kid ? undefined : 'The header has no kid; set it to the embed client id (jsonwebtoken: the keyid option).',
  },
  {
    code: 'SUB_MISSING',
    severity: 'error',
    path: 'payload.sub',
    check: claim('sub', (v) => (isString(v) && v.trim() ? undefined : 'sub is missing; set it to the email of the user to sign in.')),
  },
  {
    code: 'JTI_MISSING',
    severity: 'error',
    path: 'payload.jti',
    check: claim('jti', (v) => (isString(v) && v ? undefined : 'jti is missing; give every token a fresh unique id (a UUID).')),
  },
  {
    code: 'IAT_MISSING',
    severity: 'error',
    path: 'payload.iat',
    check: claim('iat', (v) => (isNumber(v) ? undefined : 'iat is missing or not a number; set it to the signing time in seconds since 1970.')),
  },
  {
    code: 'EXP_MISSING',
    severity: 'error',
    path: 'payload.exp',
    check: claim('exp', (v) => (isNumber(v) ? undefined : 'exp is missing or not a number; set it to iat plus the session length in seconds.')),
  },
  {
    code: 'EXP_BEFORE_IAT',
    severity: 'error',
    path: 'payload.exp',
    check: ({ payload: { iat, exp } }) => (isNumber(iat) && isNumber(exp) && exp <= iat ? 'exp is not after iat; the session has no time to run.' : undefined),
  },
  {
    code: 'SESSION_TOO_LONG',
    severity: 'error',
    path: 'payload.exp',
    check: ({ payload: { iat, exp } }) =>
      isNumber(iat) && isNumber(exp) && exp - iat > MAX_SESSION_SECONDS
        ? `exp - iat is ${formatDuration(exp - iat)}, over Sigma's 30-day limit; use a session of at most ${MAX_SESSION_SECONDS} seconds.`
        : undefined,
  },
  {
    code: 'VER_INVALID',
    severity: 'error',
    path: 'payload.ver',
    check: claim('ver', (v) =>
      v === undefined || (TOKEN_VERSIONS as readonly unknown[]).includes(v) ? undefined : `ver is ${shown(v)}; Sigma accepts "1.0" or "1.1".`,
    ),
  },
  {
    code: 'AUD_INVALID',
    severity: 'error',
    path: 'payload.aud',
    check: ({ payload: { ver, aud } }) =>
      ver === '1.1' && aud !== SIGMA_AUDIENCE ? `ver "1.1" requires aud "${SIGMA_AUDIENCE}"; it is ${shown(aud)}.` : undefined,
  },
  {
    code: 'OAUTH_WITHOUT_V11',
    severity: 'error',
    path: 'payload.ver',
    check: ({ payload }) =>
      payload.ver !== '1.1' && (payload.oauth_token !== undefined || payload.connection_oauth_tokens !== undefined)
        ? 'oauth_token and connection_oauth_tokens are accepted only with ver "1.1"; add ver "1.1" and aud "sigmacomputing".'
        : undefined,
  },
  {
    code: 'OAUTH_TOKEN_PLAINTEXT',
    severity: 'error',
    path: 'payload',
    check: ({ payload }) => {
      const plain = oauthValues(payload)
        .filter(([, value]) => isString(value) && !isEncryptedOAuthToken(value))
        .map(([name]) => name);
      return plain.length
        ? `${plain.join(', ')} ${plain.length === 1 ? 'is' : 'are'} not encrypted: Sigma takes OAuth tokens only encrypted with the embed secret (salt.iv.tag.ciphertext, as Sigma's node-embed-sdk encrypt() writes them); encrypt ${plain.length === 1 ? 'it' : 'them'}, or sign with Embed Console's OAuth token field.`
        : undefined;
    },
  },
  {
    code: 'SUB_INVALID',
    severity: 'error',
    path: 'payload.sub',
    check: claim('sub', (v) => (isString(v) && v.trim() ? subProblem(v) : undefined)),
  },
  {
    code: 'CLAIM_TYPE',
    severity: 'error',
    path: 'payload',
    check: ({ payload }) => {
      const wrong: string[] = [];
      for (const name of ['account_type', 'first_name', 'last_name', 'eval_connection_id', 'iss', 'oauth_token', 'tenant']) {
        if (payload[name] !== undefined && !isString(payload[name])) wrong.push(`${name} must be a string`);
      }
      const { teams, user_attributes: attributes, connection_oauth_tokens: connections } = payload;
      if (teams !== undefined && !(Array.isArray(teams) && teams.every(isString))) wrong.push('teams must be an array of strings');
      if (attributes !== undefined && !(isObject(attributes) && Object.values(attributes).every(isString))) {
        wrong.push('user_attributes must be an object of string values');
      }
      if (connections !== undefined && !(isObject(connections) && Object.values(connections).every(isString))) {
        wrong.push('connection_oauth_tokens must be an object of connection id to encrypted token');
      }
      return wrong.length ? `Claims of the wrong type: ${wrong.join('; ')}.` : undefined;
    },
  },
  {
    code: 'ISS_NOT_KID',
    severity: 'error',
    path: 'payload.iss',
    check: ({ header, payload }) => {
      if (payload.iss === undefined || payload.iss === header.kid) return undefined;
      return isString(header.kid) && header.kid
        ? `iss (${shown(payload.iss)}) differs from kid (${shown(header.kid)}); Sigma requires iss, when present, to be the embed client id: set it to the kid, or leave it out.`
        : `iss is ${shown(payload.iss)}, and there is no kid to match it; Sigma requires iss, when present, to be the embed client id: set kid and iss to it.`;
    },
  },
  {
    code: 'TENANT_UNCERTAIN',
    severity: 'info',
    path: 'payload.tenant',
    check: claim('tenant', (v) =>
      isString(v)
        ? `tenant ${shown(v)}: Sigma lists this claim without describing it [uncertain]; it is probably the organization id of a tenant org, as in Sigma's token-exchange API.`
        : undefined,
    ),
  },
  {
    code: 'IAT_IN_FUTURE',
    severity: 'warning',
    path: 'payload.iat',
    check: ({ payload: { iat }, now }) =>
      isNumber(iat) && iat * 1000 > now + 60_000
        ? `iat is ${describeFromNow(iat, now)}: the signing clock runs ahead. Sigma's tolerance is undocumented [uncertain]; sync the clock.`
        : undefined,
  },
  {
    code: 'EXPIRED',
    severity: 'error',
    path: 'payload.exp',
    check: ({ payload: { exp }, now }) =>
      isNumber(exp) && exp * 1000 <= now ? `The token expired ${describeFromNow(exp, now)}; sign a new one (Sigma shows "Session expired").` : undefined,
  },
];

/** Rules on the URL's query as written, before decoding hides how it was encoded. */
const queryRules: Array<Rule<string>> = [
  {
    code: 'CONTROL_COMMA_ENCODED',
    severity: 'warning',
    path: 'url.controls',
    check: (query) => {
      const ids = query
        .replace(/^\?/, '')
        .split('&')
        .map((pair) => [pair.slice(0, Math.max(0, pair.indexOf('='))), pair.slice(pair.indexOf('=') + 1)])
        .filter(([id, value]) => id && !id.startsWith(':') && /%2C/i.test(value))
        .map(([id]) => {
          try {
            return decodeURIComponent(id);
          } catch {
            return id;
          }
        });
      return ids.length
        ? `${ids.join(', ')}: a comma is encoded as %2C, so Sigma reads one value containing a comma; separate several values with plain commas.`
        : undefined;
    },
  },
];

function run<T>(rules: Array<Rule<T>>, subject: T): Finding[] {
  return rules.flatMap(({ code, severity, path, check }) => {
    const message = check(subject);
    return message ? [{ code, severity, message, path }] : [];
  });
}

/** The findings on an embed URL's parameters, in Sigma's order. */
export function lintUrl(embed: EmbedUrl): Finding[] {
  return run(urlRules, embed);
}

/** The findings on URL options alone: what Craft's option editor says before anything is signed. */
export function lintOptions(options: Record<string, string>): Finding[] {
  const signed: EmbedUrl = { target: { origin: '', org: '', kind: 'workbook' }, options, controls: {}, jwt: '-', embed: 'true' };
  return lintUrl(signed).filter((f) => f.path === 'url.options');
}

/** The findings on a URL's query string as written (e.g. "?:jwt=...&Region=East%2CWest"). */
export function lintQuery(query: string): Finding[] {
  return run(queryRules, query);
}

/** Errors first, then warnings, then notes; the order within each kept. */
export function bySeverity(findings: Finding[]): Finding[] {
  const rank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
  return [...findings].sort((a, b) => rank[a.severity] - rank[b.severity]);
}

/** The findings on a decoded token at a given time, in Sigma's order. */
export function lintToken(token: Pick<DecodedJwt, 'header' | 'payload'>, now: number): Finding[] {
  return run(tokenRules, { ...token, now });
}
