import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UpdateJob } from '@anime/contracts';
import { assertReachable, testRedisUrl, uniquePrefix } from '@anime/testing';
import { FileJobStore, RedisJobStore, type JobStore } from './job-store';

const job = (id: string, createdAt: string, state: UpdateJob['state'] = 'running'): UpdateJob => ({
  id,
  kind: 'incremental',
  state,
  source: '/data/release.json',
  progress: { phase: 'read', processed: 10 },
  createdAt,
});

// The same behaviour from the file store (embedded) and the Redis store (distributed, real Redis).
describe.each([
  ['file', async () => new FileJobStore(mkdtempSync(join(tmpdir(), 'jobs-')))],
  [
    'redis',
    async () => {
      await assertReachable(testRedisUrl(), 'Redis');
      return new RedisJobStore(testRedisUrl(), uniquePrefix('jobs'));
    },
  ],
] as const)('%s job store', (_name, create) => {
  let store: JobStore;
  beforeAll(async () => {
    store = await create();
  });
  afterAll(async () => store?.close());

  it('saves, updates, gets and lists jobs newest first', async () => {
    await store.save(job('20260101000000-aaaaaa', '2026-01-01T00:00:00.000Z'));
    await store.save(job('20260102000000-bbbbbb', '2026-01-02T00:00:00.000Z'));
    await store.save({ ...job('20260101000000-aaaaaa', '2026-01-01T00:00:00.000Z', 'succeeded'), outcome: 'activated' });
    expect(await store.get('20260101000000-aaaaaa')).toMatchObject({ state: 'succeeded', outcome: 'activated' });
    expect((await store.list(10)).map((j) => j.id)).toEqual(['20260102000000-bbbbbb', '20260101000000-aaaaaa']);
    expect(await store.list(1)).toHaveLength(1);
    expect(await store.get('nope')).toBeUndefined();
  });

  it('keeps the schedule', async () => {
    expect(await store.getSchedule()).toBeUndefined();
    await store.setSchedule({ cron: '0 4 * * 1', kind: 'smart' });
    expect(await store.getSchedule()).toEqual({ cron: '0 4 * * 1', kind: 'smart' });
  });
});
