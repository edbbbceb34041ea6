/**
 * Untrusted text (from a token, a URL, a server) made safe to show: control characters (a line
 * break, ESC, the C1 set), bidi controls (U+202E reorders what follows it), line separators and
 * halves of UTF-16 pairs become visible \uXXXX escapes. A terminal then cannot be driven by it
 * (no fake line, no ESC[8m hiding the verdict) and a page shows it in its true order. The one
 * helper for every printer, the app's finding text and the host page.
 */
const INVISIBLE =
  /[\p{Cc}\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/gu;

export function visible(text: string): string {
  return text.replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Text that is several lines on purpose (a report, pretty JSON): each line made visible, the breaks kept. */
export const visibleLines = (text: string): string => text.split('\n').map(visible).join('\n');
