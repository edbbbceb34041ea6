/**
 * Sigma's REST API as the content browser uses it (sigma-embed.md §7): the regional API bases,
 * the entries it lists, checked for the fields the console relies on (the rest pass through),
 * and the embed target each entry stands for.
 */
import * as z from 'zod/mini';
import { targetUrl, parseEmbedUrl, workbookSlug, type EmbedTarget } from './target';

/** §7.1: an org's API base depends on its cloud; the app host (app.sigmacomputing.com) is not one. */
export const API_REGIONS = [
  { id: 'gcp-us', label: 'GCP US', url: 'https://api.sigmacomputing.com' },
  { id: 'gcp-ksa', label: 'GCP KSA', url: 'https://api.sa.gcp.sigmacomputing.com' },
  { id: 'aws-us-west', label: 'AWS US West', url: 'https://aws-api.sigmacomputing.com' },
  { id: 'aws-us-east', label: 'AWS US East', url: 'https://api.us-a.aws.sigmacomputing.com' },
  { id: 'aws-ca', label: 'AWS Canada', url: 'https://api.ca.aws.sigmacomputing.com' },
  { id: 'aws-eu', label: 'AWS Europe', url: 'https://api.eu.aws.sigmacomputing.com' },
  { id: 'aws-au', label: 'AWS APAC / Australia', url: 'https://api.au.aws.sigmacomputing.com' },
  { id: 'aws-uk', label: 'AWS UK', url: 'https://api.uk.aws.sigmacomputing.com' },
  { id: 'azure-us', label: 'Azure US', url: 'https://api.us.azure.sigmacomputing.com' },
  { id: 'azure-eu', label: 'Azure Europe', url: 'https://api.eu.azure.sigmacomputing.com' },
  { id: 'azure-ca', label: 'Azure Canada', url: 'https://api.ca.azure.sigmacomputing.com' },
  { id: 'azure-uk', label: 'Azure UK', url: 'https://api.uk.azure.sigmacomputing.com' },
  { id: 'azure-au', label: 'Azure Australia', url: 'https://api.au.azure.sigmacomputing.com' },
] as const;

/** Sigma's page size limit (§7.3). */
export const MAX_PAGE_SIZE = 1000;
/** Enough for any org's workbooks: a listing stops there and says so. */
export const MAX_LISTING = 10_000;

const tagEntry = z.looseObject({ versionTagId: z.optional(z.string()), name: z.string() });

export const workbookEntry = z.looseObject({
  workbookId: z.string(),
  workbookUrlId: z.string(),
  name: z.string(),
  /** The workbook's app URL: https://app.sigmacomputing.com/{org}/workbook/{urlId} */
  url: z.string(),
  path: z.optional(z.string()),
  updatedAt: z.optional(z.string()),
  tags: z.optional(z.array(tagEntry)),
});
export const pageEntry = z.looseObject({ pageId: z.string(), name: z.string() });
export const elementEntry = z.looseObject({ elementId: z.string(), name: z.optional(z.string()), type: z.optional(z.string()) });
export const teamEntry = z.looseObject({ teamId: z.string(), name: z.string(), description: z.optional(z.nullable(z.string())) });
export const memberEntry = z.looseObject({
  memberId: z.string(),
  email: z.string(),
  firstName: z.optional(z.string()),
  lastName: z.optional(z.string()),
  memberType: z.optional(z.string()),
});

export type WorkbookEntry = z.infer<typeof workbookEntry>;
export type PageEntry = z.infer<typeof pageEntry>;
export type ElementEntry = z.infer<typeof elementEntry>;
export type TeamEntry = z.infer<typeof teamEntry>;
export type MemberEntry = z.infer<typeof memberEntry>;

/** A listing, every page of it, up to the console's cap. */
export interface Listing<T> {
  entries: T[];
  /** False when Sigma had more than MAX_LISTING entries and only those were fetched. */
  complete: boolean;
}

/** Whether a name contains the search, whatever the case; no search matches all. */
export function nameMatches(name: string, search: string | undefined): boolean {
  const wanted = search?.trim().toLowerCase();
  return !wanted || name.toLowerCase().includes(wanted);
}

/** What in a workbook to embed: the whole of it, a tagged version, a page or one element. */
export interface ContentPick {
  workbook: Pick<WorkbookEntry, 'url' | 'name'>;
  tag?: string;
  pageId?: string;
  elementId?: string;
}

/**
 * The target URL of a pick: relative to the profile's base URL when the workbook is under it,
 * so the entry survives a change of host (local-demo's port changes with every start). Sigma's
 * API gives the workbook's URL as /workbook/{urlId}; the embed URL gets the name-urlId form of
 * Sigma's samples and the app's address bar (sigma-embed.md §3).
 */
export function pickedTargetUrl(pick: ContentPick, baseUrl?: string): string {
  const { target } = parseEmbedUrl(pick.workbook.url);
  const picked: EmbedTarget = {
    ...target,
    workbookName: target.workbookName || workbookSlug(pick.workbook.name),
    kind: pick.elementId ? 'element' : pick.pageId ? 'page' : 'workbook',
    tag: pick.tag,
    pageId: pick.elementId ? undefined : pick.pageId,
    elementId: pick.elementId,
  };
  const url = targetUrl(picked);
  const base = baseUrl?.replace(/\/+$/, '');
  return base && url.startsWith(`${base}/`) ? url.slice(base.length + 1) : url;
}
