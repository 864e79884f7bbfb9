import { PlotContracts } from '@anime/contracts';
import { defineTool } from './tool-definition';

/** Best-guess wording below this confidence (the planner's agent uses the same rule). */
const SURE = 0.6;

export const searchAnimeByDescriptionTool = defineTool({
  name: 'search_anime_by_description',
  description:
    'Find an anime from what someone remembers of its story ("a boy who can see spirits and has a fat cat", "girls camping in winter, 2018ish"). Searches stored synopses, titles and tags (English); a rough year in the text or yearHint is a soft preference, years/types are hard filters. Each candidate comes with a synopsis snippet (matched words in **…**), its source and a confidence: below 0.6 treat the first one as a best guess and show the others. Use search_anime for titles.',
  input: PlotContracts.search.request,
  output: PlotContracts.search.response,
  annotations: { title: 'Search anime by remembered plot', readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  execute: (input, ctx) => ctx.rpc.call(PlotContracts.search, input, { signal: ctx.signal }),
  summarize: (out) => {
    if (out.notice && out.items.length === 0) return out.notice;
    if (out.items.length === 0) return 'No anime matched that description. Add details (characters, setting, what happens) or drop the filters.';
    const lead = out.confidence >= SURE ? 'Most likely:' : 'Best guess (not sure):';
    return [
      `${lead} ${out.items[0]?.anime.title} — confidence ${out.confidence.toFixed(2)}`,
      ...out.items.map((i, n) => `${n + 1}. ${i.anime.title} (${i.anime.type}${i.anime.year ? `, ${i.anime.year}` : ''}) — id ${i.anime.id}${i.snippet ? ` — "${i.snippet.text}" [${i.snippet.source}]` : ''}`),
    ].join('\n');
  },
  hints: {
    NOT_READY: 'The plot index is still being built (or no dataset is loaded); retry in a few seconds. Synopses are imported with npm run db:enrich -- --file <synopses.jsonl>.',
    VALIDATION_FAILED: 'Send text (3–1000 characters); years/yearHint are {min,max} years, types from TV, MOVIE, OVA, ONA, SPECIAL, UNKNOWN.',
  },
});

/** The plot-search tools (issue #17). */
export const PLOT_TOOLS = [searchAnimeByDescriptionTool] as const;
