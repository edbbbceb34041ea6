/**
 * What the user is crafting: a token:sign request. Kept in localStorage so the form survives a
 * reload; it holds claims and a target, never a token or a secret.
 */
import type { RequestOf } from '../shared/api';

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

export function loadDraft(): Draft | undefined {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Draft | null;
    return saved && typeof saved.profile === 'string' && typeof saved.url === 'string' && saved.claims ? { ...initialDraft(), ...saved } : undefined;
  } catch {
    return undefined;
  }
}

export function saveDraft(draft: Draft): void {
  localStorage.setItem(KEY, JSON.stringify(draft));
}
