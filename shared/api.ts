/**
 * THE contract: every method a UI or a script may call on the core, its request schema
 * (checked at every boundary) and its response type. Adding a capability means one entry here,
 * one handler in main/core/service.ts, and the UI.
 */
import * as z from 'zod/mini';
import { en } from 'zod/locales';
import { TOKEN_VERSIONS, type ClaimsInput, type SigmaPayload } from './claims';
import type { InspectedTarget } from './inspect';
import type { EmbedQuery } from './target';
import type { Finding } from './lint';
import { OUTCOME_KINDS, type LoadOutcome } from './preview';
import type { CaseResult } from './suite-result';
import type { Method } from './methods';
import type { Result } from './errors';
import { ENV_NAME, type SecretPlace, type SecretsStatus } from './secrets';
import type { ElementEntry, Listing, MemberEntry, PageEntry, TeamEntry, WorkbookEntry } from './sigma-rest';

export { OUTCOME_KINDS, type LoadOutcome } from './preview';

// zod/mini keeps the bundles small; English messages are opted into once, here.
z.config(en());

export const MAX_INSPECT_INPUT = 4_000_000;

export const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** The profile made on first run, for the local embed host: it works with no Sigma account. */
export const LOCAL_DEMO = 'local-demo';

const profileName = z.string().check(z.regex(PROFILE_NAME, 'a profile name is 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit'));
const text = (max: number) => z.string().check(z.maxLength(max));
const clientId = text(256).check(z.regex(/^[^\s\p{Cc}]+$/u, 'a client id has no spaces or control characters'));
/** Write-only: stored in the OS keychain (or the vault), never returned. */
const secret = z.string().check(z.minLength(1), z.maxLength(4096));
/** The name of an environment variable that holds a secret, instead of storing it: only the name is kept. */
const secretEnv = z.string().check(z.regex(ENV_NAME, 'an environment variable name is letters, digits and "_", not starting with a digit'));
/** Write-only, like a secret; an OAuth access token (a JWT, say) fits in 16 KB. */
const oauthToken = z.string().check(z.minLength(1, 'an OAuth token cannot be empty'), z.maxLength(16_384));
/** Write-only, like a secret: it opens the vault in main and never comes back. */
const passphrase = z.string().check(z.minLength(1, 'enter the passphrase'), z.maxLength(1024));
const sigmaId = text(256).check(z.minLength(1));
const list = <T extends z.ZodMiniType>(item: T, max: number) => z.array(item).check(z.maxLength(max));
/** A persona's name is read in a list: any text, but no control characters and no spaces at either end. */
const personaName = text(100).check(
  z.minLength(1),
  z.regex(/^[^\p{Cc}\s](?:[^\p{Cc}]*[^\p{Cc}\s])?$/u, 'a persona name has no control characters and no spaces at either end'),
);

export const claimsSchema = z.strictObject({
  sub: text(320),
  internal: z.optional(z.boolean()),
  accountType: z.optional(text(128)),
  teams: z.optional(list(text(256), 200)),
  firstName: z.optional(text(256)),
  lastName: z.optional(text(256)),
  userAttributes: z.optional(z.record(text(256), text(4096))),
  evalConnectionId: z.optional(text(256)),
  // The 30-day limit is a Sigma rule with its own message, checked in shared/claims.ts.
  sessionLength: z.optional(z.number()),
  ver: z.optional(z.enum(TOKEN_VERSIONS)),
});

/** Where a token signed here went: the preview, the system browser, the clipboard. */
/** A suite file is YAML of a few hundred cases: far below this. */
export const MAX_SUITE_BYTES = 512 * 1024;

export const TOKEN_USES = ['preview', 'browser', 'copied'] as const;
export type TokenUse = (typeof TOKEN_USES)[number];

export const requestSchemas = {
  'profiles:list': z.strictObject({}),
  'profiles:save': z.strictObject({
    name: profileName,
    clientId,
    baseUrl: z.optional(text(2048)),
    /** Required for a new profile, unless secretEnv names where it is. */
    secret: z.optional(secret),
    secretEnv: z.optional(secretEnv),
    /** Replace an existing profile of that name instead of refusing. */
    overwrite: z.optional(z.boolean()),
  }),
  'profiles:remove': z.strictObject({ name: profileName }),
  'token:sign': z.strictObject({
    profile: profileName,
    /** A Sigma content URL, or a path relative to the profile's base URL. */
    url: text(8192),
    claims: claimsSchema,
    options: z.optional(z.record(text(64), text(1024))),
    controls: z.optional(z.record(text(256), list(text(1024), 100))),
    /** Keep this embed in the history (the app does; scripts need not). */
    remember: z.optional(z.boolean()),
    /**
     * OAuth tokens, in plaintext: write-only like a secret. Main encrypts them with the profile's
     * embed secret into the token's oauth_token / connection_oauth_tokens; they are never kept
     * (history, files, logs) nor returned.
     */
    oauth: z.optional(
      z.strictObject({
        token: z.optional(oauthToken),
        /** Connection id -> OAuth token. */
        connections: z.optional(z.record(sigmaId, oauthToken)),
      }),
    ),
  }),
  'token:inspect': z.strictObject({
    /** A token or a whole embed URL, as pasted (large pastes are fine; 4 MB at most). */
    input: z.string().check(z.maxLength(MAX_INSPECT_INPUT)),
    /** Verify with this profile rather than the one whose client id is the token's kid. */
    profile: z.optional(profileName),
    /** The user has a Sigma account: external-user claims are then an error. */
    internal: z.optional(z.boolean()),
  }),
  'profiles:import-env': z.strictObject({
    /** The text of a quickstart .env; its SECRET goes to the keychain like any profile's. */
    text: text(65_536),
    profile: profileName,
    /** Take the secret from this variable, not the .env's SECRET. */
    secretEnv: z.optional(secretEnv),
    overwrite: z.optional(z.boolean()),
  }),
  /** A profile's REST API credentials, for the content browser; null removes them. */
  'profiles:set-api': z.strictObject({
    name: profileName,
    api: z.nullable(
      z.strictObject({
        clientId,
        /** The API base of the org's cloud (shared/sigma-rest.ts API_REGIONS), not the app URL. */
        baseUrl: text(2048),
        /** Required the first time, unless secretEnv names where it is. */
        secret: z.optional(secret),
        secretEnv: z.optional(secretEnv),
      }),
    ),
  }),
  /** Removes the secrets no profile names (left by an interrupted save). */
  'profiles:prune': z.strictObject({}),
  /** Where secrets live on this machine, and why. */
  'secrets:status': z.strictObject({}),
  /** Opens the passphrase vault for this run; creating it takes the passphrase twice. */
  'secrets:unlock-vault': z.strictObject({ passphrase, repeat: z.optional(passphrase) }),
  'history:list': z.strictObject({ query: z.optional(text(256)) }),
  /** One entry by id, or the whole history when no id is given. */
  'history:remove': z.strictObject({ id: z.optional(text(64)) }),
  /** How the load of the history entry with this jti ended (the preview says it, once it knows). */
  'history:outcome': z.strictObject({ jti: text(64), outcome: z.strictObject({ kind: z.enum(OUTCOME_KINDS), text: text(2048) }) }),
  /**
   * A token signed here left the app: loaded by the preview (its server answered), opened in the
   * browser, or copied. Recorded in the jti ledger, so the inspector can tell a token used up.
   */
  'token:used': z.strictObject({ jti: text(64), how: z.enum(TOKEN_USES), host: text(255) }),
  /** Whether the origin of an embed URL answers, and lets the app frame it; asked without the token. */
  'preview:probe': z.strictObject({ url: text(65_536) }),
  /** Workbooks whose name contains `search` (all of them without one). */
  'api:workbooks': z.strictObject({ profile: profileName, search: z.optional(text(256)) }),
  'api:pages': z.strictObject({ profile: profileName, workbookId: sigmaId }),
  'api:elements': z.strictObject({ profile: profileName, workbookId: sigmaId, pageId: sigmaId }),
  'api:teams': z.strictObject({ profile: profileName, search: z.optional(text(256)) }),
  /** Members whose email or name matches, as Sigma searches. */
  'api:members': z.strictObject({ profile: profileName, search: text(320).check(z.minLength(1, 'give an email, or part of one, to look up')) }),
  /** A suite file (YAML) from the user's repo, by its path (relative: from where the app was started). */
  'suite:open': z.strictObject({ path: text(4096) }),
  /** Writes a suite file, once its text is a usable suite. */
  'suite:save': z.strictObject({ path: text(4096), text: text(MAX_SUITE_BYTES) }),
  /** Runs an embed test suite (the text of its YAML file), all of its cases or those named. */
  'suite:run': z.strictObject({
    text: text(MAX_SUITE_BYTES),
    names: z.optional(list(text(1024), 10_000)),
  }),
  'personas:list': z.strictObject({}),
  /** Claims under a name, to pick in Craft and compare; never an OAuth token (those are not claims). */
  'personas:save': z.strictObject({
    name: personaName,
    claims: claimsSchema,
    /** Replace the persona of that name (whatever its case) instead of refusing. */
    overwrite: z.optional(z.boolean()),
  }),
  'personas:remove': z.strictObject({ name: personaName }),
} satisfies Record<Method, z.ZodMiniType>;

export { METHODS, isMethod, type Method } from './methods';
export type RequestOf<M extends Method> = z.input<(typeof requestSchemas)[M]>;
/** OAuth tokens to sign with, in plaintext: held in memory only, never in a draft that is saved. */
export type OAuthTokens = NonNullable<RequestOf<'token:sign'>['oauth']>;

export interface ProfileView {
  name: string;
  clientId: string;
  baseUrl?: string;
  /** Where the embed secret is kept. */
  secretIn: SecretPlace;
  /** Whether it is there; null when its store cannot be asked now (a locked keychain). */
  hasSecret: boolean | null;
  /** REST API credentials, when the profile has them. */
  api?: { clientId: string; baseUrl: string; secretIn: SecretPlace; hasSecret: boolean | null };
  createdAt: string;
  updatedAt: string;
}

/** The payload carries OAuth tokens only encrypted; the plaintext sent to sign is not returned. */
export interface SignedEmbed {
  url: string;
  token: string;
  header: Record<string, unknown>;
  payload: SigmaPayload;
  profile: string;
}

/** What the inspector says of a token or embed URL. */
export interface InspectReport {
  header: Record<string, unknown> | null;
  payload: Record<string, unknown> | null;
  signature: {
    valid: boolean;
    /** The profile whose secret verifies the token, if any. */
    profile: string | null;
    reason: string;
  };
  target: InspectedTarget | null;
  /** Errors first. */
  findings: Finding[];
}

/**
 * What an embed is crafted from, wherever it comes from (the Craft form, the history, a
 * quickstart .env): the target as entered (a full URL, or a path under the profile's base URL),
 * its URL options and control values, and the claims. Never a token or a secret.
 */
export interface EmbedDraft extends EmbedQuery {
  url: string;
  claims: ClaimsInput;
}

/** Claims kept under a name (names are case-insensitive): the same user, again and again. */
export interface Persona {
  name: string;
  claims: ClaimsInput;
}

/** What the probe of an embed's origin found (main/core/probe.ts). */
export type ProbeResult = { reachable: true; framing?: string } | { reachable: false; reason: string };

/** An embed loaded in the app: enough to reopen it. */
export interface HistoryEntry extends EmbedDraft {
  id: string;
  at: string;
  profile: string;
  jti: string;
  /** How its load ended, once the preview knew. */
  outcome?: LoadOutcome;
}

export interface Responses {
  'profiles:list': ProfileView[];
  'profiles:save': ProfileView;
  /** Where the removed secrets were. */
  'profiles:remove': { name: string; secretsIn: SecretPlace[] };
  'profiles:prune': { removed: SecretsStatus['orphans'] };
  'secrets:status': SecretsStatus;
  'secrets:unlock-vault': SecretsStatus;
  'token:sign': SignedEmbed;
  'token:inspect': InspectReport;
  'profiles:import-env': { profile: ProfileView; draft: EmbedDraft };
  'history:list': HistoryEntry[];
  'history:remove': { removed: number };
  'history:outcome': { recorded: boolean };
  'token:used': { recorded: boolean };
  'preview:probe': ProbeResult;
  'profiles:set-api': ProfileView;
  'api:workbooks': Listing<WorkbookEntry>;
  'api:pages': Listing<PageEntry>;
  'api:elements': Listing<ElementEntry>;
  'api:teams': Listing<TeamEntry>;
  'api:members': Listing<MemberEntry>;
  'suite:open': { path: string; text: string };
  'suite:save': { path: string };
  'suite:run': { results: CaseResult[] };
  /** Sorted by name. */
  'personas:list': Persona[];
  'personas:save': Persona;
  'personas:remove': { removed: boolean };
}

/** What a transport exposes: one async function per method, failures as values. */
export type EmbedConsoleApi = { [M in Method]: (request: RequestOf<M>) => Promise<Result<Responses[M]>> };

/** Browser mode: the header that carries the per-run token on every API call. */
export const WEB_TOKEN_HEADER = 'x-embed-console-token';
