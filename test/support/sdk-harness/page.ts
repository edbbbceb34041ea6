/**
 * Runs in a Chromium page: Sigma's unmodified embed SDK, every listener subscribed and every
 * mutation callable, over the embed it is given. For the iframe path that is a real <iframe>
 * and the window's own 'message' events; for the webview-relay path, a stand-in whose messages
 * come through the relay (as an Electron app's renderer would feed the SDK from a <webview>).
 */
import * as sdk from '@sigmacomputing/embed-sdk';

type Listener = (event: MessageEvent, iframe: HTMLIFrameElement, handler: (data: unknown) => void) => void;
type Mutation = (iframe: HTMLIFrameElement, ...args: unknown[]) => void;

export interface Heard {
  /** The SDK listener that fired, e.g. "workbookLoadedListener". */
  listener: string;
  data: { type: string; [key: string]: unknown };
}

const exported = sdk as unknown as Record<string, unknown>;
const listeners = Object.entries(exported).filter((entry): entry is [string, Listener] => entry[0].endsWith('Listener') && typeof entry[1] === 'function');
const mutations = Object.fromEntries(
  Object.entries(exported).filter(
    (entry): entry is [string, Mutation] => typeof entry[1] === 'function' && !entry[0].endsWith('Listener') && !entry[0].startsWith('DO_NOT_USE'),
  ),
);

declare global {
  interface Window {
    __sdk: {
      heard: Heard[];
      listeners: string[];
      mutations: string[];
      /** Feeds one message event to every SDK listener, with `iframe` as the embed. */
      hear(event: MessageEvent): void;
      connect(iframe: HTMLIFrameElement): void;
      mutate(name: string, ...args: unknown[]): void;
    };
  }
}

let embed: HTMLIFrameElement | undefined;
window.__sdk = {
  heard: [],
  listeners: listeners.map(([name]) => name),
  mutations: Object.keys(mutations),
  hear(event) {
    if (!embed) return;
    for (const [name, listen] of listeners) listen(event, embed, (data) => window.__sdk.heard.push({ listener: name, data: data as Heard['data'] }));
  },
  connect(iframe) {
    embed = iframe;
  },
  mutate(name, ...args) {
    if (!embed) throw new Error('connect an embed first');
    mutations[name](embed, ...args);
  },
};
