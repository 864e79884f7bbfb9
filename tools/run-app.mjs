#!/usr/bin/env node
// `npm run start:app -- <app>`: runs one built app (dist/apps/<app>/src/main.js) in the foreground.
import { existsSync, readdirSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const apps = readdirSync(join(root, 'apps')).filter((a) => existsSync(join(root, 'apps', a, 'src/main.ts')));
const app = process.argv[2];
if (!app || !apps.includes(app)) {
  process.stderr.write(`usage: npm run start:app -- <app>\napps: ${apps.join(', ')}\n`);
  process.exit(2);
}
const child = spawn(process.execPath, ['--enable-source-maps', join(root, 'dist/apps', app, 'src/main.js')], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
