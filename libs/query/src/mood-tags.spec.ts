import { readFileSync } from 'node:fs';
import { expectEvery, sharedData } from '@anime/testing';
import { describe, expect, it } from 'vitest';
import { ADJECTIVE_MOODS, MOOD_ALIASES, MOOD_TAGS, moodKeyOf, type MoodTags } from './mood-tags';
import { STUDIOS } from './studio-names';

/** Every tag and studio of the anime-mapper release (the closest to the real dataset we have), and each entry's tags. */
function datasetVocabulary(): { tags: Set<string>; studios: Set<string>; entryTags: Array<Set<string>> } {
  const lines = readFileSync(sharedData('anime-mapper-2026.jsonl'), 'utf8').split('\n').filter((l) => l.trim().length > 0);
  const tags = new Set<string>();
  const studios = new Set<string>();
  const entryTags: Array<Set<string>> = [];
  // The first line is the release metadata.
  for (const line of lines.slice(1)) {
    const entry = JSON.parse(line) as { tags?: string[]; studios?: string[] };
    entry.tags?.forEach((t) => tags.add(t));
    entry.studios?.forEach((s) => studios.add(s));
    entryTags.push(new Set(entry.tags ?? []));
  }
  return { tags, studios, entryTags };
}

/** MoodTags' documented meaning: every `all` tag, at least one `any` tag, no `none` tag. */
const matches = (mood: MoodTags, tags: Set<string>): boolean =>
  (mood.all ?? []).every((t) => tags.has(t)) && (mood.any === undefined || mood.any.some((t) => tags.has(t))) && !(mood.none ?? []).some((t) => tags.has(t));

describe('MOOD_TAGS', () => {
  const vocabulary = datasetVocabulary();

  it('reads the real vocabulary', () => {
    expect(vocabulary.tags.size).toBe(241);
  });

  it('uses only tags that exist in the dataset', () => {
    const unknown = Object.entries(MOOD_TAGS).flatMap(([mood, tags]) =>
      [...(tags.all ?? []), ...(tags.any ?? []), ...(tags.none ?? [])].filter((t) => !vocabulary.tags.has(t)).map((t) => `${mood}: ${t}`),
    );
    expect(unknown).toEqual([]);
  });

  it('gives every mood at least one wanted tag, and no tag both wanted and avoided', () => {
    expectEvery(
      Object.entries(MOOD_TAGS),
      ([mood, tags]) => {
        expect((tags.all?.length ?? 0) + (tags.any?.length ?? 0), mood).toBeGreaterThan(0);
        const wanted = new Set([...(tags.all ?? []), ...(tags.any ?? [])]);
        expect((tags.none ?? []).filter((t) => wanted.has(t)), mood).toEqual([]);
      },
      'MOOD_TAGS',
    );
  });

  // Each mood a user is likely to ask for: the tag it must want (and, for the calm ones, one it
  // must rule out), and at least a few real entries that answer it.
  it.each<[string, string, string]>([
    ['dark', 'dark fantasy', 'nothing'],
    ['cozy', 'slice of life', 'gore'],
    ['psychological', 'psychological', 'nothing'],
    ['mind-bending', 'psychological', 'nothing'],
    ['sad', 'tragedy', 'nothing'],
    ['funny', 'comedy', 'nothing'],
    ['romantic', 'romance', 'nothing'],
    ['scary', 'horror', 'nothing'],
    ['violent', 'violence', 'nothing'],
    ['gory', 'gore', 'nothing'],
    ['epic', 'high fantasy', 'nothing'],
    ['chill', 'slice of life', 'horror'],
    ['feel-good', 'friendship', 'tragedy'],
    ['action-packed', 'action', 'nothing'],
    ['mecha', 'mecha', 'nothing'],
    ['isekai', 'isekai', 'nothing'],
    ['sports', 'sports', 'nothing'],
    ['music', 'music', 'nothing'],
    ['slice of life', 'slice of life', 'nothing'],
    ['school', 'school', 'nothing'],
    ['mystery', 'mystery', 'nothing'],
    ['thriller', 'thriller', 'nothing'],
    ['magic', 'magic', 'nothing'],
    ['space', 'space', 'nothing'],
    ['cyberpunk', 'cyberpunk', 'nothing'],
    ['samurai', 'samurai', 'nothing'],
    ['vampire', 'vampire', 'nothing'],
    ['zombies', 'zombie', 'nothing'],
    ['idol', 'idol', 'nothing'],
    ['cooking', 'cooking', 'nothing'],
  ])('covers the mood "%s": wants "%s", rules out %s, and real entries answer it', (key, wanted, avoided) => {
    const mood = MOOD_TAGS[key];
    expect(mood, key).toBeDefined();
    expect([...(mood?.all ?? []), ...(mood?.any ?? [])]).toContain(wanted);
    expect(mood?.none ?? []).toEqual(avoided === 'nothing' ? [] : expect.arrayContaining([avoided]));
    const answered = vocabulary.entryTags.filter((tags) => matches(mood ?? {}, tags)).length;
    expect(answered, `real entries answering "${key}"`).toBeGreaterThanOrEqual(5);
  });

  it.each([
    ['comfy', 'cozy'],
    ['wholesome', 'cozy'],
    ['tearjerker', 'sad'],
    ['relaxing', 'chill'],
    ['Fan-Service', 'ecchi'],
    ['slice  of life', 'slice of life'],
    ['science fiction', 'sci-fi'],
    ['zombie', 'zombies'],
  ])('reads the alias "%s" as %s', (alias, mood) => {
    expect(moodKeyOf(alias)).toBe(mood);
  });

  it('maps every alias to a mood of the map', () => {
    expect(Object.values(MOOD_ALIASES).filter((key) => !MOOD_TAGS[key])).toEqual([]);
    expect([...ADJECTIVE_MOODS].filter((key) => !MOOD_TAGS[key])).toEqual([]);
  });

  it('names studios as the dataset spells them', () => {
    const missing = STUDIOS.flatMap((s) => s.names).filter((name) => !vocabulary.studios.has(name));
    expect(missing).toEqual([]);
  });
});
