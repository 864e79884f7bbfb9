import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIntoTemp, expectEvery } from '@anime/testing';
import { buildQuerySet, loadEntries, runLoad, startTarget, summaryLine, VARIANTS, type LoadRequest, type Mode, type Target } from './load';

// The CI variant of the load suite (32 clients × 8 s per mode, the 10-entry real sample): under
// load the gateway answers every request of the mixed set, with no 5xx and non-zero throughput.
// The full variant (200 × 60 s, 27k entries) is the CLI's: LOAD_FULL=1 (see tools/load/README.md).
describe('load (CI variant): embedded and distributed gateway under concurrent mixed queries', () => {
  const { clients, durationS, dataset } = VARIANTS.ci;
  const entries = loadEntries(dataset);
  let querySet: LoadRequest[];
  let distDir: string;
  let target: Target | undefined;

  beforeAll(() => {
    distDir = buildIntoTemp();
    querySet = buildQuerySet(entries);
  });
  afterAll(async () => {
    await target?.stop();
    rmSync(distDir, { recursive: true, force: true });
  });

  it.each<Mode>(['embedded', 'distributed'])(
    '%s: no 5xx but deliberate 503 shedding, no connection errors, readiness steady, non-zero req/s',
    async (mode) => {
      target = await startTarget(mode, distDir, entries);
      try {
        const result = await runLoad(target, { clients, durationS, querySet });
        console.log(`load ${summaryLine(result)}`);
        expect(result.count5xxOther, JSON.stringify(result.statusCodes)).toBe(0);
        expect(result.errors + result.timeouts).toBe(0);
        expect(result.readiness.polls).toBeGreaterThan(0);
        expect(result.readiness.notReady, JSON.stringify(result.readiness.statuses)).toBe(0);
        expect(result.reqPerSec).toBeGreaterThan(0);
        // Every kind of request in the mix was answered, and with 2xx (the limiter is lifted); the
        // only other answer allowed is a shed 503 past capacity.
        expectEvery(Object.entries(result.byKind), ([name, kind]) => expect(kind.statusCodes['200'] ?? 0, name).toBeGreaterThan(0), 'the request kinds');
        expect(result.non2xx - result.shed503, JSON.stringify(result.statusCodes)).toBe(0);
      } finally {
        await target.stop();
        target = undefined;
      }
    },
    60_000,
  );
});
