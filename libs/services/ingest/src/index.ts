export { IngestModule, IngestEnvSchema } from './ingest.module';
export type { IngestEnv } from './ingest.module';
