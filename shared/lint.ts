/**
 * Sigma's rules over a decoded token and its URL (sigma-embed.md §10), as findings with stable
 * codes. One table per subject, in the order Sigma checks, so the local embed host can refuse
 * with the first error the way Sigma would. Where the reference is uncertain, the finding is a
 * warning that says so. Pure: the clock is passed in.
 */
import { MAX_SESSION_SECONDS, SIGMA_AUDIENCE, TOKEN_VERSIONS, formatDuration, subProblem } from './claims';
import type { DecodedJwt } from './jwt';
import { describeFromNow } from './jwt';
import { excerpt } from './errors';
import type { EmbedUrl } from './target';

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
  | 'CLAIM_TYPE'
  | 'INTERNAL_USER_CLAIMS'
  // the embed URL
  | 'URL_INVALID'
  | 'URL_NOT_SIGMA_PATH'
  | 'URL_NO_JWT'
  | 'URL_NO_EMBED'
  | 'URL_OPTION_LEGACY'
  | 'URL_OPTION_UNKNOWN'
  | 'URL_OPTION_UNVERIFIED'
  | 'CONTROL_COMMA_ENCODED'
  // what was pasted
  | 'INPUT_EMPTY'
  | 'TOKEN_MALFORMED'
  // the signature, against the stored secrets
  | 'SIGNATURE_INVALID'
  | 'SIGNATURE_UNCHECKED'
  | 'KID_UNKNOWN'
  | 'KID_NOT_SIGNER'
  // the jti ledger
  | 'JTI_SEEN'
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
/** Seen in Sigma's samples or sandbox but not documented for JWT URLs (§4.2). */
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
  ':enable_inbound_events',
  ':enable_outbound_events',
  ':show_footer',
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
  ':use_user_name',
  ':first_name',
  ':last_name',
];

const isString = (v: unknown): v is string => typeof v === 'string';
/** A claim's value as a message quotes it: JSON, one line, cut short. */
const shown = (value: unknown) => excerpt(JSON.stringify(value) ?? String(value), 80);
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Legacy user attributes were URL parameters named :ua_<attribute>. */
const isLegacy = (key: string) => LEGACY_OPTIONS.includes(key) || key.startsWith(':ua_');
const isUnverified = (key: string) => UNVERIFIED_OPTIONS.includes(key);
const isUnknown = (key: string) => !SUPPORTED_OPTIONS.includes(key) && !isLegacy(key) && !isUnverified(key);

/** A warning that lists the URL's options of one kind. */
function optionsWarning(embed: EmbedUrl, kind: (key: string) => boolean, say: (keys: string) => string): string | undefined {
  const keys = Object.keys(embed.options).filter(kind);
  return keys.length ? say(keys.join(', ')) : undefined;
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
      u.embed === 'true' ? undefined : `The URL needs :embed=true${u.embed === undefined ? '' : ` (it has :embed=${u.embed})`}; add &:embed=true.`,
  },
  {
    code: 'URL_OPTION_LEGACY',
    severity: 'warning',
    path: 'url.options',
    check: (u) =>
      optionsWarning(
        u,
        isLegacy,
        (keys) => `${keys}: parameters of the legacy signed-URL embeds; with a JWT, send users, teams and attributes as claims instead.`,
      ),
  },
  {
    code: 'URL_OPTION_UNVERIFIED',
    severity: 'warning',
    path: 'url.options',
    check: (u) =>
      optionsWarning(
        u,
        isUnverified,
        (keys) => `${keys}: seen in Sigma's samples but not in its list of JWT URL options [uncertain]; check that it has an effect.`,
      ),
  },
  {
    code: 'URL_OPTION_UNKNOWN',
    severity: 'warning',
    path: 'url.options',
    check: (u) =>
      optionsWarning(u, isUnknown, (keys) => `${keys}: not a Sigma URL option; Sigma may refuse the URL (EINVAL). Supported: ${SUPPORTED_OPTIONS.join(', ')}.`),
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
      for (const name of ['account_type', 'first_name', 'last_name', 'eval_connection_id', 'iss']) {
        if (payload[name] !== undefined && !isString(payload[name])) wrong.push(`${name} must be a string`);
      }
      const { teams, user_attributes: attributes } = payload;
      if (teams !== undefined && !(Array.isArray(teams) && teams.every(isString))) wrong.push('teams must be an array of strings');
      if (
        attributes !== undefined &&
        !(typeof attributes === 'object' && attributes !== null && !Array.isArray(attributes) && Object.values(attributes).every(isString))
      ) {
        wrong.push('user_attributes must be an object of string values');
      }
      return wrong.length ? `Claims of the wrong type: ${wrong.join('; ')}.` : undefined;
    },
  },
  {
    code: 'ISS_NOT_KID',
    severity: 'warning',
    path: 'payload.iss',
    check: ({ header, payload }) =>
      payload.iss !== undefined && payload.iss !== header.kid
        ? `iss (${shown(payload.iss)}) differs from kid (${shown(header.kid)}); Sigma expects iss to be the embed client id, if present.`
        : undefined,
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
