import { z } from 'zod';
import { parseSourceUrl, sourceKey } from '../identity/source-url';
import { FileSynopsisStore, recordKey, type SynopsisRecord, type SynopsisStoreMeta } from './synopsis-store';

/**
 * One line of an offline synopsis file: `{source: <platform URL>, synopsis, language?, fetchedAt?}`.
 * Unknown fields are refused (a renamed field must not silently import nothing).
 */
export const SynopsisLineSchema = z
  .object({
    source: z.string().url().describe('Platform page the text belongs to (MAL, AniList, Kitsu, … URL).'),
    synopsis: z.string().trim().min(1).max(20_000).describe('The synopsis text.'),
    language: z
      .string()
      .regex(/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/)
      .default('en')
      .describe('BCP 47 tag of the text; default en.'),
    fetchedAt: z.string().datetime({ offset: true }).optional().describe('When the text was fetched; default the file-level fetch time.'),
  })
  .strict();

/** Resolves a source key to the catalog id (the current dataset version's alias index). */
export interface SynopsisResolver {
  resolve(ref: string): { ok: true; id: string } | { ok: false; notFound: boolean; reason: string };
}

export interface SynopsisImportProgress {
  processed: number;
  bytesRead: number;
}

export interface SynopsisImportOptions {
  store: FileSynopsisStore;
  resolver: SynopsisResolver;
  /** Raw lines of the file (empty lines are skipped). */
  lines: AsyncIterable<string>;
  /** Fetch time for lines that carry none (e.g. the file's modification time). */
  fetchedAt: string;
  now?: () => Date;
  onProgress?: (p: SynopsisImportProgress) => void;
  /** How many unmatched/invalid lines are kept as examples in the report. */
  sampleSize?: number;
}

/** What an import did; every line is in exactly one of the counts after `read`. */
export interface SynopsisImportReport {
  read: number;
  added: number;
  updated: number;
  unchanged: number;
  /** Lines older than the stored text of the same source and language (newest wins). */
  older: number;
  /** Valid lines whose platform entry is not in the current dataset version. */
  unmatched: number;
  invalid: number;
  unmatchedSamples: Array<{ line: number; source: string }>;
  invalidSamples: Array<{ line: number; reason: string }>;
  store: SynopsisStoreMeta;
}

/**
 * Imports synopsis lines into the store: each line's platform URL is mapped to the catalog id
 * through the alias index (every source key of every entry), its text kept with source, URL,
 * language and fetch time. Newest fetch wins per source key and language; unmatched and invalid
 * lines are counted and sampled, never dropped silently.
 */
export async function importSynopses(options: SynopsisImportOptions): Promise<SynopsisImportReport> {
  const now = options.now ?? (() => new Date());
  const sampleSize = options.sampleSize ?? 20;
  const records = await options.store.load();
  const report: Omit<SynopsisImportReport, 'store'> = {
    read: 0,
    added: 0,
    updated: 0,
    unchanged: 0,
    older: 0,
    unmatched: 0,
    invalid: 0,
    unmatchedSamples: [],
    invalidSamples: [],
  };
  const invalid = (line: number, reason: string): void => {
    report.invalid++;
    if (report.invalidSamples.length < sampleSize) report.invalidSamples.push({ line, reason });
  };
  let bytesRead = 0;
  let lineNo = 0;
  for await (const raw of options.lines) {
    lineNo++;
    bytesRead += Buffer.byteLength(raw) + 1;
    if (lineNo % 1000 === 0) options.onProgress?.({ processed: report.read, bytesRead });
    if (!raw.trim()) continue;
    report.read++;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (error) {
      invalid(lineNo, `not JSON: ${(error as Error).message}`);
      continue;
    }
    const parsed = SynopsisLineSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      invalid(lineNo, `${issue?.path.join('.') || 'line'}: ${issue?.message}`);
      continue;
    }
    const line = parsed.data;
    const platformId = parseSourceUrl(line.source);
    if (!platformId) {
      invalid(lineNo, `source: not a page of a known anime platform: ${line.source.slice(0, 200)}`);
      continue;
    }
    const key = sourceKey(platformId.platform, platformId.id);
    const resolved = options.resolver.resolve(key);
    if (!resolved.ok) {
      report.unmatched++;
      if (report.unmatchedSamples.length < sampleSize) report.unmatchedSamples.push({ line: lineNo, source: line.source });
      continue;
    }
    const record: SynopsisRecord = {
      key,
      id: resolved.id,
      source: platformId.platform,
      sourceUrl: line.source,
      language: line.language,
      synopsis: line.synopsis,
      fetchedAt: line.fetchedAt ?? options.fetchedAt,
    };
    const stored = records.get(recordKey(record));
    if (!stored) report.added++;
    else if (stored.fetchedAt > record.fetchedAt) {
      report.older++;
      continue;
    } else if (stored.synopsis === record.synopsis && stored.id === record.id && stored.sourceUrl === record.sourceUrl) {
      report.unchanged++;
      // The same text fetched again: keep the newer fetch time.
      if (record.fetchedAt > stored.fetchedAt) records.set(recordKey(record), record);
      continue;
    } else report.updated++;
    records.set(recordKey(record), record);
  }
  options.onProgress?.({ processed: report.read, bytesRead });
  const store = await options.store.replace(
    [...records.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.language < b.language ? -1 : 1)),
    now(),
  );
  return { ...report, store };
}
