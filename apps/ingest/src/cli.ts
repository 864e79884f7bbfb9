/**
 * Operator CLI: build and activate a dataset version from a URL or local file, with a progress bar.
 *   npm run db:update -- --file ../anime-offline-database-minified.json
 *   npm run db:update -- --url https://…/anime-offline-database.jsonl.zst --kind safety-check
 */
import { runDbUpdate } from '@anime/service-ingest';

runDbUpdate(process.argv.slice(2), process.env).then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`db:update failed: ${error.message}\n`);
    process.exit(1);
  },
);
