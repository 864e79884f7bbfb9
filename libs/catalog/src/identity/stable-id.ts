import type { PlatformId } from '@anime/contracts';
import { ID_PRIORITY, sourceKey } from './source-url';

const RANK = new Map(ID_PRIORITY.map((platform, index) => [platform, index]));

/** Orders platform ids by id priority, then numerically/lexically so the choice is deterministic. */
export function compareByIdPriority(a: PlatformId, b: PlatformId): number {
  const rank = (RANK.get(a.platform) ?? 99) - (RANK.get(b.platform) ?? 99);
  if (rank !== 0) return rank;
  const an = Number(a.id);
  const bn = Number(b.id);
  if (Number.isFinite(an) && Number.isFinite(bn)) return an - bn;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Candidate ids for an entry, best first (e.g. `mal:1535`, then `anilist:1535`, …). The first
 * that is not taken becomes the id of a new entry; entries that existed keep theirs (see
 * `assignStableIds`).
 */
export function idCandidates(platformIds: readonly PlatformId[]): string[] {
  return [...platformIds].sort(compareByIdPriority).map((p) => sourceKey(p.platform, p.id));
}
