import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Redis from 'ioredis';
import { UpdateJobSchema, type UpdateJob } from '@anime/contracts';

/** Where update jobs (and the schedule) live, so they survive a restart. */
export interface JobStore {
  save(job: UpdateJob): Promise<void>;
  get(id: string): Promise<UpdateJob | undefined>;
  /** Newest first. */
  list(limit: number): Promise<UpdateJob[]>;
  getSchedule(): Promise<{ cron: string | null; kind: UpdateJob['kind'] } | undefined>;
  setSchedule(schedule: { cron: string | null; kind: UpdateJob['kind'] }): Promise<void>;
  close(): Promise<void>;
}

/** Embedded mode: one JSON file per job under `<DATA_DIR>/catalog/jobs`, replaced atomically. */
export class FileJobStore implements JobStore {
  private readonly dir: string;
  constructor(dataDir: string) {
    this.dir = join(dataDir, 'catalog', 'jobs');
  }

  /** The last save of each job: saves of one job run in call order (a progress save must never land after the phase save that followed it). */
  private readonly saving = new Map<string, Promise<void>>();

  save(job: UpdateJob): Promise<void> {
    const text = JSON.stringify(job);
    const previous = this.saving.get(job.id) ?? Promise.resolve();
    const next = previous
      .catch(() => undefined)
      .then(async () => {
        await mkdir(this.dir, { recursive: true });
        const tmp = join(this.dir, `.${job.id}.${process.pid}.tmp`);
        await writeFile(tmp, text);
        await rename(tmp, join(this.dir, `${job.id}.json`));
      });
    this.saving.set(job.id, next);
    void next.finally(() => {
      if (this.saving.get(job.id) === next) this.saving.delete(job.id);
    }).catch(() => undefined);
    return next;
  }

  async get(id: string): Promise<UpdateJob | undefined> {
    if (!/^[a-z0-9-]+$/.test(id)) return undefined;
    try {
      return UpdateJobSchema.parse(JSON.parse(await readFile(join(this.dir, `${id}.json`), 'utf8')));
    } catch {
      return undefined;
    }
  }

  async list(limit: number): Promise<UpdateJob[]> {
    const names = (await readdir(this.dir).catch(() => [] as string[])).filter((n) => n.endsWith('.json') && !n.startsWith('.'));
    // Job ids start with a sortable timestamp.
    const newest = names.sort().reverse().slice(0, limit);
    const jobs = await Promise.all(newest.map((n) => this.get(n.replace(/\.json$/, ''))));
    return jobs.filter((j): j is UpdateJob => j !== undefined);
  }

  async getSchedule(): Promise<{ cron: string | null; kind: UpdateJob['kind'] } | undefined> {
    try {
      return JSON.parse(await readFile(join(this.dir, '..', 'schedule.json'), 'utf8')) as { cron: string | null; kind: UpdateJob['kind'] };
    } catch {
      return undefined;
    }
  }

  async setSchedule(schedule: { cron: string | null; kind: UpdateJob['kind'] }): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const tmp = join(this.dir, '..', `.schedule.${process.pid}.tmp`);
    await writeFile(tmp, JSON.stringify(schedule));
    await rename(tmp, join(this.dir, '..', 'schedule.json'));
  }

  async close(): Promise<void> {
    // Nothing to release: memory and files need no closing.
  }
}

/** Distributed mode: jobs in Redis (hash of job JSON + a sorted index), shared by all replicas. */
export class RedisJobStore implements JobStore {
  private readonly redis: Redis;
  constructor(
    url: string,
    private readonly prefix = 'anime:ingest',
  ) {
    this.redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2, enableOfflineQueue: true });
  }

  async save(job: UpdateJob): Promise<void> {
    await this.redis
      .multi()
      .hset(`${this.prefix}:jobs`, job.id, JSON.stringify(job))
      .zadd(`${this.prefix}:jobs:index`, Date.parse(job.createdAt), job.id)
      .exec();
  }

  async get(id: string): Promise<UpdateJob | undefined> {
    const raw = await this.redis.hget(`${this.prefix}:jobs`, id);
    return raw ? UpdateJobSchema.parse(JSON.parse(raw)) : undefined;
  }

  async list(limit: number): Promise<UpdateJob[]> {
    const ids = await this.redis.zrevrange(`${this.prefix}:jobs:index`, 0, limit - 1);
    if (ids.length === 0) return [];
    const raws = await this.redis.hmget(`${this.prefix}:jobs`, ...ids);
    return raws.filter((r): r is string => r !== null).map((r) => UpdateJobSchema.parse(JSON.parse(r)));
  }

  async getSchedule(): Promise<{ cron: string | null; kind: UpdateJob['kind'] } | undefined> {
    const raw = await this.redis.get(`${this.prefix}:schedule`);
    return raw ? (JSON.parse(raw) as { cron: string | null; kind: UpdateJob['kind'] }) : undefined;
  }

  async setSchedule(schedule: { cron: string | null; kind: UpdateJob['kind'] }): Promise<void> {
    await this.redis.set(`${this.prefix}:schedule`, JSON.stringify(schedule));
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
