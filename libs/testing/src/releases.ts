import { readFileSync, writeFileSync } from 'node:fs';
import { sharedData } from './shared-data';

/** The release root fields of the real anime-offline-database (minified JSON format). */
export const RELEASE_HEADER = {
  license: {
    name: 'Open Data Commons Open Database License (ODbL) v1.0 + Database Contents License (DbCL) v1.0',
    url: 'https://github.com/manami-project/anime-offline-database/blob/master/LICENSE',
  },
  repository: 'https://github.com/manami-project/anime-offline-database',
  scoreRange: { minInclusive: 1, maxInclusive: 10 },
} as const;

/** Writes `data` as a release file in the real minified-JSON format; returns the path. */
export function writeRelease(file: string, data: readonly unknown[], lastUpdate: string): string {
  writeFileSync(file, JSON.stringify({ ...RELEASE_HEADER, lastUpdate, data }));
  return file;
}

/** The 10 real 2025 entries (a bare array in ../shared) read fresh each call. */
export function sampleEntries(): unknown[] {
  return JSON.parse(readFileSync(sharedData('manami-sample-2025.json'), 'utf8')) as unknown[];
}

/** The real 2025 sample wrapped as a release file (optionally with more entries); returns the path. */
export function writeSampleRelease(file: string, lastUpdate = '2025-07-21', extra: readonly unknown[] = []): string {
  return writeRelease(file, [...sampleEntries(), ...extra], lastUpdate);
}
