/** A prompt template: arguments (with how to complete them) and the text it renders. */
export interface PromptDefinition {
  name: string;
  title: string;
  description: string;
  arguments: Array<{ name: string; description: string; required: boolean; complete?: 'title' | string[] }>;
  render(args: Record<string, string>): string;
}

const SEASONS = ['winter', 'spring', 'summer', 'fall'];
const YEARS = Array.from({ length: 12 }, (_, i) => String(new Date().getUTCFullYear() + 1 - i));

export const PROMPTS: readonly PromptDefinition[] = [
  {
    name: 'discover_anime',
    title: 'Discover anime',
    description: 'Find anime that fit a taste: mood, genres, era, length, what to avoid.',
    arguments: [
      { name: 'preferences', description: 'What you feel like, e.g. "dark psychological, not too violent, 2010s, under 30 episodes"', required: true },
      { name: 'liked', description: 'An anime you liked, as a reference point', required: false, complete: 'title' },
    ],
    render: (a) =>
      [
        `Recommend anime for these preferences: ${a['preferences']}.`,
        a['liked'] ? `I liked "${a['liked']}" — use get_anime and get_related_anime on it to understand its tags, studio and era, and avoid recommending its own sequels.` : '',
        'Translate the preferences into search_anime filters (tags all/any/none, years, types, episodes, score) and search; run a few searches if useful.',
        'Answer with 5–8 picks: title, year, type, episodes, score and one line on why it fits. Say which filters you used.',
      ]
        .filter(Boolean)
        .join('\n'),
  },
  {
    name: 'compare_anime',
    title: 'Compare anime',
    description: 'Compare two anime side by side.',
    arguments: [
      { name: 'first', description: 'First anime (title or id)', required: true, complete: 'title' },
      { name: 'second', description: 'Second anime (title or id)', required: true, complete: 'title' },
    ],
    render: (a) =>
      [
        `Compare "${a['first']}" and "${a['second']}".`,
        'Find each with search_anime (use the top match; say so if it is ambiguous), then get_anime for both.',
        'Compare in a table: type, episodes, years, status, studios, score, main tags; then two or three sentences on how they differ in tone and who would prefer which.',
      ].join('\n'),
  },
  {
    name: 'seasonal_overview',
    title: 'Seasonal overview',
    description: 'What a given anime season offered (or offers).',
    arguments: [
      { name: 'season', description: 'winter, spring, summer or fall', required: true, complete: SEASONS },
      { name: 'year', description: 'e.g. 2024', required: true, complete: YEARS },
    ],
    render: (a) =>
      [
        `Give an overview of the ${a['season']} ${a['year']} anime season.`,
        `Use search_anime with filters {"seasons": ["${String(a['season']).toUpperCase()}"], "years": {"min": ${Number(a['year'])}, "max": ${Number(a['year'])}}}, sort by score, facets on, and page with nextCursor if needed.`,
        'Summarise: how many titles by type, the most common tags, the highest-scored TV series and movies, and any notable sequels.',
      ].join('\n'),
  },
];

export function findPrompt(name: string): PromptDefinition | undefined {
  return PROMPTS.find((p) => p.name === name);
}
