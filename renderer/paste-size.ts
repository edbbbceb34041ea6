/**
 * How big a paste Inspect sends to be judged. A token or embed URL is a few KB (the local embed
 * host takes 16 KB); 1 MB leaves room for any real one and keeps the request under browser
 * mode's 1 MiB body limit, so a larger paste is told as its size here, not as a transport's refusal.
 */
export const MAX_PASTE_BYTES = 1_000_000;

/** Why a paste is too large to inspect, in its size; undefined when it is not. */
export function pasteTooLarge(input: string): string | undefined {
  // Byte size as sent (UTF-8); a quick check of the length first spares encoding a short paste.
  if (input.length * 3 <= MAX_PASTE_BYTES) return undefined;
  const bytes = new TextEncoder().encode(input).length;
  if (bytes <= MAX_PASTE_BYTES) return undefined;
  // Rounded up, so a paste just over the limit never reads as "1.0 MB".
  const size = Math.ceil(bytes / 100_000) / 10;
  return `This paste is ${size.toFixed(1)} MB; a token or embed URL is at most ${MAX_PASTE_BYTES / 1_000_000} MB. Paste only the token or the URL.`;
}
