// Lint holds the architecture: strict promise handling everywhere, a pure core, imports that point
// down the layers of ARCHITECTURE.md only, and no import cycles.
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

const LAYERS = ['core', 'proplist', 'store', 'host', 'resources', 'engine', 'cluster', 'api', 'client', 'clusapi', 'cli', 'daemon'];
// What each layer may import from src/ (besides itself). Anything else is an upward or sideways import.
const ALLOWED = {
  core: [],
  proplist: ['core'],
  store: ['core'],
  host: ['core', 'proplist', 'resources'],
  resources: ['core', 'proplist'],
  engine: ['core', 'proplist', 'store', 'host', 'resources'],
  cluster: ['core', 'proplist', 'store', 'host', 'resources', 'engine'],
  api: ['core', 'proplist', 'store', 'engine', 'cluster', 'resources', 'client'],
  client: ['core', 'proplist'],
  clusapi: ['core', 'proplist', 'client', 'engine'],
  cli: ['core', 'proplist', 'client', 'clusapi', 'daemon', 'store', 'resources', 'engine'],
  daemon: ['core', 'proplist', 'store', 'host', 'resources', 'engine', 'cluster', 'api', 'client'],
};
const zones = LAYERS.flatMap((layer) =>
  LAYERS.filter((other) => other !== layer && !ALLOWED[layer].includes(other)).map((other) => ({
    target: `./src/${layer}`,
    from: `./src/${other}`,
    message: `src/${layer} may not import src/${other} (see ARCHITECTURE.md layers).`,
  })),
);

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'web/dist/**', 'bench/results/**', 'test-output/**', 'bin/**', 'eslint.config.js'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    settings: {
      // Without these the cycle rule cannot follow .ts files and silently reports nothing.
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': ['error', { zones }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['node:*', 'fs', 'path', 'child_process', 'os', 'net', 'http', 'crypto', 'timers'], message: 'src/core is pure: no Node modules, no I/O.' }] }],
      'no-restricted-globals': ['error',
        { name: 'setTimeout', message: 'src/core is pure: take a Clock.' },
        { name: 'setInterval', message: 'src/core is pure: take a Clock.' },
        { name: 'setImmediate', message: 'src/core is pure: take a Clock.' },
        { name: 'process', message: 'src/core is pure: no process access.' },
        { name: 'fetch', message: 'src/core is pure: no I/O.' }],
      'no-restricted-properties': ['error',
        { object: 'Date', property: 'now', message: 'src/core is pure: take a Clock.' },
        { object: 'Math', property: 'random', message: 'src/core is pure: randomness is an input.' },
        { object: 'performance', property: 'now', message: 'src/core is pure: take a Clock.' }],
      'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'src/core is pure: take a Clock.' }],
    },
  },
);
