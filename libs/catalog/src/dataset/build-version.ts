import { createHash } from 'node:crypto';
import { DatasetMetaSchema, type DatasetMeta } from '@anime/contracts';
import { assignStableIds, prepareEntry, toAnime, type PreparedEntry, type QuarantinedEntry } from '../identity/catalog-entries';
import { readRelease, type ReleaseSource } from '../release/release-reader';
import type { DatasetVersionMeta, FileDatasetStore, VersionChanges, VersionIdentity } from './dataset-store';

/** Limits a new version must respect before it may replace the current one. */
export interface SafetyLimits {
  /** Largest share of invalid (quarantined) entries. */
  maxQuarantineShare: number;
  /** Largest drop in entry count versus the current version. */
  maxDropShare: number;
  /** Largest share of ids that appear or disappear (mass id churn means something is wrong). */
  maxChurnShare: number;
}

/**
 * The defaults (env SAFETY_MAX_*). A weekly release of the dataset grows by ~0.3% and loses well
 * under 1%; losing 2% of the entries is not an update but a damaged or partial file (issue #15:
 * a file cut at a line boundary passes every format check, only its count gives it away).
 */
export const DEFAULT_SAFETY_LIMITS: SafetyLimits = { maxQuarantineShare: 0.05, maxDropShare: 0.02, maxChurnShare: 0.25 };

export interface SafetyCheck {
  name: 'schema' | 'entry-count' | 'id-churn' | 'release-date';
  ok: boolean;
  detail: string;
}

/** The phases of an update, in order; `activated` is the moment right after the switch. */
export type BuildPhase = 'read' | 'identify' | 'write' | 'embed' | 'activate' | 'activated';

export interface BuildProgress {
  phase: BuildPhase;
  processed: number;
  total?: number;
  bytesRead?: number;
  totalBytes?: number;
}

export interface BuildOptions {
  store: FileDatasetStore;
  source: ReleaseSource;
  /** How the source is named in metadata and messages (URL or path). */
  sourceLabel: string;
  /** Job id: names the temp folder. */
  tag: string;
  /** The version ids and diffs are computed against (normally the current one). */
  previous?: DatasetVersionMeta;
  limits?: SafetyLimits;
  /** Build and check, never switch (update-safety-check). */
  dryRun?: boolean;
  /** Switch even when a safety check fails (operator override). */
  force?: boolean;
  signal?: AbortSignal;
  /** The `fetch` URL sources are downloaded with (the ingest service's SSRF-guarded one). */
  fetchImpl?: typeof fetch;
  onProgress?: (progress: BuildProgress) => void;
  /**
   * Awaited as each phase begins (and once right after the switch), before its work: the job
   * runner persists the phase here, so a process killed in any phase leaves a record naming it.
   */
  onPhase?: (phase: BuildPhase) => Promise<void>;
  now?: () => Date;
  /**
   * Runs once the version is written and before it becomes current (the embed stage); a throw
   * fails the update and the previous version keeps serving.
   */
  beforeActivate?: (meta: DatasetVersionMeta, changes: VersionChanges) => Promise<void>;
}

export interface BuildResult {
  outcome: 'activated' | 'unchanged' | 'rejected' | 'checked';
  meta: DatasetVersionMeta;
  changes: VersionChanges;
  safety: SafetyCheck[];
}

/**
 * Reads a release, validates every entry (invalid ones quarantined with reasons), carries ids
 * over from `previous` (stable across merges/splits), diffs by content hash, runs the safety
 * checks, writes the version beside the current one and — only if everything holds — switches to
 * it atomically. A crash or abort at any point leaves the previous version serving.
 */
export async function buildDatasetVersion(options: BuildOptions): Promise<BuildResult> {
  const { store, previous } = options;
  const limits = options.limits ?? DEFAULT_SAFETY_LIMITS;
  const now = options.now ?? (() => new Date());
  const previousIdentity: VersionIdentity | undefined = previous ? await store.identity(previous.version) : undefined;
  const writer = await store.beginVersion(options.tag);
  try {
    let release: DatasetMeta | undefined;
    let metaProblem: string | undefined;
    const prepared: PreparedEntry[] = [];
    const quarantined: QuarantinedEntry[] = [];
    let bytes: { bytesRead?: number; totalBytes?: number } = {};
    const report = (p: BuildProgress) => options.onProgress?.(p);

    const enter = async (phase: BuildPhase): Promise<void> => {
      await options.onPhase?.(phase);
      options.signal?.throwIfAborted();
    };
    await enter('read');
    let read = 0;
    let lastReport = 0;
    for await (const item of readRelease(options.source, {
      signal: options.signal,
      fetchImpl: options.fetchImpl,
      onProgress: (p) => {
        bytes = { bytesRead: p.bytesRead, totalBytes: p.totalBytes };
      },
    })) {
      // Report from here (every 500 entries or 100 ms) so progress is current even when the
      // download stalls between the reader's own reports.
      if (item.type === 'entry' && (++read % 500 === 0 || Date.now() - lastReport > 100)) {
        lastReport = Date.now();
        report({ phase: 'read', processed: read, ...bytes });
      }
      if (item.type === 'meta') {
        const parsed = DatasetMetaSchema.safeParse(item.meta);
        if (parsed.success) release = parsed.data;
        else metaProblem = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
        continue;
      }
      const result = prepareEntry(item.raw, item.index);
      if (result.ok) prepared.push(result.entry);
      else {
        quarantined.push(result.quarantined);
        await writer.addQuarantined(result.quarantined);
      }
    }
    if (!release) {
      throw new Error(`${options.sourceLabel} has no valid release metadata (license, repository, lastUpdate)${metaProblem ? `: ${metaProblem}` : ''}`);
    }
    const total = prepared.length + quarantined.length;
    await enter('identify');
    report({ phase: 'identify', processed: prepared.length, total, ...bytes });

    const redirectsBefore = new Map(Object.entries(previous?.redirects ?? {}));
    const { ids, redirects } = assignStableIds(prepared, previousIdentity ? { idByKey: new Map(Object.entries(previousIdentity.idByKey)), redirects: redirectsBefore } : undefined);

    await enter('write');
    const identity: VersionIdentity = { idByKey: {}, hashById: {} };
    const changes: VersionChanges = { added: [], changed: [], removed: [] };
    const versionHash = createHash('sha1');
    for (let i = 0; i < prepared.length; i++) {
      const entry = prepared[i] as PreparedEntry;
      const id = ids[i] as string;
      identity.hashById[id] = entry.contentHash;
      for (const key of entry.keys) identity.idByKey[key] ??= id;
      const before = previousIdentity?.hashById[id];
      if (before === undefined) changes.added.push(id);
      else if (before !== entry.contentHash) changes.changed.push(id);
      versionHash.update(id).update(entry.contentHash);
      await writer.addEntry(toAnime(entry, id));
      if (i % 2000 === 0) report({ phase: 'write', processed: i, total: prepared.length });
    }
    if (previousIdentity) for (const id of Object.keys(previousIdentity.hashById)) if (identity.hashById[id] === undefined) changes.removed.push(id);
    report({ phase: 'write', processed: prepared.length, total: prepared.length });

    const version = `${release.lastUpdate}-${versionHash.digest('hex').slice(0, 8)}`;
    const previousCount = previous?.counts.entries ?? 0;
    const meta: DatasetVersionMeta = {
      version,
      lastUpdate: release.lastUpdate,
      source: options.sourceLabel,
      builtBy: options.tag,
      createdAt: now().toISOString(),
      ...(previous ? { basedOn: previous.version } : {}),
      release,
      counts: {
        entries: prepared.length,
        quarantined: quarantined.length,
        added: changes.added.length,
        changed: changes.changed.length,
        removed: changes.removed.length,
        unchanged: prepared.length - changes.added.length - changes.changed.length,
      },
      redirects: Object.fromEntries(redirects),
    };
    const safety = checkSafety(meta, previous, previousCount, limits);

    if (previous && version === previous.version) {
      await writer.abort();
      return { outcome: 'unchanged', meta: previous, changes: { added: [], changed: [], removed: [] }, safety };
    }
    const safe = safety.every((c) => c.ok);
    if (options.dryRun || (!safe && !options.force)) {
      await writer.abort();
      return { outcome: options.dryRun ? 'checked' : 'rejected', meta, changes, safety };
    }
    options.signal?.throwIfAborted();
    // Committed but staged: not listed, not a rollback target, removed at the next boot if the
    // process dies before the switch (see FileDatasetStore).
    await writer.commit(meta, identity, changes);
    await enter('embed');
    await options.beforeActivate?.(meta, changes);
    await enter('activate');
    report({ phase: 'activate', processed: prepared.length, total: prepared.length });
    await store.setCurrent(version);
    await options.onPhase?.('activated');
    return { outcome: 'activated', meta, changes, safety };
  } catch (error) {
    await writer.abort();
    throw error;
  }
}

function checkSafety(meta: DatasetVersionMeta, previous: DatasetVersionMeta | undefined, previousCount: number, limits: SafetyLimits): SafetyCheck[] {
  const total = meta.counts.entries + meta.counts.quarantined;
  const quarantineShare = total === 0 ? 1 : meta.counts.quarantined / total;
  const checks: SafetyCheck[] = [
    {
      name: 'schema',
      ok: meta.counts.entries > 0 && quarantineShare <= limits.maxQuarantineShare,
      detail: `${meta.counts.quarantined} of ${total} entries invalid (${pct(quarantineShare)}; limit ${pct(limits.maxQuarantineShare)})`,
    },
  ];
  if (previous && previousCount > 0) {
    const drop = (previousCount - meta.counts.entries) / previousCount;
    checks.push({
      name: 'entry-count',
      ok: drop <= limits.maxDropShare,
      detail: `${previousCount} → ${meta.counts.entries} entries (${drop > 0 ? `-${pct(drop)}` : `+${pct(-drop)}`}; largest drop allowed ${pct(limits.maxDropShare)})`,
    });
    const churn = (meta.counts.added + meta.counts.removed) / previousCount;
    checks.push({
      name: 'id-churn',
      ok: churn <= limits.maxChurnShare,
      detail: `${meta.counts.added} ids added, ${meta.counts.removed} removed (${pct(churn)} of ${previousCount}; limit ${pct(limits.maxChurnShare)})`,
    });
    checks.push({
      name: 'release-date',
      ok: meta.lastUpdate >= previous.lastUpdate,
      detail: `release ${meta.lastUpdate} vs current ${previous.lastUpdate}`,
    });
  }
  return checks;
}

const pct = (x: number): string => `${Math.round(x * 1000) / 10}%`;
