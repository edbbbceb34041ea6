/**
 * What the local embed host's pages are drawn from, on the server (html.ts) and in the browser
 * (browser/embed-page.ts) alike: types only, with nothing of Node in them.
 */
import type { Finding } from '../../../shared/lint';
import type { EmbedTarget } from '../../../shared/target';
import type { DemoPage, Row } from '../demo-org';

/** Sigma's error codes (sigma-embed.md §6), as sent in workbook:error. */
export type SigmaErrorCode = 'EINVAL' | 'EACCES' | 'ENOENT' | 'ESTALE';

export interface Refusal {
  status: 400 | 401 | 403 | 404 | 500;
  code: SigmaErrorCode;
  /** What Sigma shows. */
  title: string;
  /** Why, and what to do: the part Sigma does not tell. */
  reason: string;
}

/** Everything the demo page shows; sent to the browser, so nothing secret. */
export interface EmbedView {
  target: EmbedTarget;
  workbook?: { workbookId: string; name: string; path: string; tags: string[]; pages: Array<Pick<DemoPage, 'pageId' | 'name'>> };
  /** The pages to show: all of the workbook's, or the one targeted. */
  pages: DemoPage[];
  elementId?: string;
  claims: Record<string, unknown>;
  profile: string;
  options: Record<string, string>;
  controls: Record<string, string[]>;
  /** Warnings about the token or URL that Sigma would not refuse on. */
  notes: Finding[];
  /** The rows this user may see, per dataset. */
  data: Record<string, Row[]>;
  /** Row-level security applied from a user attribute. */
  rowSecurity?: { attribute: string; value: string };
}

/** What a page hands its script. */
export type PageConfig = { kind: 'view'; view: EmbedView } | { kind: 'refusal'; refusal: Refusal };
