import { Annotation, END, START, StateGraph } from '@langchain/langgraph';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertReachable, testRedisUrl, uniquePrefix } from '@anime/testing';
import { RedisHashStore } from './hash-store';
import { LatestCheckpointSaver } from './latest-checkpoint-saver';

const Turns = Annotation.Root({
  say: Annotation<string>,
  turns: Annotation<string[]>({ reducer: (a, b) => a.concat(b), default: () => [] }),
});
const turnsGraph = (saver: LatestCheckpointSaver) =>
  new StateGraph(Turns)
    .addNode('remember', (s: typeof Turns.State) => ({ turns: [s.say] }))
    .addEdge(START, 'remember')
    .addEdge('remember', END)
    .compile({ checkpointer: saver });

// Two agent replicas share conversations through the real Redis: a follow-up may land on either.
describe('LatestCheckpointSaver on Redis', () => {
  const prefix = uniquePrefix('conv');
  const clients: Redis[] = [];
  const replica = () => {
    const redis = new Redis(testRedisUrl());
    clients.push(redis);
    return turnsGraph(new LatestCheckpointSaver(new RedisHashStore(redis, 120, prefix)));
  };

  beforeAll(async () => assertReachable(testRedisUrl(), 'Redis'));
  afterAll(async () => {
    const redis = clients[0];
    if (redis) {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(...keys);
    }
    await Promise.all(clients.map((c) => c.quit()));
  });

  it('a session written by one replica continues on another, with one pruned hash and a TTL', async () => {
    const a = replica();
    const b = replica();
    const config = { configurable: { thread_id: 'session-1' } };
    await a.invoke({ say: 'first' }, config);
    await b.invoke({ say: 'second' }, config);
    await a.invoke({ say: 'third' }, config);
    expect((await b.getState(config)).values).toMatchObject({ turns: ['first', 'second', 'third'] });

    const redis = clients[0] as Redis;
    const key = `${prefix}:session-1`;
    const ttl = await redis.ttl(key);
    expect(ttl).toBeGreaterThan(100);
    expect(ttl).toBeLessThanOrEqual(120);
    const fields = await redis.hkeys(key);
    expect(fields.filter((f) => f.startsWith('cp:'))).toEqual(['cp:']);
    expect((await b.getState({ configurable: { thread_id: 'no-such-session' } })).values).toEqual({});
  });
});
