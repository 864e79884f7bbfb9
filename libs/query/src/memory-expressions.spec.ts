import { QueryPlanSchema } from '@anime/contracts';
import { describe, expect, it } from 'vitest';
import { isSimpleQuery, planQuery } from './index';

/** Wednesday 25 November 2026, noon UTC. */
const NOW = new Date('2026-11-25T12:00:00Z');
const plan = (query: string) => QueryPlanSchema.parse(planQuery(query, { now: NOW }));

describe('planQuery: memory questions go to the plot search', () => {
  // [question, the remembered story the plot search gets]
  it.each<[string, string]>([
    ['i remember an anime where a guy finds a notebook that kills people', 'a guy finds a notebook that kills people'],
    ['I remember a show about two brothers who use alchemy to bring their mother back', 'two brothers who use alchemy to bring their mother back'],
    ['i vaguely remember watching an old anime in which a boy pilots a giant robot for his father', 'a boy pilots a giant robot for his father'],
    ['anime where the mc is reincarnated as a slime', 'the mc is reincarnated as a slime'],
    ['anime where the MC can go back in time when he dies', 'the MC can go back in time when he dies'],
    ['the one with the kid who can see spirits and has a fat cat', 'the kid who can see spirits and has a fat cat'],
    ['the one where they are trapped in a video game and dying in it kills you', 'they are trapped in a video game and dying in it kills you'],
    ["what's the anime about a girl who turns into a fox", 'a girl who turns into a fox'],
    ['What is the anime about a girl who can talk to ghosts?', 'a girl who can talk to ghosts'],
    ['anime in which orphans find out their orphanage raises them as food', 'orphans find out their orphanage raises them as food'],
    ['trying to find an anime where a boy trains to become a hunter like his dad', 'a boy trains to become a hunter like his dad'],
    ["I'm trying to remember a show about high school girls who go camping in winter", 'high school girls who go camping in winter'],
    ["i can't remember the name of the anime where humans live inside walls because of giants", 'humans live inside walls because of giants'],
    ['what was that show where a detective shrinks into a kid? what was it called', 'a detective shrinks into a kid'],
    ["there's this anime where a chef cooks for monsters in a dungeon", 'a chef cooks for monsters in a dungeon'],
    ['does anyone know the anime with a samurai who wears a cross-shaped scar', 'a samurai who wears a cross-shaped scar'],
    ['Hey, I remember an anime where everyone has quirks, any ideas?', 'everyone has quirks'],
    ['what anime was it where a swordsman guards a princess', 'a swordsman guards a princess'],
    ['an anime about a boy who becomes a pirate and eats a devil fruit', 'a boy who becomes a pirate and eats a devil fruit'],
  ])('%s', (query, story) => {
    const p = plan(query);
    expect(p).toMatchObject({ intent: 'plot', text: story, filters: {} });
    expect(p.yearHint).toBeUndefined();
    expect(p.confidence).toBeGreaterThanOrEqual(0.6);
    expect(p.clarification).toBeUndefined();
    expect(p.understood[0]).toMatch(/^remembered plot/);
    // Answered by the plot search alone: the fast path even when an LLM is configured.
    expect(isSimpleQuery(p)).toBe(true);
  });

  it.each<[string, string, { min?: number; max?: number }]>([
    ['i remember an anime where a girl hunts demons with a sword, 2010ish', 'a girl hunts demons with a sword', { min: 2008, max: 2012 }],
    ['anime where the mc plays a card game to save the world, early 2000s', 'the mc plays a card game to save the world', { min: 2000, max: 2003 }],
    ['the one from the 90s where a bounty hunter crew travels in space', 'a bounty hunter crew travels in space', { min: 1990, max: 1999 }],
  ])('keeps a remembered year as a soft hint, never a filter: %s', (query, story, years) => {
    const p = plan(query);
    expect(p).toMatchObject({ intent: 'plot', text: story, filters: {}, yearHint: years });
    expect(p.understood.join(' ')).toContain('a preference, not a filter');
  });
});

describe('planQuery: titles, filters and similarity are not memory questions', () => {
  it.each<string>([
    'Re:Zero',
    'The Promised Neverland',
    'Re:Zero kara Hajimeru Isekai Seikatsu season 2',
    'the one piece film red',
    'Anohana: The Flower We Saw That Day',
    'The Girl Who Leapt Through Time',
    'mecha from the 90s',
    'mecha anime with giant robots from the 90s',
    'anime like Death Note',
    'something like the one with the most episodes',
    'anime with the highest score',
    "what's the anime with the most episodes",
    'the one with the most episodes',
    'where can I watch Frieren',
    'anime where can i watch for free',
    'anime about cooking',
    'dark psychological thriller anime from 2011',
    'what is Death Note about',
    'what airs tomorrow on Crunchyroll',
    'the second one',
    'more like that one',
    'top 5 romance anime of 2020',
    'trying to find a good anime to watch',
    'looking for an anime with good fights',
  ])('%s', (query) => {
    const p = plan(query);
    expect(p.intent).not.toBe('plot');
    expect(p.yearHint).toBeUndefined();
  });
});
