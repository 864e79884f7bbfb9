#!/usr/bin/env node
// Operators' CLI: validates k8s/overlays/* (kustomize render → Kubernetes schemas → the project's
// invariants; also with `kubectl kustomize` when kubectl is installed, and compares both renders)
// and docker-compose.yml (compose-spec schema → invariants). Prints what it checked; exit 1 on a problem.
//   node tools/deploy/validate.mjs [--no-kubectl]
// Needs the dev dependencies (npm ci). Compiles tools/deploy/src with SWC into node_modules/.cache
// (no need to build the whole repo first), then runs it.
import { transformFile } from '@swc/core';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const src = join(root, 'tools/deploy/src');
const out = join(root, 'node_modules/.cache/anime-deploy-validate');
await mkdir(out, { recursive: true });
for (const file of (await readdir(src)).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))) {
  const { code } = await transformFile(join(src, file), {
    module: { type: 'commonjs' },
    jsc: { target: 'es2022', parser: { syntax: 'typescript' } },
  });
  await writeFile(join(out, file.replace(/\.ts$/, '.js')), code);
}
const { main } = createRequire(import.meta.url)(join(out, 'validate.js'));
const args = process.argv.slice(2);
process.exitCode = main(args.includes('--root') ? args : [...args, '--root', root]);
