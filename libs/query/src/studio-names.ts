import { alternation } from './query-text';

/**
 * Common studios: `names` are the spellings the dataset uses (lower case; some studios appear
 * under two), `aliases` the ways people write them. `ambiguous` names are ordinary words
 * ("bones", "trigger", "shaft", "sunrise") and only count after "by", "from" or "studio".
 */
export const STUDIOS: ReadonlyArray<{ names: readonly string[]; aliases: readonly string[]; ambiguous?: boolean }> = [
  { names: ['kyoto animation'], aliases: ['kyoto animation', 'kyoani', 'kyo ani', 'kyoto ani'] },
  { names: ['bones'], aliases: ['bones', 'studio bones'], ambiguous: true },
  { names: ['mappa'], aliases: ['mappa', 'studio mappa'] },
  { names: ['madhouse'], aliases: ['madhouse', 'mad house'] },
  { names: ['ufotable'], aliases: ['ufotable', 'ufo table', 'ufo'] },
  { names: ['wit studio'], aliases: ['wit studio', 'wit'] },
  { names: ['sunrise'], aliases: ['sunrise'], ambiguous: true },
  { names: ['toei animation'], aliases: ['toei animation', 'toei'] },
  { names: ['production i.g'], aliases: ['production i.g', 'production i.g.', 'production ig', 'prod i.g', 'production i g'] },
  { names: ['a-1 pictures'], aliases: ['a-1 pictures', 'a1 pictures', 'a-1', 'a1'] },
  { names: ['shaft'], aliases: ['shaft', 'studio shaft'], ambiguous: true },
  { names: ['trigger'], aliases: ['trigger', 'studio trigger'], ambiguous: true },
  { names: ['cloverworks'], aliases: ['cloverworks', 'clover works'] },
  { names: ['david production'], aliases: ['david production', 'david productions', 'david pro'] },
  { names: ['j.c.staff'], aliases: ['j.c.staff', 'j.c. staff', 'jc staff', 'jcstaff'] },
  { names: ['studio ghibli'], aliases: ['studio ghibli', 'ghibli'] },
  { names: ['science saru'], aliases: ['science saru'] },
  { names: ['studio pierrot'], aliases: ['studio pierrot', 'pierrot'] },
  { names: ['studio deen'], aliases: ['studio deen', 'deen'] },
  { names: ['p.a. works', 'p.a.works'], aliases: ['p.a. works', 'p.a.works', 'pa works', 'paworks'] },
  { names: ['kinema citrus'], aliases: ['kinema citrus'] },
  { names: ['white fox'], aliases: ['white fox'], ambiguous: true },
  { names: ['lerche'], aliases: ['lerche'] },
  { names: ['doga kobo'], aliases: ['doga kobo', 'dogakobo'] },
  { names: ['silver link.'], aliases: ['silver link', 'silver link.'] },
  { names: ['8bit', '8-bit'], aliases: ['8bit', '8-bit'], ambiguous: true },
  { names: ['lidenfilms'], aliases: ['lidenfilms', 'liden films'] },
  { names: ['tms entertainment'], aliases: ['tms entertainment', 'tms'] },
  { names: ['olm'], aliases: ['olm'], ambiguous: true },
  { names: ['gainax'], aliases: ['gainax'] },
  { names: ['khara', 'studio khara'], aliases: ['studio khara', 'khara'] },
  { names: ['comix wave films', 'comix wave'], aliases: ['comix wave films', 'comix wave', 'comixwave'] },
  { names: ['tatsunoko production'], aliases: ['tatsunoko production', 'tatsunoko'] },
  { names: ['shin-ei animation'], aliases: ['shin-ei animation', 'shin-ei', 'shinei'] },
  { names: ['nippon animation'], aliases: ['nippon animation'] },
  { names: ['gonzo'], aliases: ['gonzo'], ambiguous: true },
  { names: ['xebec'], aliases: ['xebec'] },
  { names: ['satelight'], aliases: ['satelight'] },
  { names: ["brain's base"], aliases: ["brain's base", 'brains base', 'brain base'] },
  { names: ['studio 4°c'], aliases: ['studio 4°c', 'studio 4c', '4°c'] },
  { names: ['polygon pictures'], aliases: ['polygon pictures'] },
  { names: ['bandai namco pictures'], aliases: ['bandai namco pictures'] },
  { names: ['cygamespictures'], aliases: ['cygamespictures', 'cygames pictures'] },
  { names: ['studio bind'], aliases: ['studio bind'] },
  { names: ['orange'], aliases: ['orange'], ambiguous: true },
  { names: ['shuka'], aliases: ['shuka'] },
  { names: ['tezuka productions'], aliases: ['tezuka productions', 'tezuka pro'] },
  { names: ['studio chizu'], aliases: ['studio chizu', 'chizu'] },
  { names: ['feel.'], aliases: ['feel.'], ambiguous: true },
  { names: ['manglobe'], aliases: ['manglobe'] },
  { names: ['bee train'], aliases: ['bee train'] },
  { names: ['studio voln'], aliases: ['studio voln', 'voln'] },
  { names: ['passione'], aliases: ['passione'] },
  { names: ['studio gallop', 'gallop'], aliases: ['studio gallop', 'gallop'] },
  { names: ['studio hibari'], aliases: ['studio hibari'] },
];

/** Short aliases of otherwise unambiguous studios that are words or initials on their own. */
const CONTEXT_ONLY_ALIASES = new Set(['wit', 'ufo', 'a1', 'a-1', 'tms', 'deen', 'pierrot', 'chizu', 'voln', 'gallop', 'khara', 'shuka', '4°c']);

/** Pattern source for every studio spelling (ambiguous ones only when asked). */
export function studioPattern(withAmbiguous: boolean): string {
  return (STUDIO_PATTERNS[withAmbiguous ? 1 : 0] ??= alternation(
    STUDIOS.filter((s) => withAmbiguous || !s.ambiguous).flatMap((s) => s.aliases.filter((a) => withAmbiguous || !CONTEXT_ONLY_ALIASES.has(a))),
  ));
}
/** Built once per variant: every question uses them. */
const STUDIO_PATTERNS: [string?, string?] = [];

/** The dataset spellings of a studio as written. */
export function studioNamesOf(written: string): readonly string[] | undefined {
  const key = written.toLowerCase().replace(/\s+/gu, ' ').trim();
  return STUDIOS.find((s) => s.aliases.some((a) => a === key || a.replace(/[\s-]+/gu, ' ') === key.replace(/[\s-]+/gu, ' ')))?.names;
}

/** First words of every studio spelling, plus "studio": no such word, no studio to look for. */
export const STUDIO_CUES: ReadonlySet<string> = new Set(['studio', 'studios', ...STUDIOS.flatMap((s) => s.aliases.map((a) => a.split(/[\s-]/u)[0] ?? a))]);
