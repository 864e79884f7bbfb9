import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';

/**
 * A hash per key with a sliding TTL: the storage the conversation checkpointer needs (one hash per
 * thread: the latest checkpoint and its pending writes). Memory in embedded mode, Redis when the
 * agent runs as replicas.
 */
export interface HashStore {
  getAll(key: string): Promise<Record<string, string> | undefined>;
  /** Sets fields, removes `remove`, and restarts the key's TTL — one atomic step. */
  update(key: string, set: Record<string, string>, remove?: string[]): Promise<void>;
  delete(key: string): Promise<void>;
  close(): Promise<void>;
}

/** LRU-bounded (max keys) with a TTL refreshed on every write; `now` injectable for tests. */
export class MemoryHashStore implements HashStore {
  private readonly cache: LRUCache<string, Map<string, string>>;
  constructor(options: { ttlSeconds: number; maxKeys: number; now?: () => number }) {
    this.cache = new LRUCache({
      max: options.maxKeys,
      ttl: options.ttlSeconds * 1000,
      ...(options.now ? { perf: { now: options.now }, ttlResolution: 0 } : {}),
    });
  }
  async getAll(key: string): Promise<Record<string, string> | undefined> {
    const hash = this.cache.get(key);
    return hash ? Object.fromEntries(hash) : undefined;
  }
  async update(key: string, set: Record<string, string>, remove: string[] = []): Promise<void> {
    const hash = new Map(this.cache.get(key));
    for (const field of remove) hash.delete(field);
    for (const [field, value] of Object.entries(set)) hash.set(field, value);
    this.cache.set(key, hash);
  }
  async delete(key: string): Promise<void> {
    this.cache.delete(key);
  }
  async close(): Promise<void> {
    this.cache.clear();
  }
}

/** A Redis hash per key (shared by every agent replica), expiring after the TTL of its last write. */
export class RedisHashStore implements HashStore {
  constructor(
    private readonly redis: Redis,
    private readonly ttlSeconds: number,
    private readonly prefix = 'anime:conversation',
  ) {}
  async getAll(key: string): Promise<Record<string, string> | undefined> {
    const hash = await this.redis.hgetall(this.keyOf(key));
    return Object.keys(hash).length ? hash : undefined;
  }
  async update(key: string, set: Record<string, string>, remove: string[] = []): Promise<void> {
    const redisKey = this.keyOf(key);
    const tx = this.redis.multi();
    if (remove.length) tx.hdel(redisKey, ...remove);
    if (Object.keys(set).length) tx.hset(redisKey, set);
    tx.expire(redisKey, this.ttlSeconds);
    const results = await tx.exec();
    const failed = results?.find(([error]) => error);
    if (failed?.[0]) throw failed[0];
  }
  async delete(key: string): Promise<void> {
    await this.redis.del(this.keyOf(key));
  }
  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
  private keyOf(key: string): string {
    return `${this.prefix}:${key}`;
  }
}
