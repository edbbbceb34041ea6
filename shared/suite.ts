/**
 * A suite file of embed tests (YAML, in the user's repo and reviewed like code): personas,
 * targets and cases, read with every problem tied to its line, expanded into the cases to run
 * (each with Craft's claim draft and target). Pure: the CLI, the core and the app's Suites view
 * all use it; suite-edit.ts changes a suite's text.
 */
import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import type { ClaimsInput } from './claims';
import { checkSuite, type Path, type PathProblem, type Suite, type SuiteCaseSpec, type SuiteExpect, type SuitePersona, type SuiteTarget } from './suite-check';

export type { Suite, SuiteCaseSpec, SuiteExpect, SuitePersona, SuiteTarget } from './suite-check';

export interface SuiteProblem {
  line: number;
  /** Where in the file, such as cases[1].expect.refused. */
  field: string;
  message: string;
}

/** One case to run: a persona on a target, everything resolved. */
export interface SuiteCase {
  name: string;
  persona: string;
  target: string;
  profile: string;
  /** Craft's claim draft: the persona's claims with the case's on top. */
  claims: ClaimsInput;
  /** As Craft's target field takes it: a full URL, or a path under the profile's base URL. */
  url: string;
  options: Record<string, string>;
  controls: Record<string, string[]>;
  expect: SuiteExpect;
}

/** A path as a person reads it: cases[1].expect.refused, options[":theme"]. */
export function fieldOf(path: Path): string {
  return path
    .map((part, i) =>
      typeof part === 'number' ? `[${part}]` : /^[A-Za-z_][A-Za-z0-9_-]*$/.test(part) ? `${i ? '.' : ''}${part}` : `[${JSON.stringify(part)}]`,
    )
    .join('');
}

/** The node at `path` (its key, with `onKey`), or the deepest one on the way there. */
function nodeAt(doc: Document, path: Path, onKey: boolean): Node | undefined {
  let node: unknown = doc.contents;
  for (const [i, part] of path.entries()) {
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(part));
      if (!pair) return node;
      if (last && onKey) return pair.key as Node;
      node = pair.value ?? pair.key;
    } else if (isSeq(node) && typeof part === 'number' && node.items[part]) {
      node = node.items[part];
    } else {
      return node as Node | undefined;
    }
  }
  return node as Node | undefined;
}

function lineOf(doc: Document, lines: LineCounter, problem: PathProblem): number {
  const offset = nodeAt(doc, problem.path, problem.onKey ?? false)?.range?.[0] ?? 0;
  return lines.linePos(offset).line;
}

/** The names a case spec runs under: a matrix case one per persona and target ("east-creator × orders"). */
function namesOf(spec: SuiteCaseSpec): Array<{ name: string; persona: string; target: string }> {
  const pairs = 'matrix' in spec ? spec.matrix.personas.flatMap((p) => spec.matrix.targets.map((t) => [p, t])) : [[spec.persona, spec.target]];
  return pairs.map(([persona, target]) => {
    const combined = `${persona} × ${target}`;
    const name = 'matrix' in spec ? (spec.name ? `${spec.name}: ${combined}` : combined) : (spec.name ?? combined);
    return { name, persona, target };
  });
}

/** Problems no single value shows: a case without a profile, a name used twice. */
function crossProblems(suite: Suite): PathProblem[] {
  const problems: PathProblem[] = [];
  const seen = new Set<string>();
  suite.cases.forEach((spec, i) => {
    if (!spec.profile && !suite.profile) {
      problems.push({ path: ['cases', i], message: 'This case has no profile to sign with: give profile at the top of the file (or in the case).' });
    }
    for (const { name } of namesOf(spec)) {
      if (seen.has(name))
        problems.push({ path: ['cases', i, ...(spec.name ? ['name'] : [])], message: `Two cases are named "${name}"; give each case its own name.` });
      seen.add(name);
    }
  });
  return problems;
}

/** Reads a suite file; `file` names it in what is said of a file with nothing in it. */
export function parseSuite(text: string, file = 'The suite file'): { ok: true; suite: Suite } | { ok: false; problems: SuiteProblem[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((error) => ({
        line: lines.linePos(error.pos[0]).line,
        field: '',
        message: `This is not valid YAML: ${error.message.split('\n')[0]}. Check the indentation and quoting on this line.`,
      })),
    };
  }
  if (doc.contents === null) {
    return { ok: false, problems: [{ line: 1, field: '', message: `${file} is empty; a suite needs personas, targets and cases.` }] };
  }
  const { suite, problems } = checkSuite(doc.toJS());
  const all = problems.length ? problems : crossProblems(suite);
  if (all.length === 0) return { ok: true, suite };
  const located = all.map((p) => ({ line: lineOf(doc, lines, p), field: fieldOf(p.path), message: p.message }));
  return { ok: false, problems: located.sort((a, b) => a.line - b.line) };
}

const asList = (value: string | string[]): string[] => (Array.isArray(value) ? value : [value]);
const controlLists = (controls: Record<string, string | string[]> = {}) => Object.fromEntries(Object.entries(controls).map(([k, v]) => [k, asList(v)]));

/** The claims by the token's names, as Craft's draft holds them. */
function draftOf(claims: Partial<SuitePersona>): ClaimsInput {
  const draft: ClaimsInput = {
    sub: claims.sub ?? '',
    internal: claims.internal,
    accountType: claims.account_type,
    teams: claims.teams,
    firstName: claims.first_name,
    lastName: claims.last_name,
    userAttributes: claims.user_attributes,
    evalConnectionId: claims.eval_connection_id,
    sessionLength: claims.session_length,
    ver: claims.ver,
  };
  return Object.fromEntries(Object.entries(draft).filter(([, v]) => v !== undefined)) as ClaimsInput;
}

/** Every case to run, in file order, a matrix case expanded persona by persona. */
export function expandCases(suite: Suite): SuiteCase[] {
  return suite.cases.flatMap((spec) =>
    namesOf(spec).map(({ name, persona, target }) => {
      const named: SuiteTarget = suite.targets[target] ?? target;
      const aimed = typeof named === 'string' ? { url: named } : named;
      return {
        name,
        persona,
        target,
        profile: spec.profile ?? suite.profile ?? '',
        // A claim the case gives replaces the persona's (user_attributes as a whole).
        claims: draftOf({ ...suite.personas[persona], ...spec.claims }),
        url: aimed.url,
        options: { ...aimed.options, ...spec.options },
        controls: { ...controlLists(aimed.controls), ...controlLists(spec.controls) },
        expect: spec.expect ?? {},
      };
    }),
  );
}
