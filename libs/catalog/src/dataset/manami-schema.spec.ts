import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DatasetMetaSchema, ManamiAnimeSchema } from '@anime/contracts';
import { sharedData } from '@anime/testing';

// The contract schema against the real data (lives here, not in contracts: the test harness
// depends on contracts, so contracts' own specs must not depend on the harness).
describe('the manami entity schema', () => {
  it('accepts every real 2025 sample entry and the real release metadata', () => {
    const entries = JSON.parse(readFileSync(sharedData('manami-sample-2025.json'), 'utf8')) as unknown[];
    expect(entries).toHaveLength(10);
    for (const entry of entries) expect(ManamiAnimeSchema.safeParse(entry).error).toBeUndefined();
    const firstLine = readFileSync(sharedData('anime-mapper-2026.jsonl'), 'utf8').slice(0, 2000).split('\n')[0]!;
    expect(DatasetMetaSchema.parse(JSON.parse(firstLine)).lastUpdate).toBe('2026-07-02');
  });

  it('rejects what the dataset schema rejects', () => {
    const entry = (JSON.parse(readFileSync(sharedData('manami-sample-2025.json'), 'utf8')) as Record<string, unknown>[])[0]!;
    expect(ManamiAnimeSchema.safeParse({ ...entry, type: 'MOVIE_SERIES' }).success).toBe(false);
    expect(ManamiAnimeSchema.safeParse({ ...entry, episodes: -1 }).success).toBe(false);
    expect(ManamiAnimeSchema.safeParse({ ...entry, synonyms: ['a', 'a'] }).success).toBe(false);
    expect(ManamiAnimeSchema.safeParse({ ...entry, animeSeason: { season: 'SPRING', year: 1800 } }).success).toBe(false);
    const { title: _omit, ...withoutTitle } = entry;
    expect(ManamiAnimeSchema.safeParse(withoutTitle).success).toBe(false);
  });
});
