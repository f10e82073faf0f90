// Lint holds the architecture: strict promise handling everywhere and a pure core. The layer and
// no-cycle rules run as scripts/check-imports.ts (part of `npm run lint`): the import-x plugin's
// resolver pulled platform packages that break `npm ci` under npm 11 (npm/cli#9846).
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'web/dist/**', 'bench/results/**', 'test-output/**', 'bin/**', 'eslint.config.js'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
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
