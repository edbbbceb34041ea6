/**
 * The Sigma quickstart's .env (sigma-embed.md §9) as a profile and a Craft draft: BASE_URL,
 * CLIENT_ID, SECRET, SESSION_LENGTH, EMAIL, ACCOUNT_TYPE, TEAM or TEAMS, ua_* user attributes,
 * EVAL_CONNECTION_ID. Pure: the variables come parsed (main/core uses dotenv).
 */
import type { EmbedDraft } from './api';
import { DEFAULT_SESSION_SECONDS, type ClaimsInput } from './claims';
import { EmbedConsoleError } from './errors';
import { parseEmbedUrl } from './target';

/** The profile's credentials, and the draft of what the quickstart embeds (its URL's options and controls with it). */
export interface QuickstartImport extends EmbedDraft {
  clientId: string;
  /** Absent when the secret is to come from an environment variable instead. */
  secret?: string;
  /** The org's app URL, from BASE_URL. */
  baseUrl: string;
}

const missing = (name: string, what: string) =>
  new EmbedConsoleError('INVALID_REQUEST', `The .env has no ${name} (${what}); add it, or create the profile by hand.`, name);

export function fromQuickstartEnv(vars: Record<string, string>, options: { secretFromEnv?: boolean } = {}): QuickstartImport {
  const value = (name: string) => vars[name]?.trim() || undefined;
  const clientId = value('CLIENT_ID');
  const secret = options.secretFromEnv ? undefined : vars.SECRET?.trim();
  const base = value('BASE_URL');
  if (!clientId) throw missing('CLIENT_ID', 'the embed client id');
  if (!secret && !options.secretFromEnv) throw missing('SECRET', 'the embed secret');
  if (!base) throw missing('BASE_URL', 'the URL of the content to embed');

  const embed = parseEmbedUrl(base);
  const teams = (value('TEAMS') ?? value('TEAM'))
    ?.split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  const attributes = Object.entries(vars)
    .filter(([name, v]) => /^ua_/i.test(name) && name.length > 3 && v !== '')
    .map(([name, v]) => [name.slice(3), v] as const);
  const session = value('SESSION_LENGTH');

  const claims: ClaimsInput = {
    sub: value('EMAIL') ?? '',
    ...(value('ACCOUNT_TYPE') && { accountType: value('ACCOUNT_TYPE') }),
    ...(teams?.length && { teams }),
    ...(attributes.length && { userAttributes: Object.fromEntries(attributes) }),
    ...(value('EVAL_CONNECTION_ID') && { evalConnectionId: value('EVAL_CONNECTION_ID') }),
    // Kept as written: over 30 days, the form says so (the quickstart silently clamps).
    sessionLength: session && /^\d+$/.test(session) ? Number(session) : DEFAULT_SESSION_SECONDS,
  };
  const { origin, org } = embed.target;
  return {
    clientId,
    secret,
    baseUrl: `${origin}/${encodeURIComponent(org)}`,
    url: base.split('?')[0],
    options: embed.options,
    controls: embed.controls,
    claims,
  };
}
