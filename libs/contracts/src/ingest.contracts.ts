import { z } from 'zod';
import { defineEvent, defineRpc } from './rpc';

export const UpdateKindSchema = z.enum(['incremental', 'full', 'smart', 'safety-check']).describe(
  'incremental: carry ids over and re-index only changed entries; full: rebuild everything; smart: check for a newer release, run the safety checks, then incremental; safety-check: build and check, never switch.',
);

export const SafetyCheckSchema = z.object({
  name: z.enum(['schema', 'entry-count', 'id-churn', 'release-date']),
  ok: z.boolean(),
  detail: z.string(),
});

export const DatasetCountsSchema = z.object({
  entries: z.number().int(),
  quarantined: z.number().int(),
  added: z.number().int(),
  changed: z.number().int(),
  removed: z.number().int(),
  unchanged: z.number().int(),
});

export const JobStateSchema = z.enum(['queued', 'running', 'succeeded', 'failed', 'interrupted']);

export const UpdateJobSchema = z
  .object({
    id: z.string(),
    kind: UpdateKindSchema,
    state: JobStateSchema,
    source: z.string().describe('URL or path the release is read from.'),
    outcome: z.enum(['activated', 'unchanged', 'rejected', 'checked', 'up-to-date']).optional().describe('What the job did, once finished.'),
    progress: z.object({
      phase: z.string(),
      processed: z.number().int().describe('Entries processed so far.'),
      total: z.number().int().optional().describe('Entries in total, when known.'),
      bytesRead: z.number().int().optional(),
      totalBytes: z.number().int().optional(),
    }),
    counts: DatasetCountsSchema.optional(),
    safety: z.array(SafetyCheckSchema).optional(),
    version: z.string().optional().describe('Dataset version built.'),
    error: z.object({ code: z.string(), message: z.string() }).optional(),
    createdAt: z.string(),
    startedAt: z.string().optional(),
    finishedAt: z.string().optional(),
    timings: z.record(z.string(), z.number()).optional().describe('Milliseconds per phase.'),
    vectors: z
      .object({
        model: z.string().optional().describe('CLIP model that made the vectors.'),
        embedded: z.number().int().describe('Entries embedded now (new, changed, or missing before).'),
        carried: z.number().int().describe('Unchanged entries whose vectors came from the previous version.'),
        images: z.object({ embedded: z.number().int(), missing: z.number().int().describe('Pictures that could not be fetched: no image vector.') }),
        skipped: z.string().optional().describe('Why no vectors were computed (e.g. no CLIP model).'),
      })
      .partial({ embedded: true, carried: true, images: true })
      .optional()
      .describe('What the embed stage did (vectors for semantic and image search).'),
  })
  .describe('A dataset update job.');
export type UpdateJob = z.infer<typeof UpdateJobSchema>;

export const DatasetVersionSchema = z.object({
  version: z.string(),
  lastUpdate: z.string(),
  source: z.string(),
  createdAt: z.string(),
  counts: DatasetCountsSchema,
  current: z.boolean(),
});

const startRequest = z.object({
  source: z.string().min(1).max(2000).optional().describe('Override ANIME_DB_SOURCE for this run (URL or local path).'),
  force: z.boolean().default(false).describe('Switch even if a safety check fails.'),
});
const jobResponse = z.object({ job: UpdateJobSchema });

export const IngestContracts = {
  checkUpdates: defineRpc({
    subject: 'ingest.v1.updates.check',
    description: 'Compares the current dataset with the source (lastUpdate / ETag) without downloading all of it.',
    request: z.object({ source: z.string().min(1).max(2000).optional() }),
    response: z.object({
      source: z.string(),
      current: z.object({ version: z.string(), lastUpdate: z.string() }).nullable(),
      remote: z.object({ lastUpdate: z.string().optional(), etag: z.string().optional(), contentLength: z.number().optional() }),
      updateAvailable: z.union([z.boolean(), z.literal('unknown')]),
    }),
    errors: ['SOURCE_UNAVAILABLE'],
    defaultTimeoutMs: 30_000,
  }),
  startUpdate: defineRpc({
    subject: 'ingest.v1.update.start',
    description: 'Starts an update job (incremental, full, smart or safety-check) and returns it at once; poll job.get for progress.',
    request: startRequest.extend({ kind: UpdateKindSchema }),
    response: jobResponse,
    errors: ['CONFLICT'],
  }),
  getJob: defineRpc({
    subject: 'ingest.v1.job.get',
    description: 'One update job (default: the latest).',
    request: z.object({ id: z.string().optional() }),
    response: jobResponse,
    errors: ['NOT_FOUND'],
  }),
  listJobs: defineRpc({
    subject: 'ingest.v1.job.list',
    description: 'Recent update jobs, newest first.',
    request: z.object({ limit: z.number().int().min(1).max(100).default(20) }),
    response: z.object({ jobs: z.array(UpdateJobSchema) }),
  }),
  listVersions: defineRpc({
    subject: 'ingest.v1.version.list',
    description: 'Stored dataset versions, newest first.',
    request: z.object({}),
    response: z.object({ versions: z.array(DatasetVersionSchema) }),
  }),
  rollback: defineRpc({
    subject: 'ingest.v1.version.rollback',
    description: 'Makes the previous (or the given) stored version current again.',
    request: z.object({ version: z.string().optional() }),
    response: z.object({ version: DatasetVersionSchema }),
    errors: ['NOT_FOUND', 'CONFLICT'],
  }),
  quarantine: defineRpc({
    subject: 'ingest.v1.quarantine.list',
    description: 'Entries of the current release that failed validation, with reasons.',
    request: z.object({ limit: z.number().int().min(1).max(500).default(50), version: z.string().optional() }),
    response: z.object({
      version: z.string().nullable(),
      total: z.number().int(),
      entries: z.array(z.object({ index: z.number().int(), reason: z.string(), title: z.string().optional(), sample: z.string() })),
    }),
  }),
  getSchedule: defineRpc({
    subject: 'ingest.v1.schedule.get',
    description: 'The automatic update schedule.',
    request: z.object({}),
    response: z.object({ cron: z.string().nullable(), kind: UpdateKindSchema, nextRunAt: z.string().nullable() }),
  }),
  setSchedule: defineRpc({
    subject: 'ingest.v1.schedule.set',
    description: 'Sets (or clears, with cron null) the automatic update schedule; the dataset releases weekly.',
    request: z.object({
      cron: z.string().max(100).nullable().describe('5-field cron in UTC, e.g. "0 4 * * 1" (Mondays 04:00); null disables.'),
      kind: UpdateKindSchema.default('smart'),
    }),
    response: z.object({ cron: z.string().nullable(), kind: UpdateKindSchema, nextRunAt: z.string().nullable() }),
    errors: ['VALIDATION_FAILED'],
  }),
} as const;

export const DatasetPublishedEvent = defineEvent({
  subject: 'ingest.v1.dataset.published',
  description: 'A new dataset version is current (update or rollback): catalog replicas reload it.',
  payload: z.object({
    version: z.string(),
    lastUpdate: z.string(),
    counts: DatasetCountsSchema,
    reason: z.enum(['update', 'rollback']),
  }),
});
