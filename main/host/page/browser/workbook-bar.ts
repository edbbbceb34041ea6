/**
 * The parts of the demo page around its elements that Sigma's commands change, drawn from the
 * page's state: the workbook bar (its id, the mode and edit actions, the bookmarks, the sharing
 * link) and the schedule or export modal.
 */
import type { Bookmarks } from './bookmarks';
import { h } from './dom';
import { button } from './elements';
import type { Words } from './i18n';
import type { ModalType, Mode } from './protocol';

export interface BarState {
  workbookId: string;
  mode: Mode;
  published: boolean;
  sharing: { link: string | null; explorationLink: string | null };
  bookmarks: Bookmarks;
}

/** What the bar's buttons do; `act` carries out a bookmark change, reporting a refusal. */
export interface BarActions {
  setMode(mode: Mode): void;
  publish(): void;
  saveAs(): void;
  deleteWorkbook(): void;
  updateBookmark(): void;
  act(action: () => void): void;
}

export function drawWorkbookBar(bar: HTMLElement, state: BarState, actions: BarActions, words: Words): void {
  const { bookmarks, mode, sharing } = state;
  const modes = h(
    'span',
    { class: 'chips', role: 'group', 'aria-label': words.mode },
    ...(['view', 'explore', 'edit'] as const).map((m) => button(words[m], { class: 'chip', 'aria-pressed': String(mode === m) }, () => actions.setMode(m))),
  );
  const editing =
    mode === 'edit'
      ? h(
          'span',
          { class: 'chips' },
          button(words.publish, { class: 'chip' }, actions.publish),
          button(words.saveAs, { class: 'chip' }, actions.saveAs),
          button(words.deleteWorkbook, { class: 'chip' }, actions.deleteWorkbook),
          state.published ? h('span', { role: 'status' }, words.published) : null,
        )
      : null;
  const marks = h(
    'span',
    { class: 'chips', role: 'group', 'aria-label': words.bookmarks },
    ...bookmarks.list.map((b) =>
      h(
        'span',
        { class: 'bookmark' },
        button(b.name, { class: 'chip', 'data-bookmark-id': b.bookmarkId, 'aria-pressed': String(bookmarks.selected === b) }, () =>
          actions.act(() => bookmarks.select(bookmarks.selected === b ? null : b.bookmarkId)),
        ),
        button('×', { class: 'chip', 'aria-label': `${words.deleteBookmark} ${b.name}` }, () => actions.act(() => bookmarks.delete(b.bookmarkId))),
      ),
    ),
    bookmarks.list.length ? null : h('span', {}, words.noBookmarks),
    button(words.saveBookmark, { class: 'chip' }, () => actions.act(() => bookmarks.create(`${words.bookmark} ${bookmarks.list.length + 1}`, false, false))),
    button(words.updateBookmark, { class: 'chip' }, () => actions.act(actions.updateBookmark)),
  );
  bar.replaceChildren(
    h('span', {}, `${words.workbookId}: `, h('code', { 'data-testid': 'workbook-id' }, state.workbookId)),
    h('span', {}, `${words.mode}: `, modes, editing),
    h('span', {}, `${words.bookmarks}: `, marks),
    h(
      'span',
      {},
      `${words.share}: `,
      // Text, never markup: the link is whatever the embedding page sent.
      sharing.link ? h('code', { 'data-testid': 'sharing-link' }, sharing.link) : h('span', {}, words.notShared),
      sharing.explorationLink ? h('code', { 'data-testid': 'sharing-exploration-link' }, sharing.explorationLink) : null,
    ),
  );
}

/** The modal workbook:modal:toggle opens (none: closed); its Close button calls onClose. */
export function drawModal(box: HTMLElement, modal: ModalType | undefined, words: Words, onClose: () => void): void {
  box.hidden = !modal;
  if (!modal) return box.replaceChildren();
  const title = modal === 'schedule' ? words.schedule : words.export;
  box.setAttribute('aria-label', title);
  box.replaceChildren(h('h2', {}, title), h('p', {}, modal === 'schedule' ? words.scheduleHint : words.exportHint), button(words.close, {}, onClose));
}
