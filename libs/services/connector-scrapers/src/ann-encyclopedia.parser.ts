import { load, type CheerioAPI } from 'cheerio';
import { NotFoundError, type SourceAnime } from '@anime/contracts';
import { airedOf, collapse, intOf, loadPage, missing, siteScore, type ScrapedAnime } from './scraped-page';

const SITE = 'https://www.animenewsnetwork.com/encyclopedia';
type Theme = NonNullable<SourceAnime['themes']>[number];
const THEME_KIND: Readonly<Record<string, Theme['kind']>> = { 'Opening Theme': 'opening', 'Ending Theme': 'ending', 'Insert song': 'insert' };

/** The public encyclopedia page of an ANN anime id (provenance of both parsers). */
export function annPageUrl(id: string): string {
  return `${SITE}/anime.php?id=${id}`;
}

/**
 * ANN's encyclopedia API (`/encyclopedia/api.xml?anime=<id>`): titles, plot summary, genres,
 * themes (as tags), theme songs, episodes, vintage, ratings, staff, cast (with dub language) and
 * news. An id ANN does not know answers `<warning>no result …</warning>` → `NotFoundError`; a
 * document with neither is a changed API → `UpstreamChangedError`.
 */
export function parseAnnApiXml(xml: string, id: string): ScrapedAnime {
  const $ = load(xml, { xml: true });
  const anime = $('ann > anime').first();
  if (!anime.length) {
    const warning = collapse($('ann > warning').text());
    if (/no result/i.test(warning)) throw new NotFoundError(`Anime News Network has no anime with id ${id}`, { details: { source: 'ann', id } });
    throw missing('ann', '<anime> element in api.xml');
  }
  const infos = (type: string): string[] => anime.children(`info[type="${type}"]`).map((_, e) => collapse($(e).text())).get().filter(Boolean);
  const name = anime.attr('name') ?? infos('Main title')[0];
  if (!name) throw missing('ann', 'anime name in api.xml');
  const ratings = anime.children('ratings').first();
  const [start, end] = (infos('Vintage')[0] ?? '').split(' to ');
  const themes = Object.entries(THEME_KIND).flatMap(([type, kind]) => infos(type).map((text) => ({ kind, text: stripTags(text) })));
  const staff = anime.children('staff').map((_, e) => ({ name: collapse($(e).children('person').text()), role: collapse($(e).children('task').text()) })).get();
  const characters = anime
    .children('cast')
    .map((_, e) => ({ name: collapse($(e).children('role').text()), voiceActor: collapse($(e).children('person').text()), language: ($(e).attr('lang') ?? '').toLowerCase() || undefined }))
    .get();
  const news = anime
    .children('news')
    .map((_, e) => ({ title: collapse($(e).text()), url: $(e).attr('href') ?? '', ...($(e).attr('datetime') ? { publishedAt: $(e).attr('datetime') } : {}) }))
    .get()
    .filter((n) => n.title && n.url);
  const episodeList = anime
    .children('episode')
    .map((_, e) => ({ number: intOf($(e).attr('num')) ?? 0, title: collapse($(e).children('title').first().text()) || undefined }))
    .get()
    .filter((e) => e.number > 0);
  const synopsis = infos('Plot Summary')[0];
  const episodes = intOf(infos('Number of episodes')[0]);
  const score = ratings.length ? siteScore(ratings.attr('bayesian_score') ?? ratings.attr('weighted_score'), 10, ratings.attr('nb_votes')) : undefined;
  return {
    sourceId: id,
    sourceUrl: annPageUrl(id),
    titles: { romaji: name },
    ...(synopsis ? { synopsis } : {}),
    ...(score ? { score } : {}),
    ...(episodes !== undefined ? { episodes } : {}),
    genres: infos('Genres'),
    tags: infos('Themes'),
    ...(themes.length ? { themes } : {}),
    ...(staff.length ? { staff } : {}),
    ...(characters.length ? { characters } : {}),
    ...(news.length ? { news } : {}),
    ...(episodeList.length ? { 'episode-list': episodeList } : {}),
    ...airedOf(dateOf(start), dateOf(end)),
  };
}

/**
 * ANN's HTML encyclopedia page (`anime.php?id=<id>`), the fallback when api.xml fails: title,
 * plot summary, genres, themes, theme songs, episodes, vintage, Bayesian rating, staff and cast
 * from the credits table. The page header and the info blocks are required.
 */
export function parseAnnHtmlPage(html: string, id: string): ScrapedAnime {
  const $ = loadPage(html);
  const title = collapse($('#page_header').text()).replace(/\s*\((?:TV|movie|OAV|ONA|special)[^)]*\)$/i, '');
  if (!title) throw missing('ann', 'page header (#page_header)');
  if (!$('.encyc-info-type').length) throw missing('ann', 'encyclopedia info blocks (.encyc-info-type)');
  const block = (label: string) => $('.encyc-info-type').filter((_, e) => collapse($(e).children('strong').first().text()) === `${label}:`).first();
  const synopsis = collapse(block('Plot Summary').children('span').text());
  const episodes = intOf(block('Number of episodes').children('span').text());
  const vintage = block('Vintage');
  const [start, end] = collapse((vintage.children('.tab').length ? vintage.children('.tab') : vintage.children('span')).first().text()).split(' to ');
  const themes = Object.entries(THEME_KIND).flatMap(([label, kind]) => block(label).children('.tab').map((_, e) => ({ kind, text: collapse($(e).text()) })).get());
  const bayesian = /Bayesian estimate:\s*<\/b>\s*([\d.]+)/.exec(html)?.[1];
  const votes = /([\d,]+) ratings have been given/.exec(collapse(block('User Ratings').text()))?.[1];
  const { staff, characters } = credits($);
  const score = siteScore(bayesian, 10, votes);
  return {
    sourceId: id,
    sourceUrl: annPageUrl(id),
    titles: { romaji: title },
    ...(synopsis ? { synopsis } : {}),
    ...(score ? { score } : {}),
    ...(episodes !== undefined ? { episodes } : {}),
    genres: block('Genres').find('a').map((_, a) => collapse($(a).text())).get(),
    tags: block('Themes').find('a').map((_, a) => collapse($(a).text())).get(),
    ...(themes.length ? { themes } : {}),
    ...(staff.length ? { staff } : {}),
    ...(characters.length ? { characters } : {}),
    ...airedOf(dateOf(start), dateOf(end)),
  };
}

/** Staff ("<b>Director</b>: person, …") and cast ("person as <b>role</b>") rows of the credits table. */
function credits($: CheerioAPI): { staff: Array<{ name: string; role: string }>; characters: Array<{ name: string; voiceActor: string }> } {
  const staff: Array<{ name: string; role: string }> = [];
  const characters: Array<{ name: string; voiceActor: string }> = [];
  $('#credits .ENTAB').each((_, e) => {
    const row = $(e);
    const people = row.find('a[href^="people.php"]').map((__, a) => collapse($(a).text())).get();
    if (/\bas\b/.test(row.children('i').text())) {
      const name = collapse(row.find('nobr b, b').last().text());
      if (name && people[0]) characters.push({ name, voiceActor: people[0] });
      return;
    }
    const role = collapse(row.children('b').first().text());
    if (role) for (const name of people) staff.push({ name, role });
  });
  return { staff, characters };
}

function dateOf(text: string | undefined): string | undefined {
  return /^\d{4}-\d{2}-\d{2}/.exec(text?.trim() ?? '')?.[0];
}

function stripTags(text: string): string {
  return collapse(text.replace(/<[^>]+>/g, ''));
}
