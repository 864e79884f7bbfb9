import { createHash } from 'node:crypto';
import { ManamiAnimeSchema, type Anime, type ManamiAnime, type PlatformId } from '@anime/contracts';
import { parseSourceUrl, sourceKey } from './source-url';
import { idCandidates } from './stable-id';

/** An entry of a release that failed validation: kept with its reason, never silently dropped. */
export interface QuarantinedEntry {
  /** Position in the release (0-based, entries only). */
  index: number;
  reason: string;
  issues?: Array<{ path: string; message: string }>;
  title?: string;
  /** The start of the raw entry, to find it upstream. */
  sample: string;
}

/** A valid entry, with what identity and diffing need. */
export interface PreparedEntry {
  manami: ManamiAnime;
  platformIds: PlatformId[];
  /** Source keys (`mal:1535`, `kitsu:1`, …): the entry's identity across releases. */
  keys: string[];
  /** Hash of the entry's content: equal hash = unchanged entry. */
  contentHash: string;
}

export type PrepareResult = { ok: true; entry: PreparedEntry } | { ok: false; quarantined: QuarantinedEntry };

const sampleOf = (raw: unknown): string => {
  const json = JSON.stringify(raw) ?? String(raw);
  return json.length > 300 ? `${json.slice(0, 300)}…` : json;
};

/** Validates one raw release entry against the contract schema and parses its source URLs. */
export function prepareEntry(raw: unknown, index: number): PrepareResult {
  const rawObject = raw as Record<string, unknown> | null;
  const title = typeof rawObject?.['title'] === 'string' ? rawObject['title'] : undefined;
  if (rawObject && rawObject['__invalidJson'] === true) {
    return { ok: false, quarantined: { index, reason: `not valid JSON: ${String(rawObject['error'])}`, sample: String(rawObject['line'] ?? '') } };
  }
  const parsed = ManamiAnimeSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 10).map((i) => ({ path: i.path.map(String).join('.') || '(entry)', message: i.message }));
    return {
      ok: false,
      quarantined: { index, reason: `schema: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues, title, sample: sampleOf(raw) },
    };
  }
  // null means "unknown" in real releases; the catalog model uses absence.
  const manami = parsed.data;
  if (manami.duration === null) delete manami.duration;
  if (manami.score === null) delete manami.score;
  if (manami.animeSeason.year === null) delete manami.animeSeason.year;

  const platformIds: PlatformId[] = [];
  const unknownSources: string[] = [];
  for (const url of manami.sources) {
    const id = parseSourceUrl(url);
    if (id) platformIds.push(id);
    else unknownSources.push(url);
  }
  if (platformIds.length === 0) {
    return {
      ok: false,
      quarantined: { index, reason: `no source URL of a known platform (${unknownSources.slice(0, 3).join(', ') || 'none given'})`, title, sample: sampleOf(raw) },
    };
  }
  const keys = [...new Set(platformIds.map((p) => sourceKey(p.platform, p.id)))];
  const contentHash = createHash('sha1').update(JSON.stringify(manami)).digest('base64url').slice(0, 16);
  return { ok: true, entry: { manami, platformIds, keys, contentHash } };
}

/** What a previous dataset version says about identities. */
export interface PreviousIdentity {
  /** Every source key of the previous version → the id of the entry that had it. */
  idByKey: ReadonlyMap<string, string>;
  /** Ids retired earlier → the id that replaced them (kept across versions). */
  redirects?: ReadonlyMap<string, string>;
}

export interface IdAssignment {
  /** Id of each prepared entry, same order. */
  ids: string[];
  /** Retired id → the id now holding its key (upstream merges); cumulative with earlier redirects. */
  redirects: Map<string, string>;
}

/**
 * Gives every entry a stable, readable id. A new entry gets its best source key (`mal:1535`,
 * else `anilist:…`, …). An entry that existed keeps its old id — matched by any shared source
 * key — so ids survive sources being added, upstream merges (the merged entry keeps the id whose
 * key it still has; the other old id redirects to it) and splits (each part keeps the id of the
 * key it has; the other gets a fresh one).
 */
export function assignStableIds(entries: readonly PreparedEntry[], previous?: PreviousIdentity): IdAssignment {
  const ids = new Array<string | undefined>(entries.length);
  const taken = new Set<string>();
  const oldIdsOf = (entry: PreparedEntry): string[] =>
    previous ? [...new Set(entry.keys.map((k) => previous.idByKey.get(k)).filter((id): id is string => id !== undefined))] : [];

  // Pass 1 — strong claims: an old id that is one of the entry's own keys.
  entries.forEach((entry, i) => {
    const own = new Set(entry.keys);
    const claim = idCandidates(entry.platformIds).find((key) => own.has(key) && oldIdsOf(entry).includes(key) && !taken.has(key));
    if (claim) {
      ids[i] = claim;
      taken.add(claim);
    }
  });
  // Pass 2 — weak claims: an old id reached through a shared key (the id's own key went away).
  entries.forEach((entry, i) => {
    if (ids[i]) return;
    const claim = oldIdsOf(entry).find((id) => !taken.has(id));
    if (claim) {
      ids[i] = claim;
      taken.add(claim);
    }
  });
  // Pass 3 — fresh ids for new entries.
  entries.forEach((entry, i) => {
    if (ids[i]) return;
    const candidates = idCandidates(entry.platformIds);
    let id = candidates.find((c) => !taken.has(c));
    for (let n = 2; !id; n++) if (!taken.has(`${candidates[0]}~${n}`)) id = `${candidates[0]}~${n}`;
    ids[i] = id;
    taken.add(id);
  });

  const finalIds = ids as string[];
  const redirects = new Map<string, string>();
  if (previous) {
    const idByKeyNow = new Map<string, string>();
    entries.forEach((entry, i) => entry.keys.forEach((k) => idByKeyNow.set(k, finalIds[i] as string)));
    const oldKeysById = new Map<string, string[]>();
    for (const [key, id] of previous.idByKey) oldKeysById.set(id, [...(oldKeysById.get(id) ?? []), key]);
    // A retired id redirects to the entry that now holds the key it was named after, else any of its old keys.
    for (const [id, keys] of oldKeysById) {
      if (taken.has(id)) continue;
      const holder = idByKeyNow.get(id) ?? keys.map((k) => idByKeyNow.get(k)).find((x) => x !== undefined);
      if (holder) redirects.set(id, holder);
    }
    for (const [from, to] of previous.redirects ?? []) {
      const target = taken.has(to) ? to : redirects.get(to);
      if (target && !taken.has(from)) redirects.set(from, target);
    }
  }
  return { ids: finalIds, redirects };
}

/** The catalog entity: manami fields + id + platform ids. */
export function toAnime(entry: PreparedEntry, id: string): Anime {
  return { ...entry.manami, id, platformIds: entry.platformIds };
}
