/**
 * Operator CLI: build and activate a dataset version from a URL or local file, with a progress bar.
 *   npm run db:update -- --file ../anime-offline-database-minified.json
 *   npm run db:update -- --url https://…/anime-offline-database.jsonl.zst --kind safety-check
 * Running services pick the new version up within CATALOG_RELOAD_POLL_MS (default 30 s).
 */
import { parseArgs } from 'node:util';
import { SingleBar, Presets } from 'cli-progress';
import { buildDatasetVersion, describeReleaseSource, FileDatasetStore, parseReleaseSource, type BuildProgress } from '@anime/catalog';
import { createLogger } from '@anime/platform-observability';
import { EmbedStage } from '../embed/embed.stage';
import { IngestEnvSchema } from '../ingest.env';

const HELP = `Usage: npm run db:update -- (--file <path> | --url <url>) [--kind incremental|full|safety-check] [--force] [--data-dir ./data] [--json]

  --file, --url   the release to read (.json, .jsonl, .zst, .gz); default: ANIME_DB_SOURCE
  --kind          incremental (default) carries ids over; full rebuilds; safety-check builds and checks only
  --force         activate even if a safety check fails
  --data-dir      where versions are stored (default: DATA_DIR or ./data)
  --json          print the result as JSON (no progress bar)`;

/** Runs the db:update command; resolves with the process exit code. */
export async function runDbUpdate(argv: string[], env: Record<string, string | undefined>): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      file: { type: 'string' },
      url: { type: 'string' },
      kind: { type: 'string', default: 'incremental' },
      force: { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const sourceText = values.file ?? values.url ?? env['ANIME_DB_SOURCE'];
  if (!sourceText) {
    process.stderr.write(`Give --file <path> or --url <url> (or set ANIME_DB_SOURCE).\n\n${HELP}\n`);
    return 2;
  }
  if (!['incremental', 'full', 'safety-check'].includes(values.kind ?? '')) {
    process.stderr.write(`--kind must be incremental, full or safety-check (got "${values.kind}")\n`);
    return 2;
  }
  const dataDir = values['data-dir'] ?? env['DATA_DIR'] ?? './data';
  const store = new FileDatasetStore(dataDir);
  // The same embed stage as update jobs (EMBEDDINGS, CLIP_MODEL, IMAGE_HOSTS_ALLOW, QDRANT_URL…).
  const ingestEnv = IngestEnvSchema.parse({ ...env, DATA_DIR: dataDir });
  const embed = new EmbedStage(ingestEnv, store, createLogger({ service: 'db-update', level: 'warn', destinationFd: 2 }));
  await embed.onApplicationBootstrap();
  const source = parseReleaseSource(sourceText);
  const previous = await store.current();
  const bar = values.json || !process.stderr.isTTY ? undefined : new SingleBar({ format: ' {phase} |{bar}| {value}/{total} entries | {eta_formatted} left', hideCursor: true, stream: process.stderr }, Presets.shades_classic);
  bar?.start(1, 0, { phase: 'read'.padEnd(8) });
  let lastLog = 0;
  const onProgress = (p: BuildProgress): void => {
    // While reading, the total is only known in bytes: estimate entries from bytes read.
    const total = p.total ?? (p.totalBytes && p.bytesRead ? Math.max(p.processed, Math.round((p.processed * p.totalBytes) / p.bytesRead)) : p.processed + 1);
    bar?.setTotal(total);
    bar?.update(p.processed, { phase: p.phase.padEnd(8) });
    if (!bar && !values.json && Date.now() - lastLog > 2000) {
      lastLog = Date.now();
      process.stderr.write(`${p.phase}: ${p.processed}${p.total ? `/${p.total}` : ''} entries\n`);
    }
  };
  const result = await buildDatasetVersion({
    store,
    source,
    sourceLabel: describeReleaseSource(source),
    tag: `cli-${Date.now()}`,
    previous,
    // The same limits as update jobs (SAFETY_MAX_*; defaults DEFAULT_SAFETY_LIMITS).
    limits: { maxQuarantineShare: ingestEnv.SAFETY_MAX_QUARANTINE_SHARE, maxDropShare: ingestEnv.SAFETY_MAX_DROP_SHARE, maxChurnShare: ingestEnv.SAFETY_MAX_CHURN_SHARE },
    dryRun: values.kind === 'safety-check',
    force: values.force,
    onProgress,
    beforeActivate: async (meta, changes) => {
      await embed.run(meta, changes, (p) => onProgress({ phase: 'embed', processed: p.processed, total: p.total }));
    },
  }).finally(() => embed.onModuleDestroy());
  bar?.stop();
  if (!values.json && result.outcome === 'activated') process.stderr.write(`vectors: ${embed.status().on ? `computed with ${embed.status().detail}` : `none (${embed.status().detail})`}\n`);
  if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else {
    const { counts } = result.meta;
    const unchanged = result.outcome === 'unchanged';
    process.stdout.write(
      [
        `${result.outcome.toUpperCase()}: dataset ${result.meta.version} (release ${result.meta.lastUpdate}) from ${result.meta.source}`,
        unchanged
          ? `  the release is identical to the current version (${counts.entries} entries); nothing to do`
          : `  entries ${counts.entries}, quarantined ${counts.quarantined}; added ${counts.added}, changed ${counts.changed}, removed ${counts.removed}`,
        ...result.safety.map((c) => `  ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`),
        result.outcome === 'rejected' ? '  Not activated. Re-run with --force to override the safety checks.' : '',
      ]
        .filter(Boolean)
        .join('\n') + '\n',
    );
  }
  return result.outcome === 'rejected' ? 1 : 0;
}

