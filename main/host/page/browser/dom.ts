/**
 * A tiny element builder for the demo page: no framework, since the page must stay small. Text
 * comes from the token and the URL (claims, control values): control and bidi characters are
 * shown as escapes (shared/visible.ts), so a U+202E cannot reorder the text around it.
 */
import { visible } from '../../../../shared/visible';

type Child = Node | string | number | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | number | boolean | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === 'object' ? child : visible(String(child)));
  }
  return element;
}
