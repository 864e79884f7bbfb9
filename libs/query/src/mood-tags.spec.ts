import { readFileSync } from 'node:fs';
import { sharedData } from '@anime/testing';
import { describe, expect, it } from 'vitest';
import { ADJECTIVE_MOODS, MOOD_ALIASES, MOOD_TAGS, moodKeyOf } from './mood-tags';
import { STUDIOS } from './studio-names';

/** Every tag and studio of the anime-mapper release (the closest to the real dataset we have). */
function datasetVocabulary(): { tags: Set<string>; studios: Set<string> } {
  const lines = readFileSync(sharedData('anime-mapper-2026.jsonl'), 'utf8').split('\n').filter((l) => l.trim().length > 0);
  const tags = new Set<string>();
  const studios = new Set<string>();
  // The first line is the release metadata.
  for (const line of lines.slice(1)) {
    const entry = JSON.parse(line) as { tags?: string[]; studios?: string[] };
    entry.tags?.forEach((t) => tags.add(t));
    entry.studios?.forEach((s) => studios.add(s));
  }
  return { tags, studios };
}

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
    for (const [mood, tags] of Object.entries(MOOD_TAGS)) {
      expect((tags.all?.length ?? 0) + (tags.any?.length ?? 0), mood).toBeGreaterThan(0);
      const wanted = new Set([...(tags.all ?? []), ...(tags.any ?? [])]);
      expect((tags.none ?? []).filter((t) => wanted.has(t)), mood).toEqual([]);
    }
  });

  it.each([
    'dark', 'cozy', 'psychological', 'mind-bending', 'sad', 'funny', 'romantic', 'scary', 'violent', 'gory', 'epic', 'chill',
    'feel-good', 'action-packed', 'mecha', 'isekai', 'sports', 'music', 'slice of life', 'school', 'mystery', 'thriller',
    'magic', 'space', 'cyberpunk', 'samurai', 'vampire', 'zombies', 'idol', 'cooking',
  ])('covers the mood "%s"', (mood) => {
    expect(MOOD_TAGS[mood]).toBeDefined();
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
