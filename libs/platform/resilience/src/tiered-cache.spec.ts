import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { expectEvery } from '@anime/testing';
import { CACHE_TTL_BY_KIND, TieredCache } from './tiered-cache';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** A clock the test moves by hand. */
function manualClock(start = Date.parse('2025-07-21T10:00:00Z')): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

describe('TieredCache (process tier)', () => {
  it('exports the TTL table: airing/schedule minutes, streaming an hour, metadata days, pages a week', () => {
    expect(CACHE_TTL_BY_KIND.airing.ttlMs).toBe(5 * MINUTE);
    expect(CACHE_TTL_BY_KIND.schedule.ttlMs).toBe(15 * MINUTE);
    expect(CACHE_TTL_BY_KIND.streaming.ttlMs).toBe(60 * MINUTE);
    expect(CACHE_TTL_BY_KIND.metadata.ttlMs).toBe(3 * DAY);
    expect(CACHE_TTL_BY_KIND.page.ttlMs).toBe(7 * DAY);
    expectEvery(Object.values(CACHE_TTL_BY_KIND), ({ ttlMs, staleMs }) => expect(staleMs).toBeGreaterThan(ttlMs), 'the cache kinds');
  });

  it('is fresh within the kind’s TTL, stale after it, gone after the stale window', async () => {
    const clock = manualClock();
    const registry = new Registry();
    const cache = new TieredCache({ source: 'jikan', clock, registry });
    await cache.set('k', 'airing', { episode: 12 });
    expect(await cache.get('k')).toEqual({ entry: { value: { episode: 12 }, fetchedAt: clock.now(), kind: 'airing' }, fresh: true });
    clock.advance(5 * MINUTE - 1);
    expect((await cache.get('k'))?.fresh).toBe(true);
    clock.advance(1);
    expect((await cache.get('k'))?.fresh).toBe(false);
    clock.advance(CACHE_TTL_BY_KIND.airing.staleMs - 1);
    expect(await cache.get('k')).toBeDefined();
    clock.advance(1);
    expect(await cache.get('k', 'airing')).toBeUndefined();
    const text = await registry.metrics();
    expect(text).toContain('upstream_cache_lookups_total{source="jikan",kind="airing",result="fresh"} 2');
    expect(text).toContain('upstream_cache_lookups_total{source="jikan",kind="airing",result="stale"} 2');
    expect(text).toContain('upstream_cache_lookups_total{source="jikan",kind="airing",result="miss"} 1');
  });

  it('honours per-kind overrides and evicts the least recently used beyond maxEntries', async () => {
    const clock = manualClock();
    const cache = new TieredCache({ source: 'kitsu', clock, maxEntries: 2, ttl: { metadata: { ttlMs: 1_000, staleMs: 1_000 } } });
    await cache.set('a', 'metadata', 1);
    await cache.set('b', 'metadata', 2);
    await cache.get('a');
    await cache.set('c', 'metadata', 3);
    expect(await cache.get('b')).toBeUndefined();
    expect((await cache.get('a'))?.entry.value).toBe(1);
    clock.advance(1_000);
    expect((await cache.get('a'))?.fresh).toBe(false);
    clock.advance(1_000);
    expect(await cache.get('a')).toBeUndefined();
  });

  it('does not store a value that is already past its stale window', async () => {
    const clock = manualClock();
    const cache = new TieredCache({ source: 'kitsu', clock });
    await cache.set('old', 'airing', 1, clock.now() - 7 * 60 * MINUTE);
    expect(await cache.get('old')).toBeUndefined();
    expect(cache.size).toBe(0);
  });
});
