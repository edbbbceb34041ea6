/**
 * Keeping a long session alive, apart from React: when to sign afresh before exp, and how the
 * re-signed embed goes back to where the user was (the page from the last url:onchange, the
 * control values from the last workbook:variables:onchange), since a reload starts over.
 */
import type { EmbedDraft } from '../../shared/api';
import type { EmbedMessage } from '../../shared/preview';

/** Seconds before exp to sign afresh: a tenth of the session, from 5 s to a minute. */
export function resignLead(iat: number, exp: number): number {
  return Math.min(60, Math.max(5, Math.floor((exp - iat) / 10)));
}

/** How far "Skip to expiry" moves the clock: to this many seconds before exp. */
export const SKIP_TO_LEFT = 5;

/** Where the user is in the embed, as it said: its path and its control values. */
export interface Place {
  path?: string;
  variables?: Record<string, string>;
}

const isStrings = (value: unknown): value is Record<string, string> =>
  typeof value === 'object' && value !== null && Object.values(value).every((v) => typeof v === 'string');

/** The place after a message from the embed; what it says of itself is untrusted, so only well-formed values count. */
export function heard(place: Place, message: EmbedMessage): Place {
  if (message.type === 'url:onchange' && typeof message.url === 'string' && message.url.startsWith('/')) return { ...place, path: message.url };
  const variables = (message.workbook as { variables?: unknown } | undefined)?.variables;
  if ((message.type === 'workbook:variables:onchange' || message.type === 'workbook:loaded') && isStrings(variables)) return { ...place, variables };
  return place;
}

/** The control values for the re-sign: those the user set over the draft's; a cleared one is left out. */
export function restoredControls(place: Place, controls: EmbedDraft['controls'] = {}): EmbedDraft['controls'] {
  const restored = { ...controls };
  for (const [id, value] of Object.entries(place.variables ?? {})) {
    // One value per control, as the embed says it (Sigma joins a list with commas).
    if (value) restored[id] = [value];
    else delete restored[id];
  }
  return restored;
}

/**
 * The page to go back to once the re-signed workbook loads: the one its last url:onchange named.
 * A workbook's page is not signed into the URL (that would embed the page alone, without the
 * workbook's tabs): it is asked for once loaded, as a host app would.
 */
export function pageToRestore(loadedUrl: string, place: Place): string | undefined {
  const loaded = new URL(loadedUrl).pathname;
  if (!place.path || loaded.includes('/page/') || !place.path.startsWith(`${loaded}/page/`)) return undefined;
  try {
    return decodeURIComponent(place.path.slice(loaded.length + '/page/'.length)) || undefined;
  } catch {
    // A path the embed broke (a stray %): the workbook reloads on its first page.
    return undefined;
  }
}

/** The command that goes to a page (Sigma's inbound protocol). */
export const goToPage = (pageId: string): EmbedMessage => ({ type: 'workbook:selectednodeid:update', selectedNodeId: pageId, nodeType: 'page' });
