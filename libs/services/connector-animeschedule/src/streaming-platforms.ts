import { ValidationError } from '@anime/contracts';

/**
 * Streaming platforms by their normalised name (AnimeSchedule's `streams` keys where it has one),
 * with the ways people and other sources write them. The planner's names ("amazon prime video",
 * "disney+") are among the aliases, so a plan's platforms map without a second table.
 */
const PLATFORMS: ReadonlyArray<{ name: string; aliases: readonly string[] }> = [
  { name: 'crunchyroll', aliases: ['crunchyroll', 'crunchy roll', 'crunchyroll.com'] },
  { name: 'netflix', aliases: ['netflix'] },
  { name: 'hidive', aliases: ['hidive', 'hi dive'] },
  { name: 'amazon', aliases: ['amazon', 'amazon prime video', 'prime video', 'amazon prime', 'amazon video', 'primevideo'] },
  { name: 'disney-plus', aliases: ['disney-plus', 'disney+', 'disney plus', 'disneyplus', 'disney'] },
  { name: 'hulu', aliases: ['hulu'] },
  { name: 'funimation', aliases: ['funimation'] },
  { name: 'youtube', aliases: ['youtube', 'you tube'] },
  { name: 'bilibili', aliases: ['bilibili', 'bstation'] },
  { name: 'apple', aliases: ['apple', 'apple tv', 'apple tv+'] },
  { name: 'vrv', aliases: ['vrv'] },
];

const fold = (written: string): string => written.toLowerCase().replace(/[\s_]+/gu, ' ').trim();

/** The normalised name of a platform as an upstream writes it (unknown ones folded to lower case). */
export function normalizePlatform(written: string): string {
  const key = fold(written);
  return PLATFORMS.find((p) => p.aliases.includes(key) || p.name === key)?.name ?? key.replace(/ /gu, '-');
}

/** The caller's platform filter, normalised; a name we cannot map is a 400 listing the known ones. */
export function parsePlatformFilter(written: readonly string[]): string[] {
  return [
    ...new Set(
      written.map((w) => {
        const key = fold(w);
        const known = PLATFORMS.find((p) => p.aliases.includes(key) || p.name === key);
        if (!known) throw new ValidationError(`Unknown streaming platform "${w}"; known: ${PLATFORMS.map((p) => p.name).join(', ')}`, { details: { platform: w } });
        return known.name;
      }),
    ),
  ];
}
