import type { PlatformKey } from './distributions';
import type { FranchiseBase, FranchiseType, TitleForm } from './titles';

export type DraftType = FranchiseType;

/**
 * A generated entry under construction. Entries are drafted first and get their platform ids and
 * related URLs afterwards, because ids are handed out in release-year order across the whole
 * dataset and related URLs need the other entries' ids.
 */
export interface Draft {
  readonly franchise: number;
  readonly base: FranchiseBase;
  readonly form: TitleForm;
  readonly type: DraftType;
  /** Release year; `undefined` = key absent, `null` = written as null (both occur in real releases). */
  readonly year: number | null | undefined;
  /** 0–1 "how well known": drives source, synonym and tag counts together, as in the real data. */
  readonly popularity: number;
  /** Indices (in the drafts array) of the franchise members this entry lists as related. */
  readonly related: number[];
  /** Platforms this entry is listed on. */
  platforms: PlatformKey[];
  /** Id (number as text, or slug) per platform, filled once all entries are drafted. */
  readonly ids: Partial<Record<PlatformKey, string>>;
  /** Kitsu URL on the old `kitsu.io` host. */
  kitsuIo: boolean;
}
