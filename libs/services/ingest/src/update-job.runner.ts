import { randomBytes } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import {
  AppError,
  ConflictError,
  DatasetPublishedEvent,
  NotFoundError,
  type UpdateJob,
} from '@anime/contracts';
import {
  buildDatasetVersion,
  checkRemoteRelease,
  describeReleaseSource,
  MalformedReleaseError,
  ReleaseReadError,
  type BuildPhase,
  type BuildProgress,
  type DatasetVersionMeta,
  type FileDatasetStore,
  type SafetyLimits,
} from '@anime/catalog';
import { EventBus } from '@anime/platform-messaging';
import { LOGGER, type Logger } from '@anime/platform-observability';
import { EmbedStage } from './embed/embed.stage';
import { INGEST_ENV, type IngestEnv } from './ingest.env';
import { DatasetSourcePolicy, type AllowedSource } from './source/dataset-source.policy';
import { DATASET_STORE, JOB_STORE } from './tokens';
import type { JobStore } from './job-store';

/** How often a running job's progress is persisted (readers poll job.get). */
const PROGRESS_SAVE_MS = 500;

/**
 * Runs dataset update jobs one at a time: creates the job record, builds the version (progress
 * persisted as it goes), switches and announces it, and records the outcome. Jobs found
 * "running" at boot belonged to a process that died: they are marked interrupted with the phase
 * they died in and the version that serves now (the previous one, or this job's own when the
 * switch had happened); a re-run completes the update. The phase is saved (awaited) as each one
 * begins, so that record is exact.
 */
@Injectable()
export class UpdateJobRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private running?: { job: UpdateJob; abort: AbortController; done: Promise<void> };

  constructor(
    @Inject(INGEST_ENV) private readonly env: IngestEnv,
    @Inject(DATASET_STORE) readonly store: FileDatasetStore,
    @Inject(JOB_STORE) private readonly jobs: JobStore,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly events: EventBus,
    private readonly embed: EmbedStage,
    private readonly sources: DatasetSourcePolicy,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const serving = await this.store.current();
    for (const job of await this.jobs.list(20)) {
      if (job.state === 'running' || job.state === 'queued') {
        const phase = job.progress.phase;
        const switched = serving?.builtBy === job.id;
        const message = switched
          ? `The process stopped right after this job switched to dataset ${serving.version} (phase "${phase}"); that version is complete and serving, but its announcement may not have gone out (readers also poll).`
          : `The process stopped during the "${phase}" phase of this job; ${serving ? `dataset ${serving.version} kept serving` : 'no dataset was activated'} and nothing of this job was kept. Start the update again.`;
        await this.jobs.save({
          ...job,
          state: 'interrupted',
          ...(switched ? { version: serving.version, counts: serving.counts } : {}),
          finishedAt: new Date().toISOString(),
          error: { code: 'INTERRUPTED', message },
        });
      }
    }
    await this.store.prune(this.env.KEEP_VERSIONS);
    if (this.env.INGEST_ON_START && !(await this.store.current())) {
      this.logger.info({ source: this.env.ANIME_DB_SOURCE }, 'no dataset stored yet: loading one');
      await this.start('full', {}).catch((error: unknown) => this.logger.error({ err: error }, 'initial dataset load could not start'));
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.running?.abort.abort(new Error('ingest is shutting down'));
    await this.running?.done;
  }

  /** Health: down (with the reason) while no dataset version exists; otherwise what the runner is doing. */
  async datasetHealth(): Promise<{ status: 'up' | 'down'; detail: string }> {
    const job = this.running?.job;
    const doing = job ? `update ${job.id}: ${job.progress.phase} ${job.progress.processed}${job.progress.total ? `/${job.progress.total}` : ''} entries` : undefined;
    const current = await this.store.current();
    if (current) return { status: 'up', detail: doing ?? `serving ${current.version}` };
    if (doing) return { status: 'down', detail: `no dataset yet; ${doing}` };
    const last = (await this.jobs.list(1))[0];
    return {
      status: 'down',
      detail: last?.error ? `no dataset yet; the last update failed: ${last.error.message}` : 'no dataset yet; start an update (POST /api/admin/dataset/update or npm run db:update -- --file <path>)',
    };
  }

  /** The job in progress, if any. */
  current(): UpdateJob | undefined {
    return this.running?.job;
  }

  async get(id?: string): Promise<UpdateJob> {
    const job = id ? (this.running?.job.id === id ? this.running.job : await this.jobs.get(id)) : (this.running?.job ?? (await this.jobs.list(1))[0]);
    if (!job) throw new NotFoundError(id ? `No update job "${id}"` : 'No update job has run yet');
    return job;
  }

  list(limit: number): Promise<UpdateJob[]> {
    return this.jobs.list(limit);
  }

  /** Starts a job and returns it at once; a second start while one runs is a CONFLICT naming it. */
  async start(kind: UpdateJob['kind'], options: { source?: string; force?: boolean }): Promise<UpdateJob> {
    // Only ANIME_DB_SOURCE or what ANIME_DB_SOURCE_ALLOW names (ForbiddenError otherwise), before any job exists.
    const allowed = await this.sources.check(options.source);
    if (this.running) {
      throw new ConflictError(`Update job ${this.running.job.id} is still ${this.running.job.state}; wait for it or follow its progress`, {
        details: { jobId: this.running.job.id },
      });
    }
    const sourceText = allowed.text;
    const now = new Date();
    const job: UpdateJob = {
      id: `${now.toISOString().replace(/[-:.TZ]/g, '').slice(0, 14)}-${randomBytes(3).toString('hex')}`,
      kind,
      state: 'running',
      source: sourceText,
      progress: { phase: 'starting', processed: 0 },
      createdAt: now.toISOString(),
      startedAt: now.toISOString(),
    };
    await this.jobs.save(job);
    const abort = new AbortController();
    const done = this.execute(job, allowed, options.force ?? false, abort.signal);
    this.running = { job, abort, done };
    return job;
  }

  /** Waits for the job in progress (tests, CLI). */
  async settled(): Promise<void> {
    await this.running?.done;
  }

  private async execute(running: UpdateJob, allowed: AllowedSource, force: boolean, signal: AbortSignal): Promise<void> {
    // Work on a draft: readers see "running" with live progress until the outcome is final.
    const job: UpdateJob = { ...running };
    const timings: Record<string, number> = {};
    let phaseStarted = Date.now();
    let lastPhase = 'starting';
    let lastSave = 0;
    const onProgress = (p: BuildProgress) => {
      if (p.phase !== lastPhase) {
        timings[lastPhase] = (timings[lastPhase] ?? 0) + Date.now() - phaseStarted;
        phaseStarted = Date.now();
        lastPhase = p.phase;
      }
      running.progress = job.progress = { phase: p.phase, processed: p.processed, total: p.total, bytesRead: p.bytesRead, totalBytes: p.totalBytes };
      if (Date.now() - lastSave > PROGRESS_SAVE_MS) {
        lastSave = Date.now();
        void this.jobs.save({ ...running }).catch(() => undefined);
      }
    };
    const onPhase = async (phase: BuildPhase): Promise<void> => {
      onProgress({ phase, processed: job.progress.processed, total: job.progress.total });
      lastSave = Date.now();
      await this.jobs.save({ ...running });
      if (this.env.INGEST_PAUSE_AT_PHASE === phase) {
        this.logger.warn({ jobId: job.id, phase }, 'INGEST_PAUSE_AT_PHASE: update job holding until the process is killed');
        await new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true }));
      }
    };
    try {
      const { source, fetchImpl } = allowed;
      const previous = await this.store.current();
      if (job.kind === 'smart' && previous && source.kind === 'url') {
        const remote = await checkRemoteRelease(source.url, { signal, etag: previous.etag, fetchImpl });
        if (remote.notModified || (remote.lastUpdate && remote.lastUpdate <= previous.lastUpdate)) {
          Object.assign(job, { state: 'succeeded', outcome: 'up-to-date', version: previous.version, counts: previous.counts });
          return;
        }
      }
      const result = await buildDatasetVersion({
        store: this.store,
        source,
        sourceLabel: describeReleaseSource(source),
        tag: job.id,
        previous,
        limits: this.limits(),
        dryRun: job.kind === 'safety-check',
        force,
        signal,
        fetchImpl,
        onProgress,
        onPhase,
        beforeActivate: async (meta, changes) => {
          const report = await this.embed.run(meta, changes, (p) => onProgress({ phase: 'embed', processed: p.processed, total: p.total }), signal);
          job.vectors = report ?? { skipped: this.embed.status().detail };
        },
      });
      Object.assign(job, { state: 'succeeded', outcome: result.outcome, version: result.meta.version, counts: result.meta.counts, safety: result.safety });
      if (result.outcome === 'rejected') {
        job.state = 'failed';
        job.error = {
          code: 'SAFETY_CHECK_FAILED',
          message: `The new release failed safety checks and was not activated: ${result.safety.filter((c) => !c.ok).map((c) => c.detail).join('; ')}. Re-run with force to override.`,
        };
      }
      if (result.outcome === 'activated') {
        this.publish(result.meta, 'update');
        await this.store.prune(this.env.KEEP_VERSIONS);
      }
    } catch (error) {
      job.state = 'failed';
      job.error = jobError(error);
      this.logger.error({ err: error, jobId: job.id }, 'dataset update failed');
    } finally {
      timings[lastPhase] = (timings[lastPhase] ?? 0) + Date.now() - phaseStarted;
      job.timings = timings;
      job.finishedAt = new Date().toISOString();
      await this.jobs.save({ ...job });
      // Only now may the next job start, and readers see the outcome.
      if (this.running?.job === running) this.running = undefined;
      this.logger.info({ jobId: job.id, kind: job.kind, state: job.state, outcome: job.outcome, version: job.version, counts: job.counts }, 'dataset update finished');
    }
  }

  /** Makes an older stored version current again and announces it. */
  async rollback(version?: string): Promise<DatasetVersionMeta> {
    if (this.running) throw new ConflictError(`Update job ${this.running.job.id} is running; roll back after it finishes`);
    const current = await this.store.current();
    const versions = await this.store.list();
    const target = version ? versions.find((v) => v.version === version) : versions.find((v) => v.version !== current?.version && v.createdAt < (current?.createdAt ?? '~'));
    if (!target) throw new NotFoundError(version ? `No stored dataset version "${version}"` : 'No older dataset version is stored to roll back to');
    await this.store.setCurrent(target.version);
    await this.embed.activate(target.version).catch((error: unknown) => this.logger.error({ err: error, version: target.version }, 'vector alias switch failed on rollback'));
    this.publish(target, 'rollback');
    return target;
  }

  private publish(meta: DatasetVersionMeta, reason: 'update' | 'rollback'): void {
    this.events.publish(DatasetPublishedEvent, { version: meta.version, lastUpdate: meta.lastUpdate, counts: meta.counts, reason });
  }

  /** The source policy (check-updates uses it too). */
  get sourcePolicy(): DatasetSourcePolicy {
    return this.sources;
  }

  private limits(): SafetyLimits {
    return {
      maxQuarantineShare: this.env.SAFETY_MAX_QUARANTINE_SHARE,
      maxDropShare: this.env.SAFETY_MAX_DROP_SHARE,
      maxChurnShare: this.env.SAFETY_MAX_CHURN_SHARE,
    };
  }
}

/** A job's error record: typed codes for what the operator must tell apart. */
function jobError(error: unknown): NonNullable<UpdateJob['error']> {
  if (error instanceof AppError) return { code: error.code, message: error.message };
  // A damaged file (RELEASE_MALFORMED) is not an unreachable source (SOURCE_UNAVAILABLE).
  if (error instanceof MalformedReleaseError) return { code: error.code, message: error.message };
  if (error instanceof ReleaseReadError) return { code: 'SOURCE_UNAVAILABLE', message: error.message };
  return { code: 'FAILED', message: error instanceof Error ? error.message : String(error) };
}
