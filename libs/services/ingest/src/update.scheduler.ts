import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Cron } from 'croner';
import { ValidationError, type UpdateJob } from '@anime/contracts';
import { LOGGER, type Logger } from '@anime/platform-observability';
import { INGEST_ENV, type IngestEnv } from './ingest.env';
import type { JobStore } from './job-store';
import { JOB_STORE } from './tokens';
import { UpdateJobRunner } from './update-job.runner';

/**
 * Automatic updates on a cron schedule (UTC; the dataset releases weekly). The schedule is stored
 * with the jobs, so it survives restarts; `UPDATE_CRON` only seeds it the first time.
 */
@Injectable()
export class UpdateScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private cron?: Cron;
  private kind: UpdateJob['kind'] = 'smart';

  constructor(
    @Inject(INGEST_ENV) private readonly env: IngestEnv,
    @Inject(JOB_STORE) private readonly jobs: JobStore,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly runner: UpdateJobRunner,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const stored = await this.jobs.getSchedule();
    const schedule = stored ?? (this.env.UPDATE_CRON ? { cron: this.env.UPDATE_CRON, kind: 'smart' as const } : undefined);
    if (schedule?.cron) this.apply(schedule.cron, schedule.kind);
  }

  onModuleDestroy(): void {
    this.cron?.stop();
  }

  describe(): { cron: string | null; kind: UpdateJob['kind']; nextRunAt: string | null } {
    return { cron: this.cron?.getPattern() ?? null, kind: this.kind, nextRunAt: this.cron?.nextRun()?.toISOString() ?? null };
  }

  async set(cron: string | null, kind: UpdateJob['kind']): Promise<{ cron: string | null; kind: UpdateJob['kind']; nextRunAt: string | null }> {
    if (cron === null) {
      this.cron?.stop();
      this.cron = undefined;
    } else {
      this.apply(cron, kind);
    }
    this.kind = kind;
    await this.jobs.setSchedule({ cron, kind });
    return this.describe();
  }

  private apply(pattern: string, kind: UpdateJob['kind']): void {
    let next: Cron;
    try {
      next = new Cron(pattern, { timezone: 'UTC', protect: true }, () => this.fire());
    } catch (error) {
      throw new ValidationError(`Invalid cron "${pattern}": ${(error as Error).message}. Example: "0 4 * * 1" = Mondays 04:00 UTC`);
    }
    this.cron?.stop();
    this.cron = next;
    this.kind = kind;
    this.logger.info({ cron: pattern, kind, nextRunAt: next.nextRun()?.toISOString() }, 'update schedule set');
  }

  private fire(): void {
    this.runner.start(this.kind, {}).catch((error: unknown) => this.logger.warn({ err: error }, 'scheduled update skipped'));
  }
}
