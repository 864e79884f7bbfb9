export { IngestModule } from './ingest.module';
export { IngestEnvSchema } from './ingest.env';
export type { IngestEnv } from './ingest.env';
export { UpdateJobRunner } from './update-job.runner';
export { FileJobStore, RedisJobStore } from './job-store';
export type { JobStore } from './job-store';
export { runDbUpdate } from './cli/db-update.command';
