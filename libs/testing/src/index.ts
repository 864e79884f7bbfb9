export { testNatsUrl, testRedisUrl, uniquePrefix, assertReachable } from './brokers';
export { startReplayServer } from './replay-server';
export type { ReplayRoute, ReplayServer, RecordedRequest } from './replay-server';
export { sharedDir, sharedFixtures, sharedData } from './shared-data';
