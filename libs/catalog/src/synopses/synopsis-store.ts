import { createReadStream } from 'node:fs';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { PlatformSchema, type Platform } from '@anime/contracts';
import { z } from 'zod';

/** One stored synopsis with its provenance (one value per source key and language). */
export const SynopsisRecordSchema = z
  .object({
    key: z.string().min(3).describe('Source key of the platform entry the text belongs to ("mal:1535"): the identity across dataset versions.'),
    id: z.string().min(3).describe('Catalog id the key resolved to when the text was stored (ids are stable; a later version may redirect it).'),
    source: PlatformSchema.describe('Platform the text came from.'),
    sourceUrl: z.string().url().describe('Page of that platform the text was taken from.'),
    language: z.string().regex(/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/).describe('BCP 47 language tag of the text.'),
    synopsis: z.string().min(1).describe('The text.'),
    fetchedAt: z.string().datetime({ offset: true }).describe('When the text was fetched from the source.'),
  })
  .strict();
export type SynopsisRecord = z.infer<typeof SynopsisRecordSchema>;

/** What the store says about itself; `revision` changes with every write (the catalog rebuilds on it). */
const SynopsisStoreMetaSchema = z.object({
  revision: z.string().min(1),
  updatedAt: z.string(),
  records: z.number().int().nonnegative(),
  /** Distinct catalog ids with at least one synopsis. */
  entries: z.number().int().nonnegative(),
});
export type SynopsisStoreMeta = z.infer<typeof SynopsisStoreMetaSchema>;

/**
 * Which source's text an entry shows when several have one (D27): AniList, then MyAnimeList
 * (Jikan), then Kitsu, then the other platforms in id priority; within one source and language
 * the newest fetch replaced the older one when it was stored.
 */
export const SYNOPSIS_SOURCE_PRIORITY: readonly Platform[] = [
  'anilist',
  'myanimelist',
  'kitsu',
  'anidb',
  'anisearch',
  'livechart',
  'simkl',
  'anime-planet',
  'notify-moe',
  'animecountdown',
  'animenewsnetwork',
];
const RANK = new Map(SYNOPSIS_SOURCE_PRIORITY.map((p, i) => [p, i]));

/** The record an entry shows for `language` (first its exact language, then its primary subtag), by D27's rule. */
export function chooseSynopsis(records: readonly SynopsisRecord[], language = 'en'): SynopsisRecord | undefined {
  const primary = language.split('-')[0];
  const pool = records.filter((r) => r.language === language);
  const candidates = pool.length ? pool : records.filter((r) => r.language.split('-')[0] === primary);
  let best: SynopsisRecord | undefined;
  for (const r of candidates) {
    if (!best) best = r;
    else {
      const byRank = (RANK.get(r.source) ?? 99) - (RANK.get(best.source) ?? 99);
      if (byRank < 0 || (byRank === 0 && r.fetchedAt > best.fetchedAt)) best = r;
    }
  }
  return best;
}

/** Identity of a stored value: one text per platform entry and language. */
export const recordKey = (r: Pick<SynopsisRecord, 'key' | 'language'>): string => `${r.key}|${r.language}`;

/**
 * Synopses with provenance, beside the dataset versions (`<DATA_DIR>/synopses`): `synopses.jsonl`
 * (one {@link SynopsisRecord} a line) and `meta.json`. They are keyed by source key, not by
 * dataset version, so they carry across versions; each write replaces both files by rename
 * (readers never see half a file), data first, then the meta whose revision readers poll.
 */
export class FileSynopsisStore {
  readonly root: string;

  constructor(dataDir: string) {
    this.root = join(dataDir, 'synopses');
  }

  async meta(): Promise<SynopsisStoreMeta | undefined> {
    try {
      // Parsed, not cast: a damaged meta.json fails loudly here instead of as a wrong revision later.
      return SynopsisStoreMetaSchema.parse(JSON.parse(await readFile(join(this.root, 'meta.json'), 'utf8')));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  /** Streams every record, validating each line (a corrupt file fails loudly). */
  async *records(): AsyncGenerator<SynopsisRecord> {
    const file = join(this.root, 'synopses.jsonl');
    const present = await stat(file).then(
      () => true,
      (error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? false : Promise.reject(error)),
    );
    if (!present) return;
    let n = 0;
    for await (const line of createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity })) {
      n++;
      if (!line) continue;
      const parsed = SynopsisRecordSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`synopsis store is corrupt at line ${n}: ${parsed.error.issues[0]?.message}`);
      yield parsed.data;
    }
  }

  /** Every record by {@link recordKey}. */
  async load(): Promise<Map<string, SynopsisRecord>> {
    const all = new Map<string, SynopsisRecord>();
    for await (const r of this.records()) all.set(recordKey(r), r);
    return all;
  }

  /** Replaces the stored records (atomically) and bumps the revision. */
  async replace(records: Iterable<SynopsisRecord>, now: Date): Promise<SynopsisStoreMeta> {
    await mkdir(this.root, { recursive: true });
    const lines: string[] = [];
    const ids = new Set<string>();
    for (const r of records) {
      lines.push(JSON.stringify(r));
      ids.add(r.id);
    }
    const tmp = join(this.root, `synopses.jsonl.${process.pid}.tmp`);
    await writeFile(tmp, lines.length ? `${lines.join('\n')}\n` : '');
    await rename(tmp, join(this.root, 'synopses.jsonl'));
    const meta: SynopsisStoreMeta = { revision: `${now.getTime().toString(36)}-${process.pid.toString(36)}`, updatedAt: now.toISOString(), records: lines.length, entries: ids.size };
    const metaTmp = join(this.root, `meta.json.${process.pid}.tmp`);
    await writeFile(metaTmp, JSON.stringify(meta, null, 2));
    await rename(metaTmp, join(this.root, 'meta.json'));
    return meta;
  }
}
