/**
 * Operator CLI: import synopses from a local JSONL file into the synopsis store, with progress.
 *   npm run db:enrich -- --file ./synopses.jsonl
 * The catalog service rebuilds its plot index when the store's revision changes.
 */
import { parseArgs } from 'node:util';
import { SingleBar, Presets } from 'cli-progress';
import { ImportSynopsesUseCase } from '../synopses/import-synopses.usecase';

const HELP = `Usage: npm run db:enrich -- --file <synopses.jsonl> [--fetched-at <ISO time>] [--data-dir ./data] [--json]

  --file         JSONL, one {"source": <platform URL>, "synopsis": "...", "language"?: "en", "fetchedAt"?: ISO} a line
  --fetched-at   fetch time for lines without fetchedAt (default: the file's modification time)
  --data-dir     where dataset versions and the synopsis store live (default: DATA_DIR or ./data)
  --json         print the report as JSON (no progress bar)`;

/** Runs the db:enrich command; resolves with the process exit code. */
export async function runDbEnrich(argv: string[], env: Record<string, string | undefined>): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      file: { type: 'string' },
      'fetched-at': { type: 'string' },
      'data-dir': { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (!values.file) {
    process.stderr.write(`Give --file <path>.\n\n${HELP}\n`);
    return 2;
  }
  const fetchedAt = values['fetched-at'];
  if (fetchedAt !== undefined && Number.isNaN(Date.parse(fetchedAt))) {
    process.stderr.write(`--fetched-at must be an ISO date-time (got "${fetchedAt}")\n`);
    return 2;
  }
  const bar = values.json || !process.stderr.isTTY ? undefined : new SingleBar({ format: ' import |{bar}| {percentage}% | {value} lines | {eta_formatted} left', hideCursor: true, stream: process.stderr }, Presets.shades_classic);
  let lastLog = 0;
  let started = false;
  const result = await new ImportSynopsesUseCase().execute({
    dataDir: values['data-dir'] ?? env['DATA_DIR'] ?? './data',
    file: values.file,
    ...(fetchedAt ? { fetchedAt: new Date(fetchedAt).toISOString() } : {}),
    onProgress: (p) => {
      if (bar) {
        if (!started) bar.start(p.totalBytes, 0);
        started = true;
        bar.setTotal(p.totalBytes);
        bar.update(Math.min(p.bytesRead, p.totalBytes), { value: p.processed });
      } else if (!values.json && Date.now() - lastLog > 2000) {
        lastLog = Date.now();
        process.stderr.write(`import: ${p.processed} lines (${Math.round((100 * p.bytesRead) / Math.max(1, p.totalBytes))}%)\n`);
      }
    },
  });
  bar?.stop();
  if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else {
    process.stdout.write(
      [
        `IMPORTED: ${result.read} lines from ${result.file} against dataset ${result.datasetVersion} (fetchedAt default ${result.fetchedAt})`,
        `  added ${result.added}, updated ${result.updated}, unchanged ${result.unchanged}, older than stored ${result.older}`,
        `  unmatched ${result.unmatched} (no catalog entry for the URL), invalid ${result.invalid}`,
        ...result.unmatchedSamples.slice(0, 5).map((s) => `    unmatched line ${s.line}: ${s.source}`),
        ...result.invalidSamples.slice(0, 5).map((s) => `    invalid line ${s.line}: ${s.reason}`),
        `  store: ${result.store.records} synopses for ${result.store.entries} entries (revision ${result.store.revision})`,
      ].join('\n') + '\n',
    );
  }
  return 0;
}
