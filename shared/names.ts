/** Names made from a person's text: for a file, or a key in a suite. */

/** The text in lowercase letters, digits and dashes, at most 80 of them; `fallback` when none is left. */
export const slug = (text: string, fallback: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80) || fallback;

/** `base`, or base-2, base-3…: the first that is not taken. */
export function unused(base: string, taken: (name: string) => boolean): string {
  let name = base;
  for (let n = 2; taken(name); n++) name = `${base}-${n}`;
  return name;
}
