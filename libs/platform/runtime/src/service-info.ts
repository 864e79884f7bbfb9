import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Version of the running build, from the repository's package.json (src and dist alike). */
export function buildVersion(): string {
  let dir = __dirname;
  for (let i = 0; i < 8; i++) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'anime-mcp-server' && pkg.version) return pkg.version;
    }
    dir = dirname(dir);
  }
  return '0.0.0-unknown';
}

/** Identity of this process: which replica answered a health check. */
export const INSTANCE_ID = `${process.pid}-${randomBytes(3).toString('hex')}`;
export const PROCESS_STARTED_AT = Date.now();
