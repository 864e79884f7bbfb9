export { testNatsUrl, testRedisUrl, uniquePrefix, assertReachable } from './brokers';
export { startReplayServer } from './replay-server';
export type { ReplayRoute, ReplayServer, RecordedRequest } from './replay-server';
export { sharedDir, sharedFixtures, sharedData } from './shared-data';
export { repoRoot, buildIntoTemp, freePort, spawnApp } from './processes';
export type { SpawnedApp } from './processes';
