import { z } from 'zod';
import { AnimeIdSchema, PlatformSchema } from './anime.schema';
import { AnimeSummarySchema, SearchFiltersSchema, SearchSortSchema } from './catalog.contracts';
import { ErrorBodySchema } from './errors';
import { defineRpc } from './rpc';

export const QueryIntentSchema = z
  .enum(['search', 'lookup', 'similar', 'schedule', 'compare', 'details', 'stats', 'plot'])
  .describe('search: find by title/filters; lookup: one anime by id/URL; similar: like X; schedule: what airs when; compare: across platforms; details: fields of one anime; stats: about the catalog; plot: which anime a remembered story is (catalog.v1.plot.search).');

/** Extra data a question asks for (served by live sources as later issues add them). */
export const QueryFieldSchema = z.enum(['synopsis', 'german-synopsis', 'streaming', 'characters', 'staff', 'rating', 'episodes', 'airing']);

/** What the planner understood: the contract between understanding and acting. */
export const QueryPlanSchema = z
  .object({
    intent: QueryIntentSchema,
    text: z.string().optional().describe('Title words left after removing everything else (searched fuzzily against the catalog); for intent plot, the remembered story.'),
    ref: z.string().optional().describe('An id or platform URL when the query names one.'),
    ordinal: z.number().int().min(1).optional().describe('"the second one" → 2: refers to item N of the previous answer in the session.'),
    filters: SearchFiltersSchema.describe('Filters extracted from the query.'),
    excludeTitles: z.array(z.string()).default([]).describe('Franchises/titles to leave out ("exclude the Naruto franchise").'),
    sort: SearchSortSchema.optional(),
    limit: z.number().int().min(1).max(100).optional().describe('How many results the user asked for ("top 5").'),
    sources: z.array(PlatformSchema).default([]).describe('Platforms the user prefers as the source of facts ("on MAL").'),
    fields: z.array(QueryFieldSchema).default([]),
    similarTo: z
      .object({ text: z.string().optional(), ordinal: z.number().int().min(1).optional().describe('"the second one" → 2, against the previous answer.') })
      .optional(),
    schedule: z
      .object({
        from: z.string().describe('ISO date-time.'),
        to: z.string().describe('ISO date-time.'),
        platforms: z.array(z.string()).default([]),
        airType: z.enum(['raw', 'sub', 'dub']).optional().describe('"dubbed", "subbed" or "raw" when the question says so.'),
        next: z.boolean().optional().describe('"the next episode of X": only the first episode to come matters.'),
      })
      .optional(),
    compare: z.object({ platforms: z.array(PlatformSchema), metric: z.enum(['rating', 'popularity', 'episodes']) }).optional(),
    yearHint: z
      .object({ min: z.number().int().optional(), max: z.number().int().optional(), label: z.string() })
      .optional()
      .describe('intent plot: years the person roughly remembers ("2010ish" → 2008–2012), a soft preference for the plot search, never a filter.'),
    moods: z.array(z.string()).default([]).describe('Moods/genres recognised ("dark", "cozy"), already mapped into filters.tags.'),
    confidence: z.number().min(0).max(1).describe('How sure the planner is of this reading.'),
    clarification: z.object({ question: z.string(), alternatives: z.array(z.string()) }).optional(),
    understood: z.array(z.string()).default([]).describe('Human-readable pieces: "TV", "2011+", "Bones", "supernatural".'),
  })
  .describe('A query plan.');
export type QueryPlan = z.infer<typeof QueryPlanSchema>;

export const QueryOptionsSchema = z
  .object({
    explain: z.boolean().default(false).describe('Include the plan and the execution trace.'),
    limit: z.number().int().min(1).max(50).optional(),
    sources: z.array(PlatformSchema).optional(),
    mode: z.enum(['fast', 'thorough']).default('fast'),
  })
  .describe('Query options.');

export const StructuredQuerySchema = z
  .object({ anime_id: z.string().min(1).max(300), fields: z.array(QueryFieldSchema).default([]) })
  .strict()
  .describe('A structured query: bypasses understanding.');

export const AskRequestSchema = z.object({
  query: z.union([z.string().trim().min(1).max(2000), StructuredQuerySchema]).describe('A question in natural language, or a structured query.'),
  context: z.string().max(4000).optional().describe('Extra context the caller has.'),
  session_id: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/).optional().describe('Continue a conversation (follow-ups like "the second one").'),
  options: QueryOptionsSchema.optional(),
});

export const TraceStepSchema = z.object({
  node: z.string(),
  ms: z.number(),
  detail: z.record(z.string(), z.unknown()).optional(),
});

export const AskResponseSchema = z.object({
  answer: z.string().describe('A readable answer.'),
  items: z.array(AnimeSummarySchema.extend({ why: z.string().optional() })),
  plan: QueryPlanSchema.optional().describe('Present with options.explain.'),
  sources: z.array(z.object({ name: z.string(), used: z.boolean(), detail: z.string().optional() })).describe('Which sources answered.'),
  warnings: z.array(z.string()).describe('Sources that failed or were skipped, partial results, ambiguity.'),
  timings: z.record(z.string(), z.number()).describe('Milliseconds per step.'),
  session_id: z.string(),
  execution_id: z.string(),
  answered_by: z.string().describe('deterministic-planner, or the LLM provider that answered.'),
  trace: z.array(TraceStepSchema).optional(),
  clarification: z.object({ question: z.string(), alternatives: z.array(z.string()) }).optional(),
  anime_ids: z.array(AnimeIdSchema).optional().describe('Ids of items, in order (for follow-ups).'),
});

/** Most questions one `/api/batch` request (and one `agent.v1.query.ask-batch` call) may hold. */
export const MAX_BATCH_QUESTIONS = 100;

export const AskBatchResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), result: AskResponseSchema }),
  z.object({ ok: z.literal(false), error: ErrorBodySchema }),
]);

export const AgentContracts = {
  ask: defineRpc({
    subject: 'agent.v1.query.ask',
    description: 'Answers an anime question in natural language (or a structured query).',
    request: AskRequestSchema,
    response: AskResponseSchema,
    errors: ['NOT_READY', 'NOT_FOUND'],
    defaultTimeoutMs: 15_000,
  }),
  askBatch: defineRpc({
    subject: 'agent.v1.query.ask-batch',
    description: 'Answers a chunk of questions in one graph run: per-question results or typed errors, in input order.',
    request: z.object({ queries: z.array(AskRequestSchema).min(1).max(MAX_BATCH_QUESTIONS) }),
    response: z.object({ results: z.array(AskBatchResultSchema) }),
    errors: ['NOT_READY'],
    defaultTimeoutMs: 30_000,
  }),
  conversation: defineRpc({
    subject: 'agent.v1.conversation.get',
    description: 'The turns of a conversation.',
    request: z.object({ session_id: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/) }),
    response: z.object({
      session_id: z.string(),
      turns: z.array(z.object({ query: z.string(), answer: z.string(), anime_ids: z.array(z.string()), at: z.string() })),
    }),
    errors: ['NOT_FOUND'],
  }),
} as const;
