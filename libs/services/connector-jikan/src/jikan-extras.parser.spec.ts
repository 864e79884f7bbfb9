import { describe, expect, it } from 'vitest';
import { UpstreamChangedError } from '@anime/contracts';
import { parseJikanEpisodes, parseJikanRecommendations, parseJikanStatistics } from './jikan-extras.parser';
import { documentedEpisodesBody, documentedRecommendationsBody, documentedStatisticsBody } from './jikan-extras.fixtures';
import { buildJikanSourceAnime } from './jikan-source-anime.parser';

// No recorded responses exist for these three endpoints: the bodies are built by hand in Jikan v4's
// documented shape (see jikan-extras.fixtures.ts), so these tests pin the mapping, not real data.
const clone = <T>(value: T): T => structuredClone(value);

describe('parseJikanEpisodes (documented /anime/{id}/episodes shape)', () => {
  it('maps mal_id → number, title and aired; a null aired is left out', () => {
    expect(parseJikanEpisodes(documentedEpisodesBody)).toEqual([
      { number: 1, title: 'Asteroid Blues', aired: '1998-10-24T00:00:00+00:00' },
      { number: 2, title: 'Stray Dog Strut', aired: '1998-10-31T00:00:00+00:00' },
      { number: 3, title: 'Honky Tonk Women' },
    ]);
  });

  it('names the missing episode field', () => {
    const body = clone(documentedEpisodesBody);
    delete (body.data[1] as Partial<(typeof body.data)[number]>).aired;
    expect(() => parseJikanEpisodes(body)).toThrow(/'data\.1\.aired' is missing/);
    expect(() => parseJikanEpisodes({ pagination: {} })).toThrow(UpstreamChangedError);
  });
});

describe('parseJikanRecommendations (documented /anime/{id}/recommendations shape)', () => {
  it('maps entry.mal_id, entry.title and votes in Jikan order', () => {
    expect(parseJikanRecommendations(documentedRecommendationsBody)).toEqual([
      { sourceId: '205', title: 'Samurai Champloo', votes: 166 },
      { sourceId: '6', title: 'Trigun', votes: 98 },
    ]);
  });

  it('names a missing entry title', () => {
    const body = clone(documentedRecommendationsBody);
    delete (body.data[0]?.entry as Partial<(typeof body.data)[number]['entry']>).title;
    expect(() => parseJikanRecommendations(body)).toThrow(/'data\.0\.entry\.title' is missing/);
  });
});

describe('parseJikanStatistics (documented /anime/{id}/statistics shape)', () => {
  it('keeps the list counts under Jikan names and adds votes per score', () => {
    expect(parseJikanStatistics(documentedStatisticsBody)).toEqual({
      watching: 140129,
      completed: 1000561,
      on_hold: 81024,
      dropped: 17839,
      plan_to_watch: 356287,
      total: 1595840,
      score_10_votes: 401829,
      score_9_votes: 265893,
      score_1_votes: 3681,
    });
  });

  it('names a missing count', () => {
    const body = clone(documentedStatisticsBody) as { data: Record<string, unknown> };
    delete body.data['plan_to_watch'];
    expect(() => parseJikanStatistics(body)).toThrow(/'data\.plan_to_watch' is missing/);
  });

  it('goes into a schema-valid answer only when asked', () => {
    const parts = { id: '1', fetchedAt: '2025-01-01T00:00:00.000Z', stale: false, now: 0, statistics: parseJikanStatistics(documentedStatisticsBody), recommendations: parseJikanRecommendations(documentedRecommendationsBody) };
    expect(buildJikanSourceAnime({ ...parts, fields: ['statistics'] }).statistics?.['completed']).toBe(1000561);
    expect(buildJikanSourceAnime({ ...parts, fields: ['statistics'] }).recommendations).toBeUndefined();
    expect(buildJikanSourceAnime({ ...parts, fields: [] }).statistics).toBeUndefined();
  });
});
