import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * The read-only shared folder with real data and recorded fixtures: `SHARED_DIR` when set, else
 * `../shared` beside the repository. A clone elsewhere sets `SHARED_DIR` (`.ci/run` does, from the
 * repository it was cloned from). Nothing is copied.
 */
export function sharedDir(): string {
  const candidates = [process.env['SHARED_DIR'], resolve(__dirname, '../../../../shared')].filter(
    (c): c is string => Boolean(c),
  );
  const found = candidates.find((dir) => existsSync(resolve(dir, 'data')) && existsSync(resolve(dir, 'fixtures')));
  if (!found) throw new Error(`Shared test data not found (looked in ${candidates.join(', ')}); set SHARED_DIR to the folder holding data/ and fixtures/`);
  return found;
}

export const sharedFixtures = (source: string): string => resolve(sharedDir(), 'fixtures', source);
export const sharedData = (file: string): string => resolve(sharedDir(), 'data', file);
