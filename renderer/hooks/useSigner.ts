/**
 * Signing the draft (token:sign): a fresh token for every use, since Sigma accepts each one
 * once. Load signs and keeps the embed for the preview; Open in browser and Copy a fresh URL
 * sign without loading. One signing at a time; the core's refusal is kept for the draft it
 * refused, so an edit (which may mend it) takes it away. The loaded embed's outcome is followed
 * here too (useLoadOutcome), where the embed is.
 */
import { useRef, useState } from 'react';
import type { EmbedConsoleApi, SignedEmbed, TokenUse } from '../../shared/api';
import { claimsToSend } from '../../shared/claims';
import type { Failure, Result } from '../../shared/errors';
import type { Draft } from '../draft';
import { useLoadOutcome, type LoadOutcomeState } from './useLoadOutcome';

export interface Signer {
  /** The embed in the preview, from the last Load. */
  loaded?: SignedEmbed;
  /** A new number for each Load: the preview loads afresh, even with the same URL. */
  loadId: number;
  /** The loaded embed, while the draft is still the one it was signed from. */
  current?: SignedEmbed;
  busy: boolean;
  /** The core's refusal of the draft as it is now. */
  failure?: Failure;
  /** Signs the draft; undefined when a signing is already under way. */
  sign: (remember?: boolean) => Promise<Result<SignedEmbed> | undefined>;
  /** Signs the draft, kept in the history, and loads it in the preview. */
  load: () => Promise<Result<SignedEmbed> | undefined>;
  /**
   * Signs the loaded embed's draft afresh with the control values the user set in the embed,
   * and loads it: the keep-alive's re-sign. The preview still stands for the draft
   * it was loaded from, so it is stale exactly when that one is.
   */
  resign: (controls: (loaded: Draft['controls']) => Draft['controls']) => Promise<Result<SignedEmbed> | undefined>;
  /** Tells the ledger where a token went outside the preview, so the inspector can tell it used (or maybe used). */
  used: (embed: SignedEmbed, how: Exclude<TokenUse, 'preview'>) => void;
  /** How the last Load ended, or what is said while it has not. */
  outcome: LoadOutcomeState;
}

const keyOf = (draft: Draft) => JSON.stringify(draft);

export function useSigner(api: EmbedConsoleApi, draft: Draft): Signer {
  const [loaded, setLoaded] = useState<{ embed: SignedEmbed; draft: Draft; id: number }>();
  const [refused, setRefused] = useState<{ failure: Failure; draft: string }>();
  const [busy, setBusy] = useState(false);
  // Read and set at once on a click: state would let a second click in before the re-render.
  const signing = useRef(false);
  const key = keyOf(draft);
  const outcome = useLoadOutcome(api, loaded?.embed, loaded?.id ?? 0);

  /** Signs `asked`: the draft, or the loaded one at the place the user went to. */
  const signed = async (asked: Draft, remember: boolean): Promise<Result<SignedEmbed> | undefined> => {
    if (signing.current) return undefined;
    signing.current = true;
    setBusy(true);
    const result = await api['token:sign']({ ...asked, claims: claimsToSend(asked.claims), remember });
    signing.current = false;
    setBusy(false);
    setRefused(result.ok ? undefined : { failure: result, draft: keyOf(asked) });
    return result;
  };
  /** Signs and shows in the preview, standing for `source`. */
  const loadFor = async (source: Draft, asked: Draft) => {
    const result = await signed(asked, true);
    if (result?.ok) setLoaded((last) => ({ embed: result.data, draft: source, id: (last?.id ?? 0) + 1 }));
    return result;
  };

  return {
    loaded: loaded?.embed,
    loadId: loaded?.id ?? 0,
    current: loaded && keyOf(loaded.draft) === key ? loaded.embed : undefined,
    busy,
    failure: refused?.draft === key ? refused.failure : undefined,
    sign: (remember = false) => signed(draft, remember),
    load: () => loadFor(draft, draft),
    resign: async (controls) => (loaded ? loadFor(loaded.draft, { ...loaded.draft, controls: controls(loaded.draft.controls) }) : undefined),
    used: (embed, how) => void api['token:used']({ jti: embed.payload.jti, how, host: new URL(embed.url).host }),
    outcome,
  };
}
