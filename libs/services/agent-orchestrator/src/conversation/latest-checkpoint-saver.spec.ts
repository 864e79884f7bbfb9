import { Annotation, END, START, StateGraph } from '@langchain/langgraph';
import { describe, expect, it } from 'vitest';
import { MemoryHashStore } from './hash-store';
import { LatestCheckpointSaver } from './latest-checkpoint-saver';

// A two-node graph with an appending channel: enough to see what a thread keeps between runs.
const Notes = Annotation.Root({
  note: Annotation<string>,
  notes: Annotation<string[]>({ reducer: (a, b) => a.concat(b).slice(-3), default: () => [] }),
  seen: Annotation<number>,
});
const notesGraph = (saver: LatestCheckpointSaver) =>
  new StateGraph(Notes)
    .addNode('write', (s: typeof Notes.State) => ({ notes: [s.note] }))
    .addNode('count', (s: typeof Notes.State) => ({ seen: s.notes.length }))
    .addEdge(START, 'write')
    .addEdge('write', 'count')
    .addEdge('count', END)
    .compile({ checkpointer: saver });

const thread = (id: string) => ({ configurable: { thread_id: id } });

describe('LatestCheckpointSaver (memory)', () => {
  it('keeps a thread’s state between runs, separately per thread, trimmed by the reducer', async () => {
    const graph = notesGraph(new LatestCheckpointSaver(new MemoryHashStore({ ttlSeconds: 60, maxKeys: 100 })));
    for (const note of ['a', 'b', 'c', 'd']) await graph.invoke({ note }, thread('s1'));
    const other = await graph.invoke({ note: 'x' }, thread('s2'));
    expect(other.notes).toEqual(['x']);
    const s1 = await graph.getState(thread('s1'));
    expect(s1.values).toMatchObject({ notes: ['b', 'c', 'd'], seen: 3 });
  });

  it('prunes: one checkpoint per thread, and no writes of earlier checkpoints', async () => {
    const store = new MemoryHashStore({ ttlSeconds: 60, maxKeys: 100 });
    const saver = new LatestCheckpointSaver(store);
    const graph = notesGraph(saver);
    for (const note of ['a', 'b', 'c']) await graph.invoke({ note }, thread('p'));
    const history = [];
    for await (const tuple of saver.list(thread('p'))) history.push(tuple);
    expect(history).toHaveLength(1);
    const fields = Object.keys((await store.getAll('p')) ?? {});
    expect(fields.filter((f) => f.startsWith('cp:'))).toEqual(['cp:']);
    const latest = history[0]?.checkpoint.id as string;
    expect(fields.filter((f) => f.startsWith('w:') && !f.startsWith(`w::${latest}:`))).toEqual([]);
    // An older checkpoint asked for by id is gone (no time travel), the latest is there.
    expect(await saver.getTuple({ configurable: { thread_id: 'p', checkpoint_id: '0000-old' } })).toBeUndefined();
    expect((await saver.getTuple({ configurable: { thread_id: 'p', checkpoint_id: latest } }))?.checkpoint.id).toBe(latest);
  });

  it('expires idle threads after the TTL and drops the least recently used beyond maxKeys', async () => {
    let now = 1_000_000;
    const store = new MemoryHashStore({ ttlSeconds: 60, maxKeys: 2, now: () => now });
    const graph = notesGraph(new LatestCheckpointSaver(store));
    await graph.invoke({ note: 'a' }, thread('old'));
    now += 61_000;
    expect((await graph.getState(thread('old'))).values).toEqual({});
    await graph.invoke({ note: 'a' }, thread('t1'));
    await graph.invoke({ note: 'b' }, thread('t2'));
    await graph.invoke({ note: 'c' }, thread('t3'));
    expect((await graph.getState(thread('t1'))).values).toEqual({});
    expect((await graph.getState(thread('t3'))).values).toMatchObject({ notes: ['c'] });
  });

  it('refuses a run without a thread id with a message that says what is missing', async () => {
    const graph = notesGraph(new LatestCheckpointSaver(new MemoryHashStore({ ttlSeconds: 60, maxKeys: 10 })));
    await expect(graph.invoke({ note: 'a' })).rejects.toThrow(/thread_id/);
  });

  it('deleteThread forgets the session', async () => {
    const saver = new LatestCheckpointSaver(new MemoryHashStore({ ttlSeconds: 60, maxKeys: 10 }));
    const graph = notesGraph(saver);
    await graph.invoke({ note: 'a' }, thread('gone'));
    await saver.deleteThread('gone');
    expect((await graph.getState(thread('gone'))).values).toEqual({});
  });
});
