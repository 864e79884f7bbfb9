import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { NotReadyError, type Anime } from '@anime/contracts';
import { AliasIndex, FileDatasetStore, FileSynopsisStore, importSynopses, type SynopsisImportProgress, type SynopsisImportReport } from '@anime/catalog';

export interface ImportSynopsesCommand {
  dataDir: string;
  /** Local JSONL file of `{source, synopsis, language?, fetchedAt?}` lines. */
  file: string;
  /** Fetch time of lines that carry none; default the file's modification time. */
  fetchedAt?: string;
  onProgress?: (p: SynopsisImportProgress & { totalBytes: number }) => void;
}

export type ImportSynopsesResult = SynopsisImportReport & { datasetVersion: string; file: string; fetchedAt: string };

/**
 * Offline synopsis import (`npm run db:enrich`, `ingest.v1.synopses.import`): maps every line to
 * the current dataset version's ids through its alias index and merges it into the synopsis store.
 */
export class ImportSynopsesUseCase {
  async execute(command: ImportSynopsesCommand): Promise<ImportSynopsesResult> {
    const datasets = new FileDatasetStore(command.dataDir);
    const current = await datasets.current();
    if (!current) throw new NotReadyError('No dataset version is stored yet: synopses are mapped to catalog ids, so load a dataset first (npm run db:update -- --file <release>).');
    const entries: Array<Pick<Anime, 'id' | 'platformIds'>> = [];
    for await (const anime of datasets.entries(current.version)) entries.push({ id: anime.id, platformIds: anime.platformIds });
    const aliases = new AliasIndex(entries, new Map(Object.entries(current.redirects)));
    const info = await stat(command.file);
    const fetchedAt = command.fetchedAt ?? info.mtime.toISOString();
    const report = await importSynopses({
      store: new FileSynopsisStore(command.dataDir),
      resolver: aliases,
      fetchedAt,
      lines: createInterface({ input: createReadStream(command.file, 'utf8'), crlfDelay: Infinity }),
      onProgress: (p) => command.onProgress?.({ ...p, totalBytes: info.size }),
    });
    return { ...report, datasetVersion: current.version, file: command.file, fetchedAt };
  }
}
