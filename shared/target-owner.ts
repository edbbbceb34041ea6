/**
 * Whether a target belongs to the profile that will sign it: its host is the host of the
 * profile's base URL (for local-demo, the local embed host's). Signing for the wrong place sends
 * one org's secret-signed token to another (local-demo's to app.sigmacomputing.com, say); the
 * answer names the profile whose base URL the target is under, when one is.
 */
import { LOCAL_DEMO } from './api';
import { excerpt } from './errors';
import { resolveTarget, targetUrl } from './target';

export interface OwnerProfile {
  name: string;
  baseUrl?: string;
}

export type TargetOwnership =
  /** The full URL the target resolves to is under the profile's base URL's host (or cannot be checked: no base URL). */
  | { belongs: true; url: string }
  | {
      belongs: false;
      url: string;
      /** A profile whose base URL has the target's host, to switch to. */
      other?: string;
      message: string;
    };

const hostOf = (url: string | undefined): string | undefined => {
  if (!url) return undefined;
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return undefined;
  }
};

/**
 * local-demo's base URL is the local embed host's address (startup points it there). Undefined
 * for a target that does not resolve: the target field says why on its own.
 */
export function targetOwnership(input: string, profile: OwnerProfile, profiles: OwnerProfile[]): TargetOwnership | undefined {
  let url: string;
  try {
    url = targetUrl(resolveTarget(input, profile.baseUrl).target);
  } catch {
    return undefined;
  }
  const expected = hostOf(profile.baseUrl);
  const host = hostOf(url) ?? '';
  if (!expected || host === expected) return { belongs: true, url };
  const other = profiles.find((p) => p.name !== profile.name && hostOf(p.baseUrl) === host)?.name;
  const shown = excerpt(host, 80);
  const place = profile.name === LOCAL_DEMO ? `the local embed host (${expected})` : `the host of its base URL (${expected})`;
  const message =
    `This target is on ${shown}, not on ${place}: profile "${profile.name}" would sign a token for the wrong place` +
    (other ? `. Profile "${other}" is for ${shown}: switch to profile "${other}".` : '; choose the profile of that org, or a target under its base URL.');
  return { belongs: false, url, ...(other && { other }), message };
}
