/**
 * `npm run lint`. A small rule set on purpose: the type-aware checks the compiler does not make
 * (a promise nobody awaits, a value nobody reads, a type imported as a value) and nothing about
 * layout, which is Prettier's job (package.json's "prettier"). Every .ts file is checked with the
 * types of its nearest tsconfig.json.
 */
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  // Build output, reports, and docs/tcp.stately.ts, which is generated (npm run generate).
  globalIgnores([
    'dist/',
    'bench/.build/',
    'reports/',
    'coverage/',
    '.stryker-tmp/',
    'docs/api/',
    'docs/tcp.stately.ts',
  ]),
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true } },
    plugins: { '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // A promise is awaited, returned, or marked `void` on purpose.
      '@typescript-eslint/no-floating-promises': 'error',
      // No promise where a boolean or a void callback is expected (an `if (promise)` is always true).
      '@typescript-eslint/no-misused-promises': 'error',
      // A name prefixed with _ says it is unused on purpose (a parameter an interface requires).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      '@typescript-eslint/no-unused-expressions': 'error',
      // `import type` / `type X` for what is only a type, so imports say what runs.
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
);
