import { Injectable } from '@nestjs/common';
import { IngestContracts, SourceUnavailableError, type RpcOutput, type RpcParsedRequest } from '@anime/contracts';
import { ReleaseReadError, checkRemoteRelease, readRelease } from '@anime/catalog';
import { RpcHandler, type HandlerContext } from '@anime/platform-messaging';
import { UpdateScheduler } from './update.scheduler';
import { UpdateJobRunner } from './update-job.runner';

type C = typeof IngestContracts;

/** `ingest.v1.*`: the admin operations on the dataset (the gateway exposes them under /api/admin). */
@Injectable()
export class IngestHandlers {
  constructor(
    private readonly runner: UpdateJobRunner,
    private readonly scheduler: UpdateScheduler,
  ) {}

  @RpcHandler(IngestContracts.checkUpdates)
  async checkUpdates(request: RpcParsedRequest<C['checkUpdates']>, ctx: HandlerContext): Promise<RpcOutput<C['checkUpdates']>> {
    // The same allow-list and address policy as updates: check-updates reads the file's head too.
    const { text: sourceText, source, fetchImpl } = await this.runner.sourcePolicy.check(request.source);
    const current = await this.runner.store.current();
    if (source.kind === 'file') {
      // A local file: reading its head is cheap, so compare its lastUpdate directly.
      let lastUpdate: string | undefined;
      try {
        for await (const item of readRelease(source, { signal: ctx.signal })) {
          if (item.type === 'meta' && typeof item.meta['lastUpdate'] === 'string') lastUpdate = item.meta['lastUpdate'];
          if (lastUpdate || item.type === 'entry') break;
        }
      } catch (error) {
        throw toSourceError(error);
      }
      return {
        source: sourceText,
        current: current ? { version: current.version, lastUpdate: current.lastUpdate } : null,
        remote: lastUpdate ? { lastUpdate } : {},
        updateAvailable: lastUpdate ? !current || lastUpdate > current.lastUpdate : 'unknown',
      };
    }
    try {
      const remote = await checkRemoteRelease(source.url, { signal: ctx.signal, etag: current?.etag, fetchImpl });
      return {
        source: sourceText,
        current: current ? { version: current.version, lastUpdate: current.lastUpdate } : null,
        remote: { lastUpdate: remote.lastUpdate, etag: remote.etag, contentLength: remote.contentLength },
        updateAvailable: remote.notModified ? false : remote.lastUpdate ? !current || remote.lastUpdate > current.lastUpdate : 'unknown',
      };
    } catch (error) {
      throw toSourceError(error);
    }
  }

  @RpcHandler(IngestContracts.startUpdate)
  async startUpdate(request: RpcParsedRequest<C['startUpdate']>): Promise<RpcOutput<C['startUpdate']>> {
    return { job: await this.runner.start(request.kind, { source: request.source, force: request.force }) };
  }

  @RpcHandler(IngestContracts.getJob)
  async getJob(request: RpcParsedRequest<C['getJob']>): Promise<RpcOutput<C['getJob']>> {
    return { job: await this.runner.get(request.id) };
  }

  @RpcHandler(IngestContracts.listJobs)
  async listJobs(request: RpcParsedRequest<C['listJobs']>): Promise<RpcOutput<C['listJobs']>> {
    return { jobs: await this.runner.list(request.limit) };
  }

  @RpcHandler(IngestContracts.listVersions)
  async listVersions(): Promise<RpcOutput<C['listVersions']>> {
    const current = (await this.runner.store.current())?.version;
    return {
      versions: (await this.runner.store.list()).map((v) => ({
        version: v.version,
        lastUpdate: v.lastUpdate,
        source: v.source,
        createdAt: v.createdAt,
        counts: v.counts,
        current: v.version === current,
      })),
    };
  }

  @RpcHandler(IngestContracts.rollback)
  async rollback(request: RpcParsedRequest<C['rollback']>): Promise<RpcOutput<C['rollback']>> {
    const v = await this.runner.rollback(request.version);
    return { version: { version: v.version, lastUpdate: v.lastUpdate, source: v.source, createdAt: v.createdAt, counts: v.counts, current: true } };
  }

  @RpcHandler(IngestContracts.quarantine)
  async quarantine(request: RpcParsedRequest<C['quarantine']>): Promise<RpcOutput<C['quarantine']>> {
    const version = request.version ?? (await this.runner.store.current())?.version;
    if (!version) return { version: null, total: 0, entries: [] };
    const entries: RpcOutput<C['quarantine']>['entries'] = [];
    let total = 0;
    for await (const q of this.runner.store.quarantined(version)) {
      total++;
      if (entries.length < request.limit) entries.push({ index: q.index, reason: q.reason, title: q.title, sample: q.sample });
    }
    return { version, total, entries };
  }

  @RpcHandler(IngestContracts.getSchedule)
  getSchedule(): RpcOutput<C['getSchedule']> {
    return this.scheduler.describe();
  }

  @RpcHandler(IngestContracts.setSchedule)
  async setSchedule(request: RpcParsedRequest<C['setSchedule']>): Promise<RpcOutput<C['setSchedule']>> {
    return this.scheduler.set(request.cron, request.kind);
  }
}

function toSourceError(error: unknown): Error {
  if (error instanceof ReleaseReadError) return new SourceUnavailableError(error.message, { details: error.details, cause: error });
  return error as Error;
}
