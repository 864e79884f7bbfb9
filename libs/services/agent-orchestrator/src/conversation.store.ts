import Redis from 'ioredis';
import { LRUCache } from 'lru-cache';

/** One question and what was answered (ids kept for follow-ups like "the second one"). */
export interface ConversationTurn {
  query: string;
  answer: string;
  anime_ids: string[];
  titles: string[];
  at: string;
}

/** Where sessions live: memory in embedded mode, Redis in distributed mode (shared by replicas). */
export interface ConversationStore {
  turns(sessionId: string): Promise<ConversationTurn[] | undefined>;
  append(sessionId: string, turn: ConversationTurn): Promise<void>;
  close(): Promise<void>;
}

/** LRU + TTL: bounded memory, idle sessions expire. */
export class MemoryConversationStore implements ConversationStore {
  private readonly cache: LRUCache<string, ConversationTurn[]>;
  constructor(
    ttlSeconds: number,
    private readonly maxTurns: number,
    maxSessions = 10_000,
  ) {
    this.cache = new LRUCache({ max: maxSessions, ttl: ttlSeconds * 1000, updateAgeOnGet: true });
  }
  async turns(sessionId: string): Promise<ConversationTurn[] | undefined> {
    return this.cache.get(sessionId);
  }
  async append(sessionId: string, turn: ConversationTurn): Promise<void> {
    this.cache.set(sessionId, [...(this.cache.get(sessionId) ?? []), turn].slice(-this.maxTurns));
  }
  async close(): Promise<void> {
    // Nothing to release: memory and files need no closing.
  }
}

/** A Redis list per session, trimmed to the last turns, with a TTL refreshed on every turn. */
export class RedisConversationStore implements ConversationStore {
  private readonly redis: Redis;
  constructor(
    url: string,
    private readonly ttlSeconds: number,
    private readonly maxTurns: number,
    private readonly prefix = 'anime:conversation',
  ) {
    this.redis = new Redis(url, { maxRetriesPerRequest: 2 });
  }
  async turns(sessionId: string): Promise<ConversationTurn[] | undefined> {
    const raw = await this.redis.lrange(`${this.prefix}:${sessionId}`, 0, -1);
    return raw.length ? raw.map((r) => JSON.parse(r) as ConversationTurn) : undefined;
  }
  async append(sessionId: string, turn: ConversationTurn): Promise<void> {
    const key = `${this.prefix}:${sessionId}`;
    await this.redis.multi().rpush(key, JSON.stringify(turn)).ltrim(key, -this.maxTurns, -1).expire(key, this.ttlSeconds).exec();
  }
  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
