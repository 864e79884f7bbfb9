import { QueryPlanSchema, type QueryPlan } from '@anime/contracts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MOOD_TAGS } from './mood-tags';
import { isSimpleQuery, planQuery, type PlannerOptions } from './index';

/** Wednesday 25 November 2026, noon UTC (Fall 2026). */
const NOW = new Date('2026-11-25T12:00:00Z');
const OPTIONS: PlannerOptions = { now: NOW };
const PREVIOUS: PlannerOptions = {
  now: NOW,
  previous: {
    items: [
      { id: 'mal:1', title: 'Cowboy Bebop' },
      { id: 'mal:6', title: 'Trigun' },
      { id: 'mal:19', title: 'Monster' },
    ],
  },
};

/**
 * What a case expects. `text` and `filters` are always checked (absent means "none": a leftover
 * word or a stray filter is a bug); every other key given is checked exactly; `minConfidence` /
 * `maxConfidence` bound the confidence.
 */
type Expected = Partial<Omit<QueryPlan, 'confidence'>> & { minConfidence?: number; maxConfidence?: number };

const tags = (mood: string): QueryPlan['filters']['tags'] => {
  const t = MOOD_TAGS[mood] ?? {};
  return { ...(t.all ? { all: t.all } : {}), ...(t.any ? { any: t.any } : {}), ...(t.none ? { none: t.none } : {}) };
};

function check(query: string, expected: Expected, options: PlannerOptions = OPTIONS): QueryPlan {
  const plan = planQuery(query, options);
  const { minConfidence, maxConfidence, ...fields } = expected;
  expect(QueryPlanSchema.parse(plan)).toEqual(plan);
  expect(plan.text, 'text').toBe(fields.text);
  expect(plan.filters, 'filters').toEqual(fields.filters ?? {});
  for (const [key, value] of Object.entries(fields)) {
    if (key === 'text' || key === 'filters') continue;
    expect(plan[key as keyof QueryPlan], key).toEqual(value);
  }
  expect(plan.confidence).toBeGreaterThanOrEqual(minConfidence ?? 0.6);
  if (maxConfidence !== undefined) expect(plan.confidence).toBeLessThanOrEqual(maxConfidence);
  if (plan.confidence < 0.6) expect(plan.clarification).toBeDefined();
  expect(plan.understood.length).toBeGreaterThan(0);
  return plan;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('planQuery: titles', () => {
  it.each<[string, string]>([
    ['Dandadan', 'Dandadan'],
    ['steins gate', 'steins gate'],
    ['Kaguya-sama: Love is War', 'Kaguya-sama: Love is War'],
    ['進撃の巨人', '進撃の巨人'],
    ['Mob Psycho 100', 'Mob Psycho 100'],
    ['Steins;Gate 0', 'Steins;Gate 0'],
    ['The Promised Neverland', 'The Promised Neverland'],
    ['Your Lie in April', 'Your Lie in April'],
    ['Darker than Black', 'Darker than Black'],
    ['One Punch Man', 'One Punch Man'],
    ['Spy x Family', 'Spy x Family'],
    ['Violet Evergarden', 'Violet Evergarden'],
    ['Made in Abyss', 'Made in Abyss'],
    ['Summer Time Rendering', 'Summer Time Rendering'],
    ['Cowboy Bebop', 'Cowboy Bebop'],
    ['2.43: Seiin Koukou', '2.43: Seiin Koukou'],
    ['Mushoku Tensei: Jobless Reincarnation', 'Mushoku Tensei: Jobless Reincarnation'],
    ['A Silent Voice', 'A Silent Voice'],
    ['To Your Eternity', 'To Your Eternity'],
    ['Great Teacher Onizuka', 'Great Teacher Onizuka'],
    ['Food Wars', 'Food Wars'],
    ['Vampire Knight', 'Vampire Knight'],
    ['Love Live! School Idol Project', 'Love Live! School Idol Project'],
    ['Kimetsu no Yaiba', 'Kimetsu no Yaiba'],
    ['Kaiju No. 8', 'Kaiju No. 8'],
    ['Hunter x Hunter 2011', 'Hunter x Hunter 2011'],
    ['91 Days', '91 Days'],
    ['5 Centimeters per Second', '5 Centimeters per Second'],
    ['The Seven Deadly Sins', 'The Seven Deadly Sins'],
    ['Show by Rock!!', 'Show by Rock!!'],
    ['Is the Order a Rabbit?', 'Is the Order a Rabbit'],
    ['Re:Zero', 'Re:Zero'],
    ['Dr. Stone', 'Dr. Stone'],
    ['find Dandadan please', 'Dandadan'],
    ['show me Cowboy Bebop', 'Cowboy Bebop'],
    ['what is Frieren?', 'Frieren'],
    ['tell me about Vinland Saga', 'Vinland Saga'],
    ['can you search for Bocchi the Rock!', 'Bocchi the Rock!'],
    ['anime "Summer Time Rendering"', 'Summer Time Rendering'],
  ])('%s → title "%s"', (query, text) => {
    check(query, { intent: 'search', text, moods: [], minConfidence: 0.8 });
  });

  it('keeps a two-character title but is less sure', () => {
    check('86', { intent: 'search', text: '86', minConfidence: 0.6, maxConfidence: 0.8 });
  });

  it('reads a title that contains a mood word as a title, a little less sure', () => {
    check('Dark Gathering', { intent: 'search', text: 'Dark Gathering', moods: [], minConfidence: 0.8, maxConfidence: 0.9 });
    check('Afro Samurai movie', { intent: 'search', text: 'Afro Samurai', filters: { types: ['MOVIE'] }, moods: [] });
    check('Demon Slayer movie', { intent: 'search', text: 'Demon Slayer', filters: { types: ['MOVIE'] } });
  });
});

describe('planQuery: ids and links', () => {
  it.each<[string, string, QueryPlan['intent']?]>([
    ['anime id 1535 on MAL', 'mal:1535'],
    ['kitsu 1', 'kitsu:1'],
    ['anilist:21', 'anilist:21'],
    ['mal:1535', 'mal:1535'],
    ['MAL id 5114', 'mal:5114'],
    ['myanimelist:1535', 'mal:1535'],
    ['ap:Cowboy-Bebop', 'animeplanet:cowboy-bebop'],
    ['https://myanimelist.net/anime/1535/Death_Note', 'https://myanimelist.net/anime/1535/Death_Note'],
    ['anilist.co/anime/21', 'https://anilist.co/anime/21'],
    ['https://kitsu.app/anime/1', 'https://kitsu.app/anime/1'],
    ['kitsu.io/anime/1', 'https://kitsu.io/anime/1'],
    ['https://anidb.net/anime/23', 'https://anidb.net/anime/23'],
    ['anime-planet.com/anime/cowboy-bebop', 'https://anime-planet.com/anime/cowboy-bebop'],
    ['https://www.anisearch.com/anime/1572,cowboy-bebop', 'https://www.anisearch.com/anime/1572,cowboy-bebop'],
    ['livechart.me/anime/3437', 'https://livechart.me/anime/3437'],
    ['https://notify.moe/anime/Tk3ccKimg', 'https://notify.moe/anime/Tk3ccKimg'],
    ['simkl.com/anime/37089', 'https://simkl.com/anime/37089'],
    ['https://animecountdown.com/1059', 'https://animecountdown.com/1059'],
    ['https://www.animenewsnetwork.com/encyclopedia/anime.php?id=6592', 'https://www.animenewsnetwork.com/encyclopedia/anime.php?id=6592'],
    ['what is this? https://myanimelist.net/anime/1/', 'https://myanimelist.net/anime/1/'],
  ])('%s → ref %s', (query, ref) => {
    check(query, { intent: 'lookup', ref, fields: [], minConfidence: 0.9 });
  });

  it('asks for the details of a referenced anime', () => {
    check('synopsis of mal:1535', { intent: 'details', ref: 'mal:1535', fields: ['synopsis'] });
    check('https://kitsu.app/anime/1 characters', { intent: 'details', ref: 'https://kitsu.app/anime/1', fields: ['characters'] });
  });

  it('does not take a year after a platform name for an id', () => {
    check('top anime on MAL 2019', { intent: 'search', sources: ['myanimelist'], sort: 'score', filters: { years: { min: 2019, max: 2019 } }, limit: undefined });
  });

  it('asks which platform a bare id is from', () => {
    const plan = check('id 1535', { intent: 'search', minConfidence: 0, maxConfidence: 0.59 });
    expect(plan.clarification?.alternatives).toContain('mal:1535');
  });

  it('asks about a link that is not an anime page', () => {
    const plan = check('https://myanimelist.net/manga/2', { intent: 'lookup', ref: 'https://myanimelist.net/manga/2', minConfidence: 0, maxConfidence: 0.59 });
    expect(plan.clarification?.question).toMatch(/not an anime page/u);
  });
});

describe('planQuery: source preference', () => {
  it.each<[string, Expected]>([
    ['from MAL', { intent: 'search', sources: ['myanimelist'] }],
    ['on Anime-Planet', { intent: 'search', sources: ['anime-planet'] }],
    ['according to LiveChart', { intent: 'search', sources: ['livechart'] }],
    ['Frieren on AniList', { intent: 'search', text: 'Frieren', sources: ['anilist'] }],
    ['kitsu rating of Frieren', { intent: 'details', text: 'Frieren', sources: ['kitsu'], fields: ['rating'] }],
    ['Dandadan according to ANN', { intent: 'search', text: 'Dandadan', sources: ['animenewsnetwork'] }],
    ['romance on anidb', { intent: 'search', sources: ['anidb'], moods: ['romance'], filters: { tags: tags('romance') } }],
  ])('%s', (query, expected) => {
    check(query, expected);
  });
});

describe('planQuery: time', () => {
  it.each<[string, Expected]>([
    ['isekai from 2010ish', { moods: ['isekai'], filters: { years: { min: 2008, max: 2012 }, tags: tags('isekai') } }],
    ['mecha around 2010', { moods: ['mecha'], filters: { years: { min: 2008, max: 2012 }, tags: tags('mecha') } }],
    ['anime between 2000 and 2010', { filters: { years: { min: 2000, max: 2010 } } }],
    ['ova from 1995 to 1999', { filters: { years: { min: 1995, max: 1999 }, types: ['OVA'] } }],
    ['romance after 2010', { moods: ['romance'], filters: { years: { min: 2011 }, tags: tags('romance') } }],
    ['horror since 2010', { moods: ['horror'], filters: { years: { min: 2010 }, tags: tags('horror') } }],
    ['movies before 2005', { filters: { years: { max: 2004 }, types: ['MOVIE'] } }],
    ['sports anime from 2015', { moods: ['sports'], filters: { years: { min: 2015, max: 2015 }, tags: tags('sports') } }],
    ['anime from 2015 onwards', { filters: { years: { min: 2015 } } }],
    ['what came out in 2019', { filters: { years: { min: 2019, max: 2019 } } }],
    ['2019 anime', { filters: { years: { min: 2019, max: 2019 } } }],
    ['the 90s', { filters: { years: { min: 1990, max: 1999 } } }],
    ['90s anime', { filters: { years: { min: 1990, max: 1999 } } }],
    ['1990s mecha', { moods: ['mecha'], filters: { years: { min: 1990, max: 1999 }, tags: tags('mecha') } }],
    ["80's horror movies", { moods: ['horror'], filters: { years: { min: 1980, max: 1989 }, types: ['MOVIE'], tags: tags('horror') } }],
    ['early 2000s romance', { moods: ['romance'], filters: { years: { min: 2000, max: 2003 }, tags: tags('romance') } }],
    ['mecha from the 80s or 90s', { moods: ['mecha'], filters: { years: { min: 1980, max: 1999 }, tags: tags('mecha') } }],
    ['this season', { filters: { seasons: ['FALL'], years: { min: 2026, max: 2026 } } }],
    ['last season', { filters: { seasons: ['SUMMER'], years: { min: 2026, max: 2026 } } }],
    ['next season', { filters: { seasons: ['WINTER'], years: { min: 2027, max: 2027 } } }],
    ['spring 2024 anime', { filters: { seasons: ['SPRING'], years: { min: 2024, max: 2024 } } }],
    ['fall of 2023', { filters: { seasons: ['FALL'], years: { min: 2023, max: 2023 } } }],
    ["summer '24", { filters: { seasons: ['SUMMER'], years: { min: 2024, max: 2024 } } }],
    ['last spring', { filters: { seasons: ['SPRING'], years: { min: 2026, max: 2026 } } }],
    ['next summer', { filters: { seasons: ['SUMMER'], years: { min: 2027, max: 2027 } } }],
    ['summer anime', { filters: { seasons: ['SUMMER'] } }],
    ['recent isekai', { moods: ['isekai'], filters: { years: { min: 2024, max: 2026 }, tags: tags('isekai') } }],
    ['new anime', { filters: { years: { min: 2024, max: 2026 } } }],
    ['something recent', { filters: { years: { min: 2024, max: 2026 } } }],
    ['classic mecha', { moods: ['mecha'], filters: { years: { max: 2006 }, tags: tags('mecha') } }],
    ['anime from 3 years ago', { filters: { years: { min: 2023, max: 2023 } } }],
    ['last year', { filters: { years: { min: 2025, max: 2025 } } }],
    ['in the last 5 years', { filters: { years: { min: 2022, max: 2026 } } }],
    ['isekai 2020', { moods: ['isekai'], filters: { years: { min: 2020, max: 2020 }, tags: tags('isekai') } }],
  ])('%s', (query, expected) => {
    check(query, { intent: 'search', ...expected });
  });

  it('knows the season before Winter 2026 is Fall 2025', () => {
    check('last season', { intent: 'search', filters: { seasons: ['FALL'], years: { min: 2025, max: 2025 } } }, { now: new Date('2026-02-10T12:00:00Z') });
  });

  it('takes the season and year in the user zone (New Year in Tokyo)', () => {
    const newYearsEve = new Date('2026-12-31T15:30:00Z');
    check('this season', { filters: { seasons: ['FALL'], years: { min: 2026, max: 2026 } } }, { now: newYearsEve });
    check('this season', { filters: { seasons: ['WINTER'], years: { min: 2027, max: 2027 } } }, { now: newYearsEve, timezone: 'Asia/Tokyo' });
    check('this year', { filters: { years: { min: 2027, max: 2027 } } }, { now: newYearsEve, timezone: 'Asia/Tokyo' });
  });
});

describe('planQuery: schedule', () => {
  const day = (from: string, to: string, platforms: string[] = []): QueryPlan['schedule'] => ({ from, to, platforms });
  it.each<[string, QueryPlan['schedule'], Expected?]>([
    ['what airs tomorrow on Crunchyroll', day('2026-11-26T00:00:00.000Z', '2026-11-26T23:59:59.999Z', ['crunchyroll'])],
    ['anime airing today', day('2026-11-25T00:00:00.000Z', '2026-11-25T23:59:59.999Z')],
    ['this weekend', day('2026-11-28T00:00:00.000Z', '2026-11-29T23:59:59.999Z')],
    ['schedule for friday', day('2026-11-27T00:00:00.000Z', '2026-11-27T23:59:59.999Z')],
    ['what is on wednesday', day('2026-11-25T00:00:00.000Z', '2026-11-25T23:59:59.999Z')],
    ['airing this week', day('2026-11-25T00:00:00.000Z', '2026-11-29T23:59:59.999Z')],
    ['next week on Netflix and Hulu', day('2026-11-30T00:00:00.000Z', '2026-12-06T23:59:59.999Z', ['netflix', 'hulu'])],
    ['what airs on Disney Plus', day('2026-11-25T00:00:00.000Z', '2026-12-01T23:59:59.999Z', ['disney+'])],
    ['airing schedule on 2026-12-24', day('2026-12-24T00:00:00.000Z', '2026-12-24T23:59:59.999Z')],
    ['any new episodes of One Piece this week', day('2026-11-25T00:00:00.000Z', '2026-11-29T23:59:59.999Z'), { text: 'One Piece' }],
    ['shows airing on Crunchyroll this weekend', day('2026-11-28T00:00:00.000Z', '2026-11-29T23:59:59.999Z', ['crunchyroll']), { filters: { types: ['TV'] } }],
  ])('%s', (query, schedule, extra = {}) => {
    check(query, { intent: 'schedule', schedule, ...extra });
  });

  it('covers the day in the user zone (Tokyo, just after midnight)', () => {
    // 01:30 on Thursday 26 November in Tokyo, still Wednesday in UTC.
    const now = new Date('2026-11-25T16:30:00Z');
    check('what airs today', { intent: 'schedule', schedule: day('2026-11-25T15:00:00.000Z', '2026-11-26T14:59:59.999Z') }, { now, timezone: 'Asia/Tokyo' });
    check('what airs today', { intent: 'schedule', schedule: day('2026-11-25T00:00:00.000Z', '2026-11-25T23:59:59.999Z') }, { now });
    check('tomorrow', { intent: 'schedule', schedule: day('2026-11-26T15:00:00.000Z', '2026-11-27T14:59:59.999Z') }, { now, timezone: 'Asia/Tokyo' });
    check('on friday', { intent: 'schedule', schedule: day('2026-11-26T15:00:00.000Z', '2026-11-27T14:59:59.999Z') }, { now, timezone: 'Asia/Tokyo' });
  });

  it('follows daylight saving time', () => {
    // 8 March 2026: New York springs forward, so the day after starts at 04:00 UTC.
    const now = new Date('2026-03-08T12:00:00Z');
    check('today', { intent: 'schedule', schedule: day('2026-03-08T05:00:00.000Z', '2026-03-09T03:59:59.999Z') }, { now, timezone: 'America/New_York' });
  });

  it('falls back to UTC for an unknown zone', () => {
    const plan = check('today', { intent: 'schedule', schedule: day('2026-11-25T00:00:00.000Z', '2026-11-25T23:59:59.999Z') }, { now: NOW, timezone: 'Mars/Olympus' });
    expect(plan.understood.join(' ')).toMatch(/unknown time zone/u);
  });

  it('reads "airing this season" as a season, and "currently airing" as a status', () => {
    check("what's airing this season", { intent: 'search', filters: { seasons: ['FALL'], years: { min: 2026, max: 2026 } } });
    check('currently airing romance', { intent: 'search', moods: ['romance'], filters: { statuses: ['ONGOING'], tags: tags('romance') } });
  });
});

describe('planQuery: types', () => {
  it.each<[string, Expected]>([
    ['only movies', { filters: { types: ['MOVIE'] } }],
    ['just the TV ones', { filters: { types: ['TV'] } }],
    ['OVAs from the 80s', { filters: { types: ['OVA'], years: { min: 1980, max: 1989 } } }],
    ['ONA', { filters: { types: ['ONA'] } }],
    ['specials', { filters: { types: ['SPECIAL'] } }],
    ['a film', { filters: { types: ['MOVIE'] } }],
    ['TV series', { filters: { types: ['TV'] } }],
    ['isekai but no movies', { moods: ['isekai'], filters: { types: ['TV', 'OVA', 'ONA', 'SPECIAL'], tags: tags('isekai') } }],
  ])('%s', (query, expected) => {
    check(query, { intent: 'search', ...expected });
  });
});

describe('planQuery: studios', () => {
  it.each<[string, Expected]>([
    ['by Kyoto Animation or Bones', { filters: { studios: { any: ['kyoto animation', 'bones'] } } }],
    ['TV series by Kyoto Animation or Bones', { filters: { types: ['TV'], studios: { any: ['kyoto animation', 'bones'] } } }],
    ['from studio MAPPA', { filters: { studios: { any: ['mappa'] } } }],
    ['made by Madhouse', { filters: { studios: { any: ['madhouse'] } } }],
    ['kyoani movies', { filters: { types: ['MOVIE'], studios: { any: ['kyoto animation'] } } }],
    ['anime by wit and production ig', { filters: { studios: { any: ['wit studio', 'production i.g'] } } }],
    ['action from ufo', { moods: ['action'], filters: { studios: { any: ['ufotable'] }, tags: tags('action') } }],
    ['by a1', { filters: { studios: { any: ['a-1 pictures'] } } }],
    ['P.A. Works anime', { filters: { studios: { any: ['p.a. works', 'p.a.works'] } } }],
    ['not by Toei', { filters: { studios: { none: ['toei animation'] } } }],
    ['by Studio Colorido', { filters: { studios: { any: ['studio colorido'] } } }],
  ])('%s', (query, expected) => {
    check(query, { intent: 'search', ...expected });
  });
});

describe('planQuery: moods and genres', () => {
  it.each<[string, string[]]>([
    ['dark psychological anime', ['dark', 'psychological']],
    ['a cozy show', ['cozy']],
    ['something funny', ['funny']],
    ['comfy anime', ['cozy']],
    ['wholesome romance', ['cozy', 'romance']],
    ['sad anime that will make me cry', ['sad']],
    ['tearjerker', ['sad']],
    ['romantic anime', ['romantic']],
    ['something scary', ['scary']],
    ['violent anime', ['violent']],
    ['gory horror', ['gory', 'horror']],
    ['epic fantasy adventure', ['epic', 'fantasy', 'adventure']],
    ['something chill and relaxing', ['chill']],
    ['feel-good slice of life', ['feel-good', 'slice of life']],
    ['action-packed shounen with great fights', ['action-packed', 'shounen']],
    ['mind-bending sci-fi', ['mind-bending', 'sci-fi']],
    ['mecha', ['mecha']],
    ['isekai', ['isekai']],
    ['sports anime', ['sports']],
    ['music anime', ['music']],
    ['school anime', ['school']],
    ['mystery thriller', ['mystery', 'thriller']],
    ['magic academy anime', ['magic', 'school']],
    ['space anime', ['space']],
    ['cyberpunk', ['cyberpunk']],
    ['samurai anime', ['samurai']],
    ['vampire anime', ['vampire']],
    ['zombies', ['zombies']],
    ['idol anime', ['idol']],
    ['cooking anime', ['cooking']],
    ['dark fantasy with demons', ['dark fantasy', 'demons']],
    ['show me some romance', ['romance']],
    ['I\'m looking for a rom-com', ['romantic comedy']],
  ])('%s → %j', (query, moods) => {
    const plan = check(query, { intent: 'search', moods, filters: expect.anything() as QueryPlan['filters'] });
    for (const mood of moods) {
      const mapped = MOOD_TAGS[mood] ?? {};
      const none = new Set(plan.filters.tags?.none ?? []);
      for (const t of mapped.all ?? []) expect(plan.filters.tags?.all).toContain(t);
      for (const t of (mapped.any ?? []).filter((x) => !none.has(x))) expect(plan.filters.tags?.any ?? plan.filters.tags?.all).toContain(t);
    }
  });

  it('merges mood tags: all, any and none', () => {
    check('dark psychological anime', {
      moods: ['dark', 'psychological'],
      filters: { tags: { all: ['psychological'], any: MOOD_TAGS['dark']?.any ?? [] } },
    });
  });

  it('lets a wanted tag beat a tag a mood only avoids', () => {
    // "cozy" avoids horror, "scary" asks for it: horror stays wanted.
    const plan = check('cozy but scary anime', { moods: ['cozy', 'scary'], filters: expect.anything() as QueryPlan['filters'] });
    expect(plan.filters.tags?.any).toContain('horror');
    expect(plan.filters.tags?.none ?? []).not.toContain('horror');
  });

  it('reads a descriptor after a lead or before a noun only', () => {
    check('something like Cowboy Bebop but funnier', { intent: 'similar', similarTo: { text: 'Cowboy Bebop' }, moods: ['funny'], filters: { tags: tags('funny') } });
    check('a short series', { filters: { types: ['TV'], episodes: { max: 13 } } });
    check('a short romance movie', { moods: ['romance'], filters: { types: ['MOVIE'], durationMinutes: { max: 40 }, tags: tags('romance') } });
  });
});

describe('planQuery: exclusions', () => {
  it.each<[string, Expected]>([
    ['no gore', { filters: { tags: { none: ['gore'] } } }],
    ['without fan service', { filters: { tags: { none: ['ecchi'] } } }],
    ['not too violent', { filters: { tags: { none: ['violence', 'gore'] } } }],
    ['isekai that isn\'t a harem', { moods: ['isekai'], filters: { tags: { all: ['isekai'], none: ['harem'] } } }],
    ['exclude the Naruto franchise', { excludeTitles: ['Naruto'] }],
    ['shounen except One Piece', { moods: ['shounen'], excludeTitles: ['One Piece'], filters: { tags: tags('shounen') } }],
    ['mecha but not Gundam', { moods: ['mecha'], excludeTitles: ['Gundam'], filters: { tags: tags('mecha') } }],
    ['action excluding Naruto and Bleach', { moods: ['action'], excludeTitles: ['Naruto', 'Bleach'], filters: { tags: tags('action') } }],
    ['romance with no sequels', { moods: ['romance'], excludeTitles: [], filters: { tags: tags('romance') } }],
  ])('%s', (query, expected) => {
    check(query, { intent: 'search', ...expected });
  });

  it('notes "no sequels" for the agent', () => {
    expect(planQuery('romance with no sequels', OPTIONS).understood).toContain('no sequels');
  });

  it('does not read a romanised "no" as a negation', () => {
    check('Kimetsu no Yaiba', { intent: 'search', text: 'Kimetsu no Yaiba' });
  });
});

describe('planQuery: episodes, duration, score', () => {
  it.each<[string, Expected]>([
    ['under 20 episodes', { filters: { episodes: { max: 19 } } }],
    ['less than 13 eps', { filters: { episodes: { max: 12 } } }],
    ['at most 24 episodes', { filters: { episodes: { max: 24 } } }],
    ['more than 100 episodes', { filters: { episodes: { min: 101 } } }],
    ['something short', { filters: { episodes: { max: 13 } } }],
    ['long shounen', { moods: ['shounen'], filters: { episodes: { min: 50 }, tags: tags('shounen') } }],
    ['single cour romance', { moods: ['romance'], filters: { episodes: { max: 13 }, tags: tags('romance') } }],
    ['between 12 and 26 episodes', { filters: { episodes: { min: 12, max: 26 } } }],
    ['12 episodes', { filters: { episodes: { min: 12, max: 12 } } }],
    ['short episodes', { filters: { durationMinutes: { max: 15 } } }],
    ['under 10 minutes per episode', { filters: { durationMinutes: { max: 10 } } }],
    ['highly rated horror', { moods: ['horror'], sort: 'score', filters: { score: { min: 8 }, tags: tags('horror') } }],
    ['the best isekai', { moods: ['isekai'], sort: 'score', filters: { score: { min: 8 }, tags: tags('isekai') } }],
    ['critically acclaimed movies', { sort: 'score', filters: { score: { min: 8 }, types: ['MOVIE'] } }],
    ['above 8', { filters: { score: { min: 8 } } }],
    ['at least 7.5', { filters: { score: { min: 7.5 } } }],
    ['rated over 9 on MAL', { sources: ['myanimelist'], filters: { score: { min: 9 } } }],
    ['score 8+', { filters: { score: { min: 8 } } }],
    ['underrated sci-fi', { moods: ['sci-fi'], filters: { score: { min: 7 }, tags: tags('sci-fi') } }],
    ['hidden gems', { filters: { score: { min: 7 } } }],
    ['Frieren with more than 2 seasons', { text: 'Frieren with more than 2 seasons', filters: {}, minConfidence: 0 }],
  ])('%s', (query, expected) => {
    check(query, { intent: 'search', ...expected });
  });

  it('notes that "underrated" cannot filter on popularity', () => {
    expect(planQuery('hidden gems', OPTIONS).understood.join(' ')).toMatch(/underrated/u);
  });
});

describe('planQuery: how many', () => {
  it.each<[string, Expected]>([
    ['top 5', { limit: 5, sort: 'score' }],
    ['top ten mecha', { limit: 10, sort: 'score', moods: ['mecha'], filters: { tags: tags('mecha') } }],
    ['limit to 3', { limit: 3 }],
    ['give me 10', { limit: 10 }],
    ['a few comedies', { limit: 5, moods: ['comedy'], filters: { tags: tags('comedy') } }],
    ['3 movies', { limit: 3, filters: { types: ['MOVIE'] } }],
    ['5 dark anime', { limit: 5, moods: ['dark'], filters: { tags: tags('dark') } }],
    ['top 500', { limit: 100, sort: 'score' }],
  ])('%s', (query, expected) => {
    check(query, { intent: 'search', ...expected });
  });

  it('sorts "top N" by score only when no title is given', () => {
    const plan = check('top 3 Gundam', { intent: 'search', text: 'Gundam', limit: 3 });
    expect(plan.sort).toBeUndefined();
  });
});

describe('planQuery: similarity', () => {
  it.each<[string, Expected, PlannerOptions?]>([
    ['like Death Note', { similarTo: { text: 'Death Note' } }],
    ['similar to Steins;Gate', { similarTo: { text: 'Steins;Gate' } }],
    ['anime like Made in Abyss from the 2010s', { similarTo: { text: 'Made in Abyss' }, filters: { years: { min: 2010, max: 2019 } } }],
    ['3 movies like Your Name', { similarTo: { text: 'Your Name' }, limit: 3, filters: { types: ['MOVIE'] } }],
    ['Naruto-like anime', { similarTo: { text: 'Naruto' } }],
    ['I loved Frieren, what else should I watch', { similarTo: { text: 'Frieren' } }],
    ['what should I watch after Attack on Titan', { similarTo: { text: 'Attack on Titan' } }],
    ['anime like the first one', { similarTo: { ordinal: 1 } }, PREVIOUS],
    ['more like the second one', { similarTo: { ordinal: 2 } }, PREVIOUS],
    ['more like that', { similarTo: { ordinal: 1 } }, PREVIOUS],
    ['more like it', { similarTo: { ordinal: 1 } }, PREVIOUS],
    ['something like the last one', { similarTo: { ordinal: 3 } }, PREVIOUS],
  ])('%s', (query, expected, options = OPTIONS) => {
    check(query, { intent: 'similar', ...expected }, options);
  });

  it('does not read "I like" as similarity', () => {
    const plan = planQuery('I like dark anime', OPTIONS);
    expect(plan.intent).toBe('search');
    expect(plan.similarTo).toBeUndefined();
  });
});

describe('planQuery: follow-ups', () => {
  it.each<[string, Expected]>([
    ['the second one', { intent: 'details', ordinal: 2 }],
    ['tell me more about #3', { intent: 'details', ordinal: 3 }],
    ['what about the last one', { intent: 'details', ordinal: 3 }],
    ['the first one', { intent: 'details', ordinal: 1 }],
    ["the second one's synopsis", { intent: 'details', ordinal: 2, fields: ['synopsis'] }],
    ['where can I stream the third one', { intent: 'details', ordinal: 3, fields: ['streaming'] }],
    ['what is it about', { intent: 'details', ordinal: 1, fields: ['synopsis'] }],
    ['where can I stream it', { intent: 'details', ordinal: 1, fields: ['streaming'] }],
    ['number 2', { intent: 'details', ordinal: 2 }],
    ['when does it air', { intent: 'details', ordinal: 1, fields: ['airing'] }],
    ['who made it', { intent: 'details', ordinal: 1, fields: ['staff'] }],
    ["the second one's characters", { intent: 'details', ordinal: 2, fields: ['characters'] }],
    ['is the third one on Netflix', { intent: 'details', ordinal: 3, fields: ['streaming'] }],
    ['more like this but darker', { intent: 'similar', similarTo: { ordinal: 1 }, moods: ['dark'], filters: { tags: tags('dark') } }],
    ['similar to that one from the 90s', { intent: 'similar', similarTo: { ordinal: 1 }, filters: { years: { min: 1990, max: 1999 } } }],
    ['compare the first one on MAL and AniList', { intent: 'compare', ordinal: 1, compare: { platforms: ['myanimelist', 'anilist'], metric: 'rating' } }],
    ['only movies', { intent: 'search', filters: { types: ['MOVIE'] } }],
    ['just the TV ones', { intent: 'search', filters: { types: ['TV'] } }],
    ['only the ones from the 90s', { intent: 'search', filters: { years: { min: 1990, max: 1999 } } }],
  ])('%s', (query, expected) => {
    check(query, expected, PREVIOUS);
  });

  it('asks when there is no previous answer', () => {
    const plan = check('the second one', { intent: 'details', ordinal: 2, minConfidence: 0, maxConfidence: 0.59 }, OPTIONS);
    expect(plan.clarification?.question).toMatch(/no previous answer/u);
    check('what about the last one', { intent: 'details', minConfidence: 0, maxConfidence: 0.59 }, OPTIONS);
  });

  it('asks when the ordinal is beyond the previous answer', () => {
    const plan = check('the fifth one', { intent: 'details', ordinal: 5, minConfidence: 0, maxConfidence: 0.59 }, PREVIOUS);
    expect(plan.clarification?.alternatives).toEqual(['Cowboy Bebop', 'Trigun', 'Monster']);
  });
});

describe('planQuery: comparison', () => {
  it.each<[string, Expected]>([
    ['compare ratings across MAL and AniList', { compare: { platforms: ['myanimelist', 'anilist'], metric: 'rating' } }],
    ['how does Frieren score on kitsu vs mal', { text: 'Frieren', compare: { platforms: ['kitsu', 'myanimelist'], metric: 'rating' } }],
    ['compare the MAL and AniList scores of Cowboy Bebop', { text: 'Cowboy Bebop', compare: { platforms: ['myanimelist', 'anilist'], metric: 'rating' } }],
    ['how popular is Frieren on MAL vs AniList', { text: 'Frieren', compare: { platforms: ['myanimelist', 'anilist'], metric: 'popularity' } }],
    ['compare ratings across platforms for Bocchi the Rock', { text: 'Bocchi the Rock', compare: { platforms: ['myanimelist', 'anilist', 'kitsu'], metric: 'rating' } }],
    ['episode count of One Piece on anidb vs mal', { text: 'One Piece', compare: { platforms: ['anidb', 'myanimelist'], metric: 'episodes' } }],
  ])('%s', (query, expected) => {
    check(query, { intent: 'compare', sources: [], ...expected });
  });
});

describe('planQuery: fields', () => {
  it.each<[string, Expected]>([
    ['synopsis of Frieren', { text: 'Frieren', fields: ['synopsis'] }],
    ['What is Steins;Gate about?', { text: 'Steins;Gate', fields: ['synopsis'] }],
    ['Frieren plot', { text: 'Frieren', fields: ['synopsis'] }],
    ['Frieren German synopsis', { text: 'Frieren', fields: ['german-synopsis'] }],
    ["what's the German synopsis of Steins;Gate", { text: 'Steins;Gate', fields: ['german-synopsis'] }],
    ['where to stream Dandadan', { text: 'Dandadan', fields: ['streaming'] }],
    ['is Frieren on Netflix', { text: 'Frieren', fields: ['streaming'] }],
    ['Chainsaw Man characters', { text: 'Chainsaw Man', fields: ['characters'] }],
    ['who voices the main character in Spy x Family', { text: 'Spy x Family', fields: ['characters'] }],
    ['who directed Perfect Blue', { text: 'Perfect Blue', fields: ['staff'] }],
    ['Vinland Saga rating', { text: 'Vinland Saga', fields: ['rating'] }],
    ['how many episodes does One Piece have', { text: 'One Piece', fields: ['episodes'] }],
    ['when does Frieren air', { text: 'Frieren', fields: ['airing'] }],
    ['Frieren synopsis and staff', { text: 'Frieren', fields: ['synopsis', 'staff'] }],
  ])('%s', (query, expected) => {
    check(query, { intent: 'details', ...expected });
  });

  it('asks which anime when a field has no target and no previous answer', () => {
    check('what is it about', { intent: 'search', fields: ['synopsis'], minConfidence: 0, maxConfidence: 0.59 });
  });
});

describe('planQuery: stats', () => {
  it.each<[string, Expected]>([
    ['how many anime are in the database', {}],
    ['catalog stats', {}],
    ['database statistics', {}],
    ['how many movies from 2019 are in the catalog', { filters: { types: ['MOVIE'], years: { min: 2019, max: 2019 } } }],
  ])('%s', (query, expected) => {
    check(query, { intent: 'stats', ...expected });
  });
});

describe('planQuery: confidence and clarification', () => {
  it('asks whether "dark" alone is a title or a mood', () => {
    const plan = check('dark', { intent: 'search', moods: ['dark'], filters: { tags: tags('dark') }, minConfidence: 0, maxConfidence: 0.59 });
    expect(plan.clarification?.question).toMatch(/title "dark" or anime with a dark mood/u);
    expect(plan.clarification?.alternatives).toHaveLength(2);
  });

  it('is sure of "dark anime" and of a genre alone', () => {
    check('dark anime', { intent: 'search', moods: ['dark'], filters: { tags: tags('dark') }, minConfidence: 0.9 });
    check('isekai', { intent: 'search', moods: ['isekai'], filters: { tags: tags('isekai') }, minConfidence: 0.8 });
  });

  it('asks when nothing was understood', () => {
    for (const query of ['please', '?', 'anime', '   ']) {
      const plan = planQuery(query, OPTIONS);
      expect(plan.confidence).toBeLessThan(0.6);
      expect(plan.clarification).toBeDefined();
      expect(QueryPlanSchema.parse(plan)).toEqual(plan);
    }
  });

  it('is sure of clear single readings', () => {
    for (const query of ['Cowboy Bebop', 'mal:1535', 'top 5 isekai from 2019', 'like Death Note']) {
      expect(planQuery(query, OPTIONS).confidence, query).toBeGreaterThanOrEqual(0.9);
    }
  });
});

describe('planQuery: narrative questions', () => {
  it('reads the long one', () => {
    check(
      'I want something dark and psychological like Death Note but not too violent, preferably a TV series from the 2010s with under 30 episodes, top 5',
      {
        intent: 'similar',
        similarTo: { text: 'Death Note' },
        moods: ['dark', 'psychological'],
        limit: 5,
        filters: {
          years: { min: 2010, max: 2019 },
          types: ['TV'],
          episodes: { max: 29 },
          tags: { all: ['psychological'], any: (MOOD_TAGS['dark']?.any ?? []).filter((t) => t !== 'gore'), none: ['violence', 'gore'] },
        },
        minConfidence: 0.9,
      },
    );
  });

  it.each<[string, Expected]>([
    [
      'Recommend me 5 dark fantasy anime from the 2010s with less than 25 episodes, no ecchi please',
      { intent: 'search', limit: 5, moods: ['dark fantasy'], filters: { years: { min: 2010, max: 2019 }, episodes: { max: 24 }, tags: { all: ['dark fantasy'], none: ['ecchi'] } } },
    ],
    [
      'top 3 highly rated mecha series from the 80s or 90s on MAL',
      {
        intent: 'search',
        limit: 3,
        sort: 'score',
        sources: ['myanimelist'],
        moods: ['mecha'],
        filters: { years: { min: 1980, max: 1999 }, types: ['TV'], score: { min: 8 }, tags: tags('mecha') },
      },
    ],
    [
      'give me 10 completed sports anime with more than 24 episodes sorted by score',
      { intent: 'search', limit: 10, sort: 'score', moods: ['sports'], filters: { statuses: ['FINISHED'], episodes: { min: 25 }, tags: tags('sports') } },
    ],
    [
      'funny school anime like Nichijou but not too long',
      {
        intent: 'similar',
        similarTo: { text: 'Nichijou' },
        moods: ['funny', 'school'],
        filters: { episodes: { max: 26 }, tags: { all: ['comedy'], any: MOOD_TAGS['school']?.any ?? [] } },
      },
    ],
    [
      'recent anime like Chainsaw Man by MAPPA but not Jujutsu Kaisen',
      { intent: 'similar', similarTo: { text: 'Chainsaw Man' }, excludeTitles: ['Jujutsu Kaisen'], filters: { years: { min: 2024, max: 2026 }, studios: { any: ['mappa'] } } },
    ],
    [
      'can you find me a short romance movie from studio ghibli',
      { intent: 'search', moods: ['romance'], filters: { types: ['MOVIE'], durationMinutes: { max: 40 }, studios: { any: ['studio ghibli'] }, tags: tags('romance') } },
    ],
    [
      'hidden gems from the 2000s with a score above 7.5',
      { intent: 'search', sort: 'score', filters: { years: { min: 2000, max: 2009 }, score: { min: 7.5 } } },
    ],
    [
      'what anime came out in spring 2023 by MAPPA',
      { intent: 'search', filters: { seasons: ['SPRING'], years: { min: 2023, max: 2023 }, studios: { any: ['mappa'] } } },
    ],
    [
      'any good isekai this season that isn\'t a harem',
      { intent: 'search', moods: ['isekai'], filters: { seasons: ['FALL'], years: { min: 2026, max: 2026 }, tags: { all: ['isekai'], none: ['harem'] } } },
    ],
    [
      'what are the best movies of all time',
      { intent: 'search', sort: 'score', filters: { types: ['MOVIE'], score: { min: 8 } } },
    ],
  ])('%s', (query, expected) => {
    check(query, expected);
  });
});

describe('planQuery: determinism', () => {
  it('depends on options.now, never on the system clock', () => {
    const before = planQuery('what airs tomorrow this season', OPTIONS);
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2031-05-01T00:00:00Z'));
    expect(planQuery('what airs tomorrow this season', OPTIONS)).toEqual(before);
  });
});

describe('isSimpleQuery', () => {
  it.each(['Dandadan', 'mal:1535', 'https://anilist.co/anime/21', 'Cowboy Bebop', 'find Steins;Gate please'])('is true for "%s"', (query) => {
    expect(isSimpleQuery(planQuery(query, OPTIONS))).toBe(true);
  });

  it.each([
    'dark psychological anime',
    'movies from 2019',
    'top 5',
    'like Death Note',
    'Death Note synopsis',
    'dark',
    'what airs tomorrow',
    'id 1535',
    'Naruto movies',
  ])('is false for "%s"', (query) => {
    expect(isSimpleQuery(planQuery(query, OPTIONS))).toBe(false);
  });

  it('is false for follow-ups', () => {
    expect(isSimpleQuery(planQuery('the second one', PREVIOUS))).toBe(false);
  });
});

describe('planQuery: any input', () => {
  /** Deterministic pseudo-random words (mulberry32), so a failure replays. */
  function random(seed: number): () => number {
    let a = seed;
    return () => {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  const VOCABULARY = [
    'dark', 'cozy', 'anime', 'like', 'Death Note', 'not', 'too', 'violent', 'from', 'the', '90s', '2010ish', 'after', '2010',
    'top', '5', 'movies', 'series', 'by', 'MAPPA', 'Bones', 'on', 'MAL', 'kitsu', '1', 'mal:1535', 'https://anilist.co/anime/21',
    'tomorrow', 'friday', 'this', 'season', 'spring', '2024', 'under', '20', 'episodes', 'above', '8', 'rated', 'second', 'one',
    'more', 'that', 'it', 'compare', 'vs', 'AniList', 'synopsis', 'German', 'where', 'stream', 'how', 'many', 'in', 'database',
    'except', 'Naruto', 'no', 'gore', 'without', 'fan service', 'and', 'or', ',', '?', '!', '#3', 'last', 'best', 'a few',
    'Steins;Gate', '0', '86', '進撃の巨人', 'short', 'long', 'new', 'classic', 'between', '12', 'minutes', 'per', 'episode',
    '"', "'", '-', ':', 'give me', '10', 'limit to', '3', 'id', 'studio', 'Crunchyroll', 'schedule', 'airing', 'week', '~',
  ];

  it('always returns a plan the contract accepts, without falling back', () => {
    const next = random(2026);
    for (let i = 0; i < 1500; i++) {
      const length = 1 + Math.floor(next() * 14);
      const query = Array.from({ length }, () => VOCABULARY[Math.floor(next() * VOCABULARY.length)]).join(' ');
      const plan = planQuery(query, i % 2 === 0 ? OPTIONS : { ...PREVIOUS, timezone: 'Asia/Tokyo' });
      expect(QueryPlanSchema.parse(plan), query).toEqual(plan);
      expect(plan.understood.join(' '), query).not.toMatch(/could not structure/u);
      if (plan.confidence < 0.6) expect(plan.clarification, query).toBeDefined();
    }
  });

  it('handles the longest question the API accepts', () => {
    const query = 'dark psychological anime like Death Note from the 2010s, top 5 by MAPPA on MAL, not too violent. '.repeat(20).slice(0, 2000);
    const plan = planQuery(query, OPTIONS);
    expect(QueryPlanSchema.parse(plan)).toEqual(plan);
  });
});
