import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AIMessage, type BaseMessage } from '@langchain/core/messages';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CatalogContracts } from '@anime/contracts';
import { RuntimeEnvSchema } from '@anime/platform-config';
import { RpcClient } from '@anime/platform-messaging';
import { runApp, type RunningApp } from '@anime/platform-runtime';
import { answerQuestions, createQueryGraph, type QueryState } from '@anime/service-agent-orchestrator';
import { IngestEnvSchema, IngestModule } from '@anime/service-ingest';
import { VectorSearchEnvSchema, VectorSearchModule } from '@anime/service-vector-search';
import { writeSampleRelease } from '@anime/testing';

type Call = { name: string; args: Record<string, unknown> };

/**
 * A scripted chat model: each turn returns the next scripted reply (text + tool calls), or throws.
 * It stands in for the provider at the process edge (no network); everything after it is real.
 */
function scripted(turns: Array<{ text?: string; calls?: Call[] } | Error | (() => { text?: string; calls?: Call[] })>) {
  const seen: BaseMessage[][] = [];
  let turn = 0;
  return {
    seen,
    model: {
      bindTools: () => ({
        invoke: async (messages: BaseMessage[]) => {
          seen.push([...messages]);
          const next = turns[Math.min(turn++, turns.length - 1)];
          if (next instanceof Error) throw next;
          const reply = typeof next === 'function' ? next() : (next ?? {});
          return new AIMessage({
            content: reply.text ?? '',
            tool_calls: (reply.calls ?? []).map((c, i) => ({ name: c.name, args: c.args, id: `call-${turn}-${i}`, type: 'tool_call' as const })),
            usage_metadata: { input_tokens: 100, output_tokens: 20, total_tokens: 120 },
          });
        },
      }),
    },
  };
}

describe('the LLM path of the query graph (scripted model, real catalog)', () => {
  let app: RunningApp;
  let rpc: RpcClient;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-'));
    const release = join(dir, 'release.json');
    writeSampleRelease(release, '2025-07-21');
    const Env = RuntimeEnvSchema.extend({ PORT: z.coerce.number().default(0) }).extend(IngestEnvSchema.shape).extend(VectorSearchEnvSchema.shape);
    app = await runApp(
      { app: 'llm-test', envSchema: Env, transport: 'inprocess', processHealth: false, listen: false, modules: (env) => [IngestModule.forRoot(env), VectorSearchModule.forRoot(env)] },
      { LOG_LEVEL: 'silent', DATA_DIR: join(dir, 'data'), ANIME_DB_SOURCE: release, CATALOG_RELOAD_POLL_MS: '0' },
    );
    rpc = app.app.get(RpcClient);
    const deadline = Date.now() + 20_000;
    while (!(await rpc.call(CatalogContracts.stats, {}).then(() => true, () => false))) {
      if (Date.now() > deadline) throw new Error('catalog not loaded');
      await new Promise((r) => setTimeout(r, 50));
    }
  }, 60_000);
  afterAll(async () => app?.close());

  const ask = (graph: ReturnType<typeof createQueryGraph>, query: string, ms = 5_000) =>
    answerQuestions(graph, [{ query, previous: [], deadline: Date.now() + ms, limitOverride: undefined }]).then((states) => states[0] as QueryState);

  it('answers with the model: tool calls validated and run, reasons and tokens in the trace', async () => {
    const fake = scripted([{ text: 'I will search the catalog.', calls: [{ name: 'search_anime', args: { text: 'dandadan', limit: 3 } }] }, { text: 'Dandadan is a 2024 TV series.' }]);
    const graph = createQueryGraph({ rpc, now: () => new Date(), models: [{ name: 'scripted:one', model: fake.model }] });
    const state = await ask(graph, 'what is that anime with aliens and ghosts, dandadan?');
    expect(state.answeredBy).toBe('scripted:one');
    expect(state.answer).toBe('Dandadan is a 2024 TV series.');
    expect(state.items[0]?.id).toBe('mal:57334');
    const reason = state.trace.find((t: { node: string }) => t.node === 'reason');
    expect(reason?.detail).toMatchObject({ provider: 'scripted:one', tokens: { input: 200, output: 40 }, steps: [{ tool: 'search_anime', ok: true, reason: 'I will search the catalog.' }] });
    // The tool result went back to the model.
    expect(JSON.stringify(fake.seen[1]?.at(-1)?.content)).toContain('mal:57334');
  });

  it('validates model output before any call: a malformed call is answered with the error, then fixed', async () => {
    const fake = scripted([{ calls: [{ name: 'search_anime', args: { limit: 'ten' } }] }, { calls: [{ name: 'search_anime', args: { text: 'dandadan' } }] }, { text: 'Found it.' }]);
    const state = await ask(createQueryGraph({ rpc, now: () => new Date(), models: [{ name: 'scripted', model: fake.model }] }), 'dark supernatural anime from the 2020s');
    const steps = (state.trace.find((t: { node: string }) => t.node === 'reason')?.detail as { steps: Array<{ ok: boolean; error?: string }> }).steps;
    expect(steps[0]).toMatchObject({ ok: false, error: expect.stringContaining('invalid arguments') });
    expect(steps[1]).toMatchObject({ ok: true });
    expect(JSON.stringify(fake.seen[1]?.at(-1)?.content)).toContain('invalid arguments');
    expect(state.items[0]?.id).toBe('mal:57334');
  });

  it('stops a model that calls the same tool with the same arguments three times', async () => {
    const fake = scripted([() => ({ calls: [{ name: 'search_anime', args: { text: 'dandadan' } }] })]);
    const state = await ask(createQueryGraph({ rpc, now: () => new Date(), models: [{ name: 'scripted', model: fake.model }] }), 'dark supernatural anime from the 2020s, top 5');
    expect(state.warnings.join('\n')).toMatch(/called search_anime 3 times with the same arguments/);
    expect(fake.seen).toHaveLength(3);
    expect(state.items[0]?.id).toBe('mal:57334'); // partial results kept
  });

  it('stops at the step limit with a warning', async () => {
    let n = 0;
    const fake = scripted([() => ({ calls: [{ name: 'search_anime', args: { text: `dandadan ${n++}` } }] })]);
    const state = await ask(createQueryGraph({ rpc, now: () => new Date(), models: [{ name: 'scripted', model: fake.model }], maxSteps: 4 }), 'psychological anime from the 2010s, top 5');
    expect(fake.seen).toHaveLength(4);
    expect(state.warnings.join('\n')).toMatch(/Stopped after 4 model steps/);
  });

  it('falls back along the chain: a failing provider → the next → the deterministic planner, and says who answered', async () => {
    const failing = scripted([new Error('429 Too Many Requests')]);
    const second = scripted([{ calls: [{ name: 'search_anime', args: { text: 'death note' } }] }, { text: 'Death Note.' }]);
    const chained = await ask(
      createQueryGraph({ rpc, now: () => new Date(), models: [{ name: 'primary', model: failing.model }, { name: 'secondary', model: second.model }] }),
      'dark psychological anime from the 2000s',
    );
    expect(chained.answeredBy).toBe('secondary');
    expect(chained.warnings.join('\n')).toMatch(/primary failed: 429 Too Many Requests; falling back/);

    const allDown = await ask(
      createQueryGraph({ rpc, now: () => new Date(), models: [{ name: 'primary', model: scripted([new Error('503 overloaded')]).model }] }),
      'dark psychological anime from the 2000s',
    );
    expect(allDown.answeredBy).toBeUndefined(); // the handler reports this as "deterministic-planner"
    expect(allDown.queryPlan?.intent).toBe('search');
    expect(allDown.warnings.join('\n')).toMatch(/primary failed: 503 overloaded/);
  });

  it('keeps a plain title on the fast path: the model is never asked', async () => {
    const fake = scripted([new Error('must not be called')]);
    const state = await ask(createQueryGraph({ rpc, now: () => new Date(), models: [{ name: 'scripted', model: fake.model }] }), 'Dandadan');
    expect(fake.seen).toHaveLength(0);
    expect(state.items[0]?.id).toBe('mal:57334');
  });

  it('answers a chunk in one run: the model is asked only for the questions that need it, each keeps its own answer and trace', async () => {
    const fake = scripted([{ text: 'I will search the catalog.', calls: [{ name: 'search_anime', args: { text: 'dandadan', limit: 3 } }] }, { text: 'Dandadan is a 2024 TV series.' }]);
    const graph = createQueryGraph({ rpc, now: () => new Date(), models: [{ name: 'scripted', model: fake.model }] });
    const deadline = Date.now() + 5_000;
    const [title, reasoned, structured] = await answerQuestions(graph, [
      { query: 'Dandadan', previous: [], deadline, limitOverride: undefined },
      { query: 'what is that anime with aliens and ghosts, dandadan?', previous: [], deadline, limitOverride: undefined },
      { query: { anime_id: 'mal:57334', fields: [] }, previous: [], deadline, limitOverride: undefined },
    ]);
    expect(fake.seen).toHaveLength(2); // one model loop (two turns), for the one question that needs it
    expect(title?.answeredBy).toBeUndefined();
    expect(title?.items[0]?.id).toBe('mal:57334');
    expect(title?.trace.map((t) => t.node)).toEqual(['understand', 'plan', 'act', 'compose']);
    expect(reasoned?.answeredBy).toBe('scripted');
    expect(reasoned?.answer).toBe('Dandadan is a 2024 TV series.');
    expect(reasoned?.trace.map((t) => t.node)).toEqual(['understand', 'reason', 'compose']);
    expect(structured?.queryPlan?.intent).toBe('details');
    expect(structured?.items[0]?.id).toBe('mal:57334');
  });

  it('keeps a failure to its own question: its siblings in the chunk are still answered', async () => {
    const broken = { bindTools: () => { throw new TypeError('this model cannot call tools'); } };
    const graph = createQueryGraph({ rpc, now: () => new Date(), models: [{ name: 'broken', model: broken }] });
    const deadline = Date.now() + 5_000;
    const [failed, answered] = await answerQuestions(graph, [
      { query: 'dark psychological anime from the 2000s', previous: [], deadline, limitOverride: undefined },
      { query: 'Dandadan', previous: [], deadline, limitOverride: undefined },
    ]);
    expect(failed?.failure?.error).toBeInstanceOf(TypeError);
    expect(failed?.answer).toBe('');
    expect(answered?.failure).toBeUndefined();
    expect(answered?.items[0]?.id).toBe('mal:57334');
  });

  it('returns partial results at the deadline instead of hanging', async () => {
    const slow = {
      bindTools: () => ({ invoke: () => new Promise<AIMessage>(() => undefined) }),
    };
    const started = Date.now();
    const state = await ask(createQueryGraph({ rpc, now: () => new Date(), models: [{ name: 'slow', model: slow }] }), 'something dark and psychological please', 300);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(state.warnings.join('\n')).toMatch(/slow failed: no answer within/);
  });
});
