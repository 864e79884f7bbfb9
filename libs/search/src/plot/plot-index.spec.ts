import { describe, expect, it } from 'vitest';
import type { Anime } from '@anime/contracts';
import { makeSnippet, PlotIndex, type PlotDocument } from './plot-index';
import { analyze } from './plot-text';

// Synopses written for this test (no third-party text in the repository).
const doc = (id: string, title: string, year: number, text: string | undefined, extra: Partial<Anime> = {}): PlotDocument => ({
  anime: {
    id,
    title,
    synonyms: [],
    tags: [],
    type: 'TV',
    animeSeason: { season: 'SPRING', year },
    episodes: 12,
    score: undefined,
    relatedAnime: [],
    sources: [`https://myanimelist.net/anime/${id.split(':')[1]}`],
    ...extra,
  } as PlotDocument['anime'],
  ...(text ? { synopsis: { text, source: 'myanimelist', sourceUrl: `https://myanimelist.net/anime/${id.split(':')[1]}`, language: 'en', fetchedAt: '2026-07-01T00:00:00Z' } } : {}),
});

const docs: PlotDocument[] = [
  doc('mal:1', 'Harbor Lights', 2009, 'A lighthouse keeper on a cold northern island befriends a whale that sings to ships lost in the fog.'),
  doc('mal:2', 'Iron Bakery', 2015, 'Two rival bakers compete in a city where bread is currency, and a stolen oven changes everything.'),
  doc('mal:3', 'Lighthouse Whale Movie', 1995, 'A short recap film about the sea.'),
  doc('mal:4', 'Sky Couriers', 2011, 'A girl who delivers letters by airship teleports between floating islands after a storm.', { tags: ['Adventure'] }),
  doc('mal:5', 'Whale Song', 2012, undefined, { tags: ['Music'] }),
  doc('mal:6', 'Deep Sea Tales', 2010, 'Fishermen tell tales of a whale and a lighthouse far apart in separate stories, each episode a different village.'),
  // The same words, once close together and once far apart.
  doc('mal:7', 'Tin Town A', 2010, 'A clockmaker moon lives in a town of tin, repairs toys at night.'),
  doc('mal:8', 'Tin Town B', 2010, 'A clockmaker lives in a town of tin, repairs toys at night: moon.'),
];
const index = new PlotIndex(docs);

describe('plot analyzer', () => {
  it('folds, drops English stop words and stems with Porter2', () => {
    expect(analyze('The girls were TELEPORTING between islands!').map((t) => t.term)).toEqual(['girl', 'teleport', 'island']);
    expect(analyze('a boy who can see ghosts').map((t) => [t.term, t.position])).toEqual([
      ['boy', 1],
      ['see', 4],
      ['ghost', 5],
    ]);
  });
});

describe('PlotIndex', () => {
  it('finds the entry a vague, paraphrased memory describes, with a highlighted snippet and its source', () => {
    const result = index.search({ text: 'i remember an anime where a lighthouse guy makes friends with a singing whale', limit: 3 });
    expect(result.hits[0]).toMatchObject({
      id: 'mal:1',
      matchedIn: expect.arrayContaining(['synopsis']),
      synopsis: { source: 'myanimelist', sourceUrl: 'https://myanimelist.net/anime/1', language: 'en', fetchedAt: '2026-07-01T00:00:00Z' },
    });
    expect(result.hits[0]?.snippet).toMatch(/\*\*lighthouse\*\* \*\*keeper\*\*|\*\*lighthouse\*\*/);
    expect(result.hits[0]?.snippet).toContain('**whale**');
    expect(result.hits[0]?.confidence).toBeGreaterThan(0);
    expect(result.terms).not.toContain('anim');
  });

  it('prefers terms close together (proximity) over the same words far apart', () => {
    const result = index.search({ text: 'the moon clockmaker', limit: 6 });
    expect(result.hits.map((h) => h.id)).toEqual(['mal:7', 'mal:8']);
    expect(result.hits[0]!.score).toBeGreaterThan(result.hits[1]!.score);
  });

  it('corrects one typo in a word the index does not know', () => {
    const result = index.search({ text: 'girl teleprots between floating islands', limit: 3 });
    expect(result.hits[0]?.id).toBe('mal:4');
    expect(result.terms).toContain('teleprots→teleport');
  });

  it('a remembered year boosts but never filters; hard filters do filter', () => {
    const plain = index.search({ text: 'whale', limit: 6 }).hits.map((h) => h.id);
    const boosted = index.search({ text: 'whale', yearHint: { min: 1994, max: 1996 }, limit: 6 }).hits.map((h) => h.id);
    expect(boosted[0]).toBe('mal:3');
    expect(new Set(boosted)).toEqual(new Set(plain));
    expect(index.search({ text: 'whale', years: { min: 2011 }, limit: 6 }).hits.map((h) => h.id)).toEqual(['mal:5']);
    expect(index.search({ text: 'whale', types: ['MOVIE'], limit: 6 }).hits).toEqual([]);
  });

  it('answers nothing (confidence 0) when no plot word matches', () => {
    expect(index.search({ text: 'the anime i remember', limit: 5 })).toEqual({ hits: [], confidence: 0, terms: [], matched: 0 });
  });

  it('is deterministic', () => {
    const q = { text: 'a whale and ships in the fog', limit: 5 };
    expect(index.search(q)).toEqual(index.search(q));
  });
});

describe('makeSnippet', () => {
  it('cuts the passage with most matched stems and marks the words', () => {
    const text = `${'Filler words go here. '.repeat(20)}Then the baker stole an oven. ${'More filler. '.repeat(20)}`;
    const snippet = makeSnippet(text, new Set(['baker', 'oven']));
    expect(snippet.startsWith('…')).toBe(true);
    expect(snippet.endsWith('…')).toBe(true);
    expect(snippet).toContain('**baker** stole an **oven**');
  });
});
