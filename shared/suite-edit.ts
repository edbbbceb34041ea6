/**
 * Changing a suite file the way its owner would by hand: Craft's draft added as a case (its
 * persona and target named, or found among those the suite has), in the file's own text, so
 * comments, order and formatting stay and the diff is the new lines alone.
 */
import { isMap, isPair, isSeq, parseDocument, stringify, type Document } from 'yaml';
import type { ClaimsInput } from './claims';
import { slug, unused } from './names';
import type { Suite, SuiteCaseSpec, SuitePersona, SuiteTarget } from './suite';

/** Craft's claims by the token's own names, as a suite's persona says them. */
export function personaOf(claims: ClaimsInput): SuitePersona {
  const persona: SuitePersona = {
    sub: claims.sub,
    internal: claims.internal || undefined,
    account_type: claims.accountType || undefined,
    teams: claims.teams?.length ? claims.teams : undefined,
    first_name: claims.firstName || undefined,
    last_name: claims.lastName || undefined,
    user_attributes: claims.userAttributes && Object.keys(claims.userAttributes).length ? claims.userAttributes : undefined,
    eval_connection_id: claims.evalConnectionId || undefined,
    ver: claims.ver,
    session_length: claims.sessionLength,
  };
  return Object.fromEntries(Object.entries(persona).filter(([, v]) => v !== undefined)) as SuitePersona;
}

/** What Craft has: the draft a case is made of. */
export interface CraftCase {
  /** The saved persona these claims are, if any: the suite's persona takes its name. */
  persona?: string;
  profile: string;
  url: string;
  claims: ClaimsInput;
  options?: Record<string, string>;
  controls?: Record<string, string[]>;
}

/** The same value whatever the order of its keys. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );

/** The name of the saved persona whose claims these are, if one's are. */
export function savedPersonaOf(claims: ClaimsInput, saved: Array<{ name: string; claims: ClaimsInput }>): string | undefined {
  const these = canonical(personaOf(claims));
  return saved.find((p) => canonical(personaOf(p.claims)) === these)?.name;
}

/** A key not yet among `taken`, from a person's text. */
const freeName = (base: string, taken: string[]): string => unused(slug(base, 'case'), (name) => taken.includes(name));

/** The name of an entry equal to `value`, if the map has one. */
const nameOf = <T>(map: Record<string, T>, value: T): string | undefined => Object.entries(map).find(([, v]) => canonical(v) === canonical(value))?.[0];

/** A target's short name: its page or element id, else its workbook's name. */
function targetBase(url: string): string {
  const parts = url.split('?')[0].split('/').filter(Boolean);
  const at = Math.max(parts.lastIndexOf('page'), parts.lastIndexOf('element'), parts.lastIndexOf('workbook'));
  const name = parts[at + 1] ?? parts.at(-1) ?? 'target';
  // A workbook's URL name ends in its id: Sales-Performance-3kQ7… is "sales-performance".
  return parts[at] === 'workbook' ? name.replace(/-[A-Za-z0-9]{10,}$/, '') : name;
}

/** What adding Craft's draft to the suite takes: the persona and target to name (when new), and the case. */
export function caseFromCraft(
  suite: Suite,
  craft: CraftCase,
): { persona: [string, SuitePersona, boolean]; target: [string, SuiteTarget, boolean]; spec: SuiteCaseSpec } {
  const persona = personaOf(craft.claims);
  const hasQuery = Object.keys(craft.options ?? {}).length > 0 || Object.keys(craft.controls ?? {}).length > 0;
  const target: SuiteTarget = hasQuery
    ? { url: craft.url, ...(craft.options && { options: craft.options }), ...(craft.controls && { controls: craft.controls }) }
    : craft.url;
  const knownPersona = nameOf(suite.personas, persona);
  const knownTarget = nameOf(suite.targets, target);
  const personaName =
    knownPersona ??
    (craft.persona ? unused(craft.persona, (name) => name in suite.personas) : freeName(persona.sub.split('@')[0], Object.keys(suite.personas)));
  const targetName = knownTarget ?? freeName(targetBase(craft.url), Object.keys(suite.targets));
  const caseNames = suite.cases.map((c) => c.name).filter((n): n is string => Boolean(n));
  let name = `${personaName} on ${targetName}`;
  for (let n = 2; caseNames.includes(name); n++) name = `${personaName} on ${targetName} (${n})`;
  const spec: SuiteCaseSpec = {
    name,
    persona: personaName,
    target: targetName,
    ...(craft.profile !== suite.profile && { profile: craft.profile }),
    expect: { loads: true },
  };
  return { persona: [personaName, persona, !knownPersona], target: [targetName, target, !knownTarget], spec };
}

/** A value in one line, as the example suites write it (and Prettier formats YAML): { a: 1 }, [a, b]. */
function flow(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(flow).join(', ')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    return entries.length ? `{ ${entries.map(([k, v]) => `${flow(k)}: ${flow(v)}`).join(', ')} }` : '{}';
  }
  // A URL option (:theme) quoted, as the example suites write it; any other scalar as YAML quotes it, when it must be.
  if (typeof value === 'string' && value.startsWith(':')) return `'${value.replace(/'/g, "''")}'`;
  return stringify(value, { lineWidth: 0 }).trimEnd();
}

/**
 * The text with `lines` added as the last entry of the block map or list at `key`, in the
 * indentation of the entries there; undefined when there is no such block with entries.
 */
function appendTo(text: string, doc: Document, key: string, lines: string[]): string | undefined {
  const node = doc.get(key, true);
  if (!(isMap(node) || isSeq(node)) || node.flow || node.items.length === 0) return undefined;
  const startOf = (item: unknown) => (isPair(item) ? (item.key as { range?: number[] }).range?.[0] : (item as { range?: number[] }).range?.[0]);
  const endOf = (item: unknown) => (isPair(item) ? ((item.value ?? item.key) as { range?: number[] }).range?.[1] : (item as { range?: number[] }).range?.[1]);
  const first = startOf(node.items[0]);
  const last = endOf(node.items.at(-1));
  if (first === undefined || last === undefined) return undefined;
  // The first entry's lead ("  " in a map, "  - " in a list) starts each new entry; its width indents the rest.
  const lead = text.slice(text.lastIndexOf('\n', first - 1) + 1, first);
  if (lead.trim() !== '' && lead.trim() !== '-') return undefined;
  // After the entry's last character: its range may run on over the blank lines that follow.
  let end = last;
  while (end > first && /\s/.test(text[end - 1])) end--;
  const at = text.indexOf('\n', end) === -1 ? text.length : text.indexOf('\n', end);
  const added = lines.map((line, i) => (i === 0 ? lead : ' '.repeat(lead.length)) + line).join('\n');
  return `${text.slice(0, at)}\n${added}${text.slice(at)}`;
}

/** A case's lines, one a key. */
const caseLines = (spec: SuiteCaseSpec) => Object.entries(spec).map(([key, value]) => `${key}: ${flow(value)}`);

/** The suite's text with Craft's draft added as its last case; everything else as it was written. */
export function addCraftCase(text: string, suite: Suite, craft: CraftCase): { text: string; name: string } {
  const { persona, target, spec } = caseFromCraft(suite, craft);
  let edited = text;
  // Each addition in the file's own text; where a section is not a block with entries yet, the document is written anew.
  const additions: Array<[string, string[]]> = [
    ...(persona[2] ? [['personas', [`${flow(persona[0])}: ${flow(persona[1])}`]] as [string, string[]]] : []),
    ...(target[2] ? [['targets', [`${flow(target[0])}: ${flow(target[1])}`]] as [string, string[]]] : []),
    ['cases', caseLines(spec)],
  ];
  for (const [key, lines] of additions) {
    const appended = appendTo(edited, parseDocument(edited), key, lines);
    if (appended === undefined) return { text: rewritten(text, persona, target, spec), name: spec.name! };
    edited = appended;
  }
  return { text: edited, name: spec.name! };
}

/** The whole document written anew with the additions, for a suite whose sections are empty or in flow style. */
function rewritten(text: string, persona: [string, SuitePersona, boolean], target: [string, SuiteTarget, boolean], spec: SuiteCaseSpec): string {
  const doc = parseDocument(text);
  const entry = (value: unknown) => {
    const node = doc.createNode(value);
    if (isMap(node) || isSeq(node)) node.flow = true;
    return node;
  };
  for (const [key, [name, value, isNew]] of [
    ['personas', persona],
    ['targets', target],
  ] as const) {
    if (!isNew) continue;
    if (!isMap(doc.get(key, true)) || (doc.get(key, true) as { flow?: boolean }).flow)
      doc.set(key, doc.createNode({ ...(doc.toJS() as Record<string, object>)[key] }));
    doc.setIn([key, name], entry(value));
  }
  if (!isSeq(doc.get('cases', true)) || (doc.get('cases', true) as { flow?: boolean }).flow)
    doc.set('cases', doc.createNode([...((doc.toJS() as { cases?: unknown[] }).cases ?? [])]));
  const node = doc.createNode(spec);
  if (isMap(node)) for (const item of node.items) if (isMap(item.value) || isSeq(item.value)) item.value.flow = true;
  doc.addIn(['cases'], node);
  return doc.toString({ lineWidth: 0 });
}

/** A new suite of one case: Craft's draft, for its profile. */
export function newSuiteText(craft: CraftCase): string {
  const empty: Suite = { profile: craft.profile, personas: {}, targets: {}, cases: [] };
  const { persona, target, spec } = caseFromCraft(empty, craft);
  return [
    "# Embed tests: run them with embed-console test <this file>, or in the app's Suites view.",
    `profile: ${flow(craft.profile)}`,
    'personas:',
    `  ${flow(persona[0])}: ${flow(persona[1])}`,
    'targets:',
    `  ${flow(target[0])}: ${flow(target[1])}`,
    'cases:',
    ...caseLines(spec).map((line, i) => `${i ? '    ' : '  - '}${line}`),
    '',
  ].join('\n');
}
