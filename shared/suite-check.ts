/**
 * The schema of a suite file, checked by hand rather than by a schema library: every problem is
 * said in the file's own words (the key as written, "did you mean" for a near miss) and carries
 * the path of the value it is about, so the caller can name its line.
 */
import type { SigmaPayload } from './claims';

/** A persona: the claims of the token, by the token's own names, plus internal and session_length. */
export type SuitePersona = Pick<SigmaPayload, 'sub'> &
  Partial<Pick<SigmaPayload, 'account_type' | 'teams' | 'first_name' | 'last_name' | 'user_attributes' | 'eval_connection_id' | 'ver'>> & {
    internal?: boolean;
    /** Seconds from iat to exp. */
    session_length?: number;
  };

/** What Craft's target field takes (a full URL, or a path under the profile's base URL), with its query. */
export type SuiteTarget = string | { url: string; options?: Record<string, string>; controls?: Record<string, string | string[]> };

export interface SuiteExpect {
  loads?: boolean;
  /** Sigma's code (EINVAL) or the HTTP status (403). */
  refused?: string | number;
  events?: string[];
  text?: string[];
  no_text?: string[];
  findings?: 'none';
  timeout_ms?: number;
}

interface CaseCommon {
  name?: string;
  profile?: string;
  claims?: Partial<SuitePersona>;
  options?: Record<string, string>;
  controls?: Record<string, string | string[]>;
  expect?: SuiteExpect;
}

/** One case as the file says it: one persona on one target, or every persona on every target. */
export type SuiteCaseSpec = CaseCommon & ({ persona: string; target: string } | { matrix: { personas: string[]; targets: string[] } });

export interface Suite {
  profile?: string;
  personas: Record<string, SuitePersona>;
  targets: Record<string, SuiteTarget>;
  cases: SuiteCaseSpec[];
}

export type Path = Array<string | number>;
/** A problem before its line is known; `onKey`: it is about the key itself (an unknown one). */
export interface PathProblem {
  path: Path;
  message: string;
  onKey?: boolean;
}

const CLAIM_KEYS = ['sub', 'account_type', 'teams', 'first_name', 'last_name', 'user_attributes', 'eval_connection_id', 'ver', 'internal', 'session_length'];
const EXPECT_KEYS = ['loads', 'refused', 'events', 'text', 'no_text', 'findings', 'timeout_ms'];
const CASE_KEYS = ['name', 'persona', 'target', 'matrix', 'profile', 'claims', 'options', 'controls', 'expect'];
const MAX_TIMEOUT_MS = 600_000;

/** The number of single-character edits between two words. */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length];
}

/** ` Did you mean "x"?` for the nearest of `known` within a few edits, else nothing. */
export function didYouMean(word: string, known: string[]): string {
  const near = known
    .map((k) => ({ k, d: distance(word.toLowerCase(), k.toLowerCase()) }))
    .filter(({ k, d }) => d <= Math.max(1, Math.floor(k.length / 3)))
    .sort((a, b) => a.d - b.d)[0];
  return near ? ` Did you mean "${near.k}"?` : '';
}

const isMapping = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const list = (words: string[]) => words.join(', ');

class Checker {
  readonly problems: PathProblem[] = [];

  add(path: Path, message: string, onKey = false): void {
    this.problems.push({ path, message, onKey });
  }

  /** A mapping whose keys are all among `known`; `what` names it in messages ("the case", "expect"). */
  mapping(value: unknown, path: Path, what: string, known?: string[]): Record<string, unknown> | undefined {
    if (!isMapping(value)) {
      this.add(path, `${what} must be a mapping of keys to values${known ? ` (${list(known)})` : ''}.`);
      return undefined;
    }
    for (const key of Object.keys(value)) {
      if (known && !known.includes(key)) this.add([...path, key], `${what} has no "${key}".${didYouMean(key, known) || ` It takes ${list(known)}.`}`, true);
    }
    return value;
  }

  text(value: unknown, path: Path, what: string): string | undefined {
    if (typeof value === 'string' && value.trim() !== '') return value;
    this.add(path, `${what} must be text${typeof value === 'string' ? ', not empty' : ''}.`);
    return undefined;
  }

  /** A scalar as text: YAML reads `true` and `10` as a boolean and a number, which a URL carries as text. */
  scalar(value: unknown, path: Path, what: string): string | undefined {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
    this.add(path, `${what} must be a single value (text, a number or true/false).`);
    return undefined;
  }

  texts(value: unknown, path: Path, what: string, oneAllowed = false): string[] | undefined {
    if (oneAllowed && typeof value === 'string') return [value];
    if (!Array.isArray(value)) {
      this.add(path, `${what} must be a list${oneAllowed ? ' of texts, or one text' : ' of texts'}, such as [a, b].`);
      return undefined;
    }
    const items = value.map((item, i) => this.text(item, [...path, i], `Each of ${what}`));
    return items.every((item) => item !== undefined) ? (items as string[]) : undefined;
  }

  boolean(value: unknown, path: Path, what: string): boolean | undefined {
    if (typeof value === 'boolean') return value;
    this.add(path, `${what} must be true or false.`);
    return undefined;
  }

  wholeNumber(value: unknown, path: Path, what: string, max?: number): number | undefined {
    if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && (max === undefined || value <= max)) return value;
    this.add(path, `${what} must be a whole number, at least 1${max === undefined ? '' : ` and at most ${max}`}.`);
    return undefined;
  }

  options(value: unknown, path: Path): Record<string, string> {
    const map = this.mapping(value, path, 'options');
    if (!map) return {};
    return Object.fromEntries(Object.entries(map).map(([key, v]) => [key, this.scalar(v, [...path, key], `The option ${key}`) ?? '']));
  }

  controls(value: unknown, path: Path): Record<string, string | string[]> {
    const map = this.mapping(value, path, 'controls');
    if (!map) return {};
    return Object.fromEntries(
      Object.entries(map).map(([key, v]) => {
        const at = [...path, key];
        const what = `The control ${key}`;
        return [key, Array.isArray(v) ? v.map((item, i) => this.scalar(item, [...at, i], `Each value of ${what}`) ?? '') : (this.scalar(v, at, what) ?? '')];
      }),
    );
  }

  /** Claims by the token's names; `requireSub` for a persona, which must say who signs in. `of` names whose they are. */
  claims(value: unknown, path: Path, of: string, requireSub: boolean): Partial<SuitePersona> {
    const map = this.mapping(value, path, of[0].toUpperCase() + of.slice(1), CLAIM_KEYS);
    if (!map) return {};
    const claims: Partial<SuitePersona> = {};
    const at = (key: string) => [...path, key];
    const what = (key: string) => `${key} of ${of}`;
    if (requireSub && !('sub' in map)) this.add(path, `${of[0].toUpperCase() + of.slice(1)} needs a sub: the email address of the user the embed signs in.`);
    for (const key of ['sub', 'account_type', 'first_name', 'last_name', 'eval_connection_id'] as const) {
      if (key in map) claims[key] = this.text(map[key], at(key), what(key));
    }
    if ('teams' in map) claims.teams = this.texts(map.teams, at('teams'), what('teams'));
    if ('user_attributes' in map) {
      const attributes = this.mapping(map.user_attributes, at('user_attributes'), what('user_attributes'));
      if (attributes) {
        claims.user_attributes = Object.fromEntries(
          Object.entries(attributes).map(([key, v]) => [key, this.scalar(v, [...at('user_attributes'), key], `The user attribute ${key}`) ?? '']),
        );
      }
    }
    if ('ver' in map) {
      // YAML reads an unquoted 1.0 as the number 1 and 1.1 as 1.1.
      const ver = map.ver === 1 ? '1.0' : String(map.ver);
      if (ver === '1.0' || ver === '1.1') claims.ver = ver;
      else this.add(at('ver'), `${what('ver')} must be 1.0 or 1.1.`);
    }
    if ('internal' in map) claims.internal = this.boolean(map.internal, at('internal'), what('internal'));
    if ('session_length' in map) claims.session_length = this.wholeNumber(map.session_length, at('session_length'), `${what('session_length')} (seconds)`);
    return claims;
  }

  target(value: unknown, path: Path, name: string): SuiteTarget {
    if (typeof value === 'string') return this.text(value, path, `The target ${name}`) ?? '';
    const map = this.mapping(value, path, `The target ${name}`, ['url', 'options', 'controls']);
    if (!map) return '';
    const url = 'url' in map ? this.text(map.url, [...path, 'url'], `The url of the target ${name}`) : undefined;
    if (!('url' in map)) this.add(path, `The target ${name} needs a url: a full URL, or a path under the profile's base URL.`);
    return {
      url: url ?? '',
      ...('options' in map && { options: this.options(map.options, [...path, 'options']) }),
      ...('controls' in map && { controls: this.controls(map.controls, [...path, 'controls']) }),
    };
  }

  expect(value: unknown, path: Path): SuiteExpect {
    const map = this.mapping(value, path, 'expect', EXPECT_KEYS);
    if (!map) return {};
    const at = (key: string) => [...path, key];
    const expect: SuiteExpect = {};
    if ('loads' in map) expect.loads = this.boolean(map.loads, at('loads'), 'loads');
    if ('refused' in map) {
      const refused = map.refused;
      if (typeof refused === 'number' && Number.isInteger(refused) && refused >= 400 && refused <= 599) expect.refused = refused;
      else if (typeof refused === 'string' && /^[A-Z][A-Z0-9_]*$/.test(refused)) expect.refused = refused;
      else this.add(at('refused'), "refused must be Sigma's error code (such as EINVAL or EACCES) or an HTTP status from 400 to 599.");
    }
    if (expect.loads === true && 'refused' in map) this.add(at('refused'), 'A case cannot expect both loads: true and refused; keep one.');
    if ('events' in map) expect.events = this.texts(map.events, at('events'), 'events', true);
    if ('text' in map) expect.text = this.texts(map.text, at('text'), 'text', true);
    if ('no_text' in map) expect.no_text = this.texts(map.no_text, at('no_text'), 'no_text', true);
    if ('findings' in map) {
      if (map.findings === 'none') expect.findings = 'none';
      else this.add(at('findings'), 'findings takes one value, none: the token must have no error finding.');
    }
    if ('timeout_ms' in map) expect.timeout_ms = this.wholeNumber(map.timeout_ms, at('timeout_ms'), 'timeout_ms', MAX_TIMEOUT_MS);
    return expect;
  }

  /** A name in `names`, else a problem naming the near miss; `inline` lets a target be a URL or path itself. */
  reference(value: unknown, path: Path, kind: 'persona' | 'target', names: string[]): string | undefined {
    const name = this.text(value, path, `The ${kind}`);
    if (name === undefined || names.includes(name) || (kind === 'target' && name.includes('/'))) return name;
    const hint = didYouMean(name, names) || (names.length ? ` The ${kind}s are ${list(names)}.` : ` Add it under ${kind}s.`);
    this.add(path, `There is no ${kind} named "${name}".${hint}`);
    return undefined;
  }

  caseSpec(value: unknown, path: Path, personas: string[], targets: string[]): SuiteCaseSpec | undefined {
    const map = this.mapping(value, path, 'A case', CASE_KEYS);
    if (!map) return undefined;
    const at = (key: string) => [...path, key];
    const common: CaseCommon = {};
    if ('name' in map) common.name = this.text(map.name, at('name'), 'The name of a case');
    if ('profile' in map) common.profile = this.text(map.profile, at('profile'), "The case's profile");
    if ('claims' in map) common.claims = this.claims(map.claims, at('claims'), "the case's claims", false);
    if ('options' in map) common.options = this.options(map.options, at('options'));
    if ('controls' in map) common.controls = this.controls(map.controls, at('controls'));
    if ('expect' in map) common.expect = this.expect(map.expect, at('expect'));
    if ('matrix' in map) {
      if ('persona' in map || 'target' in map)
        this.add(at('matrix'), 'A matrix case names its personas and targets inside matrix, not with persona or target.');
      const matrix = this.mapping(map.matrix, at('matrix'), 'matrix', ['personas', 'targets']);
      if (!matrix) return undefined;
      const names = (key: 'personas' | 'targets', known: string[], kind: 'persona' | 'target') => {
        if (!(key in matrix)) this.add(at('matrix'), `matrix needs ${key}: a list of the ${key} to combine.`);
        const given = key in matrix ? this.texts(matrix[key], [...at('matrix'), key], `matrix ${key}`) : undefined;
        given?.forEach((name, i) => this.reference(name, [...at('matrix'), key, i], kind, known));
        return given ?? [];
      };
      return { ...common, matrix: { personas: names('personas', personas, 'persona'), targets: names('targets', targets, 'target') } };
    }
    for (const key of ['persona', 'target'] as const) {
      if (!(key in map)) this.add(path, `A case needs a ${key} (or a matrix of personas and targets).`);
    }
    const persona = 'persona' in map ? this.reference(map.persona, at('persona'), 'persona', personas) : undefined;
    const target = 'target' in map ? this.reference(map.target, at('target'), 'target', targets) : undefined;
    return { ...common, persona: persona ?? '', target: target ?? '' };
  }
}

/** The suite in `value` (the file's YAML as plain data), and every problem with it. */
export function checkSuite(value: unknown): { suite: Suite; problems: PathProblem[] } {
  const check = new Checker();
  const top = check.mapping(value, [], 'A suite file', ['profile', 'personas', 'targets', 'cases']) ?? {};
  const suite: Suite = { personas: {}, targets: {}, cases: [] };
  if ('profile' in top) suite.profile = check.text(top.profile, ['profile'], 'profile');
  if ('personas' in top) {
    const personas = check.mapping(top.personas, ['personas'], 'personas') ?? {};
    for (const [name, persona] of Object.entries(personas)) {
      suite.personas[name] = check.claims(persona, ['personas', name], `the persona ${name}`, true) as SuitePersona;
    }
  }
  if ('targets' in top) {
    const targets = check.mapping(top.targets, ['targets'], 'targets') ?? {};
    for (const [name, target] of Object.entries(targets)) suite.targets[name] = check.target(target, ['targets', name], name);
  }
  if (!Array.isArray(top.cases) || top.cases.length === 0) {
    check.add('cases' in top ? ['cases'] : [], 'A suite needs cases: a list of at least one case, each with a persona, a target and what to expect.');
  } else {
    top.cases.forEach((spec, i) => {
      const checked = check.caseSpec(spec, ['cases', i], Object.keys(suite.personas), Object.keys(suite.targets));
      if (checked) suite.cases.push(checked);
    });
  }
  return { suite, problems: check.problems };
}
