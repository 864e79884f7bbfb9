import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UpstreamChangedError } from '@anime/contracts';
import { sharedFixtures } from '@anime/testing';
import { parseJikanCharacters, parseJikanStaff, personName } from './jikan-credits.parser';

// The recorded file is the `data` array of /anime/1/characters; Jikan wraps it as {data}.
const characters = (): unknown[] => JSON.parse(readFileSync(join(sharedFixtures('jikan'), 'jikan_cowboy_bebop_characters_basic.json'), 'utf8')) as unknown[];

describe('parseJikanCharacters (recorded /anime/1/characters, Cowboy Bebop)', () => {
  const parsed = parseJikanCharacters({ data: characters() });

  it('keeps all 126 characters, main cast first, with Japanese voice actors', () => {
    expect(parsed).toHaveLength(126);
    expect(parsed.slice(0, 4)).toEqual([
      { name: 'Jet Black', role: 'Main', voiceActor: 'Unshou Ishizuka' },
      { name: 'Spike Spiegel', role: 'Main', voiceActor: 'Kouichi Yamadera' },
      { name: 'Faye Valentine', role: 'Main', voiceActor: 'Megumi Hayashibara' },
      // Listed with the English actor first: the Japanese one is still picked.
      { name: 'Edward Wong Hau Pepelu Tivrusky IV', role: 'Main', voiceActor: 'Aoi Tada' },
    ]);
    expect(parsed.filter((c) => c.role === 'Supporting')).toHaveLength(122);
  });

  it('leaves the voice actor out when no Japanese one is listed', () => {
    const raw = characters() as { voice_actors: { language: string }[] }[];
    const index = raw.findIndex((c) => !c.voice_actors.some((v) => v.language === 'Japanese'));
    expect(index).toBeGreaterThan(0);
    expect(parsed[index]?.voiceActor).toBeUndefined();
  });

  it('throws UpstreamChangedError naming the entry that lost its character name', () => {
    const raw = characters() as { character: Record<string, unknown> }[];
    delete raw[1]?.character['name'];
    expect(() => parseJikanCharacters({ data: raw })).toThrow(UpstreamChangedError);
    expect(() => parseJikanCharacters({ data: raw })).toThrow(/'data\.1\.character\.name'/);
    // The bare array (without Jikan's {data} wrapper) is a changed format too.
    expect(() => parseJikanCharacters(characters())).toThrow(/'data'/);
  });
});

describe('parseJikanStaff', () => {
  it('joins positions into one role (body shaped as Jikan v4 documents /anime/{id}/staff; no recording available)', () => {
    const body = { data: [{ person: { mal_id: 2009, name: 'Watanabe, Shinichiro' }, positions: ['Director', 'Script', 'Storyboard'] }] };
    expect(parseJikanStaff(body)).toEqual([{ name: 'Shinichiro Watanabe', role: 'Director, Script, Storyboard' }]);
    expect(() => parseJikanStaff({ data: [{ person: {}, positions: [] }] })).toThrow(/'data\.0\.person\.name'/);
  });
});

describe('personName', () => {
  it('turns MAL "Family, Given" around and leaves other forms alone', () => {
    expect(personName('Spiegel, Spike')).toBe('Spike Spiegel');
    expect(personName('Ein')).toBe('Ein');
    expect(personName('A, B, C')).toBe('A, B, C');
  });
});
