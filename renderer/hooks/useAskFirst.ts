/**
 * Asking before a token goes to a host that is not the profile's (the gate's warning): the
 * action waits for the user's word, given once per place (profile and target): an edit of
 * either asks again. Craft's Load and Open in browser, and Compare's Load both.
 */
import { useState } from 'react';
import type { GateWarning } from '../gate';

export interface AskFirst<A extends string> {
  /** The action waiting for the user's word, while the place is still the one asked about. */
  asking?: A;
  send: (action: A) => void;
  confirm: () => void;
  cancel: () => void;
}

export function useAskFirst<A extends string>(place: string, warning: GateWarning | undefined, run: (action: A) => void): AskFirst<A> {
  const [agreed, setAgreed] = useState<string>();
  const [asked, setAsked] = useState<{ place: string; action: A }>();
  const asking = asked?.place === place && warning ? asked.action : undefined;
  return {
    asking,
    send: (action) => {
      if (warning && agreed !== place) setAsked({ place, action });
      else run(action);
    },
    confirm: () => {
      if (!asking) return;
      setAgreed(place);
      setAsked(undefined);
      run(asking);
    },
    cancel: () => setAsked(undefined),
  };
}
