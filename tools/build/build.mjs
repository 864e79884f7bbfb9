#!/usr/bin/env node
// Compiles every app and lib (TypeScript → CommonJS) into dist/ with SWC.
// Why SWC and not tsc: it emits decorator metadata (NestJS DI needs it), rewrites the
// tsconfig path aliases (@anime/*) to relative imports, and builds the whole repo in ~1 s.
// Type checking is separate: `npm run typecheck`.
import { transformFile } from '@swc/core';
import { mkdir, readdir, writeFile, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
// `--out <dir>` lets tests build into their own folder (parallel test files must not share dist/).
const outArg = process.argv.indexOf('--out');
const outDir = outArg > 0 ? resolve(process.argv[outArg + 1]) : join(root, 'dist');
const { compilerOptions } = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8'));

async function* walk(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === 'node_modules' || entry.name === '__fixtures__') continue;
      if (path === join(root, 'apps/web')) continue; // browser code: Vite bundles it (below)
      yield* walk(path);
    } else if (/\.ts$/.test(entry.name) && !/\.(spec|int-spec|e2e-spec|d)\.ts$/.test(entry.name)) {
      yield path;
    }
  }
}

const started = Date.now();
await rm(outDir, { recursive: true, force: true });
const files = [];
for (const top of ['apps', 'libs', 'tools']) for await (const f of walk(join(root, top))) files.push(f);

await Promise.all(
  files.map(async (file) => {
    const out = join(outDir, relative(root, file)).replace(/\.ts$/, '.js');
    const { code, map } = await transformFile(file, {
      filename: file,
      sourceMaps: true,
      // ignoreDynamic: `import()` stays a native dynamic import instead of becoming `require()`,
      // so ESM-only packages (got-scraping 4) load from the CommonJS output.
      module: { type: 'commonjs', ignoreDynamic: true },
      jsc: {
        target: 'es2022',
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        baseUrl: root,
        paths: compilerOptions.paths,
        keepClassNames: true,
      },
    });
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, `${code}\n//# sourceMappingURL=${out.split('/').pop()}.map\n`);
    if (map) await writeFile(`${out}.map`, map);
  }),
);
process.stderr.write(`build: ${files.length} files → ${relative(root, outDir) || '.'}/ in ${Date.now() - started} ms\n`);

// The web console (apps/web, browser TypeScript): bundled by Vite into <out>/web, which the
// gateway serves at `/`. `--no-web` skips it (the gateway then explains at `/` how to build it).
if (!process.argv.includes('--no-web')) {
  const webStarted = Date.now();
  const { build } = await import('vite');
  const webOut = join(outDir, 'web');
  await build({ configFile: join(root, 'apps/web/vite.config.mts'), logLevel: 'warn', build: { outDir: webOut, emptyOutDir: true } });
  process.stderr.write(`build: web console → ${relative(root, webOut)}/ in ${Date.now() - webStarted} ms\n`);
}
