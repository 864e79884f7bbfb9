import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UpstreamChangedError } from '@anime/contracts';
import { sharedFixtures } from '@anime/testing';
import { parseKitsuEpisodeList } from './kitsu-episodes.parser';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests alter fixture copies in place at any depth
type Json = Record<string, any>;
// The raw dump holds the first 10 recorded episode resources of Cowboy Bebop (/anime/1/episodes);
// served as the collection document that endpoint returns.
const episodesDocument = (): Json => {
  const dump = JSON.parse(readFileSync(join(sharedFixtures('kitsu'), 'kitsu_cowboy_bebop_dump.json'), 'utf8')) as Json;
  return { data: dump['episodes'], meta: { count: 26 }, links: {} };
};

describe('parseKitsuEpisodeList — kitsu_cowboy_bebop_dump.json (10 Cowboy Bebop episodes)', () => {
  it('reads number, canonical title and air date of every episode, in order', () => {
    expect(parseKitsuEpisodeList(episodesDocument())).toEqual([
      { number: 1, title: 'Asteroid Blues', aired: '1998-10-23' },
      { number: 2, title: 'Stray Dog Strut', aired: '1998-10-30' },
      { number: 3, title: 'Honky Tonk Women', aired: '1998-11-06' },
      { number: 4, title: 'Gateway Shuffle', aired: '1998-11-13' },
      { number: 5, title: 'Ballad of Fallen Angels', aired: '1998-11-20' },
      { number: 6, title: 'Sympathy for the Devil', aired: '1998-11-27' },
      { number: 7, title: 'Heavy Metal Queen', aired: '1998-12-04' },
      { number: 8, title: 'Waltz for Venus', aired: '1998-12-11' },
      { number: 9, title: 'Jamming with Edward', aired: '1998-12-18' },
      // A week skipped over the new year: episode 10 aired on 1 January 1999.
      { number: 10, title: 'Ganymede Elegy', aired: '1999-01-01' },
    ]);
  });

  it('leaves out a missing title or air date, skips an unnumbered episode, and reads an empty list as no episodes', () => {
    const body = episodesDocument();
    Object.assign(body['data'][0]['attributes'], { canonicalTitle: null, airdate: null });
    body['data'][1]['attributes']['number'] = null;
    const episodes = parseKitsuEpisodeList(body);
    expect(episodes.slice(0, 2)).toEqual([{ number: 1 }, { number: 3, title: 'Honky Tonk Women', aired: '1998-11-06' }]);
    expect(episodes).toHaveLength(9);
    expect(parseKitsuEpisodeList({ data: [], meta: { count: 0 }, links: {} })).toEqual([]);
  });

  const broken: Array<[string, (body: Json) => void, RegExp]> = [
    ['no data', (b) => delete b['data'], /'data'/],
    ['the number removed', (b) => delete b['data'][4]['attributes']['number'], /data\.4\.attributes\.number/],
    ['the number sent as a string', (b) => (b['data'][4]['attributes']['number'] = '5'), /data\.4\.attributes\.number/],
    ['an air date that is not a date', (b) => (b['data'][2]['attributes']['airdate'] = '6 Nov 1998'), /data\.2\.attributes\.airdate/],
    ['a resource of another type', (b) => (b['data'][0]['type'] = 'anime'), /data\.0\.type/],
  ];
  it.each(broken)('throws UpstreamChangedError naming the field for a copy with %s', (_name, alter, path) => {
    const body = episodesDocument();
    alter(body);
    let error: unknown;
    try {
      parseKitsuEpisodeList(body);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UpstreamChangedError);
    expect((error as Error).message).toMatch(path);
  });
});
