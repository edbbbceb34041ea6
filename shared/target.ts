/**
 * Embed targets <-> Sigma URLs (sigma-embed.md §3-4). A pasted URL is split into its parts and
 * built back unchanged; parts edited one by one build the URL Sigma expects. Any host is
 * accepted (Sigma's regions, custom domains, the local embed host): the path decides.
 */
import { EmbedConsoleError, excerpt } from './errors';

export type TargetKind = 'workbook' | 'page' | 'element' | 'ask';

/**
 * The document a workbook, page or element target is in. Sigma's embed docs list data models
 * (tagged versions too) without giving their URL syntax [uncertain]: they are read like a
 * workbook, /{org}/data-model/{name}-{urlId}, with the workbook fields naming the data model.
 */
export type DocumentType = 'workbook' | 'data-model';

export interface EmbedTarget {
  /** Scheme and host, e.g. https://app.sigmacomputing.com */
  origin: string;
  org: string;
  kind: TargetKind;
  /** Set only for a data model; a workbook's target leaves it out. */
  document?: 'data-model';
  /** The name slug before the id ("" when the URL carries the id alone). Workbook kinds only. */
  workbookName?: string;
  workbookUrlId?: string;
  /** A tagged version: /tag/{tag} after the workbook. */
  tag?: string;
  pageId?: string;
  elementId?: string;
}

/** URL options (":theme" -> "Dark") and control values (control id -> values), in URL order. */
export interface EmbedQuery {
  options: Record<string, string>;
  controls: Record<string, string[]>;
}

export interface EmbedUrl extends EmbedQuery {
  target: EmbedTarget;
  /** The token and the :embed flag, when the URL already carries them. */
  jwt?: string;
  embed?: string;
}

/** The URL path of a data model, as this console reads it (see DocumentType). */
export const DATA_MODEL_SHAPE = '/{org}/data-model/{name}-{id}[/tag/{tag}][/page/{pageId} or /element/{elementId}]';

export const TARGET_SHAPES =
  '/{org}/workbook/{name}-{id}, optionally followed by /tag/{tag}, /page/{pageId} or /element/{elementId}; the same under /{org}/data-model/ for a data model; or /{org}/ask';

/** The path section of each document type. */
const SECTIONS: Record<DocumentType, string> = { workbook: 'workbook', 'data-model': 'data-model' };

/** The document type a target is in. */
export const documentOf = (target: Pick<EmbedTarget, 'document'>): DocumentType => target.document ?? 'workbook';

const OPTION_KEY = /^:[A-Za-z0-9_]+$/;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * encodeURIComponent, refusing text with half a character (a lone UTF-16 surrogate, which a
 * JSON escape such as "\ud800" can make): it has no UTF-8 form, so no URL can carry it.
 */
function encode(text: string, what: string, field: string): string {
  if (LONE_SURROGATE.test(text)) {
    throw new EmbedConsoleError(
      'INVALID_URL',
      // excerpt shows the broken half as an escape (\ud800): the user sees where it is.
      `${what} "${excerpt(text, 60)}" holds a broken character (half of a UTF-16 pair, shown as \\ud800 or the like), which no URL can carry; retype it without that character.`,
      field,
    );
  }
  return encodeURIComponent(text);
}

/** Sigma keeps ":" readable in values, and "," separates the values of one control. */
function encodeValue(value: string, what: string, field: string): string {
  return encode(value, what, field).replace(/%3A/gi, ':');
}

function decode(part: string, url: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new EmbedConsoleError('INVALID_URL', `The URL ${excerpt(url)} has broken percent-encoding near "${excerpt(part, 40)}"; copy it again.`);
  }
}

function notSigma(url: string): EmbedConsoleError {
  return new EmbedConsoleError('NOT_SIGMA_URL', `${excerpt(url)} is not a Sigma embed URL: its path must be ${TARGET_SHAPES}.`);
}

function parseTargetPath(origin: string, segments: string[], url: string): EmbedTarget {
  const [org, section, workbook, ...rest] = segments;
  if (!org) throw notSigma(url);
  if (section === 'ask' && segments.length === 2) return { origin, org, kind: 'ask' };
  if ((section !== SECTIONS.workbook && section !== SECTIONS['data-model']) || !workbook) throw notSigma(url);

  const dash = workbook.lastIndexOf('-');
  const target: EmbedTarget = {
    origin,
    org,
    kind: 'workbook',
    ...(section === SECTIONS['data-model'] && { document: 'data-model' as const }),
    workbookName: dash < 0 ? '' : workbook.slice(0, dash),
    workbookUrlId: workbook.slice(dash + 1),
  };
  if (!target.workbookUrlId) throw notSigma(url);

  let i = 0;
  if (rest[i] === 'tag' && rest[i + 1]) {
    target.tag = rest[i + 1];
    i += 2;
  }
  if ((rest[i] === 'page' || rest[i] === 'element') && rest[i + 1]) {
    target.kind = rest[i] as 'page' | 'element';
    target[rest[i] === 'page' ? 'pageId' : 'elementId'] = rest[i + 1];
    i += 2;
  }
  // A kind chosen before its id is typed: say which id is missing, not that the URL is wrong.
  if (i === rest.length - 1 && (rest[i] === 'page' || rest[i] === 'element' || (rest[i] === 'tag' && i === 0))) {
    const part = rest[i] === 'tag' ? 'tag name' : `${rest[i]} id`;
    throw new EmbedConsoleError('NOT_SIGMA_URL', `The ${part} is required: add it after /${rest[i]}/ in ${excerpt(url)}.`, 'url');
  }
  if (i !== rest.length) throw notSigma(url);
  return target;
}

/** Parses a URL, refusing anything that is not http(s). */
export function parseHttpUrl(input: string): URL {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new EmbedConsoleError('INVALID_URL', `"${excerpt(input)}" is not a URL; paste the full address, starting with https://.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new EmbedConsoleError('INVALID_URL', `${excerpt(input)} is not a web address; Sigma URLs start with https://.`);
  }
  return url;
}

/** Splits a Sigma URL into its target, options, controls and token. */
export function parseEmbedUrl(input: string): EmbedUrl {
  const url = parseHttpUrl(input);
  const segments = url.pathname
    .split('/')
    .filter(Boolean)
    .map((s) => decode(s, input));
  // Control ids are the workbook author's free text ("constructor" included): no inherited keys.
  const parsed: EmbedUrl = { target: parseTargetPath(url.origin, segments, input), options: {}, controls: Object.create(null) };

  for (const pair of url.search.slice(1).split('&').filter(Boolean)) {
    const eq = pair.indexOf('=');
    const key = decode(eq < 0 ? pair : pair.slice(0, eq), input);
    const raw = eq < 0 ? '' : pair.slice(eq + 1);
    if (key === ':jwt') parsed.jwt = decode(raw, input);
    else if (key === ':embed') parsed.embed = decode(raw, input);
    else if (key.startsWith(':')) parsed.options[key] = decode(raw, input);
    else (parsed.controls[key] ??= []).push(...raw.split(',').map((v) => decode(v, input)));
  }
  return parsed;
}

/** The content URL of a target, without a query. */
export function targetUrl(target: EmbedTarget): string {
  const segments = [target.org];
  if (target.kind === 'ask') {
    segments.push('ask');
  } else {
    const id = target.workbookUrlId ?? '';
    segments.push(SECTIONS[documentOf(target)], target.workbookName ? `${target.workbookName}-${id}` : id);
    if (target.tag) segments.push('tag', target.tag);
    if (target.kind === 'page') segments.push('page', target.pageId ?? '');
    if (target.kind === 'element') segments.push('element', target.elementId ?? '');
  }
  return `${target.origin}/${segments.map((segment) => encode(segment, 'A part of the target', 'url')).join('/')}`;
}

/** A URL option key is a colon and a name, e.g. ":theme". */
export function optionKeyProblem(key: string): string | undefined {
  if (!OPTION_KEY.test(key)) return `URL option "${excerpt(key, 60)}" must be a colon and a name, such as :theme=Dark.`;
  if (key === ':jwt' || key === ':embed') return `${key} is set by the signer; remove it from the options.`;
  return undefined;
}

/** The full embed URL: token first, then :embed=true, the options and the control values. */
export function buildEmbedUrl(embed: EmbedUrl): string {
  const query: string[] = [];
  if (embed.jwt !== undefined) query.push(`:jwt=${encodeURIComponent(embed.jwt)}`);
  if (embed.embed !== undefined) query.push(`:embed=${encodeValue(embed.embed, 'The :embed value', 'url')}`);
  for (const [key, value] of Object.entries(embed.options)) {
    const problem = optionKeyProblem(key);
    if (problem) throw new EmbedConsoleError('INVALID_URL', problem, 'options');
    query.push(`${key}=${encodeValue(value, `The value of URL option ${key}`, 'options')}`);
  }
  for (const [id, values] of Object.entries(embed.controls)) {
    const what = `A value of control ${excerpt(id, 60)}`;
    query.push(`${encode(id, 'The control id', 'controls')}=${values.map((value) => encodeValue(value, what, 'controls')).join(',')}`);
  }
  return targetUrl(embed.target) + (query.length ? `?${query.join('&')}` : '');
}

/** Whether the input names its scheme ("https:..."), rather than being a path. */
export function hasScheme(input: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(input.trim());
}

/**
 * The one rule for a target as the user enters it, for the form and the signer alike: a full
 * URL, or a path relative to the profile's base URL ("workbook/Sales-1a2b" against
 * https://app.sigmacomputing.com/acme, or "/acme/workbook/Sales-1a2b"). A path with no base URL
 * to resolve it against is refused, naming the profile when there is one.
 */
export function resolveTarget(input: string, baseUrl: string | undefined, profile?: string): EmbedUrl {
  if (hasScheme(input)) return parseEmbedUrl(input);
  if (!baseUrl) {
    const whose = profile ? `profile "${profile}"` : 'this profile';
    throw new EmbedConsoleError(
      'INVALID_URL',
      `"${excerpt(input)}" is a path, and ${whose} has no base URL to resolve it against: give the full URL, starting with https://.`,
      'url',
    );
  }
  const base = parseHttpUrl(baseUrl);
  // "/acme/workbook/..." starts at the host; "workbook/..." continues the base URL's path.
  let joined: URL;
  try {
    joined = new URL(input.trim(), base.href.endsWith('/') ? base.href : `${base.href}/`);
  } catch {
    // "//a b" reads as a host name, and one with a space is no URL.
    throw new EmbedConsoleError(
      'INVALID_URL',
      `"${excerpt(input)}" is neither a full URL nor a path under ${excerpt(baseUrl)}: give a path such as workbook/Sales-1a2b (no leading "//"), or the full URL starting with https://.`,
      'url',
    );
  }
  return parseEmbedUrl(joined.href);
}

/** URL options and control values, as an embed URL and a draft both carry them. */
export interface EmbedQuery {
  options: Record<string, string>;
  controls: Record<string, string[]>;
}

/** The query an embed loads with: `under`'s options and control values, with `over`'s winning. */
export function mergeQuery(under: Partial<EmbedQuery>, over: Partial<EmbedQuery>): EmbedQuery {
  return { options: { ...under.options, ...over.options }, controls: { ...under.controls, ...over.controls } };
}

/** A workbook's name as it stands in its URL: "Sales Performance" -> "Sales-Performance". */
export const workbookSlug = (name: string): string => name.trim().replace(/\s+/g, '-');
