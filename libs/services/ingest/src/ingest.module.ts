import { Module, type DynamicModule, type OnApplicationShutdown, Inject } from '@nestjs/common';
import { FileDatasetStore } from '@anime/catalog';
import { serviceHealthProvider } from '@anime/platform-runtime';
import { EmbedStage } from './embed/embed.stage';
import { INGEST_ENV, type IngestEnv } from './ingest.env';
import { IngestHandlers } from './ingest.handlers';
import { DatasetSourcePolicy } from './source/dataset-source.policy';
import { FileJobStore, RedisJobStore, type JobStore } from './job-store';
import { DATASET_STORE, JOB_STORE } from './tokens';
import { UpdateScheduler } from './update.scheduler';
import { UpdateJobRunner } from './update-job.runner';

/**
 * Downloads, validates, diffs and publishes the anime-offline-database as dataset versions;
 * update jobs with progress, safety checks, rollback and a schedule. Serves `ingest.v1.*`,
 * emits `ingest.v1.dataset.published`.
 */
@Module({})
export class IngestModule implements OnApplicationShutdown {
  constructor(@Inject(JOB_STORE) private readonly jobs: JobStore) {}

  static forRoot(env: IngestEnv): DynamicModule {
    return {
      module: IngestModule,
      providers: [
        { provide: INGEST_ENV, useValue: env },
        { provide: DATASET_STORE, useValue: new FileDatasetStore(env.DATA_DIR) },
        { provide: JOB_STORE, useFactory: (): JobStore => (env.REDIS_URL ? new RedisJobStore(env.REDIS_URL) : new FileJobStore(env.DATA_DIR)) },
        { provide: DatasetSourcePolicy, useValue: new DatasetSourcePolicy(env.ANIME_DB_SOURCE, env.ANIME_DB_SOURCE_ALLOW) },
        EmbedStage,
        UpdateJobRunner,
        UpdateScheduler,
        IngestHandlers,
        serviceHealthProvider('ingest', [UpdateJobRunner, EmbedStage], (runner: UpdateJobRunner, embed: EmbedStage) => [
          { name: 'dataset', run: () => runner.datasetHealth() },
          {
            name: 'embeddings',
            run: () => {
              const status = embed.status();
              return { status: 'up', detail: status.on ? status.detail : `updates compute no vectors: ${status.detail}` };
            },
          },
        ]),
      ],
      exports: [UpdateJobRunner],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.jobs.close();
  }
}
