import { describe, expect, it } from 'vitest';
import { batchProblems, waitFor, WorkCheck } from './work-check';

/** One `ok` result as the contract shapes it (AskResponseSchema's required fields). */
const answered = {
  ok: true,
  result: { answer: 'Naruto', items: [], sources: [], warnings: [], timings: {}, session_id: 's-00000001', execution_id: 'e1', answered_by: 'deterministic-planner' },
};
const refused = { ok: false, error: { code: 'SERVICE_UNAVAILABLE', message: 'agent-orchestrator did not answer' } };

describe('batchProblems: a 200 from /api/batch is not success by itself', () => {
  it('accepts an answer whose every question is ok, one per question', () => {
    expect(batchProblems(200, JSON.stringify({ results: [answered, answered] }), 2)).toEqual([]);
  });

  it('reports each failed question of a 200 answer with its code', () => {
    expect(batchProblems(200, JSON.stringify({ results: [answered, refused, refused] }), 3)).toEqual([
      'question 1: SERVICE_UNAVAILABLE: agent-orchestrator did not answer',
      'question 2: SERVICE_UNAVAILABLE: agent-orchestrator did not answer',
    ]);
  });

  it('reports missing answers, a non-200 status, a body that is not JSON or not a batch answer', () => {
    expect(batchProblems(200, JSON.stringify({ results: [answered] }), 100)).toEqual(['1 results for 100 questions']);
    expect(batchProblems(429, '{"code":"RATE_LIMITED"}', 100)).toEqual(['HTTP 429: {"code":"RATE_LIMITED"}']);
    expect(batchProblems(200, '<html>', 1)).toEqual(['not JSON: <html>']);
    expect(batchProblems(200, JSON.stringify({ answers: [] }), 1)[0]).toMatch(/^not a batch answer: /);
  });
});

describe('WorkCheck: no target over failed work', () => {
  it('is ok only for measurements recorded with no failure', () => {
    const work = new WorkCheck();
    work.record('batch.embedded', 100, []);
    work.record('batch.overNats', 100, []);
    work.record('batch.overNats', 100, ['question 7: SERVICE_UNAVAILABLE: down']);
    expect(work.ok('batch.embedded')).toBe(true);
    expect(work.ok('batch.overNats')).toBe(false);
    expect(work.ok('batch.embedded', 'batch.overNats')).toBe(false);
    expect(work.ok('never.measured')).toBe(false);
    expect(work.failed()).toEqual([{ measurement: 'batch.overNats', failed: 1, total: 200, examples: ['question 7: SERVICE_UNAVAILABLE: down'] }]);
  });

  it('keeps the first three failures as examples, and logs each failing record', () => {
    const logged: string[] = [];
    const work = new WorkCheck((m) => logged.push(m));
    work.record('query.overNats', 10, ['a', 'b']);
    work.record('query.overNats', 10, ['c', 'd']);
    expect(work.failed()[0]).toMatchObject({ failed: 4, total: 20, examples: ['a', 'b', 'c'] });
    expect(logged).toEqual(['query.overNats: 2 of 10 failed (a)', 'query.overNats: 2 of 10 failed (c)']);
  });
});

describe('waitFor', () => {
  it('waits on the condition, not on a fixed time', async () => {
    let polls = 0;
    await waitFor('third poll', async () => ++polls === 3, 5_000);
    expect(polls).toBe(3);
  });

  it('fails naming what it waited for; a throwing condition counts as not yet', async () => {
    await expect(
      waitFor(
        'replica ready',
        async () => {
          throw new Error('ECONNREFUSED');
        },
        0,
      ),
    ).rejects.toThrow(/^replica ready: not within 0 s$/);
  });
});
