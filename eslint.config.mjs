import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { SRC_BOUNDARIES } from './eslint.boundaries.mjs';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'tasks/dist/**',
      'packages/fanout/dist/**',
      'node_modules/**',
      'coverage/**',
      '.fanout/**',
      'bin/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  ...SRC_BOUNDARIES,
  {
    // The engine is pure: no fs, network, clock or process of its own (docs/architecture.md).
    files: ['src/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'fs',
                'node:fs',
                'fs/*',
                'node:fs/*',
                'http',
                'node:http',
                'net',
                'node:net',
                'child_process',
                'node:child_process',
              ],
              message: 'src/engine is pure; do I/O behind a port.',
            },
          ],
        },
      ],
    },
  },
  {
    // A task is the same program in a container on AWS and a child process locally: it never imports src/.
    files: ['tasks/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../../src/*', '../../src/**', '../../../src/*', '../../../src/**'],
              message: 'tasks/ never import src/: they learn endpoints from AWS_* variables.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
