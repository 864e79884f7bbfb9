import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { AnimeSchema, type Anime, type DatasetMeta } from '@anime/contracts';
import type { QuarantinedEntry } from '../identity/catalog-entries';

/** What is known about one stored dataset version. */
export interface DatasetVersionMeta {
  version: string;
  lastUpdate: string;
  /** Where the release came from (URL or path). */
  source: string;
  etag?: string;
  /** The job (or CLI run) that built it: after a crash, tells whether that job's switch happened. */
  builtBy?: string;
  createdAt: string;
  /** The version this one was built on (its ids were carried over). */
  basedOn?: string;
  release: DatasetMeta;
  counts: { entries: number; quarantined: number; added: number; changed: number; removed: number; unchanged: number };
  /** Retired id → current id. */
  redirects: Record<string, string>;
}

/** Identity data of a version, for the next update's id carry-over and diff. */
export interface VersionIdentity {
  idByKey: Record<string, string>;
  hashById: Record<string, string>;
}

export interface VersionChanges {
  added: string[];
  changed: string[];
  removed: string[];
}

/** Writes one new version into a temp folder; nothing is visible until `commit`. */
export interface VersionWriter {
  addEntry(anime: Anime): Promise<void>;
  addQuarantined(entry: QuarantinedEntry): Promise<void>;
  /** Moves the finished version into place, staged: not listed and not current until `setCurrent`. */
  commit(meta: DatasetVersionMeta, identity: VersionIdentity, changes: VersionChanges): Promise<void>;
  /** Throws the half-written (or committed but never activated) version away. */
  abort(): Promise<void>;
}

const VERSION_NAME = /^[0-9]{4}-[0-9]{2}-[0-9]{2}-[a-z0-9]{4,16}$/;
/** Marker of a committed version that has never been current (its writer's pid inside). */
const STAGED = '.staged';

/**
 * Dataset versions on disk (`<DATA_DIR>/catalog`): `versions/<version>/{meta.json, entries.jsonl,
 * quarantine.jsonl, identity.json, changes.json}` and `current.json` naming the served version.
 * A version is written to `versions/.tmp-*` and renamed into place; `current.json` is replaced by
 * rename — so a crash at any point leaves the previous version serving. A committed version
 * carries a `.staged` marker until it first becomes current: staged versions are not listed (so
 * not offered for rollback) and a boot's `prune` removes those a dead process left behind (killed
 * while embedding, or before the switch).
 */
export class FileDatasetStore {
  readonly root: string;

  constructor(dataDir: string) {
    this.root = join(dataDir, 'catalog');
  }

  private versionDir(version: string): string {
    if (!VERSION_NAME.test(version)) throw new Error(`not a dataset version name: ${version}`);
    return join(this.root, 'versions', version);
  }

  /** Folder of a stored version (vector files live beside its entries). */
  versionPath(version: string): string {
    return this.versionDir(version);
  }

  async current(): Promise<DatasetVersionMeta | undefined> {
    const pointer = await readJson<{ version: string }>(join(this.root, 'current.json'));
    return pointer ? this.meta(pointer.version) : undefined;
  }

  async meta(version: string): Promise<DatasetVersionMeta | undefined> {
    return readJson<DatasetVersionMeta>(join(this.versionDir(version), 'meta.json'));
  }

  async identity(version: string): Promise<VersionIdentity | undefined> {
    return readJson<VersionIdentity>(join(this.versionDir(version), 'identity.json'));
  }

  async changes(version: string): Promise<VersionChanges | undefined> {
    return readJson<VersionChanges>(join(this.versionDir(version), 'changes.json'));
  }

  /** Stored versions, newest first. */
  async list(): Promise<DatasetVersionMeta[]> {
    const dir = join(this.root, 'versions');
    const names = await readdir(dir).catch(() => [] as string[]);
    const current = (await readJson<{ version: string }>(join(this.root, 'current.json')))?.version;
    const published = await Promise.all(names.map(async (n) => VERSION_NAME.test(n) && (n === current || !(await exists(join(dir, n, STAGED))))));
    const metas = await Promise.all(names.filter((_n, i) => published[i]).map((n) => this.meta(n)));
    return metas.filter((m): m is DatasetVersionMeta => m !== undefined).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  /** Streams the entries of a version, validating each line (a corrupt file fails loudly). */
  async *entries(version: string): AsyncGenerator<Anime> {
    const lines = createInterface({ input: createReadStream(join(this.versionDir(version), 'entries.jsonl'), 'utf8'), crlfDelay: Infinity });
    let n = 0;
    for await (const line of lines) {
      n++;
      if (!line) continue;
      const parsed = AnimeSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`dataset ${version} is corrupt at entry ${n}: ${parsed.error.issues[0]?.message}`);
      yield parsed.data;
    }
  }

  async *quarantined(version: string): AsyncGenerator<QuarantinedEntry> {
    const file = join(this.versionDir(version), 'quarantine.jsonl');
    if (!(await exists(file))) return;
    const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
    for await (const line of lines) if (line) yield JSON.parse(line) as QuarantinedEntry;
  }

  async beginVersion(tag: string): Promise<VersionWriter> {
    const tmp = join(this.root, 'versions', `.tmp-${tag}-${process.pid}`);
    await rm(tmp, { recursive: true, force: true });
    await mkdir(tmp, { recursive: true });
    const entries = createWriteStream(join(tmp, 'entries.jsonl'), 'utf8');
    const quarantine = createWriteStream(join(tmp, 'quarantine.jsonl'), 'utf8');
    const closeAll = () => Promise.all([end(entries), end(quarantine)]);
    let committed: string | undefined;
    return {
      addEntry: (anime) => write(entries, `${JSON.stringify(anime)}\n`),
      addQuarantined: (q) => write(quarantine, `${JSON.stringify(q)}\n`),
      commit: async (meta, identity, changes) => {
        await closeAll();
        await writeFile(join(tmp, 'identity.json'), JSON.stringify(identity));
        await writeFile(join(tmp, 'changes.json'), JSON.stringify(changes));
        await writeFile(join(tmp, 'meta.json'), JSON.stringify(meta, null, 2));
        await writeFile(join(tmp, STAGED), String(process.pid));
        const target = this.versionDir(meta.version);
        await rm(target, { recursive: true, force: true });
        await rename(tmp, target);
        committed = target;
      },
      abort: async () => {
        await closeAll().catch(() => undefined);
        await rm(tmp, { recursive: true, force: true });
        // Committed but never switched to (the embed stage failed, the job was aborted): not a version.
        if (committed && (await exists(join(committed, STAGED)))) await rm(committed, { recursive: true, force: true });
      },
    };
  }

  /** Makes `version` the served one, atomically. */
  async setCurrent(version: string): Promise<void> {
    if (!(await this.meta(version))) throw new Error(`cannot switch to unknown dataset version ${version}`);
    const tmp = join(this.root, `current.json.${process.pid}.tmp`);
    await writeFile(tmp, JSON.stringify({ version, switchedAt: new Date().toISOString() }));
    await rename(tmp, join(this.root, 'current.json'));
    // Published now; a crash before this line is covered by list() treating the current one as published.
    await rm(join(this.versionDir(version), STAGED), { force: true });
  }

  /**
   * Deletes all but the newest `keep` versions (never the current one), stale temp folders, and
   * staged versions left by another (dead) process.
   */
  async prune(keep: number): Promise<string[]> {
    const current = (await this.current())?.version;
    const removed: string[] = [];
    for (const meta of (await this.list()).slice(keep)) {
      if (meta.version === current) continue;
      await rm(this.versionDir(meta.version), { recursive: true, force: true });
      removed.push(meta.version);
    }
    const dir = join(this.root, 'versions');
    for (const name of await readdir(dir).catch(() => [] as string[])) {
      if (name.startsWith('.tmp-') && !name.endsWith(`-${process.pid}`)) await rm(join(dir, name), { recursive: true, force: true });
      else if (VERSION_NAME.test(name) && name !== current) {
        const owner = await readFile(join(dir, name, STAGED), 'utf8').catch(() => undefined);
        if (owner !== undefined && owner !== String(process.pid)) {
          await rm(join(dir, name), { recursive: true, force: true });
          removed.push(name);
        }
      }
    }
    return removed;
  }
}

async function readJson<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

function write(stream: WriteStream, chunk: string): Promise<void> {
  // Respect back-pressure: a 40k-entry version must not pile up in memory.
  return stream.write(chunk) ? Promise.resolve() : new Promise((resolve) => stream.once('drain', resolve));
}

function end(stream: WriteStream): Promise<void> {
  return new Promise((resolve, reject) => {
    if (stream.closed) return resolve();
    stream.once('error', reject);
    stream.end(() => resolve());
  });
}
