import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NotFoundError, UpstreamChangedError } from '@anime/contracts';
import { sharedFixtures } from '@anime/testing';
import { parseAnimePlanetPage } from './animeplanet-page.parser';
import { parseAnnApiXml, parseAnnHtmlPage } from './ann-encyclopedia.parser';
import { parseAniSearchPage } from './anisearch-page.parser';
import { parseLiveChartPage } from './livechart-page.parser';
import { parseSimklPage } from './simkl-page.parser';

const page = (site: string, file: string): string => readFileSync(join(sharedFixtures(site), file), 'utf8');
/** The page with every JSON-LD block cut out (what a redesign that drops it would serve). */
const withoutJsonLd = (html: string): string => html.replace(/<script[^>]*application\/ld\+json[^>]*>[\s\S]*?<\/script>/g, '');

describe('Anime-Planet — tv.html (Fullmetal Alchemist: Brotherhood)', () => {
  const anime = parseAnimePlanetPage(page('anime-planet', 'tv.html'), 'fullmetal-alchemist-brotherhood');

  it('reads title, synopsis, the 5-star rating with its votes, episodes and air dates from JSON-LD', () => {
    expect(anime.sourceUrl).toBe('https://www.anime-planet.com/anime/fullmetal-alchemist-brotherhood');
    expect(anime.titles).toEqual({ english: 'Fullmetal Alchemist: Brotherhood' });
    expect(anime.synopsis).toMatch(/^The foundation of alchemy is based on the law of equivalent exchange/);
    expect(anime.score).toEqual({ value: 4.571, scale: 5, normalized: 9.14, votes: 81874 });
    expect(anime.episodes).toBe(64);
    expect(anime.aired).toEqual({ start: '2009-04-05', end: '2010-07-04' });
    expect(anime.staff).toEqual([
      { name: 'Yasuhiro IRIE', role: 'Director' },
      expect.objectContaining({ role: 'Music' }),
    ]);
  });

  it('reads the 15 tags and the 7 related anime with their relation', () => {
    expect(anime.tags).toHaveLength(15);
    expect(anime.tags).toEqual(expect.arrayContaining(['Action', 'Military', 'Siblings', 'Based on a Manga', 'Mature Themes', 'Domestic Abuse']));
    expect(anime.tags?.some((t) => t.endsWith(','))).toBe(false);
    expect(anime.related).toHaveLength(7);
    expect(anime.related?.[0]).toEqual({ title: 'Fullmetal Alchemist: Brotherhood Specials', relation: 'Side Story', url: 'https://www.anime-planet.com/anime/fullmetal-alchemist-brotherhood-specials' });
    expect(anime.related).toContainEqual(expect.objectContaining({ title: 'Fullmetal Alchemist', relation: 'Other Franchise' }));
  });

  it('without its JSON-LD block the page is UpstreamChanged naming the block', () => {
    expect(() => parseAnimePlanetPage(withoutJsonLd(page('anime-planet', 'tv.html')), 'fullmetal-alchemist-brotherhood')).toThrow(UpstreamChangedError);
    expect(() => parseAnimePlanetPage(withoutJsonLd(page('anime-planet', 'tv.html')), 'x')).toThrow(/JSON-LD anime block/);
  });
});

describe('LiveChart — 3437.html (Death Note)', () => {
  const anime = parseLiveChartPage(page('livechart', '3437.html'), '3437');

  it('reads JSON-LD: titles, synopsis (entities decoded), 37 episodes, genres, studio, the 10-point rating', () => {
    expect(anime.sourceUrl).toBe('https://www.livechart.me/anime/3437');
    expect(anime.titles).toEqual({ romaji: 'Death Note', native: 'デスノート' });
    expect(anime.synopsis).toContain("the book's claim is true");
    expect(anime.synopsis).toContain('"Kira"');
    expect(anime.episodes).toBe(37);
    expect(anime.genres).toEqual(['Detective', 'Mystery', 'Psychological', 'Supernatural', 'Suspense']);
    expect(anime.studios).toEqual(['MADHOUSE']);
    expect(anime.score).toEqual({ value: 8.66, scale: 10, normalized: 8.66, votes: 6900 });
  });

  it('reads the airing data from the details panel: status, premiere date, season', () => {
    expect(anime.status).toBe('Finished');
    expect(anime.aired).toEqual({ start: '2006-10-03', season: 'Fall 2006' });
  });

  it('without JSON-LD, or without the details panel, the page is UpstreamChanged naming what is missing', () => {
    expect(() => parseLiveChartPage(withoutJsonLd(page('livechart', '3437.html')), '3437')).toThrow(/JSON-LD anime block/);
    const noPanel = page('livechart', '3437.html').replaceAll('data-controller="anime-details"', 'data-controller="x"');
    expect(() => parseLiveChartPage(noPanel, '3437')).toThrow(/anime details panel/);
  });
});

describe('AniSearch — 3633.html (Death Note)', () => {
  const anime = parseAniSearchPage(page('anisearch', '3633.html'), '3633');

  it('reads the synopsis in all five languages, German included, without the source credit', () => {
    expect(anime.synopses?.map((s) => s.language)).toEqual(['en', 'de', 'es', 'fr', 'it']);
    const german = anime.synopses?.find((s) => s.language === 'de')?.text ?? '';
    expect(german).toMatch(/^Light Yagami geht in die Highschool und steht kurz vor den schwierigen Aufnahmeprüfungen/);
    expect(german).toContain('Er wird nur mit L angesprochen. Die Jagd beginnt …');
    expect(german).not.toContain('Quelle');
    expect(anime.synopsis).toMatch(/^Light Yagami is a high school student/);
  });

  it('reads title, the 5-point rating with its votes, 37 episodes, dates and genres from JSON-LD', () => {
    expect(anime.sourceUrl).toBe('https://www.anisearch.com/anime/3633,death-note');
    expect(anime.titles).toEqual({ romaji: 'Death Note', english: 'Death Note', native: 'デスノート' });
    expect(anime.score).toEqual({ value: 4.5, scale: 5, normalized: 9, votes: 13312 });
    expect(anime.episodes).toBe(37);
    expect(anime.aired).toEqual({ start: '2006-10-04', end: '2007-06-27' });
    expect(anime.genres).toEqual(['Crime Fiction', 'Drama', 'Fantasy', 'Horror', 'Psychological Drama', 'Supernatural Drama', 'Thriller']);
  });

  it('without JSON-LD, or without the synopsis blocks, the page is UpstreamChanged naming what is missing', () => {
    expect(() => parseAniSearchPage(withoutJsonLd(page('anisearch', '3633.html')), '3633')).toThrow(/JSON-LD anime block/);
    const noText = page('anisearch', '3633.html').replaceAll('details-text', 'x-text');
    expect(() => parseAniSearchPage(noText, '3633')).toThrow(/synopsis blocks/);
  });
});

describe('ANN — api.xml?anime=4658 (Jinki:Extend) and the HTML page 6592 (Death Note)', () => {
  const api = parseAnnApiXml(page('animenewsnetwork', 'api_xml_anime_4658'), '4658');

  it('reads the API: title, plot, 12 episodes, vintage, genres, themes, theme songs', () => {
    expect(api.sourceUrl).toBe('https://www.animenewsnetwork.com/encyclopedia/anime.php?id=4658');
    expect(api.titles).toEqual({ romaji: 'Jinki:Extend' });
    expect(api.synopsis).toMatch(/^Aoba is a young girl who loves to build models of robots/);
    expect(api.episodes).toBe(12);
    expect(api.aired).toEqual({ start: '2005-01-05', end: '2005-03-23' });
    expect(api.genres).toEqual(['drama', 'science fiction']);
    expect(api.tags).toEqual(['mecha', 'military', 'moe', 'real robot']);
    expect(api.themes).toEqual([
      { kind: 'opening', text: '"FLY AWAY" by unicorn table' },
      { kind: 'ending', text: '"未来とゆう名の答え (Mirai to yuu na no kotae)" by angela' },
    ]);
    expect(api.score).toBeUndefined(); // this 2013 record has no <ratings>
  });

  it('reads the API: 13 staff, 32 cast entries with dub language, 16 news items, 13 episode titles', () => {
    expect(api.staff).toHaveLength(13);
    expect(api.staff).toContainEqual({ name: 'Hedwig Schleck', role: 'Producer' });
    expect(api.characters).toHaveLength(32);
    expect(api.characters).toContainEqual({ name: 'Aoba Tsuzaki', voiceActor: 'Fumiko Orikasa', language: 'ja' });
    expect(api.characters?.filter((c) => c.language === 'en')).toHaveLength(14);
    expect(api.news).toHaveLength(16);
    expect(api.news?.[0]).toEqual({
      title: 'Unicorn Table to Perform at New York Anime Festival',
      url: 'http://www.animenewsnetwork.com/news/2007-08-10/unicorn-table-to-perform-at-new-york-anime-festival',
      publishedAt: '2007-08-10T15:58:20Z',
    });
    // ANN lists 13 episode titles for a show it counts as 12 episodes: both are kept as published.
    expect(api['episode-list']).toHaveLength(13);
    expect(api['episode-list']?.[0]).toEqual({ number: 1, title: 'The Battlefield the Girl Saw' });
  });

  it('an API answer without <anime> is NotFound when ANN says "no result", else UpstreamChanged', () => {
    expect(() => parseAnnApiXml('<ann><warning>no result for anime=99999999</warning></ann>', '99999999')).toThrow(NotFoundError);
    expect(() => parseAnnApiXml('<ann></ann>', '1')).toThrow(/<anime> element/);
  });

  it('reads the HTML page: title, plot, 37 episodes, genres, themes, songs, Bayesian rating, staff and cast', () => {
    const html = parseAnnHtmlPage(page('animenewsnetwork', '6592.html'), '6592');
    expect(html.titles).toEqual({ romaji: 'Death Note' });
    expect(html.synopsis).toMatch(/^Yagami Light is an ace student with great prospects/);
    expect(html.episodes).toBe(37);
    expect(html.aired).toEqual({ start: '2006-10-03', end: '2007-06-27' });
    expect(html.genres).toEqual(['drama', 'mystery', 'psychological', 'supernatural', 'thriller']);
    expect(html.tags).toHaveLength(8);
    expect(html.themes).toHaveLength(5);
    expect(html.themes?.[0]).toEqual({ kind: 'opening', text: '#1: "the WORLD" by Nightmare (eps 1-19)' });
    expect(html.score).toEqual({ value: 8.77, scale: 10, normalized: 8.77, votes: 13139 });
    expect(html.staff).toContainEqual({ name: 'Tetsuro Araki', role: 'Director' });
    expect(html.characters).toContainEqual({ name: 'L', voiceActor: 'Kappei Yamaguchi' });
  });

  it('an HTML page without the encyclopedia blocks is UpstreamChanged', () => {
    expect(() => parseAnnHtmlPage('<html><h1 id="page_header">Death Note (TV)</h1></html>', '6592')).toThrow(/encyclopedia info blocks/);
  });
});

describe('SIMKL — 41586.html (Fullmetal Alchemist: Brotherhood)', () => {
  const anime = parseSimklPage(page('simkl', '41586.html'), '41586');

  it('reads the schema.org item: titles, synopsis, the 10-point rating with votes, 8 genres, tags, start date', () => {
    expect(anime.sourceUrl).toBe('https://simkl.com/anime/41586/hagane-no-renkinjutsushi');
    expect(anime.titles).toEqual({ english: 'Fullmetal Alchemist: Brotherhood', romaji: 'Hagane no Renkinjutsushi' });
    expect(anime.synopsis).toMatch(/^Two brothers lose their mother to an incurable disease/);
    expect(anime.score).toEqual({ value: 9, scale: 10, normalized: 9, votes: 7228 });
    expect(anime.genres).toEqual(['Action', 'Adventure', 'Drama', 'Fantasy', 'Magic', 'Military', 'Sci-Fi', 'Shounen']);
    expect(anime.tags).toEqual(expect.arrayContaining(['canon filler', 'evil military', 'coming of age']));
    expect(anime.aired).toEqual({ start: '2009-04-05' });
  });

  it('without the TVSeries item the page is UpstreamChanged naming it', () => {
    const stripped = page('simkl', '41586.html').replaceAll('itemtype="https://schema.org/TVSeries"', '');
    expect(() => parseSimklPage(stripped, '41586')).toThrow(/TVSeries\/Movie microdata/);
  });
});
