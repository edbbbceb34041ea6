/**
 * Electron's webview load failures (did-fail-load, whose codes are Chromium's net errors; a
 * certificate error arrives as one of them) said as the preview's outcome. In a webview the embed
 * is the top-level page, so X-Frame-Options and frame-ancestors do not apply there.
 */
import type { LoadOutcome } from '../../shared/api';

/** What Electron's did-fail-load event carries. */
export interface LoadFailure {
  errorCode: number;
  errorDescription: string;
  validatedURL: string;
  isMainFrame: boolean;
}

/** net::ERR_ABORTED: the load was replaced (a new Load, a redirect), not failed. */
const ABORTED = -3;

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the embed server';
  }
}

/** The outcome a failed load means, or undefined when it means none (a sub-frame, an aborted load). */
export function outcomeOfLoadFailure(failure: LoadFailure): LoadOutcome | undefined {
  if (!failure.isMainFrame || failure.errorCode === ABORTED) return undefined;
  const host = hostOf(failure.validatedURL);
  const code = failure.errorDescription || `error ${failure.errorCode}`;
  const { errorCode } = failure;
  let why: string;
  if (errorCode === -105 || errorCode === -137)
    why = `The name ${host.replace(/:\d+$/, '')} does not resolve (DNS: ${code}). Check the address, or the network.`;
  else if (errorCode === -102) why = `Nothing answers at ${host} (connection refused: ${code}). Is the server running?`;
  else if (errorCode <= -200 && errorCode > -300) why = `${host} failed the TLS check (${code}): its certificate is not one this machine trusts.`;
  else if (errorCode === -118 || errorCode === -7) why = `${host} does not answer: the connection timed out (${code}). Check the network.`;
  else if (errorCode === -106) why = `This machine is offline (${code}).`;
  else why = `${host} could not be loaded (${code}).`;
  return { kind: 'unreachable', text: `No answer: ${why}` };
}
