import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const repoRoot = (): string => resolve(__dirname, '../../..');

/**
 * Compiles the repo (SWC, ~0.1 s) into a fresh folder under `<repo>/tmp/` (inside the repo so
 * node_modules resolves) and returns it; spawn apps from there.
 */
export function buildIntoTemp(): string {
  mkdirSync(join(repoRoot(), 'tmp'), { recursive: true });
  const out = mkdtempSync(join(repoRoot(), 'tmp', 'build-'));
  const result = spawnSync(process.execPath, [join(repoRoot(), 'tools/build/build.mjs'), '--out', out], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`build failed:\n${result.stderr}`);
  return out;
}

/** A TCP port that was free a moment ago. */
export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

export interface SpawnedApp {
  readonly name: string;
  readonly url: string;
  readonly process: ChildProcess;
  /** Everything it wrote so far (for failure messages). */
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code (null if killed). */
  stop(graceMs?: number): Promise<number | null>;
}

/**
 * Starts `node <distDir>/apps/<app>/src/main.js` as its own OS process and waits until
 * `GET <readyPath>` answers 200 — or fails with the app's own output, so a boot error is visible.
 */
export async function spawnApp(options: {
  distDir: string;
  app: string;
  env: Record<string, string>;
  readyPath?: string;
  timeoutMs?: number;
}): Promise<SpawnedApp> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  const child = spawn(process.execPath, ['--enable-source-maps', join(options.distDir, 'apps', options.app, 'src/main.js')], {
    cwd: repoRoot(),
    env: { PATH: process.env['PATH'] ?? '', LOG_LEVEL: 'warn', ...options.env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));

  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${options.app} exited with ${child.exitCode} during boot:\n${output}`);
    const ok = await fetch(url + (options.readyPath ?? '/health')).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${options.app} did not become ready at ${url} in time:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    name: options.app,
    url,
    process: child,
    output: () => output,
    stop: async (graceMs = 10_000) => {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
