/**
 * Reading what a developer pastes into the inspector: a token (with or without "Bearer ",
 * URL-encoded or not) or a whole embed URL, and judging it by Sigma's rules. Pure; the
 * signature is checked by main/core, which holds the secrets.
 */
import { EXTERNAL_ONLY_CLAIMS, hidePlaintextOAuth } from './claims';
import { EmbedConsoleError } from './errors';
import { decodeJwt } from './jwt';
import { NO_JWT, bySeverity, finding, lintQuery, lintToken, lintUrl, type Finding } from './lint';
import { hasScheme, parseEmbedUrl, parseHttpUrl, type EmbedUrl } from './target';

/** The embed URL's parts, when a URL was pasted. */
export type InspectedTarget = EmbedUrl['target'] & Pick<EmbedUrl, 'options' | 'controls'>;

export interface PastedAnalysis {
  token?: string;
  header: Record<string, unknown> | null;
  payload: Record<string, unknown> | null;
  target: InspectedTarget | null;
  findings: Finding[];
}

/** The :jwt of a URL whose path is not Sigma's, read from the raw query. */
function rawJwt(url: URL): string | undefined {
  const pair = url.search
    .slice(1)
    .split('&')
    .find((p) => p.startsWith(':jwt='));
  if (!pair) return undefined;
  try {
    return decodeURIComponent(pair.slice(':jwt='.length));
  } catch {
    return pair.slice(':jwt='.length);
  }
}

function readUrl(text: string, findings: Finding[]): { token?: string; target: InspectedTarget | null } {
  let url: URL;
  try {
    url = parseHttpUrl(text);
  } catch (error) {
    findings.push(finding('URL_INVALID', 'error', 'url', (error as EmbedConsoleError).message));
    return { target: null };
  }
  findings.push(...lintQuery(url.search));
  try {
    const embed = parseEmbedUrl(text);
    findings.push(...lintUrl(embed));
    return { token: embed.jwt, target: { ...embed.target, options: embed.options, controls: embed.controls } };
  } catch (error) {
    if (!(error instanceof EmbedConsoleError)) throw error;
    findings.push(finding(error.code === 'NOT_SIGMA_URL' ? 'URL_NOT_SIGMA_PATH' : 'URL_INVALID', 'error', 'url', error.message));
    const token = rawJwt(url);
    if (!token) findings.push(finding('URL_NO_JWT', 'error', 'url.:jwt', NO_JWT));
    return { token, target: null };
  }
}

/** Decodes and judges a pasted token or embed URL at a given time. */
export function analyzePasted(text: string, now: number, options: { internal?: boolean } = {}): PastedAnalysis {
  const findings: Finding[] = [];
  const pasted = text.trim().replace(/^Bearer\s+/i, '');
  const result: PastedAnalysis = { header: null, payload: null, target: null, findings };
  if (pasted === '') {
    findings.push(finding('INPUT_EMPTY', 'error', 'input', 'Nothing to inspect: paste a token, or an embed URL carrying ?:jwt=.'));
    return result;
  }

  let token = pasted;
  if (hasScheme(pasted)) {
    const url = readUrl(pasted, findings);
    result.target = url.target;
    if (!url.token) return { ...result, findings: bySeverity(findings) };
    token = url.token;
  } else if (token.includes('%')) {
    try {
      token = decodeURIComponent(token);
    } catch {
      // Not URL-encoded after all: decoding below says what is wrong with it.
    }
  }
  result.token = token;

  try {
    const decoded = decodeJwt(token);
    result.header = decoded.header;
    result.payload = decoded.payload;
  } catch (error) {
    if (!(error instanceof EmbedConsoleError)) throw error;
    findings.push(finding('TOKEN_MALFORMED', 'error', 'token', error.message));
    return { ...result, findings: bySeverity(findings) };
  }

  findings.push(...lintToken({ header: result.header, payload: result.payload }, now));
  result.payload = hidePlaintextOAuth(result.payload);
  if (options.internal) {
    const sent = Object.values(EXTERNAL_ONLY_CLAIMS).filter((claim) => result.payload![claim] !== undefined);
    if (sent.length) {
      findings.push(
        finding(
          'INTERNAL_USER_CLAIMS',
          'error',
          'payload',
          `${sent.join(', ')} cannot be sent for an internal user: Sigma refuses the token ("Cannot update account type for internal users"). Leave ${sent.length === 1 ? 'it' : 'them'} out.`,
        ),
      );
    }
  }
  return { ...result, findings: bySeverity(findings) };
}
