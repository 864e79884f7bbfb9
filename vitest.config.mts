import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// Same path aliases as tsconfig.base.json (one source of truth).
const { compilerOptions } = JSON.parse(readFileSync(resolve(import.meta.dirname, 'tsconfig.base.json'), 'utf8')) as {
  compilerOptions: { paths: Record<string, string[]> };
};
const alias = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([name, [target]]) => [name, resolve(import.meta.dirname, target!)]),
);

export default defineConfig({
  // SWC, not esbuild: NestJS DI needs emitted decorator metadata.
  plugins: [swc.vite({ jsc: { transform: { legacyDecorator: true, decoratorMetadata: true }, target: 'es2022' } })],
  resolve: { alias },
  test: {
    include: ['{apps,libs,tools}/**/*.{spec,int-spec,e2e-spec}.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // 2-core machines: a few workers, each test file isolated.
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/vitest.json' },
  },
});
