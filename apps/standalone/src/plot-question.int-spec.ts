import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { RuntimeEnvSchema } from '@anime/platform-config';
import { RpcClient } from '@anime/platform-messaging';
import { runApp, type RunningApp } from '@anime/platform-runtime';
import { answerQuestions, createQueryGraph, type QueryState } from '@anime/service-agent-orchestrator';
import { IngestEnvSchema, IngestModule, runDbEnrich, runDbUpdate } from '@anime/service-ingest';
import { VectorSearchEnvSchema, VectorSearchModule } from '@anime/service-vector-search';
import { writeSampleRelease } from '@anime/testing';

// Synopses written for this test (no third-party text in the repository), for two of the 10 real sample entries.
const SYNOPSES = [
  { source: 'https://anilist.co/anime/1535', synopsis: 'A bored top student finds a notebook that kills whoever is named in it, and a strange detective hunts him.' },
  { source: 'https://myanimelist.net/anime/121', synopsis: 'Two brothers pay a terrible price for trying to bring their mother back with alchemy.' },
];

/**
 * A memory question through the deterministic planner and the real catalog service of a fresh
 * app (in-process transport), after `db:update` and `db:enrich -- --file <jsonl>`: the plot index
 * is built when the catalog loads at boot (poll off), so the very first question is answered,
 * with each candidate's snippet and its source.
 */
describe('a memory question, end to end in one process (real ingest, catalog and plot index)', () => {
  let app: RunningApp;
  let rpc: RpcClient;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plot-question-'));
    const dataDir = join(dir, 'data');
    const release = writeSampleRelease(join(dir, 'release.json'), '2025-07-21');
    const synopses = join(dir, 'synopses.jsonl');
    writeFileSync(synopses, SYNOPSES.map((l) => JSON.stringify(l)).join('\n'));
    const cli = { LOG_LEVEL: 'silent' };
    expect(await runDbUpdate(['--file', release, '--data-dir', dataDir, '--json'], cli)).toBe(0);
    expect(await runDbEnrich(['--file', synopses, '--data-dir', dataDir, '--fetched-at', '2026-07-01T00:00:00Z', '--json'], cli)).toBe(0);
    const Env = RuntimeEnvSchema.extend({ PORT: z.coerce.number().default(0) }).extend(IngestEnvSchema.shape).extend(VectorSearchEnvSchema.shape);
    app = await runApp(
      { app: 'plot-question-test', envSchema: Env, transport: 'inprocess', processHealth: false, listen: false, modules: (env) => [IngestModule.forRoot(env), VectorSearchModule.forRoot(env)] },
      // Poll off: only the catalog's load at boot can have built the plot index.
      { LOG_LEVEL: 'silent', DATA_DIR: dataDir, ANIME_DB_SOURCE: release, CATALOG_RELOAD_POLL_MS: '0', EMBEDDINGS: 'off' },
    );
    rpc = app.app.get(RpcClient);
  }, 60_000);
  afterAll(async () => app?.close());

  const ask = (query: string) =>
    answerQuestions(createQueryGraph({ rpc, now: () => new Date('2026-11-25T12:00:00Z') }), [{ query, previous: [], deadline: Date.now() + 10_000, limitOverride: 3 }]).then((s) => s[0] as QueryState);

  it('answers "I remember an anime where…" with the entry, its highlighted snippet and the snippet\'s source', async () => {
    const state = await ask('i remember an anime where a student finds a notebook that kills people, 2006ish');
    expect(state.queryPlan).toMatchObject({ intent: 'plot', yearHint: { min: 2004, max: 2008 } });
    expect(state.items[0]).toMatchObject({ id: 'mal:1535', title: 'Death Note' });
    expect(state.items[0]?.why).toMatch(/\*\*notebook\*\*.*\(synopsis from anilist: https:\/\/anilist\.co\/anime\/1535\)$/);
    // Every matched word is in this one synopsis and no other entry matches: sure, no "best guess".
    expect(state.answer).toMatch(/^Most likely: Death Note \(confidence 1\.00\)\./);
    expect(state.answer).toContain('Preferred 2004–2008, as you remembered it (not a filter).');
    expect(state.warnings).toEqual([]);
  });

  it('answers "anime where the mc…" through the same search', async () => {
    const state = await ask('anime where the mc and his brother try to bring their mother back with alchemy');
    expect(state.items[0]).toMatchObject({ id: 'mal:121' });
    expect(state.items[0]?.why).toContain('(synopsis from myanimelist: https://myanimelist.net/anime/121)');
  });
});
