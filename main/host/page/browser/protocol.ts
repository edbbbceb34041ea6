/**
 * Sigma's postMessage protocol as the embed speaks it (sigma-embed.md §5): posting events to the
 * page that embeds it, and reading the commands it sends into checked values, or a sentence
 * saying what is wrong with one (posted back as workbook:error, as Sigma does for bookmarks).
 */
import { MAX_SESSION_SECONDS } from '../../../../shared/claims';
import { excerpt } from '../../../../shared/errors';
import { CLOCK_ADVANCE } from '../../../../shared/preview';

export function post(type: string, payload: object = {}): void {
  // Sigma posts to whichever page embeds it; the embedding page checks the origin.
  // Always to the parent: in an iframe the embedding page; in Electron's <webview> the page
  // itself, where the preview's relay (main/electron/preload/webview.ts) hears it.
  window.parent.postMessage({ type, ...payload }, '*');
}

export type Mode = 'view' | 'explore' | 'edit';
export type ModalType = 'schedule' | 'export';

export type Command =
  | { type: 'workbook:variables:update'; variables: Record<string, string> }
  | { type: 'workbook:variables:list' }
  | { type: 'workbook:selectednodeid:update'; selectedNodeId: string; nodeType: 'element' | 'page' }
  | { type: 'document:navigateto'; nodeId: string }
  | { type: 'workbook:fullscreen:update'; nodeId: string | null }
  | { type: 'workbook:mode:update'; mode: Mode }
  | { type: 'workbook:modal:toggle'; modalType: ModalType | undefined }
  | { type: 'workbook:bookmark:create'; name: string; isDefault: boolean; isShared: boolean }
  | { type: 'workbook:bookmark:update' }
  | { type: 'workbook:bookmark:select'; bookmarkId: string | null }
  | { type: 'workbook:bookmark:delete'; bookmarkId: string }
  | { type: 'workbook:sharinglink:update'; sharingLink: string | null; sharingExplorationLink: string | null }
  | { type: typeof CLOCK_ADVANCE; seconds: number };

/** A command read, a command refused (the sentence says why), or a message that is no command of Sigma's. */
export type Read = { ok: true; command: Command } | { ok: false; error: string } | { ok: 'ignored' };

/** Sigma's limit on a sharing link (inbound reference). */
const MAX_LINK_LENGTH = 1000;

type Data = Record<string, unknown>;
const refuse = (error: string): Read => ({ ok: false, error });
const isObject = (value: unknown): value is Data => typeof value === 'object' && value !== null && !Array.isArray(value);
/** What the sender gave instead, as they wrote it (shortened: it may be anything, of any size), or that they gave nothing. */
function given(value: unknown): string {
  if (value === undefined) return '; none was given';
  let written: string;
  try {
    written = JSON.stringify(value) ?? String(value);
  } catch {
    // A BigInt or a cycle survives postMessage but not JSON.
    written = `a ${typeof value} that cannot be written out`;
  }
  return `, not ${excerpt(written, 80)}`;
}

/** Why a sharing link is refused, or undefined. The exact URL patterns Sigma checks are not published: an absolute http(s) URL here. */
function linkProblem(field: string, value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'string') return `${field} must be a URL or null${given(value)}.`;
  if (value.length > MAX_LINK_LENGTH) return `${field} is ${value.length} characters long; Sigma takes at most ${MAX_LINK_LENGTH}.`;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:'))
    return `${field} must be an absolute http(s) URL, such as https://app.example.com/reports${given(value)}.`;
  return undefined;
}

function read(type: string, data: Data): Read {
  const ok = (command: Command): Read => ({ ok: true, command });
  switch (type) {
    case 'workbook:variables:update': {
      const { variables } = data;
      if (!isObject(variables)) return refuse('workbook:variables:update needs variables: an object of control ids and values, such as {"Region": "East"}.');
      return ok({ type, variables: Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, String(v)])) });
    }
    case 'workbook:variables:list':
    case 'workbook:bookmark:update':
      return ok({ type });
    case 'workbook:selectednodeid:update': {
      const { selectedNodeId, nodeType } = data;
      if (typeof selectedNodeId !== 'string')
        return refuse(`workbook:selectednodeid:update needs selectedNodeId: a page or element id${given(selectedNodeId)}.`);
      if (nodeType !== 'page' && nodeType !== 'element') return refuse(`workbook:selectednodeid:update needs nodeType "page" or "element"${given(nodeType)}.`);
      return ok({ type, selectedNodeId, nodeType });
    }
    case 'document:navigateto': {
      const { nodeId } = data;
      if (typeof nodeId !== 'string') return refuse(`document:navigateto needs nodeId: a page or element id${given(nodeId)}.`);
      return ok({ type, nodeId });
    }
    case 'workbook:fullscreen:update': {
      const { nodeId } = data;
      if (nodeId !== null && typeof nodeId !== 'string')
        return refuse(`workbook:fullscreen:update needs nodeId: an element id, or null to leave full screen${given(nodeId)}.`);
      return ok({ type, nodeId });
    }
    case 'workbook:mode:update': {
      const { mode } = data;
      if (mode !== 'view' && mode !== 'explore' && mode !== 'edit') return refuse(`workbook:mode:update needs mode "view", "explore" or "edit"${given(mode)}.`);
      return ok({ type, mode });
    }
    case 'workbook:modal:toggle': {
      const { modalType } = data;
      if (modalType !== undefined && modalType !== 'schedule' && modalType !== 'export')
        return refuse(`workbook:modal:toggle needs modalType "schedule" or "export" (or none, to close the modal)${given(modalType)}.`);
      return ok({ type, modalType });
    }
    case 'workbook:bookmark:create': {
      const { name, isDefault, isShared } = data;
      if (typeof name !== 'string' || !name.trim()) return refuse(`workbook:bookmark:create needs a name${given(name)}.`);
      if (typeof isDefault !== 'boolean' || typeof isShared !== 'boolean')
        return refuse('workbook:bookmark:create needs isDefault and isShared, each true or false.');
      return ok({ type, name, isDefault, isShared });
    }
    case 'workbook:bookmark:select': {
      const { bookmarkId } = data;
      if (bookmarkId !== undefined && bookmarkId !== null && typeof bookmarkId !== 'string')
        return refuse(`workbook:bookmark:select needs bookmarkId: a bookmark id, or null to clear the selection${given(bookmarkId)}.`);
      return ok({ type, bookmarkId: bookmarkId || null });
    }
    case 'workbook:bookmark:delete': {
      const { bookmarkId } = data;
      if (typeof bookmarkId !== 'string' || !bookmarkId) return refuse(`workbook:bookmark:delete needs bookmarkId: the id of a bookmark${given(bookmarkId)}.`);
      return ok({ type, bookmarkId });
    }
    case 'workbook:sharinglink:update': {
      const { sharingLink, sharingExplorationLink } = data;
      if (sharingLink === undefined) return refuse('workbook:sharinglink:update needs sharingLink: a URL, or null to remove the link.');
      const problem = linkProblem('sharingLink', sharingLink) ?? linkProblem('sharingExplorationLink', sharingExplorationLink);
      if (problem) return refuse(problem);
      return ok({
        type,
        sharingLink: (sharingLink as string | null) ?? null,
        sharingExplorationLink: (sharingExplorationLink as string | null | undefined) ?? null,
      });
    }
    case CLOCK_ADVANCE: {
      const { seconds } = data;
      if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0 || seconds > MAX_SESSION_SECONDS)
        return refuse(`${CLOCK_ADVANCE} needs seconds: how far to move this page's clock on, more than 0 and at most ${MAX_SESSION_SECONDS}${given(seconds)}.`);
      return ok({ type, seconds });
    }
    default:
      return { ok: 'ignored' };
  }
}

/** A message posted to the embed, read as a command of Sigma's. */
export function readCommand(data: unknown): Read {
  if (!isObject(data) || typeof data.type !== 'string') return { ok: 'ignored' };
  return read(data.type, data);
}
