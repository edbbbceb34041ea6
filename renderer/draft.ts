/**
 * What the user is crafting: an embed draft (shared/api.ts) and the profile that signs it. Kept
 * in the browser's storage so the form survives a reload; it holds claims and a target, never a
 * secret (a pasted signed URL's :jwt is dropped from it as soon as the URL field is left). OAuth
 * tokens ride along in memory to be signed, and are never saved: draftOf leaves them out.
 */
import { requestSchemas, type EmbedDraft, type InspectReport, type OAuthTokens } from '../shared/api';
import { claimsFromPayload } from '../shared/claims';
import { targetUrl } from '../shared/target';

export type Draft = EmbedDraft & {
  profile: string;
  /** Plaintext, like a secret: signed with (main encrypts them), gone on reload. */
  oauth?: OAuthTokens;
};

/** The part of the Web Storage API the draft needs (localStorage in the app; a stub in tests). */
export type DraftStorage = Pick<Storage, 'getItem' | 'setItem'>;

const KEY = 'embed-console:draft';

/** The demo workbook of the local embed host, relative to local-demo's base URL. */
const DEMO_TARGET = 'workbook/Sales-Performance-3kQ7vN2pXb9sLm4Tz8Rw1c';

export const initialDraft = (profile = 'local-demo'): Draft => ({
  profile,
  url: DEMO_TARGET,
  claims: {
    sub: 'ada@example.com',
    firstName: 'Ada',
    lastName: 'Lovelace',
    accountType: 'Viewer',
    teams: ['Sales'],
    userAttributes: { region: 'West' },
    sessionLength: 3600,
  },
  options: {},
  controls: {},
});

/**
 * Exactly a draft's fields, from anything that carries them (a history entry also has its id,
 * time and jti): a saved draft must stay one the core would take, or the next start drops it.
 */
export const draftOf = ({ url, options, controls, claims }: EmbedDraft, profile: string): Draft => ({ profile, url, options, controls, claims });

/**
 * OAuth tokens as the form holds them, or undefined when there are none: an empty token field is
 * no token; a connection row keeps its place while its token is typed (the signer refuses it empty).
 */
export function oauthOf(token: string, connections: Record<string, string>): OAuthTokens | undefined {
  const named = Object.keys(connections).length > 0;
  if (!token && !named) return undefined;
  return { ...(token && { token }), ...(named && { connections }) };
}

/**
 * The saved draft, if it is still one the core would take. A claim the core would refuse (a
 * session length saved empty, an old draft's field) is dropped, not the whole draft; a draft
 * with no usable profile, target or sub is none.
 */
export function loadDraft(storage: DraftStorage = localStorage): Draft | undefined {
  let saved: unknown;
  try {
    saved = JSON.parse(storage.getItem(KEY) ?? 'null');
  } catch {
    // Storage that cannot be read (disabled, or not JSON) is no saved draft.
    return undefined;
  }
  const claims = (saved as { claims?: unknown } | null)?.claims;
  // Each round drops the claim the first issue names; a draft has a handful of claims.
  for (let round = 0; round < 16; round++) {
    const parsed = requestSchemas['token:sign'].safeParse(saved);
    if (parsed.success) {
      const { profile, url, claims, options = {}, controls = {} } = parsed.data;
      return { profile, url, claims, options, controls };
    }
    const [where, name] = parsed.error.issues[0].path;
    if (where !== 'claims' || typeof name !== 'string' || name === 'sub' || !claims || typeof claims !== 'object') return undefined;
    delete (claims as Record<string, unknown>)[name];
  }
  return undefined;
}

export function saveDraft(draft: Draft, storage: DraftStorage = localStorage): void {
  try {
    storage.setItem(KEY, JSON.stringify(draftOf(draft, draft.profile)));
  } catch {
    // Storage full or disabled: the draft still works, it just will not survive a reload.
  }
}

/**
 * A pasted token in the Craft form: its claims and target, signed by the profile that verified
 * it; what the token does not say (no payload, no URL) stays as it was.
 */
export function draftFromInspected(current: Draft, report: Pick<InspectReport, 'signature' | 'payload' | 'target'>): Draft {
  return {
    ...current,
    profile: report.signature.profile ?? current.profile,
    claims: report.payload ? claimsFromPayload(report.payload) : current.claims,
    ...(report.target && { url: targetUrl(report.target), options: report.target.options, controls: report.target.controls }),
  };
}
