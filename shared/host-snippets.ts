/**
 * The host app's side of the current embed: the page that embeds it, as a React component
 * (@sigmacomputing/react-embed-sdk) or a plain browser module (@sigmacomputing/embed-sdk). The
 * page asks the user's own server for a fresh signed URL at SIGNED_URL_PATH (the route the Node
 * snippet serves), so it holds no secret, no token and no client id; it sets the draft's control
 * values through the SDK and listens for the events an embedding app usually needs.
 */
import { targetUrl, type EmbedUrl } from './target';

/** The route the Node snippet serves a signed URL on, as `{ "url": ... }`, and the pages fetch. */
export const SIGNED_URL_PATH = '/api/signed-embed-url';

export type HostSnippetInput = Omit<EmbedUrl, 'jwt' | 'embed'>;

/** The origin Sigma's SDK sends its commands to, and the domains it hears messages from. */
const SDK_ORIGIN = 'https://app.sigmacomputing.com';
const SDK_DOMAINS = ['sigmacomputing.com', 'sigmacomputing.io'];
const FIXED_HEIGHT = 600;

/** Control values as Sigma's variables take them: several values joined by commas, as in the URL. */
const variablesOf = (controls: Record<string, string[]>): Record<string, string> =>
  Object.fromEntries(Object.entries(controls).map(([id, values]) => [id, values.join(',')]));

/** A JSON value is a JS and TS literal too. */
const literal = (value: unknown): string => JSON.stringify(value, null, 2);

const responsive = (embed: HostSnippetInput): boolean => embed.options[':responsive_height'] === 'true';

/** The iframe's accessible name: the workbook's name as its URL spells it, or Ask Sigma. */
function titleOf(embed: HostSnippetInput): string {
  const { kind, workbookName } = embed.target;
  if (kind === 'ask') return 'Ask Sigma';
  return workbookName ? `Sigma: ${workbookName.replace(/-/g, ' ')}` : 'Sigma workbook';
}

/** Comment lines for an embed the SDK cannot fully talk to: it checks origins, and says nothing. */
function reachNote(embed: HostSnippetInput): string {
  const { origin } = embed.target;
  if (origin === SDK_ORIGIN) return '';
  const domain = new URL(origin).hostname.split('.').slice(-2).join('.');
  if (SDK_DOMAINS.includes(domain)) {
    return `// Note: the SDK sends commands to ${SDK_ORIGIN} only: it hears this embed on ${origin},
// but its control updates are dropped.\n`;
  }
  return `// Note: the SDK hears only ${SDK_DOMAINS.join(' and ')}, and talks to ${SDK_ORIGIN}:
// with this embed on ${origin}, its listeners and commands stay silent.\n`;
}

function header(embed: HostSnippetInput, sdk: string): string {
  return `// The page that embeds ${targetUrl(embed.target)}
// with Sigma's SDK: npm install ${sdk}
// It fetches a fresh signed URL from your own server at ${SIGNED_URL_PATH} (the Node code from
// Embed Console serves it there): the embed secret never reaches the browser. A URL works once.
${reachNote(embed)}`;
}

function react(embed: HostSnippetInput): string {
  const height = responsive(embed);
  return `${header(embed, '@sigmacomputing/react-embed-sdk')}import { useCallback, useEffect, useState } from 'react';
import {
  useActionOutbound,
  ${height ? 'usePageHeight,\n  ' : ''}useSigmaIframe,
  useVariableChange,
  useWorkbookSelectedNode,
  useWorkbookVariables,
  type ActionOutboundEvent,
  type WorkbookSelectedNodeEvent,
  type WorkbookVariableOnChangeEvent,
} from '@sigmacomputing/react-embed-sdk';

const SIGNED_URL_PATH = '${SIGNED_URL_PATH}';

// The control values crafted in Embed Console, by control id. The signed URL opens with them;
// pass your page's own values as \`controls\` to change them without reloading the embed.
const CONTROLS: Record<string, string> = ${literal(variablesOf(embed.controls))};

export function SigmaEmbed({ controls = CONTROLS }: { controls?: Record<string, string> }) {
  const { iframeRef, loading, error, variables } = useSigmaIframe();
  const { setVariables } = useWorkbookVariables(iframeRef);
  ${height ? '// :responsive_height=true makes the workbook say its height, so the page does not scroll twice.\n  const height = usePageHeight(iframeRef);\n  ' : ''}const [src, setSrc] = useState<string>();
  const [fetchError, setFetchError] = useState<string>();

  useEffect(() => {
    let current = true;
    fetch(SIGNED_URL_PATH, { cache: 'no-store' })
      .then(async (response) => {
        if (!response.ok) throw new Error(\`\${SIGNED_URL_PATH} answered \${response.status}\`);
        const { url } = (await response.json()) as { url: string };
        if (current) setSrc(url);
      })
      .catch((reason: unknown) => current && setFetchError(String(reason)));
    return () => {
      current = false;
    };
  }, []);

  // The workbook's variables arrive with its loaded event: from then on it takes updates.
  useEffect(() => {
    if (variables && Object.keys(controls).length > 0) setVariables(controls);
  }, [variables, controls, setVariables]);

  const onVariableChange = useCallback((event: WorkbookVariableOnChangeEvent) => console.log('Sigma controls', event.workbook.variables), []);
  useVariableChange(iframeRef, onVariableChange);
  const onSelectedNode = useCallback((event: WorkbookSelectedNodeEvent) => console.log('Sigma selected', event.nodeType, event.selectedNodeId), []);
  useWorkbookSelectedNode(iframeRef, onSelectedNode);
  // Fired by a workbook action "Generate iframe event".
  const onAction = useCallback((event: ActionOutboundEvent) => console.log('Sigma action', event.name, event.values), []);
  useActionOutbound(iframeRef, onAction);

  const problem = fetchError ?? (error && \`\${error.code}: \${error.message}\`);
  return (
    <>
      {problem ? <p role="alert">{problem}</p> : loading && <p>Loading…</p>}
      <iframe
        ref={iframeRef}
        src={src}
        title=${JSON.stringify(titleOf(embed))}
        allow="fullscreen"
        style={{ width: '100%', height: ${height ? `height ?? ${FIXED_HEIGHT}` : FIXED_HEIGHT}, border: 0 }}
      />
    </>
  );
}
`;
}

function plain(embed: HostSnippetInput): string {
  const height = responsive(embed);
  return `${header(embed, '@sigmacomputing/embed-sdk')}// Bundle it (esbuild, Vite, ...) and call embedSigma(document.getElementById('sigma')) in your page.
import {
  actionOutboundListener,
  workbookErrorListener,
  workbookLoadedListener,
  ${height ? 'workbookPageHeightListener,\n  ' : ''}workbookSelectedNodeListener,
  workbookVariableChangeListener,
  workbookVariablesUpdate,
} from '@sigmacomputing/embed-sdk';

export const SIGNED_URL_PATH = '${SIGNED_URL_PATH}';

// The control values crafted in Embed Console, by control id. The signed URL opens with them;
// pass your page's own values, or call workbookVariablesUpdate(iframe, values) later.
/** @type {Record<string, string>} */
export const CONTROLS = ${literal(variablesOf(embed.controls))};

/**
 * Fetches a signed URL, embeds it in \`container\` and listens to it.
 * @param {HTMLElement} container
 * @param {Record<string, string>} [controls]
 * @returns {Promise<HTMLIFrameElement>}
 */
export async function embedSigma(container, controls = CONTROLS) {
  const response = await fetch(SIGNED_URL_PATH, { cache: 'no-store' });
  if (!response.ok) throw new Error(\`\${SIGNED_URL_PATH} answered \${response.status}\`);
  /** @type {{ url: string }} */
  const { url } = await response.json();

  const iframe = document.createElement('iframe');
  iframe.title = ${JSON.stringify(titleOf(embed))};
  iframe.allow = 'fullscreen';
  iframe.style.cssText = 'width: 100%; height: ${FIXED_HEIGHT}px; border: 0';
  // Each listener takes only messages from this iframe, sent from Sigma's own domains.
  window.addEventListener('message', (event) => {
    workbookLoadedListener(event, iframe, () => {
      if (Object.keys(controls).length > 0) workbookVariablesUpdate(iframe, controls);
    });
    workbookErrorListener(event, iframe, (error) => console.error(\`Sigma error \${error.code}: \${error.message}\`));
    workbookVariableChangeListener(event, iframe, (change) => console.log('Sigma controls', change.workbook.variables));
    workbookSelectedNodeListener(event, iframe, (selected) => console.log('Sigma selected', selected.nodeType, selected.selectedNodeId));
    // Fired by a workbook action "Generate iframe event".
    actionOutboundListener(event, iframe, (action) => console.log('Sigma action', action.name, action.values));${
      height
        ? `
    // :responsive_height=true makes the workbook say its height, so the page does not scroll twice.
    workbookPageHeightListener(event, iframe, (page) => (iframe.style.height = \`\${page.pageHeight}px\`));`
        : ''
    }
  });
  iframe.src = url;
  container.append(iframe);
  return iframe;
}
`;
}

export const HOST_SNIPPET_LANGUAGES = ['react', 'js'] as const;
export type HostSnippetLanguage = (typeof HOST_SNIPPET_LANGUAGES)[number];

export const isHostLanguage = (language: string): language is HostSnippetLanguage => (HOST_SNIPPET_LANGUAGES as readonly string[]).includes(language);

export function hostSnippet(language: HostSnippetLanguage, embed: HostSnippetInput): string {
  return language === 'react' ? react(embed) : plain(embed);
}
