/**
 * The HTML documents of the local embed host. The content is drawn by the page script
 * (embed-page.ts) from a JSON config; refusals are written here in full, so they read the same
 * with scripts off.
 */
import type { EmbedView, PageConfig, Refusal } from './view';
import { DEMO_WORKBOOKS, workbookPath } from '../demo-org';
import { visible } from '../../../shared/visible';
import { PAGE_CSS } from './style';

export const SCRIPT_PATH = '/__host/embed-page.js';

/** Text for the page: made visible (control and bidi characters as escapes), then escaped for HTML. */
const escapeHtml = (text: string) => visible(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** JSON that cannot close the script element it sits in. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

export function contentSecurityPolicy(nonce: string): string {
  return `default-src 'none'; script-src 'self'; style-src 'nonce-${nonce}'; img-src data:; base-uri 'none'; form-action 'none'`;
}

function document(title: string, body: string, nonce: string, config?: PageConfig, theme = 'light'): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style nonce="${nonce}">${PAGE_CSS}</style>
</head>
<body class="theme-${theme}">
${body}
${config ? `<script type="application/json" id="embed-config">${scriptJson(config)}</script>\n<script src="${SCRIPT_PATH}"></script>` : ''}
</body>
</html>
`;
}

export function viewPage(view: EmbedView, nonce: string): string {
  const theme = view.options[':theme']?.toLowerCase() === 'dark' ? 'dark' : 'light';
  const title = view.workbook?.name ?? 'Ask Sigma';
  return document(`${title} · local embed host`, '<main id="app" aria-live="polite"></main>', nonce, { kind: 'view', view }, theme);
}

export function refusalPage(refusal: Refusal, nonce: string): string {
  const body = `<main class="refusal" role="alert">
  <h1>${escapeHtml(refusal.title)}</h1>
  <p class="reason">${escapeHtml(refusal.reason)}</p>
  <p class="meta">Local embed host · ${refusal.status} · ${refusal.code}</p>
</main>`;
  return document(refusal.title, body, nonce, { kind: 'refusal', refusal });
}

/** The host's front page: what it is and what it serves. */
export function indexPage(origin: string, nonce: string): string {
  const rows = DEMO_WORKBOOKS.map((w) => {
    const pages = w.pages.map(
      (p) =>
        `<li><code>${escapeHtml(`${workbookPath(w)}/page/${p.pageId}`)}</code> ${escapeHtml(p.name)}: ${p.elements
          .map((e) => `<code>${escapeHtml(e.elementId)}</code>`)
          .join(', ')}</li>`,
    );
    return `<li><strong>${escapeHtml(w.name)}</strong> <code>${escapeHtml(origin + workbookPath(w))}</code><ul>${pages.join('')}</ul></li>`;
  });
  const body = `<main class="index">
  <h1>Local embed host</h1>
  <p>A stand-in for Sigma: it verifies embed tokens the way Sigma does and serves a demo workbook.
  Sign a URL for it with <code>embed-console sign --profile local-demo --url workbook/Sales-Performance-3kQ7vN2pXb9sLm4Tz8Rw1c --sub you@example.com</code>.</p>
  <h2>Workbooks of the demo org</h2>
  <ul>${rows.join('')}</ul>
</main>`;
  return document('Local embed host', body, nonce);
}
