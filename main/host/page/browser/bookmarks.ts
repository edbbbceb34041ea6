/**
 * The workbook's bookmarks, kept in the page's memory (a reload forgets them), and the events
 * Sigma posts for them (workbook:bookmark:oncreate/onchange/onupdate/ondelete).
 */
import { post } from './protocol';

export interface Bookmark {
  bookmarkId: string;
  name: string;
  isDefault: boolean;
  isShared: boolean;
}

/** What a bookmark command could not do, said the way Sigma says it. */
export class BookmarkError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class Bookmarks {
  readonly list: Bookmark[] = [];
  selected: Bookmark | undefined;
  private made = 0;

  constructor(
    private readonly workbookId: string,
    private readonly versionTagName: string | null,
    /** Called after every change, to redraw. */
    private readonly changed: () => void,
  ) {}

  private fields(bookmark: Bookmark | undefined) {
    return { bookmarkName: bookmark?.name ?? null, workbookId: this.workbookId, versionTagName: this.versionTagName, bookmarkId: bookmark?.bookmarkId ?? null };
  }

  /** A new bookmark of the current view, then selected (as Sigma selects a bookmark it saves). */
  create(name: string, isDefault: boolean, isShared: boolean): Bookmark {
    // Ids count up, so a host can name the bookmark it just made (bookmark-1, bookmark-2...).
    const bookmark = { bookmarkId: `bookmark-${++this.made}`, name: name.trim(), isDefault, isShared };
    if (isDefault) for (const other of this.list) other.isDefault = false;
    this.list.push(bookmark);
    post('workbook:bookmark:oncreate', this.fields(bookmark));
    this.select(bookmark.bookmarkId);
    return bookmark;
  }

  /** Selects a bookmark by id, or clears the selection (null). */
  select(bookmarkId: string | null): void {
    const bookmark = bookmarkId === null ? undefined : this.find(bookmarkId);
    this.selected = bookmark;
    post('workbook:bookmark:onchange', this.fields(bookmark));
    this.changed();
  }

  /** Saves the explore changes into the selected bookmark. */
  update(exploreChanges: boolean): void {
    const bookmark = this.selected;
    if (!bookmark) throw new BookmarkError('EINVAL', 'Bookmark not selected');
    if (!exploreChanges) throw new BookmarkError('EINVAL', 'Cannot update bookmark, no explore changes made');
    post('workbook:bookmark:onupdate', { ...this.fields(bookmark), isDefault: bookmark.isDefault, isShared: bookmark.isShared });
    this.changed();
  }

  delete(bookmarkId: string): void {
    const bookmark = this.find(bookmarkId);
    this.list.splice(this.list.indexOf(bookmark), 1);
    post('workbook:bookmark:ondelete', this.fields(bookmark));
    if (this.selected === bookmark) this.select(null);
    else this.changed();
  }

  private find(bookmarkId: string): Bookmark {
    const bookmark = this.list.find((b) => b.bookmarkId === bookmarkId);
    if (!bookmark) {
      const known = this.list.map((b) => b.bookmarkId).join(', ');
      throw new BookmarkError('ENOENT', `No bookmark "${bookmarkId}" in this workbook; ${known ? `its bookmarks: ${known}` : 'it has none yet'}.`);
    }
    return bookmark;
  }
}
