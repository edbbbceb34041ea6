/**
 * How the preview of an embed talks to the app. In a browser the preview is an iframe and the
 * embed's postMessage reaches the app's window directly. In Electron it is a <webview>, a page of
 * its own whose window.parent is itself, so a tiny preload in the webview relays messages over
 * these channels (main/electron/preload/webview.ts).
 */

/** webview -> app: a message the embed posted ({type, ...}). */
export const PREVIEW_EVENT_CHANNEL = 'preview:event';
/** app -> webview: an inbound command to post to the embed. */
export const PREVIEW_COMMAND_CHANNEL = 'preview:command';
/** The session partition of the preview: its cookies and storage stay apart from the app's. */
export const PREVIEW_PARTITION = 'embed-preview';

/**
 * Embed Console's own command to the local embed host's page (Sigma has none like it): move
 * that page's clock on by `seconds`, to see its session end now rather than at exp.
 */
export const CLOCK_ADVANCE = 'embed-console:clock:advance';

/** A message from or to the embed, the shape Sigma uses: a plain object with a string type. */
export interface EmbedMessage {
  type: string;
  [key: string]: unknown;
}

export function isEmbedMessage(value: unknown): value is EmbedMessage {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** How a load in the preview can end: the workbook loaded, it was refused, or no answer (diagnosed). */
export const OUTCOME_KINDS = ['loaded', 'refused', 'unreachable', 'unframeable', 'silent'] as const;

/** How a load in the preview (or a suite's case) ended. */
export interface LoadOutcome {
  kind: (typeof OUTCOME_KINDS)[number];
  /** In the user's words: what happened, and why when known. */
  text: string;
}

const SIGMA_DOMAINS = ['sigmacomputing.com', 'sigmacomputing.io'];

/**
 * Whether the app hears a message from the preview frame with this origin: what Sigma's SDK
 * hears (a host that is, or ends in ".", sigmacomputing.com or sigmacomputing.io; over https,
 * as Sigma serves), and the embed's own origin (the local embed host's).
 */
export function acceptsEmbedOrigin(origin: string, embedOrigin: string): boolean {
  if (origin === embedOrigin) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  return url.protocol === 'https:' && SIGMA_DOMAINS.some((domain) => url.hostname === domain || url.hostname.endsWith(`.${domain}`));
}
