import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'tasks/dist/**',
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
            {
              group: ['**/store/**', '**/api/**', '**/cli/**', '**/integrations/**'],
              message: 'src/engine must not depend on outer layers.',
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
    // EventBridge is a service beside sqs/sns: the API composes it; it never reaches into the API, CLI, UI or S3.
    files: ['src/events/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/api/**', '**/cli/**', '**/ui/**', '**/s3/**'],
              message: 'src/events never imports the API, CLI, UI or S3 (docs/architecture.md).',
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
