import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * The read-only shared folder with real data and recorded fixtures (`../shared` beside the
 * repository; override with SHARED_DIR). Tests read from it by path; nothing is copied.
 */
export function sharedDir(): string {
  const dir = process.env['SHARED_DIR'] || resolve(__dirname, '../../../../shared');
  if (!existsSync(dir)) throw new Error(`Shared test data not found at ${dir}; set SHARED_DIR to the folder holding data/ and fixtures/`);
  return dir;
}

export const sharedFixtures = (source: string): string => resolve(sharedDir(), 'fixtures', source);
export const sharedData = (file: string): string => resolve(sharedDir(), 'data', file);
