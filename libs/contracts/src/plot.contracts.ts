import { z } from 'zod';
import { AnimeTypeSchema, PlatformSchema } from './anime.schema';
import { AnimeSummarySchema, DatasetRefSchema } from './catalog.contracts';
import { defineRpc } from './rpc';

/** Owner: the catalog service (libs/services/vector-search), which builds the plot index. */
export const PLOT_CONTRACTS_OWNER = 'vector-search' as const;

const yearRange = (what: string) =>
  z
    .object({
      min: z.number().int().min(1900).max(2100).optional().describe(`Earliest year of first release (inclusive) ${what}.`),
      max: z.number().int().min(1900).max(2100).optional().describe(`Latest year of first release (inclusive) ${what}.`),
    })
    .strict()
    .refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max, { message: 'min must be ≤ max' });

export const PlotSearchRequestSchema = z
  .object({
    text: z.string().trim().min(3).max(1000).describe('What the person remembers of the story, in English, as vague as it is ("a boy who can see ghosts and has a fat cat, 2010ish").'),
    years: yearRange('— a hard filter').optional().describe('Only entries first released in these years (hard filter).'),
    yearHint: yearRange('— a soft preference').optional().describe('Years the person roughly remembers: entries inside are boosted, none are excluded. Default: read from the text ("2010ish", "early 2000s", "around 2015").'),
    types: z.array(AnimeTypeSchema).min(1).max(6).optional().describe('Only these distribution types (hard filter).'),
    limit: z.number().int().min(1).max(50).default(10).describe('How many candidates to return.'),
  })
  .strict()
  .describe('Search anime by a remembered plot.');

export const PlotConfidenceSchema = z.enum(['high', 'medium', 'low']).describe('high ≥ 0.6, medium ≥ 0.35, low below: "low" answers are best guesses.');

export const PlotSearchItemSchema = z
  .object({
    anime: AnimeSummarySchema,
    score: z.number().describe('Ranking score; comparable within one answer only.'),
    confidence: z.number().min(0).max(1).describe('How sure the index is that this is the anime described (the first item carries the answer\'s confidence; the others scale by their score).'),
    matchedTerms: z.array(z.string()).describe('Words of the description that matched this entry.'),
    matchedIn: z.array(z.enum(['synopsis', 'titles', 'tags'])).describe('Where the words matched.'),
    snippet: z
      .object({
        text: z.string().describe('A short passage of the synopsis with the matched words in **double asterisks**; "…" where it was cut.'),
        source: PlatformSchema.describe('Platform the synopsis came from.'),
        sourceUrl: z.string().describe('Page the synopsis was taken from.'),
        language: z.string().describe('BCP 47 language of the synopsis.'),
        fetchedAt: z.string().describe('When the synopsis was fetched from its source.'),
      })
      .optional()
      .describe('Absent when the entry has no stored synopsis (it matched by titles or tags).'),
  })
  .describe('One candidate for the anime described.');

export const PlotSearchResponseSchema = z
  .object({
    items: z.array(PlotSearchItemSchema).describe('Best candidates first.'),
    confidence: z.number().min(0).max(1).describe('Confidence that the first item is the anime described (calibration in bench/results/plot-eval-*.json).'),
    confidenceLabel: PlotConfidenceSchema,
    understood: z
      .object({
        terms: z.array(z.string()).describe('Stems searched after stop words; "typo→term" for a corrected word.'),
        yearHint: z.object({ min: z.number().int().optional(), max: z.number().int().optional(), label: z.string() }).optional().describe('The remembered years used as a soft preference.'),
      })
      .describe('How the description was read.'),
    index: z
      .object({
        entries: z.number().int().describe('Entries in the plot index.'),
        synopses: z.number().int().describe('Entries with a stored synopsis.'),
        synopsisRevision: z.string().nullable().describe('Revision of the synopsis store the index was built from (null: no synopses imported yet).'),
      })
      .describe('What the index held.'),
    dataset: DatasetRefSchema,
    notice: z
      .string()
      .optional()
      .describe('Why the answer cannot be trusted or is empty for a reason other than the description (e.g. no synopses imported yet, with the command that imports them). Show it to the person.'),
  })
  .describe('Candidates for a remembered plot.');

export const PlotContracts = {
  search: defineRpc({
    subject: 'catalog.v1.plot.search',
    description: 'Finds anime from a vague memory of the plot: BM25F over synopses, titles and tags with a soft prior for remembered years; each item with a highlighted synopsis snippet, its source and a confidence. Served by the catalog service.',
    request: PlotSearchRequestSchema,
    response: PlotSearchResponseSchema,
    errors: ['NOT_READY'],
  }),
} as const;
