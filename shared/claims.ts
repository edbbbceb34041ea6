/**
 * The claim model of a Sigma embed token and Sigma's rules for it (sigma-embed.md §2). Every
 * Sigma limit lives here once; the CLI, the service and the UI all ask this module.
 * Pure: the clock and the jti are passed in.
 */
import { EmbedConsoleError, excerpt } from './errors';

/** exp - iat may not exceed 30 days. */
export const MAX_SESSION_SECONDS = 2_592_000;
export const DEFAULT_SESSION_SECONDS = 3600;
export const SIGMA_AUDIENCE = 'sigmacomputing';
export const TOKEN_VERSIONS = ['1.0', '1.1'] as const;
export type TokenVersion = (typeof TOKEN_VERSIONS)[number];

/** What a person fills in. Names are camelCase here and snake_case in the token. */
export interface ClaimsInput {
  sub: string;
  /** A user with a real Sigma account: Sigma refuses the external-user claims for them. */
  internal?: boolean;
  accountType?: string;
  teams?: string[];
  firstName?: string;
  lastName?: string;
  userAttributes?: Record<string, string>;
  evalConnectionId?: string;
  /** Seconds from iat to exp. */
  sessionLength?: number;
  ver?: TokenVersion;
}

export type ClaimField = keyof ClaimsInput;

export interface SigmaPayload {
  sub: string;
  iss: string;
  jti: string;
  iat: number;
  exp: number;
  ver?: TokenVersion;
  aud?: typeof SIGMA_AUDIENCE;
  account_type?: string;
  teams?: string[];
  first_name?: string;
  last_name?: string;
  user_attributes?: Record<string, string>;
  eval_connection_id?: string;
  /** Encrypted with the embed secret (main/core/oauth-token.ts); ver "1.1" only. */
  oauth_token?: string;
  /** Connection id -> OAuth token, each encrypted like oauth_token. */
  connection_oauth_tokens?: Record<string, string>;
  /**
   * Listed on Sigma's claims page with no description [uncertain]; Sigma's token-exchange API
   * uses `tenant` for a tenant org's id, so probably that. Accepted as a string, never set here.
   */
  tenant?: string;
}

export interface ClaimIssue {
  field: ClaimField;
  message: string;
}

/** Claims Sigma accepts only for embed (external) users, keyed by their input field. */
export const EXTERNAL_ONLY_CLAIMS = {
  accountType: 'account_type',
  teams: 'teams',
  firstName: 'first_name',
  lastName: 'last_name',
  userAttributes: 'user_attributes',
} as const satisfies Partial<Record<ClaimField, keyof SigmaPayload>>;

/**
 * Whether a value has the shape of an OAuth token encrypted by Sigma's SDK: salt.iv.tag.ciphertext,
 * each base64 (16, 12 and 16 bytes, then the ciphertext). Only the embed secret tells whether it
 * truly decrypts (main/core/oauth-token.ts); a value without this shape is a plaintext token.
 */
export function isEncryptedOAuthToken(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9+/]{22}(==)?\.[A-Za-z0-9+/]{16}\.[A-Za-z0-9+/]{22}(==)?\.[A-Za-z0-9+/]+={0,2}$/.test(value);
}

/** What a report shows in place of an OAuth token sent in plaintext: it is a credential, so it is not repeated. */
export const PLAINTEXT_HIDDEN = '(a plaintext OAuth token, not shown)';

/** The payload as a report shows it: OAuth tokens that are not encrypted replaced by PLAINTEXT_HIDDEN. */
export function hidePlaintextOAuth(payload: Record<string, unknown>): Record<string, unknown> {
  const hide = (value: unknown) => (typeof value === 'string' && !isEncryptedOAuthToken(value) ? PLAINTEXT_HIDDEN : value);
  const shown = { ...payload };
  if ('oauth_token' in shown) shown.oauth_token = hide(shown.oauth_token);
  const map = shown.connection_oauth_tokens;
  if (map && typeof map === 'object' && !Array.isArray(map)) {
    shown.connection_oauth_tokens = Object.fromEntries(Object.entries(map).map(([id, value]) => [id, hide(value)]));
  }
  return shown;
}

const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/** Why `sub` is not an address Sigma accepts, or undefined when it is. */
export function subProblem(sub: string): string | undefined {
  if (sub.trim() === '') return 'sub is required: the email address of the user the embed signs in.';
  const quoted = excerpt(sub, 80);
  if (/\s/.test(sub)) return `sub "${quoted}" contains whitespace; Sigma refuses it ("Invalid sub field in payload").`;
  if (!EMAIL.test(sub)) return `sub "${quoted}" is not an email address; use the user's email, such as ada@example.com.`;
  if (sub.includes('_')) {
    return `sub "${quoted}" contains "_", which Sigma refuses ("Invalid sub field in payload"); use an address without it.`;
  }
  return undefined;
}

/** Writes a number of seconds exactly, the way a person says it: "1 h 30 min", "30 days 1 s". */
export function formatDuration(seconds: number): string {
  const units: Array<[number, string]> = [
    [86_400, 'day'],
    [3600, 'h'],
    [60, 'min'],
    [1, 's'],
  ];
  let rest = Math.round(seconds);
  const parts: string[] = [];
  for (const [size, unit] of units) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) parts.push(unit === 'day' ? `${n} day${n === 1 ? '' : 's'}` : `${n} ${unit}`);
  }
  return parts.join(' ') || '0 s';
}

/** The claims as they are sent: an internal user's external-only claims are left out. */
export function claimsToSend(input: ClaimsInput): ClaimsInput {
  if (!input.internal) return input;
  const sent = { ...input };
  for (const field of Object.keys(EXTERNAL_ONLY_CLAIMS) as ClaimField[]) delete sent[field];
  return sent;
}

function isPresent(value: unknown): boolean {
  if (value === undefined || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object' && value !== null) return Object.keys(value).length > 0;
  return true;
}

/** Every way the claims break Sigma's rules, each tied to the field to fix. */
export function checkClaims(input: ClaimsInput): ClaimIssue[] {
  const issues: ClaimIssue[] = [];
  const add = (field: ClaimField, message: string) => issues.push({ field, message });

  const sub = subProblem(input.sub);
  if (sub) add('sub', sub);

  const length = input.sessionLength ?? DEFAULT_SESSION_SECONDS;
  if (!Number.isInteger(length) || length < 1) {
    const got = Number.isFinite(length) ? `; got ${length}` : '';
    add('sessionLength', `Session length must be a whole number of seconds, at least 1, such as 3600${got}.`);
  } else if (length > MAX_SESSION_SECONDS) {
    add('sessionLength', `Session length ${formatDuration(length)} exceeds Sigma's 30-day limit; use at most ${MAX_SESSION_SECONDS} seconds.`);
  }

  if (input.ver !== undefined && !TOKEN_VERSIONS.includes(input.ver)) {
    add('ver', `ver must be "1.0" or "1.1"; got "${input.ver}".`);
  }

  input.teams?.forEach((team) => {
    if (team.trim() === '') add('teams', 'Team names cannot be empty; remove the empty team.');
  });
  for (const key of Object.keys(input.userAttributes ?? {})) {
    if (key.trim() === '') add('userAttributes', 'A user attribute needs a name; write it as name=value.');
  }

  if (input.internal) {
    for (const [field, claim] of Object.entries(EXTERNAL_ONLY_CLAIMS) as Array<[ClaimField, string]>) {
      if (isPresent(input[field])) {
        add(
          field,
          `${claim} cannot be sent for an internal user: they keep the account type, teams and attributes set in Sigma, ` +
            `and Sigma refuses the token ("Cannot update account type for internal users"). Remove it, or make the user external.`,
        );
      }
    }
  }
  return issues;
}

/**
 * The payload for these claims, as they are: no rule is checked. The token panel shows it while
 * the form is still being filled in; buildPayload is the one to sign with.
 */
export function payloadOf(input: ClaimsInput, context: { clientId: string; jti: string; now: number }): SigmaPayload {
  const iat = Math.floor(context.now / 1000);
  const payload: SigmaPayload = {
    sub: input.sub,
    iss: context.clientId,
    jti: context.jti,
    iat,
    exp: iat + (input.sessionLength ?? DEFAULT_SESSION_SECONDS),
  };
  if (input.ver) payload.ver = input.ver;
  if (input.ver === '1.1') payload.aud = SIGMA_AUDIENCE;
  if (isPresent(input.accountType)) payload.account_type = input.accountType;
  if (isPresent(input.teams)) payload.teams = input.teams;
  if (isPresent(input.firstName)) payload.first_name = input.firstName;
  if (isPresent(input.lastName)) payload.last_name = input.lastName;
  if (isPresent(input.userAttributes)) payload.user_attributes = input.userAttributes;
  if (isPresent(input.evalConnectionId)) payload.eval_connection_id = input.evalConnectionId;
  return payload;
}

/**
 * The payload Sigma expects for these claims. Throws INVALID_CLAIMS naming the first problem;
 * call checkClaims first to show them all.
 */
export function buildPayload(input: ClaimsInput, context: { clientId: string; jti: string; now: number }): SigmaPayload {
  const [issue] = checkClaims(input);
  if (issue) throw new EmbedConsoleError('INVALID_CLAIMS', issue.message, issue.field);
  return payloadOf(input, context);
}

/** The claims a payload carries, as the form holds them: the inverse of payloadOf, for "open in Craft". */
export function claimsFromPayload(payload: Record<string, unknown>): ClaimsInput {
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const { iat, exp, teams, user_attributes: attributes, ver } = payload;
  const claims: ClaimsInput = {
    sub: text(payload.sub) ?? '',
    accountType: text(payload.account_type),
    teams: Array.isArray(teams) ? teams.filter((t): t is string => typeof t === 'string') : undefined,
    firstName: text(payload.first_name),
    lastName: text(payload.last_name),
    userAttributes:
      attributes && typeof attributes === 'object' && !Array.isArray(attributes)
        ? Object.fromEntries(Object.entries(attributes).filter((entry): entry is [string, string] => typeof entry[1] === 'string'))
        : undefined,
    evalConnectionId: text(payload.eval_connection_id),
    sessionLength: typeof iat === 'number' && typeof exp === 'number' ? exp - iat : undefined,
    ver: (TOKEN_VERSIONS as readonly unknown[]).includes(ver) ? (ver as TokenVersion) : undefined,
  };
  return Object.fromEntries(Object.entries(claims).filter(([, value]) => value !== undefined)) as ClaimsInput;
}
