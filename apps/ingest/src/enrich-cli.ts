/**
 * Operator CLI: import synopses (offline JSONL) into the synopsis store beside the dataset versions.
 *   npm run db:enrich -- --file ./synopses.jsonl
 */
import { runDbEnrich } from '@anime/service-ingest';

runDbEnrich(process.argv.slice(2), process.env).then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`db:enrich failed: ${error.message}\n`);
    process.exit(1);
  },
);
