import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NotFoundError, SourceUnavailableError, UpstreamChangedError } from '@anime/contracts';
import { sharedFixtures } from '@anime/testing';
import {
  anilistGraphqlError,
  parseAnilistAiring,
  parseAnilistAnime,
  parseAnilistEpisodeList,
  parseAnilistRecommendations,
  parseAnilistStatistics,
  stripHtml,
  toSourceAnime,
  trailerUrl,
} from './anilist-anime.parser';

type Body = { data: { Media: Record<string, unknown> } };

/** A fresh copy each time, so a test can cut or alter it. */
const fixture = (name: string): Body => JSON.parse(readFileSync(join(sharedFixtures('anilist'), name), 'utf8')) as Body;

describe('parseAnilistAnime on recorded AniList responses', () => {
  it('maps Fullmetal Alchemist: Brotherhood (tv.json, id 5114)', () => {
    const anime = parseAnilistAnime(fixture('tv.json'));
    expect(anime.titles).toEqual({
      romaji: 'Hagane no Renkinjutsushi: FULLMETAL ALCHEMIST',
      english: 'Fullmetal Alchemist: Brotherhood',
      native: '鋼の錬金術師 FULLMETAL ALCHEMIST',
    });
    expect(anime.episodes).toBe(64);
    expect(anime.status).toBe('FINISHED');
    // 235 189 = the sum of stats.scoreDistribution in the recording.
    expect(anime.score).toEqual({ value: 90, scale: 100, normalized: 9, votes: 235_189 });
    expect(anime.genres).toEqual(['Action', 'Adventure', 'Drama', 'Fantasy']);
    expect(anime.studios).toEqual(['bones']);
    expect(anime.synopsis).toMatch(/^"In order for something to be obtained, something of equal value must be lost\."\n\nAlchemy is bound by this Law of Equivalent Exchange/);
    expect(anime.synopsis).toMatch(/\n\n\(Source: MAL Rewrite\)$/);
    expect(anime.synopsis).not.toMatch(/<br>|<i>|<\/?[a-z]/);
    expect(anime.characters?.slice(0, 2)).toEqual([
      { name: 'Edward Elric', role: 'MAIN', voiceActor: 'Romi Park' },
      { name: 'Alphonse Elric', role: 'MAIN', voiceActor: 'Rie Kugimiya' },
    ]);
    // Two Japanese voices recorded for Pinako: the first is kept.
    expect(anime.characters).toContainEqual({ name: 'Pinako Rockbell', role: 'SUPPORTING', voiceActor: 'Mami Koyama' });
    expect(anime.characters).toHaveLength(6);
    expect(anime.staff).toContainEqual({ name: 'Hiromu Arakawa', role: 'Original Creator' });
    expect(anime.staff).toHaveLength(8);
    expect(anime.streaming?.map((s) => s.site)).toEqual(['Hulu', 'Crunchyroll', 'Amazon', 'Funimation', 'Netflix', 'HBO Max', 'VRV', 'iQ']);
    expect(anime.streaming).toContainEqual({ site: 'Netflix', url: 'https://www.netflix.com/title/70204981' });
    expect(anime.trailer).toBeUndefined();
  });

  it('maps Nekomonogatari (Kuro) (15689.json): trailer, main studio only, streaming without socials', () => {
    const anime = parseAnilistAnime(fixture('15689.json'));
    expect(anime.titles).toEqual({ romaji: 'Nekomonogatari (Kuro)', english: 'Nekomonogatari Black', native: '猫物語（黒）' });
    expect(anime.episodes).toBe(4);
    expect(anime.score).toEqual({ value: 77, scale: 100, normalized: 7.7, votes: 62_926 });
    expect(anime.studios).toEqual(['Shaft']);
    expect(anime.genres).toEqual(['Drama', 'Mystery', 'Psychological', 'Romance', 'Supernatural']);
    expect(anime.synopsis).toContain('Contains the arc Tsubasa Family from the Nekomonogatari Black light novel.\n\nOn his way to the bookstore, Koyomi Araragi encounters Tsubasa Hanekawa');
    expect(anime.synopsis).toContain('So begins the nightmarish nine days of Golden Week.');
    expect(anime.characters?.map((c) => c.name)).toEqual(['Koyomi Araragi', 'Tsubasa Hanekawa', 'Meme Oshino', 'Shinobu Oshino', 'Karen Araragi', 'Tsukihi Araragi']);
    expect(anime.characters?.[0]).toEqual({ name: 'Koyomi Araragi', role: 'MAIN', voiceActor: 'Hiroshi Kamiya' });
    expect(anime.staff).toContainEqual({ name: 'NISIOISIN', role: 'Original Creator' });
    expect(anime.streaming).toEqual([
      { site: 'Crunchyroll', url: 'http://www.crunchyroll.com/nekomonogatari-black' },
      { site: 'Hulu', url: 'http://www.hulu.com/nekomonogatari-black' },
      { site: 'Funimation', url: 'https://www.funimation.com/shows/nekomonogatari-black/' },
      { site: 'VRV', url: 'https://vrv.co/series/GY49M09ZR/Nekomonogatari-Black' },
    ]);
    expect(anime.trailer).toEqual({ url: 'https://www.youtube.com/watch?v=bHef90RByXI' });
  });

  it('validates against the contract with provenance', () => {
    const anime = toSourceAnime(parseAnilistAnime(fixture('tv.json')), { id: '5114', fetchedAt: '2025-07-21T10:00:00.000Z', stale: false });
    expect(anime).toMatchObject({ source: 'anilist', sourceId: '5114', sourceUrl: 'https://anilist.co/anime/5114', stale: false, episodes: 64 });
  });

  it('keeps exactly the STREAMING links when AniList types them', () => {
    const body = fixture('tv.json');
    body.data.Media['externalLinks'] = [
      { site: 'Official Site', url: 'https://www.hagaren.jp/fa/', type: 'INFO' },
      { site: 'Crunchyroll', url: 'http://www.crunchyroll.com/fullmetal-alchemist-brotherhood', type: 'STREAMING' },
      { site: 'Twitter', url: 'https://twitter.com/hagaren_anime', type: 'SOCIAL' },
    ];
    expect(parseAnilistAnime(body).streaming).toEqual([{ site: 'Crunchyroll', url: 'http://www.crunchyroll.com/fullmetal-alchemist-brotherhood' }]);
  });

  it('falls back to meanScore when AniList has no weighted average yet', () => {
    const body = fixture('15689.json');
    body.data.Media['averageScore'] = null;
    body.data.Media['meanScore'] = 75;
    expect(parseAnilistAnime(body).score).toMatchObject({ value: 75, normalized: 7.5 });
  });

  it.each([
    ['title', 'data.Media.title'],
    ['description', 'data.Media.description'],
    ['studios', 'data.Media.studios.edges'],
    ['characterPreview', 'data.Media.characterPreview.edges'],
    ['externalLinks', 'data.Media.externalLinks'],
  ])('a body without %s is UpstreamChangedError naming %s', (key, path) => {
    const body = fixture('tv.json');
    delete body.data.Media[key];
    const run = (): unknown => parseAnilistAnime(body);
    expect(run).toThrow(UpstreamChangedError);
    expect(run).toThrow(path);
  });

  it('a character without a name is UpstreamChangedError naming the exact path', () => {
    const body = fixture('tv.json');
    const edges = (body.data.Media['characterPreview'] as { edges: Array<{ node: Record<string, unknown> }> }).edges;
    delete edges[2]?.node['name'];
    expect(() => parseAnilistAnime(body)).toThrow('data.Media.characterPreview.edges.2.node.name.full');
  });

  it('a body without data.Media is UpstreamChangedError, not an empty success', () => {
    expect(() => parseAnilistAnime({ data: {} })).toThrow(UpstreamChangedError);
    expect(() => parseAnilistAnime({ data: { Media: null } })).toThrow("'data.Media'");
  });
});

describe('episode list, recommendations and statistics (recorded responses)', () => {
  it('episode-list: the 64 Crunchyroll episode titles of Fullmetal Alchemist: Brotherhood', () => {
    const list = parseAnilistEpisodeList(fixture('tv.json'));
    expect(list).toHaveLength(64);
    expect(list.slice(0, 3)).toEqual([
      { number: 1, title: 'Fullmetal Alchemist' },
      { number: 2, title: 'The First Day' },
      { number: 3, title: 'City of Heresy' },
    ]);
    expect(list[11]).toEqual({ number: 12, title: 'One is All, All is One' });
    expect(list[63]).toEqual({ number: 64, title: 'Journey’s End' });
    expect(list.map((e) => e.number)).toEqual(Array.from({ length: 64 }, (_, i) => i + 1));
  });

  it('episode-list: Nekomonogatari (Kuro) has its 4 "Tsubasa Family" parts', () => {
    expect(parseAnilistEpisodeList(fixture('15689.json'))).toEqual([
      { number: 1, title: 'Tsubasa Family, Part 1' },
      { number: 2, title: 'Tsubasa Family, Part 2' },
      { number: 3, title: 'Tsubasa Family, Part 3' },
      { number: 4, title: 'Tsubasa Family, Part 4' },
    ]);
  });

  it('episode-list: one entry per episode across sites, numberless titles by position, none without streaming episodes', () => {
    const body = fixture('15689.json');
    body.data.Media['streamingEpisodes'] = [
      { site: 'Crunchyroll', title: 'Episode 2 - Tsubasa Family, Part 2', url: 'http://www.crunchyroll.com/nekomonogatari-black/episode-2-tsubasa-family-part-2-677669' },
      { site: 'Hulu', title: 'Episode 2 – Tsubasa Family 2', url: 'http://www.hulu.com/watch/1' },
      { site: 'Crunchyroll', title: 'Episode 1 - Tsubasa Family, Part 1', url: 'http://www.crunchyroll.com/nekomonogatari-black/episode-1-tsubasa-family-part-1-677667' },
      { site: 'Other', title: 'Special', url: 'http://example.org/4' },
      { site: 'Other', title: null, url: 'http://example.org/5' },
    ];
    expect(parseAnilistEpisodeList(body)).toEqual([
      { number: 1, title: 'Tsubasa Family, Part 1' },
      { number: 2, title: 'Tsubasa Family, Part 2' },
      { number: 4, title: 'Special' },
      { number: 5 },
    ]);
    body.data.Media['streamingEpisodes'] = [];
    expect(parseAnilistEpisodeList(body)).toEqual([]);
    expect(parseAnilistAnime(body)['episode-list']).toBeUndefined();
  });

  it('recommendations: the recommended anime with their net votes, in AniList order', () => {
    expect(parseAnilistRecommendations(fixture('tv.json'))).toEqual([
      { sourceId: '11061', title: 'HUNTER×HUNTER (2011)', votes: 2556 },
      { sourceId: '104578', title: 'Shingeki no Kyojin 3 Part 2', votes: 323 },
      { sourceId: '3588', title: 'Soul Eater', votes: 194 },
      { sourceId: '101922', title: 'Kimetsu no Yaiba', votes: 174 },
      { sourceId: '1482', title: 'D.Gray-man', votes: 115 },
      { sourceId: '21', title: 'ONE PIECE', votes: 72 },
      { sourceId: '16498', title: 'Shingeki no Kyojin', votes: 60 },
    ]);
    expect(parseAnilistRecommendations(fixture('15689.json')).slice(0, 3)).toEqual([
      { sourceId: '9260', title: 'Kizumonogatari I: Tekketsu-hen', votes: 60 },
      { sourceId: '21399', title: 'Kizumonogatari II: Nekketsu-hen', votes: 48 },
      { sourceId: '20593', title: 'Hanamonogatari', votes: 40 },
    ]);
  });

  it('recommendations: a deleted recommended anime is skipped; a node without its title is UpstreamChangedError', () => {
    const body = fixture('tv.json');
    const nodes = (body.data.Media['recommendations'] as { nodes: Array<Record<string, unknown>> }).nodes;
    nodes[0]!['mediaRecommendation'] = null;
    expect(parseAnilistRecommendations(body)[0]).toEqual({ sourceId: '104578', title: 'Shingeki no Kyojin 3 Part 2', votes: 323 });
    delete (nodes[1]!['mediaRecommendation'] as Record<string, unknown>)['title'];
    expect(() => parseAnilistRecommendations(body)).toThrow('data.Media.recommendations.nodes.1.mediaRecommendation.title.userPreferred');
    delete body.data.Media['recommendations'];
    expect(() => parseAnilistRecommendations(body)).toThrow(UpstreamChangedError);
  });

  it('statistics: the users’ list statuses', () => {
    expect(parseAnilistStatistics(fixture('tv.json'))).toEqual({ CURRENT: 30_382, PLANNING: 99_496, COMPLETED: 315_315, DROPPED: 8_039, PAUSED: 19_892 });
    expect(parseAnilistStatistics(fixture('15689.json'))).toEqual({ CURRENT: 1_607, PLANNING: 19_002, COMPLETED: 88_421, DROPPED: 382, PAUSED: 780 });
  });

  it('statistics: none when AniList has no stats; a body without statusDistribution is UpstreamChangedError', () => {
    const body = fixture('tv.json');
    delete (body.data.Media['stats'] as Record<string, unknown>)['statusDistribution'];
    expect(() => parseAnilistStatistics(body)).toThrow('data.Media.stats.statusDistribution');
    body.data.Media['stats'] = null;
    expect(parseAnilistStatistics(body)).toBeUndefined();
  });

  it('parseAnilistAnime carries all three, and they validate against the contract', () => {
    const anime = toSourceAnime(parseAnilistAnime(fixture('tv.json')), { id: '5114', fetchedAt: '2025-07-21T10:00:00.000Z', stale: false });
    expect(anime['episode-list']).toHaveLength(64);
    expect(anime.recommendations?.[0]).toEqual({ sourceId: '11061', title: 'HUNTER×HUNTER (2011)', votes: 2556 });
    expect(anime.statistics?.['COMPLETED']).toBe(315_315);
  });
});

describe('parseAnilistAiring', () => {
  it('has nothing to say for a finished show (nextAiringEpisode null in the recording)', () => {
    expect(parseAnilistAiring(fixture('15689.json'))).toEqual({});
  });

  it('turns the next episode and its epoch-seconds air time into ISO', () => {
    const body = fixture('15689.json');
    body.data.Media['nextAiringEpisode'] = { episode: 3, airingAt: 1_737_043_200 };
    expect(parseAnilistAiring(body)).toEqual({ airing: { nextEpisode: 3, airingAt: '2025-01-16T16:00:00.000Z' } });
  });

  it('a body without nextAiringEpisode is UpstreamChangedError', () => {
    const body = fixture('15689.json');
    delete body.data.Media['nextAiringEpisode'];
    expect(() => parseAnilistAiring(body)).toThrow('data.Media.nextAiringEpisode');
  });
});

describe('anilistGraphqlError', () => {
  it('"Not Found." is NotFoundError naming the id', () => {
    const error = anilistGraphqlError({ errors: [{ message: 'Not Found.', status: 404, locations: [{ line: 2, column: 3 }] }], data: { Media: null } }, '999999999');
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error?.message).toContain('999999999');
  });

  it('any other error is SourceUnavailableError carrying the upstream message', () => {
    const error = anilistGraphqlError({ errors: [{ message: 'Internal Server Error', status: 500 }], data: null }, '5114');
    expect(error).toBeInstanceOf(SourceUnavailableError);
    expect(error?.message).toContain('Internal Server Error');
  });

  it('a recorded success has none', () => {
    expect(anilistGraphqlError(fixture('tv.json'), '5114')).toBeUndefined();
  });
});

describe('helpers', () => {
  it('stripHtml drops tags, keeps breaks, decodes entities', () => {
    expect(stripHtml('A <i>cat</i> &amp; a <b>dog</b>.<br><br>\nSecond&#39;s line &mdash; end<br/>')).toBe("A cat & a dog.\n\nSecond's line — end");
  });

  it('trailerUrl links YouTube and Dailymotion, nothing else', () => {
    expect(trailerUrl('youtube', 'bHef90RByXI')).toBe('https://www.youtube.com/watch?v=bHef90RByXI');
    expect(trailerUrl('dailymotion', 'x7tgad0')).toBe('https://www.dailymotion.com/video/x7tgad0');
    expect(trailerUrl('vimeo', '1')).toBeUndefined();
  });
});
