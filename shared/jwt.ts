/**
 * Reading a JWT without its secret: base64url decoding of header and payload, and time claims
 * told the way a person reads them. Pure; runs in Node and the browser alike.
 */
import { EmbedConsoleError } from './errors';

export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  /** The third part, still base64url. */
  signature: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * Whether a JWT part is base64url in its one canonical form (RFC 7515): only the alphabet's 64
 * characters, no padding, no length a byte cannot end on, and no stray bits in the last
 * character. Node's Buffer.from(part, 'base64url') skips "!!", "~~~", spaces and "=", so a
 * signature changed that way would still verify; jsonwebtoken compares the signature as text and
 * refuses them all. A non-canonical last character ("...Q" for "...A") decodes to the same
 * bytes but is not what any encoder writes: it is refused in every part too, so the text that
 * was signed is the only text that verifies.
 */
export function isCanonicalBase64url(part: string): boolean {
  if (!/^[A-Za-z0-9_-]*$/.test(part) || part.length % 4 === 1) return false;
  const unusedBits = { 0: 0, 2: 4, 3: 2 }[(part.length % 4) as 0 | 2 | 3];
  return part === '' || (BASE64URL.indexOf(part[part.length - 1]) & ((1 << unusedBits) - 1)) === 0;
}

function base64UrlToText(part: string): string {
  if (!isCanonicalBase64url(part)) throw new Error('not base64url');
  const binary = atob(
    part
      .replace(/-/g, '+')
      .replace(/_/g, '/')
      .padEnd(Math.ceil(part.length / 4) * 4, '='),
  );
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return utf8.decode(bytes);
}

/** Claims are flat; deeper than this is not a Sigma token, and would overflow printing it. */
const MAX_DEPTH = 32;

/** How deeply arrays and objects nest, without recursion (the input may nest thousands deep). */
function depthOf(value: unknown): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [item, depth] = stack.pop()!;
    if (typeof item !== 'object' || item === null) continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > MAX_DEPTH) return deepest;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return deepest;
}

function decodeJsonPart(part: string, name: 'header' | 'payload'): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(base64UrlToText(part));
  } catch {
    throw new EmbedConsoleError('INVALID_TOKEN', `The token's ${name} is not base64url-encoded JSON; copy the whole token again.`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new EmbedConsoleError('INVALID_TOKEN', `The token's ${name} must be a JSON object.`);
  }
  if (depthOf(value) > MAX_DEPTH) {
    throw new EmbedConsoleError('INVALID_TOKEN', `The token's ${name} nests objects or arrays more than ${MAX_DEPTH} deep; Sigma's claims are flat.`);
  }
  return value as Record<string, unknown>;
}

/** Splits and decodes a compact JWS (header.payload.signature). Verifies nothing. */
export function decodeJwt(token: string): DecodedJwt {
  const parts = token.trim().split('.');
  if (parts.length !== 3) {
    throw new EmbedConsoleError('INVALID_TOKEN', `A JWT has three dot-separated parts; this one has ${parts.length}. Copy the whole token again.`);
  }
  const [header, payload] = [decodeJsonPart(parts[0], 'header'), decodeJsonPart(parts[1], 'payload')];
  if (!isCanonicalBase64url(parts[2])) {
    throw new EmbedConsoleError(
      'INVALID_TOKEN',
      "The token's signature is not base64url (only A-Z, a-z, 0-9, - and _, no padding, as a JWT library writes it); copy the whole token again.",
    );
  }
  return { header, payload, signature: parts[2] };
}

/** A length of time the way a person says it, rounded to its largest unit: "90 s", "12 min", "3 h", "4 days". */
function amount(seconds: number): string {
  const size = Math.abs(Math.round(seconds));
  if (size < 90) return `${size} s`;
  if (size < 5400) return `${Math.round(size / 60)} min`;
  if (size < 172_800) return `${Math.round(size / 3600)} h`;
  return `${Math.round(size / 86_400)} days`;
}

/** "in 12 min" / "3 h ago", for a claim time (seconds) against now (milliseconds). */
export function describeFromNow(epochSeconds: number, now: number): string {
  const delta = Math.round(epochSeconds - now / 1000);
  return delta >= 0 ? `in ${amount(delta)}` : `${amount(delta)} ago`;
}

/** A time claim told against now: "issued 3 min ago", "expires in 12 min", "expired 3 h ago". */
export function describeClaimTime(claim: 'iat' | 'exp', epochSeconds: number, now: number): string {
  const delta = epochSeconds - now / 1000;
  const past = delta <= 0;
  if (claim === 'exp') return past ? `expired ${amount(delta)} ago` : `expires in ${amount(delta)}`;
  return past ? `issued ${amount(delta)} ago` : `issued in ${amount(delta)}, in the future`;
}
