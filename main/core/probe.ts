/**
 * Why an embed did not answer: its origin asked again from main, WITHOUT the token (Sigma
 * accepts a token once, so it is never sent twice): the query and fragment are dropped and only
 * the page's address is fetched. The answer says, in the user's words, whether the server can be
 * reached, and whether its headers forbid framing the page.
 */
import type { ProbeResult } from '../../shared/api';
import { EmbedConsoleError, excerpt } from '../../shared/errors';

const TIMEOUT_MS = 3_000;

/** The page's address without its query (where the :jwt is) or fragment. */
export function probeAddress(input: string): URL {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new EmbedConsoleError('INVALID_URL', `${excerpt(input)} is not a URL the preview could have loaded.`, 'url');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new EmbedConsoleError('INVALID_URL', `${excerpt(input)} is not an http(s) URL.`, 'url');
  return new URL(url.origin + url.pathname);
}

const TLS = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_OSSL/;

/** A failed request, said as what the user can check. */
function unreachableReason(error: unknown, url: URL): string {
  const where = url.host;
  if (error instanceof Error && error.name === 'TimeoutError') {
    return `${where} accepted the connection but sent nothing back within ${TIMEOUT_MS / 1000} s.`;
  }
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : '';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `The name ${url.hostname} does not resolve (DNS: ${code}). Check the address, or the network.`;
  if (code === 'ECONNREFUSED') return `Nothing answers at ${where} (connection refused). Is the server running?`;
  if (code === 'ECONNRESET') return `${where} closed the connection without answering (connection reset).`;
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ETIMEDOUT') return `${where} does not answer: the connection timed out. Check the network.`;
  if (TLS.test(code)) return `${where} failed the TLS check (${code}): its certificate is not one this machine trusts.`;
  const said = typeof cause?.message === 'string' ? cause.message : error instanceof Error ? error.message : String(error);
  return `${where} cannot be reached: ${said}${code ? ` (${code})` : ''}.`;
}

/**
 * Whether these response headers forbid another site to frame the page, and why. A list of
 * frame-ancestors that is not "*" is told as it is: the app is on another origin than those.
 */
export function framingRefusal(headers: Headers): string | undefined {
  const xfo = headers.get('x-frame-options')?.trim();
  if (xfo && /^(deny|sameorigin)$/i.test(xfo)) return `The page forbids being framed by other sites (X-Frame-Options: ${xfo.toUpperCase()}).`;
  const csp = headers.get('content-security-policy') ?? '';
  const ancestors = csp
    .split(/[;,]/)
    .map((directive) => directive.trim().split(/\s+/))
    .find(([name]) => name.toLowerCase() === 'frame-ancestors');
  if (!ancestors) return undefined;
  const sources = ancestors.slice(1);
  if (sources.includes('*')) return undefined;
  if (sources.length === 0 || sources.includes("'none'")) return "The page forbids being framed (Content-Security-Policy: frame-ancestors 'none').";
  return `The page lets only ${sources.join(' ')} frame it (Content-Security-Policy: frame-ancestors).`;
}

export async function probe(input: string, fetchImpl: typeof fetch = fetch): Promise<ProbeResult> {
  const url = probeAddress(input);
  let response: Response;
  try {
    response = await fetchImpl(url, { method: 'GET', redirect: 'manual', signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    return { reachable: false, reason: unreachableReason(error, url) };
  }
  void response.body?.cancel().catch(() => {});
  const framing = framingRefusal(response.headers);
  return framing ? { reachable: true, framing } : { reachable: true };
}
