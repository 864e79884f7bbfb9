import { load, type CheerioAPI } from 'cheerio';
import { UpstreamChangedError, type AppError, type DetailField, type ScrapedSourceName, type SourceAnime } from '@anime/contracts';

/** What a scraper reads from one page: the contract's fields without the fetch provenance. */
export type ScrapedAnime = Omit<SourceAnime, 'source' | 'fetchedAt' | 'stale'>;

/** A JSON-LD object (schema.org) as found in a page. */
export type JsonLd = Record<string, unknown>;

/** schema.org types an anime page's main block has. */
const ANIME_TYPES = new Set(['TVSeries', 'Movie', 'CreativeWork', 'CreativeWorkSeries', 'TVSeason', 'VideoObject']);

/** Parses an HTML page. */
export function loadPage(html: string): CheerioAPI {
  return load(html);
}

/**
 * The page's JSON-LD block describing the anime (`@type` TVSeries, Movie, …). Sites embed other
 * blocks too (WebSite, BreadcrumbList, Organization); a block that does not parse is skipped.
 * Missing → `UpstreamChangedError` naming it: the page changed, the anime did not vanish.
 */
export function requireAnimeJsonLd($: CheerioAPI, source: ScrapedSourceName): JsonLd {
  for (const element of $('script[type="application/ld+json"]').toArray()) {
    for (const block of jsonLdBlocks($(element).text())) {
      const type = block['@type'];
      if ((Array.isArray(type) ? type : [type]).some((t) => typeof t === 'string' && ANIME_TYPES.has(t)) && typeof block['name'] === 'string') return block;
    }
  }
  throw missing(source, 'JSON-LD anime block (script[type="application/ld+json"] with @type TVSeries/Movie and a name)');
}

function jsonLdBlocks(text: string): JsonLd[] {
  try {
    const parsed: unknown = JSON.parse(text);
    const list = Array.isArray(parsed) ? parsed : [parsed];
    return list.flatMap((b: unknown) => (isObject(b) && Array.isArray(b['@graph']) ? (b['@graph'] as unknown[]) : [b])).filter(isObject);
  } catch {
    return [];
  }
}

/** The error for a page without something the scraper relies on (`what` names it for operators). */
export function missing(source: ScrapedSourceName, what: string): AppError {
  return new UpstreamChangedError(`${source} page has no ${what} (the site's layout may have changed)`, { details: { source, missing: what } });
}

/** A score on the site's own scale with the 0–10 reading beside it. */
export function siteScore(value: unknown, scale: number, votes?: unknown): SourceAnime['score'] {
  const number = typeof value === 'number' ? value : typeof value === 'string' ? Number.parseFloat(value) : Number.NaN;
  if (!Number.isFinite(number) || number <= 0) return undefined;
  const count = typeof votes === 'number' ? votes : typeof votes === 'string' ? Number.parseInt(votes.replace(/[^\d]/g, ''), 10) : Number.NaN;
  return { value: number, scale, normalized: Math.round((number / scale) * 1000) / 100, ...(Number.isInteger(count) && count > 0 ? { votes: count } : {}) };
}

/** A whole number from `"37"`, `37` or `"64 eps"`; undefined when there is none. */
export function intOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const match = /\d+/.exec(value.replace(/,/g, ''));
  return match ? Number.parseInt(match[0], 10) : undefined;
}

/** Strings of a JSON-LD value that may be one string or a list. */
export function stringsOf(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.map((v) => (typeof v === 'string' ? v : isObject(v) && typeof v['name'] === 'string' ? v['name'] : '')).map(decodeEntities).map(collapse).filter(Boolean);
}

/** Text with whitespace runs collapsed. */
export function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** JSON-LD descriptions sometimes carry HTML entities (`&#39;`, `&quot;`) verbatim. */
export function decodeEntities(text: string): string {
  return text.includes('&') ? load(`<p>${text}</p>`)('p').text() : text;
}

/** The part of a date-time that is a date (`2009-04-05T00:00:00Z` → `2009-04-05`). */
export function isoDate(value: unknown): string | undefined {
  const match = typeof value === 'string' ? /^\d{4}-\d{2}-\d{2}/.exec(value.trim()) : null;
  return match?.[0];
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The contract answer: the fields asked for (all the site has when none are named), with the
 * fetch provenance. A field the page did not have stays absent — never an empty placeholder.
 */
export function buildScrapedSourceAnime(
  source: ScrapedSourceName,
  record: ScrapedAnime,
  options: { fields: readonly DetailField[]; fetchedAt: string; stale: boolean },
): SourceAnime {
  const answer: SourceAnime = { source, sourceId: record.sourceId, sourceUrl: record.sourceUrl, fetchedAt: options.fetchedAt, stale: options.stale };
  const target = answer as Record<string, unknown>;
  const fields: readonly string[] = options.fields.length ? options.fields : Object.keys(record).filter((k) => k !== 'sourceId' && k !== 'sourceUrl');
  for (const field of fields) {
    const value = (record as Record<string, unknown>)[field];
    if (value !== undefined) target[field] = value;
  }
  return answer;
}

/** Air dates and season, or nothing when the page had none of them. */
export function airedOf(start: string | undefined, end?: string, season?: string): Pick<ScrapedAnime, 'aired'> {
  const aired = { ...(start ? { start } : {}), ...(end ? { end } : {}), ...(season ? { season } : {}) };
  return Object.keys(aired).length ? { aired } : {};
}
