import { loadRealEntries, sharedData, type ManamiEntry } from '@anime/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { entryText } from './entry-text';

describe('entryText on real dataset entries', () => {
  let entries: ManamiEntry[];
  const byTitle = (title: string): ManamiEntry => entries.find((e) => e.title === title)!;
  beforeAll(() => {
    entries = loadRealEntries(sharedData('anime-mapper-2026.jsonl'));
  });

  it('describes Cowboy Bebop with title, type, year, studio, a Latin synonym and its tags in order', () => {
    const text = entryText(byTitle('Cowboy Bebop'));
    expect(text.startsWith('Cowboy Bebop, TV series from 1998, by sunrise. also known as Kowboj Bebop. Tags: action, adventure, award winning')).toBe(true);
    expect(text).not.toMatch(/[\u0400-\u04ff\u3040-\u30ff\uac00-\ud7af]/); // no Cyrillic, kana, Hangul synonyms
  });

  it('keeps English and other Latin-script synonyms, drops abbreviations and non-Latin scripts', () => {
    const text = entryText(byTitle('Shingeki no Kyojin'));
    expect(text).toContain('Attack on Titan');
    expect(text).not.toContain('SnK');
    expect(text).not.toContain('進撃の巨人');
  });

  it('never writes placeholders for missing year, type or studios', () => {
    const bare = entries.find((e) => !e.animeSeason.year && e.studios.length === 0 && e.type === 'UNKNOWN');
    expect(bare).toBeDefined();
    const text = entryText(bare!);
    expect(text.startsWith(bare!.title)).toBe(true);
    expect(text).not.toMatch(/undefined|null|from \.|by \./);
  });

  it('fits the character budget for CLIP’s 77 tokens across the whole dataset, and differs between entries', () => {
    const texts = entries.map(entryText);
    expect(Math.max(...texts.map((t) => t.length))).toBeLessThanOrEqual(230);
    expect(new Set(texts).size).toBeGreaterThan(texts.length * 0.99);
  });
});
