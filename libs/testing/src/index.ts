export { expectEvery, expectEveryAsync } from './expect-every';
export { testNatsUrl, testRedisUrl, uniquePrefix, assertReachable } from './brokers';
export { startReplayServer } from './replay-server';
export type { ReplayRoute, ReplayServer, RecordedRequest } from './replay-server';
export { sharedDir, sharedFixtures, sharedData } from './shared-data';
export { repoRoot, buildIntoTemp, freePort, spawnApp } from './processes';
export type { SpawnedApp } from './processes';
export {
  buildRealisticDataset,
  loadRealEntries,
  writeReleaseJsonl,
  writeReleaseJson,
  mulberry32,
} from './dataset-builder/realistic-dataset';
export type { RealisticDatasetOptions, DatasetRelease, ManamiEntry } from './dataset-builder/realistic-dataset';
export { RELEASE_HEADER, writeRelease, sampleEntries, writeSampleRelease } from './releases';
export { clusteredVectors, jitterVector } from './clustered-vectors';
export { writeTinyClip, VIT_B32_SIZES, makePoster, startPosterServer } from './tiny-clip';
export type { PosterServer } from './tiny-clip';
export type { TinyClipOptions } from './tiny-clip';
