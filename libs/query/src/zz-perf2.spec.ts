import { it } from 'vitest';
import { QueryText } from './query-text';
import { PlanDraft } from './plan-draft';
import * as ie from './intent-expressions';
import * as ne from './number-expressions';
import * as re from './reference-expressions';
import * as te from './time-expressions';
it('perf2', () => {
  const ctx = { timezone: 'UTC', today: { year: 2026, month: 11, day: 25 }, weekday: 3, previousCount: undefined };
  const steps: Array<[string, (q: QueryText, d: PlanDraft) => void]> = [
    ['refs', (q, d) => re.extractReferences(q, d)],
    ['stats', (q, d) => ie.extractStats(q, d)],
    ['compare', (q, d) => ie.extractCompare(q, d)],
    ['days', (q, d) => te.extractScheduleDays(q, d, ctx)],
    ['time', (q, d) => te.extractTime(q, d, ctx)],
    ['eps', (q, d) => ne.extractEpisodesAndDuration(q, d)],
    ['count', (q, d) => ne.extractCountAndSort(q, d)],
    ['score', (q, d) => ne.extractScore(q, d)],
    ['status', (q, d) => ne.extractStatus(q, d)],
    ['fields', (q, d) => ie.extractFields(q, d)],
    ['schedw', (q, d) => ie.extractScheduleWords(q, d)],
    ['sources', (q, d) => ie.extractSources(q, d)],
    ['studios', (q, d) => ie.extractStudios(q, d)],
    ['excl', (q, d) => re.extractExclusions(q, d)],
    ['types', (q, d) => ie.extractTypes(q, d)],
    ['sim', (q, d) => re.extractSimilarityAndOrdinals(q, d, ctx)],
  ];
  const totals = new Map<string, number>();
  for (let i = 0; i < 300; i++) {
    const q = new QueryText('dark psychological anime like Death Note from the 2010s, top 5');
    const d = new PlanDraft();
    for (const [name, f] of steps) { const t = performance.now(); f(q, d); totals.set(name, (totals.get(name) ?? 0) + performance.now() - t); }
  }
  console.log([...totals].map(([k, v]) => `${k}=${(v / 300).toFixed(3)}`).join(' '));
});
