/**
 * Runs in a Chromium page: a customer's React app with Sigma's unmodified React SDK
 * (`@sigmacomputing/react-embed-sdk`): useSigmaIframe's state, every event hook subscribed, and
 * every mutation callable with the iframe's ref.
 */
import * as reactSdk from '@sigmacomputing/react-embed-sdk';
import { useEffect, type RefObject } from 'react';
import { createRoot } from 'react-dom/client';

type EventHook = (iframeRef: RefObject<HTMLIFrameElement>, handler: (event: unknown) => void) => void;
type Mutation = (iframeRef: RefObject<HTMLIFrameElement>, ...args: unknown[]) => void;

const exported = reactSdk as unknown as Record<string, unknown>;
/** The hooks that take (iframeRef, callback); useSigmaIframe, usePageHeight and useWorkbookVariables return state instead. */
const STATE_HOOKS = new Set(['useSigmaIframe', 'usePageHeight', 'useWorkbookVariables']);
const eventHooks = Object.entries(exported).filter((entry): entry is [string, EventHook] => /^use[A-Z]/.test(entry[0]) && !STATE_HOOKS.has(entry[0]));
const mutations = Object.fromEntries(
  Object.entries(exported).filter(
    (entry): entry is [string, Mutation] => typeof entry[1] === 'function' && !entry[0].startsWith('use') && !entry[0].startsWith('DO_NOT_USE'),
  ),
);

declare global {
  interface Window {
    __react: {
      heard: Array<{ hook: string; data: { type: string; [key: string]: unknown } }>;
      state: { loading: boolean; error: unknown; variables: Record<string, string> | undefined };
      hooks: string[];
      mutations: string[];
      mutate(name: string, ...args: unknown[]): void;
    };
  }
}

window.__react = {
  heard: [],
  state: { loading: true, error: null, variables: undefined },
  hooks: eventHooks.map(([name]) => name),
  mutations: Object.keys(mutations),
  mutate: () => {
    throw new Error('not rendered yet');
  },
};

function Embed({ src }: { src: string }) {
  const { iframeRef, loading, error, variables } = reactSdk.useSigmaIframe();
  // A fixed list, in a fixed order: the rules of hooks hold.
  for (const [name, useEvent] of eventHooks) useEvent(iframeRef, (data) => window.__react.heard.push({ hook: name, data: data as { type: string } }));
  useEffect(() => {
    window.__react.state = { loading, error, variables };
  }, [loading, error, variables]);
  useEffect(() => {
    window.__react.mutate = (name, ...args) => mutations[name](iframeRef, ...args);
  }, [iframeRef]);
  return <iframe ref={iframeRef} src={src} title="Sales (React)" style={{ width: '100%', height: 600 }} />;
}

function render(src: string): void {
  createRoot(document.body.appendChild(document.createElement('div'))).render(<Embed src={src} />);
}
(window as unknown as { renderEmbed: typeof render }).renderEmbed = render;
