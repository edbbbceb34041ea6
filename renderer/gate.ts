/**
 * The one gate for Load and Export: an error blocks both, with the reason and the field to fix;
 * warnings (an option only in Sigma's samples, a target on another profile's host) are said and
 * never block. Pure: Craft's Load button and the Export panel ask the same question.
 */
import type { EmbedDraft } from '../shared/api';
import { checkClaims, claimsToSend } from '../shared/claims';
import { reasonOf } from '../shared/errors';
import { lintOptions } from '../shared/lint';
import { buildEmbedUrl, mergeQuery, resolveTarget } from '../shared/target';
import { targetOwnership, type OwnerProfile } from '../shared/target-owner';

export interface GateWarning {
  field: string;
  message: string;
  /** A profile to switch to, when the warning is a target on its host. */
  switchTo?: string;
}

export type Gate = { open: true; warnings: GateWarning[] } | { open: false; field: string; reason: string };

export interface GateInput {
  draft: Pick<EmbedDraft, 'url' | 'claims' | 'options' | 'controls'>;
  /** The profile that signs; undefined when none is chosen. */
  profile?: OwnerProfile;
  /** Every profile, to name the one a target belongs to. */
  profiles?: OwnerProfile[];
}

export function gate({ draft, profile, profiles = [] }: GateInput): Gate {
  const closed = (field: string, reason: string): Gate => ({ open: false, field, reason });
  if (!profile) return closed('profile', 'Choose a profile to sign with (Manage profiles adds one).');
  try {
    const target = resolveTarget(draft.url, profile.baseUrl, profile.name);
    // Builds the URL the signer would: a broken character in an option or control is refused here too.
    buildEmbedUrl({ target: target.target, ...mergeQuery(target, draft) });
  } catch (error) {
    return closed((error as { field?: string }).field ?? 'url', reasonOf(error));
  }
  const [claim] = checkClaims(claimsToSend(draft.claims));
  if (claim) return closed(claim.field, claim.message);
  const options = lintOptions(draft.options);
  const blocking = options.find((f) => f.severity === 'error');
  if (blocking) return closed('options', blocking.message);

  const warnings: GateWarning[] = options.filter((f) => f.severity === 'warning').map((f) => ({ field: 'options', message: f.message }));
  const owner = targetOwnership(draft.url, profile, profiles);
  if (owner && !owner.belongs) warnings.unshift({ field: 'url', message: owner.message, ...(owner.other && { switchTo: owner.other }) });
  return { open: true, warnings };
}
