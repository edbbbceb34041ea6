/** Inspect's paste limit, told as the size of what was pasted. */
import { describe, expect, it } from 'vitest';
import { MAX_PASTE_BYTES, pasteTooLarge } from '../renderer/paste-size';

describe('a paste too large to inspect', () => {
  it('says how big the paste is, in MB, and the limit', () => {
    expect(pasteTooLarge('x'.repeat(2_100_000))).toBe('This paste is 2.1 MB; a token or embed URL is at most 1 MB. Paste only the token or the URL.');
  });

  it('takes a paste of exactly the limit, and rounds one byte over up', () => {
    expect(pasteTooLarge('x'.repeat(MAX_PASTE_BYTES))).toBeUndefined();
    expect(pasteTooLarge('x'.repeat(MAX_PASTE_BYTES + 1))).toMatch(/^This paste is 1\.1 MB;/);
  });

  it('counts bytes as sent, not characters: 400,000 three-byte characters are 1.2 MB', () => {
    expect(pasteTooLarge('€'.repeat(400_000))).toMatch(/^This paste is 1\.2 MB;/);
    expect(pasteTooLarge('eyJhbGciOiJIUzI1NiJ9.e30.sig')).toBeUndefined();
  });
});
