/**
 * The contract's method names, apart from its schemas (shared/api.ts): the sandboxed preload
 * needs only the names, and stays small without the schema library.
 */
export const METHODS = [
  'profiles:list',
  'profiles:save',
  'profiles:remove',
  'profiles:import-env',
  'profiles:set-api',
  'profiles:prune',
  'secrets:status',
  'secrets:unlock-vault',
  'token:sign',
  'token:inspect',
  'token:used',
  'history:list',
  'history:remove',
  'history:outcome',
  'preview:probe',
  'api:workbooks',
  'api:pages',
  'api:elements',
  'api:teams',
  'api:members',
  'suite:open',
  'suite:save',
  'suite:run',
  'personas:list',
  'personas:save',
  'personas:remove',
] as const;

export type Method = (typeof METHODS)[number];

export function isMethod(name: unknown): name is Method {
  return typeof name === 'string' && (METHODS as readonly string[]).includes(name);
}
