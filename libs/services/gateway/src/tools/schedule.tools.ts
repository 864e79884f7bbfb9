import { ScheduleContracts } from '@anime/contracts';
import { defineTool } from './tool-definition';

export const animeScheduleTool = defineTool({
  name: 'anime_schedule',
  description:
    'Which episodes air when: a day ("today", "tomorrow", "friday", "2025-01-17") or a from/to window (≤ 7 days), in the caller\'s IANA time zone, for raw (Japanese broadcast), sub or dub releases, optionally only on some streaming platforms (Crunchyroll, Netflix, HIDIVE, …) or for one title ("next episode of X"). Merged from AnimeSchedule, AniList and MyAnimeList (Jikan), one item per episode with local date/time (late-night Tokyo slots also as "25:30"), a countdown and the sources that listed it; a source that failed is named as unavailable.',
  input: ScheduleContracts.airingList.request,
  output: ScheduleContracts.airingList.response,
  annotations: { title: 'Anime airing schedule', readOnlyHint: true, idempotentHint: true, openWorldHint: true },
  execute: (input, ctx) => ctx.rpc.call(ScheduleContracts.airingList, input, { signal: ctx.signal }),
  summarize: (out) =>
    [
      `${out.items.length} episode${out.items.length === 1 ? '' : 's'} (${out.airType}) between ${out.from} and ${out.to}, times in ${out.timezone}:`,
      ...out.items.map(
        (i) =>
          `${i.local.weekday} ${i.local.date} ${i.local.time}${i.local.broadcastTime ? ` (${i.local.broadcastTime} broadcast time)` : ''} — ${i.title}${i.episode !== undefined ? ` #${i.episode}` : ''}${i.platforms.length ? ` on ${i.platforms.join(', ')}` : ''} (${i.countdown.text}; ${i.sources.map((s) => s.name).join(' + ')})`,
      ),
      `Sources: ${out.sources.map((s) => `${s.name} ${s.status}${s.reason && s.status !== 'ok' ? ` (${s.reason})` : ''}`).join('; ')}`,
      ...out.warnings.map((w) => `Warning: ${w}`),
    ].join('\n'),
  hints: {
    VALIDATION_FAILED: 'Use an IANA time zone ("Europe/Berlin"), a day word or YYYY-MM-DD, a window of at most 7 days, and a known platform name.',
  },
});
