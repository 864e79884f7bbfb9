// Child process of the benchmark: one ingest run, so its peak RSS is its own.
import { buildDatasetVersion, FileDatasetStore } from '@anime/catalog';

async function main(): Promise<void> {
  const [file, dataDir] = process.argv.slice(2) as [string, string];
  const store = new FileDatasetStore(dataDir);
  const previous = await store.current();
  const started = performance.now();
  const result = await buildDatasetVersion({
    store,
    source: { kind: 'file', path: file },
    sourceLabel: file,
    tag: `bench-${process.pid}`,
    previous,
    force: true,
  });
  const ms = performance.now() - started;
  process.stdout.write(
    JSON.stringify({ ms: Math.round(ms), maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024), outcome: result.outcome, counts: result.meta.counts }),
  );
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
