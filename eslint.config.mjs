import nx from '@nx/eslint-plugin';

// Layering (docs/architecture): app → service → domain → platform → contracts.
// Services never import each other (they talk through contracts over the transport);
// apps never import apps; contracts import nothing with runtime baggage.
const layers = {
  'type:app': ['type:service', 'type:platform', 'type:contracts'],
  'type:service': ['type:domain', 'type:platform', 'type:contracts'],
  'type:domain': ['type:platform', 'type:contracts'],
  'type:platform': ['type:platform', 'type:contracts'],
  'type:contracts': ['type:contracts'],
  'type:testing': ['type:platform', 'type:contracts'],
  // Benchmarks and other dev tools: may use anything but apps.
  'type:tool': ['type:service', 'type:domain', 'type:platform', 'type:contracts', 'type:testing'],
  // The browser console (apps/web): contracts for their types only (see the rule below).
  'type:web': ['type:contracts'],
};

const CONTRACTS_BANNED = ['@nestjs/*', 'nats', '@nats-io/*', 'pino', 'express', 'ioredis', 'prom-client', '@opentelemetry/*', 'rxjs'];

/** Module-boundary rule; test files may also use the test harness (libs/testing). */
const boundaries = (allowTesting) => [
  'error',
  {
    enforceBuildableLibDependency: false,
    allowCircularSelfDependency: false,
    depConstraints: [
      ...Object.entries(layers).map(([sourceTag, allowed]) => ({
        sourceTag,
        onlyDependOnLibsWithTags: allowTesting ? [...allowed, 'type:testing'] : allowed,
      })),
      { sourceTag: 'type:contracts', bannedExternalImports: CONTRACTS_BANNED },
    ],
  },
];

export default [
  { ignores: ['dist/**', 'node_modules/**', 'reports/**', '.nx/**', 'coverage/**', 'data/**', '**/__snapshots__/**'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': boundaries(false),
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/*.suite.ts'],
    rules: { '@nx/enforce-module-boundaries': boundaries(true), '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  { files: ['*.config.mts'], rules: { '@typescript-eslint/no-non-null-assertion': 'off' } },
  {
    // contracts: zod schemas only — no Node APIs either (they must load in any runtime).
    files: ['libs/contracts/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['node:*', 'fs', 'path', 'crypto', 'http', 'net', 'os', 'child_process'], message: 'contracts must not use Node APIs' }] }],
    },
  },
  {
    // The web console runs in a browser and talks to the public REST API only: no Node APIs, and
    // our libs as types alone (erased from the bundle), so no server code can leak into it.
    files: ['apps/web/src/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['fs', 'path', 'crypto', 'http', 'net', 'os', 'child_process'].map((name) => ({ name, message: 'the web console runs in a browser' })),
          patterns: [
            { group: ['node:*'], message: 'the web console runs in a browser' },
            { group: ['@anime/*'], allowTypeImports: true, message: 'the web console may import our libs for types only (import type)' },
          ],
        },
      ],
    },
  },
];
