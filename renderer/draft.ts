/**
 * What the user is crafting: a token:sign request. Kept in localStorage so the form survives a
 * reload; it holds claims and a target, never a secret (a pasted signed URL's :jwt is dropped
 * from it as soon as the URL field is left).
 */
import { requestSchemas, type RequestOf } from '../shared/api';

export type Draft = RequestOf<'token:sign'> & { options: Record<string, string>; controls: Record<string, string[]> };

const KEY = 'embed-console:draft';

/** The demo workbook of the local embed host, relative to local-demo's base URL. */
export const DEMO_TARGET = 'workbook/Sales-Performance-3kQ7vN2pXb9sLm4Tz8Rw1c';

export const initialDraft = (profile = 'local-demo'): Draft => ({
  profile,
  url: DEMO_TARGET,
  claims: { sub: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace', accountType: 'Viewer', teams: ['Sales'], userAttributes: { region: 'West' }, sessionLength: 3600 },
  options: {},
  controls: {},
});

/** The saved draft, if it is still one the core would take (an old or edited one is dropped). */
export function loadDraft(): Draft | undefined {
  try {
    const parsed = requestSchemas['token:sign'].safeParse(JSON.parse(localStorage.getItem(KEY) ?? 'null'));
    return parsed.success ? { options: {}, controls: {}, ...parsed.data } : undefined;
  } catch {
    return undefined;
  }
}

export function saveDraft(draft: Draft): void {
  localStorage.setItem(KEY, JSON.stringify(draft));
}
