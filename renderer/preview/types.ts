import type { MutableRefObject } from 'react';
import type { LoadOutcome } from '../../shared/api';
import type { EmbedMessage } from '../../shared/preview';

/** What the preview needs from either adapter (an iframe in a browser, a webview in Electron). */
export interface PreviewAdapterProps {
  src: string;
  /** A new value loads the frame afresh, even with the same src. */
  loadId: number;
  onMessage: (message: EmbedMessage) => void;
  /** The page failed to load, as the adapter can tell (Electron's webview can; an iframe cannot). */
  onFailure: (outcome: LoadOutcome) => void;
  /** Filled with a function that posts an inbound command to the embed. */
  sendRef: MutableRefObject<((message: EmbedMessage) => void) | null>;
}
