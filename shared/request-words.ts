/**
 * A request that fails the contract's schema, told in a person's words: the field by its name
 * on the screen, what is wrong with what was given (its size, not its content, for secrets),
 * and what is accepted. Never a method name or a schema path.
 */
import type * as z from 'zod/mini';
import { excerpt } from './errors';
import type { Method } from './methods';

/** Fields by the names the forms and the CLI give them. */
const LABELS: Record<string, string> = {
  name: 'The profile name',
  profile: 'The profile name',
  clientId: 'The client id',
  baseUrl: 'The base URL',
  secret: 'The secret',
  secretEnv: 'The environment variable name',
  passphrase: 'The passphrase',
  repeat: 'The repeated passphrase',
  url: 'The target',
  input: 'The pasted text',
  text: 'The .env text',
  sub: 'The user (sub)',
  accountType: 'The account type',
  firstName: 'The first name',
  lastName: 'The last name',
  evalConnectionId: 'The eval connection id',
  sessionLength: 'The session length',
  teams: 'The teams list',
  userAttributes: 'The user attributes',
  options: 'The URL options',
  controls: 'The control values',
  token: 'The OAuth token',
  connections: 'The connection OAuth tokens',
  workbookId: 'The workbook id',
  pageId: 'The page id',
  search: 'The search',
  query: 'The search',
  id: 'The id',
};

/** Fields whose name on the screen depends on the method: a persona's name is not a profile's. */
const LABELS_OF: Partial<Record<Method, Record<string, string>>> = {
  'personas:save': { name: 'The persona name' },
  'personas:remove': { name: 'The persona name' },
};

/** Values never quoted back, even in part. */
const WRITE_ONLY = new Set(['secret', 'passphrase', 'repeat', 'token', 'connections', 'oauth']);

type Issue = z.core.$ZodIssue;
type Path = readonly PropertyKey[];

/** The value at `path` in what was sent, or undefined. */
function valueAt(request: unknown, path: Path): unknown {
  let value = request;
  for (const key of path) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** "6,000 characters", "4.2 million characters": a length as a person reads it. */
function sizeInWords(length: number): string {
  if (length >= 1_000_000) return `${(length / 1_000_000).toFixed(1)} million characters`;
  return `${length.toLocaleString('en-US')} character${length === 1 ? '' : 's'}`;
}

function labelOf(path: Path, method?: Method): string {
  const names = path.filter((key): key is string => typeof key === 'string');
  const last = names[names.length - 1];
  const label = last !== undefined ? ((method && LABELS_OF[method]?.[last]) ?? LABELS[last]) : undefined;
  const parent = names.find((key) => LABELS[key] && key !== last);
  if (label) return label;
  if (parent && last !== undefined) return `${LABELS[parent]} entry "${excerpt(last, 64)}"`;
  if (parent) return `An entry of ${LABELS[parent].replace(/^The /, 'the ')}`;
  return 'The request';
}

/** What a value must be, in words, by the kind the check expected. */
const EXPECTED: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a set of names and values',
  record: 'a set of names and values',
};

function problemOf(issue: Issue, value: unknown, writeOnly: boolean): string {
  switch (issue.code) {
    case 'too_big':
      if (typeof value === 'string') return `is ${sizeInWords(value.length)} long; at most ${sizeInWords(Number(issue.maximum))} are accepted`;
      if (Array.isArray(value)) return `has ${value.length} entries; at most ${String(issue.maximum)} are accepted`;
      return `is too large; at most ${String(issue.maximum)} is accepted`;
    case 'too_small':
      if (typeof value === 'string' && Number(issue.minimum) === 1) return 'is empty; fill it in';
      if (Array.isArray(value)) return `has ${value.length} entries; at least ${String(issue.minimum)} are needed`;
      return `is too short; at least ${String(issue.minimum)} ${typeof value === 'string' ? 'characters are' : 'is'} needed`;
    case 'invalid_type':
      if (value === undefined) return 'is missing; fill it in';
      return `must be ${EXPECTED[issue.expected] ?? `a value of another kind (${issue.expected})`}`;
    case 'invalid_format':
    case 'custom': {
      const shown = !writeOnly && typeof value === 'string' ? ` ("${excerpt(value, 80)}")` : '';
      return `is not accepted${shown}: ${issue.message}`;
    }
    case 'unrecognized_keys':
      return `has settings this version does not know (${issue.keys.map((key) => excerpt(key, 40)).join(', ')}); leave them out`;
    case 'invalid_key':
      return 'has a name that is not accepted (empty, or too long); give every entry a name of its own';
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return `is not accepted: ${issue.message}`;
  }
}

/** The first issue of a failed request check (of `method`, when known), as one sentence, and the field it is about. */
export function describeRequestIssue(error: z.core.$ZodError, request: unknown, method?: Method): { message: string; field?: string } {
  const issue = error.issues[0];
  // An unknown setting is reported at the object that holds it; its own key names it.
  const path = issue.path;
  const writeOnly = path.some((key) => typeof key === 'string' && WRITE_ONLY.has(key));
  const message = `${labelOf(path, method)} ${problemOf(issue, valueAt(request, path), writeOnly)}.`;
  const last = path[path.length - 1];
  return { message, ...(path.length > 0 && { field: String(last) }) };
}

/**
 * A name JavaScript's objects keep for themselves ("__proto__") anywhere in a request: the
 * schema check would drop it without a word (an attribute, an option or a control that vanishes
 * from the token), so it is refused, with the reason. "constructor" and the like stay data.
 */
export function reservedNameIssue(request: unknown, path: PropertyKey[] = []): { message: string; field?: string } | undefined {
  if (request === null || typeof request !== 'object' || path.length > 8) return undefined;
  for (const key of Object.keys(request)) {
    const where = [...path, key];
    if (key === '__proto__') {
      const field = path.filter((k): k is string => typeof k === 'string').pop();
      const within = field && LABELS[field] ? ` in ${LABELS[field].replace(/^The /, 'the ')}` : '';
      return {
        message: `The name "__proto__"${within} cannot be used: it is reserved in JavaScript, so Sigma's SDKs and this console would drop it. Rename it.`,
        ...(field && { field }),
      };
    }
    const inner = reservedNameIssue((request as Record<string, unknown>)[key], where);
    if (inner) return inner;
  }
  return undefined;
}
