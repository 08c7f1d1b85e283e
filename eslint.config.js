// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { builtinModules } from 'node:module';

/** Node builtins in every spelling a workflow file could use to reach them. */
const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/cdk.out/**',
      '**/.next/**',
      '**/coverage/**',
      '.clos/**',
      '.tools/**',
      'apps/dashboard/next-env.d.ts',
      'apps/dashboard/out/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // The workflow fence: workflow code is replayed and must stay deterministic.
    // It may import only the Temporal workflow API, the pure domain and the shared
    // message definitions — no Node builtins, no I/O libraries, no activities.
    files: ['workflows/src/workflows/**/*.ts', 'workflows/src/shared/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'Node builtins are not deterministic; workflows may not import them.' })),
          patterns: [
            {
              regex: '^(?!@temporalio/workflow$|@temporalio/common$|@clos/domain$|\\.\\.?/)',
              message: 'Workflow code may import only @temporalio/workflow, @clos/domain and workflows/src/shared.',
            },
            {
              regex: '(^|/)activities(/|$)',
              allowTypeImports: true,
              message: 'Workflows reach activities through proxyActivities, never by import.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
