// --- Dataset release reading (anime-offline-database files and URLs) ---
export {
  checkRemoteRelease,
  compressionFromMagic,
  DEFAULT_USER_AGENT,
  describeReleaseSource,
  hintFromName,
  invalidJsonEntry,
  isInvalidJsonEntry,
  parseReleaseSource,
  readRelease,
  MalformedReleaseError,
  ReleaseReadError,
  sniffFormat,
} from './release/release-reader';
export type {
  CheckRemoteOptions,
  InvalidJsonEntry,
  NameHint,
  ReadProgress,
  ReleaseCompression,
  ReleaseFormat,
  ReleaseItem,
  ReleaseReadOptions,
  ReleaseSource,
  RemoteReleaseInfo,
} from './release/release-reader';
// --- end dataset release reading ---

// --- identity: source URLs, stable ids, aliases ---
export { PLATFORM_PREFIX, ID_PRIORITY, parseSourceUrl, parseAnimeRef, sourceKey } from './identity/source-url';
export type { AnimeRef } from './identity/source-url';
export { compareByIdPriority, idCandidates } from './identity/stable-id';
export { prepareEntry, assignStableIds, toAnime } from './identity/catalog-entries';
export type { QuarantinedEntry, PreparedEntry, PrepareResult, PreviousIdentity, IdAssignment } from './identity/catalog-entries';
export { AliasIndex } from './identity/alias-index';
export type { ResolveResult } from './identity/alias-index';

// --- dataset versions: store and the update pipeline ---
export { FileDatasetStore } from './dataset/dataset-store';
export type { DatasetVersionMeta, VersionIdentity, VersionChanges, VersionWriter } from './dataset/dataset-store';
export { buildDatasetVersion, DEFAULT_SAFETY_LIMITS } from './dataset/build-version';
export type { SafetyLimits, SafetyCheck, BuildPhase, BuildProgress, BuildOptions, BuildResult } from './dataset/build-version';
export { readCatalogEntries } from './dataset/read-catalog';

// --- synopses: the store beside the dataset versions and the offline import (#17) ---
export { FileSynopsisStore, SynopsisRecordSchema, SYNOPSIS_SOURCE_PRIORITY, chooseSynopsis, recordKey } from './synopses/synopsis-store';
export type { SynopsisRecord, SynopsisStoreMeta } from './synopses/synopsis-store';
export { importSynopses, SynopsisLineSchema } from './synopses/import-synopses';
export type { SynopsisImportOptions, SynopsisImportProgress, SynopsisImportReport, SynopsisResolver } from './synopses/import-synopses';
