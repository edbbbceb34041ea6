// The house rules (docs/architecture.md) that a tool can keep: the dependency directions, the
// hooks rules, and typescript-eslint's recommended checks. `npm test` runs it.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/** An import pattern refused in a folder, with the rule it breaks. */
const refuse = (group, message) => ({ group, message });

const NO_ELECTRON = refuse(['electron'], 'Only main/electron may import electron: the core, the CLI and browser mode run without it.');
const NO_MAIN = refuse(['**/main/**', '../main', '../../main'], 'The renderer talks to main only through the contract (shared/api.ts).');
const NO_RENDERER = refuse(['**/renderer/**', '../renderer', '../../renderer'], 'main/ never imports the renderer.');
const SHARED_ONLY = [
  refuse(['**/main/**', '**/renderer/**', '../main', '../renderer'], 'shared/ is imported by main and the renderer, and imports neither.'),
  refuse(['node:*', 'electron', 'react', 'react-dom'], 'shared/ is pure TypeScript: no Node built-ins, no DOM libraries, no electron.'),
];

const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

export default tseslint.config(
  { ignores: ['dist/', 'release/', 'node_modules/', '.scratch/', 'docs/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
    },
  },
  { files: ['shared/**/*.ts'], rules: restrict(SHARED_ONLY) },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules, ...restrict([NO_MAIN, NO_ELECTRON]) },
  },
  { files: ['main/**/*.ts'], ignores: ['main/electron/**'], rules: restrict([NO_ELECTRON, NO_RENDERER]) },
  { files: ['main/electron/**/*.ts'], rules: restrict([NO_RENDERER]) },
  // Tests parse answers freely, and vi.hoisted mocks must require (they run before imports).
  { files: ['test/**/*.ts', 'bench/**/*.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-require-imports': 'off' } },
  // Node scripts and configs.
  {
    files: ['scripts/**/*.mjs', 'bin/**/*.js', '*.config.{js,ts}', 'examples/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
