/**
 * What both loopback servers (browser mode and the local embed host) need of a request: its
 * body, bounded, and a constant-time check of a credential it carries.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export class BodyTooLarge extends Error {}

/** The body as text, decoded once whole (a character may straddle two chunks), at most `maxBytes`. */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw new BodyTooLarge(`The request body is over ${maxBytes} bytes.`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Whether a given credential is the expected one, in time that tells nothing of either (their lengths included). */
export function sameCredential(given: string | undefined, expected: string): boolean {
  return given !== undefined && timingSafeEqual(digest(given), digest(expected));
}
