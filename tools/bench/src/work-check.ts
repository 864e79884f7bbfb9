// The bench checks the work it times: a measurement whose requests failed meets no target.
import { AskBatchResultSchema } from '@anime/contracts';
import { z } from 'zod';

/** What failed in the work a measurement timed (a measurement with failures meets no target). */
export interface FailedWork {
  measurement: string;
  failed: number;
  total: number;
  /** The first few failures, as read. */
  examples: string[];
}

/** Collects failed work per measurement: the bench reports it, and refuses to call a target over it met. */
export class WorkCheck {
  private readonly byMeasurement = new Map<string, FailedWork>();

  constructor(private readonly log: (message: string) => void = () => undefined) {}

  /** Records `total` units of work of `measurement`, of which `problems` failed. */
  record(measurement: string, total: number, problems: string[]): void {
    const entry = this.byMeasurement.get(measurement) ?? { measurement, failed: 0, total: 0, examples: [] };
    entry.total += total;
    entry.failed += problems.length;
    entry.examples.push(...problems.slice(0, Math.max(0, 3 - entry.examples.length)));
    this.byMeasurement.set(measurement, entry);
    if (problems.length) this.log(`${measurement}: ${problems.length} of ${total} failed (${problems[0]})`);
  }

  /** True when every unit of work of these measurements succeeded (and each was recorded). */
  ok(...measurements: string[]): boolean {
    return measurements.every((m) => this.byMeasurement.get(m)?.failed === 0);
  }

  failed(): FailedWork[] {
    return [...this.byMeasurement.values()].filter((w) => w.failed > 0);
  }
}

const BatchResponseSchema = z.object({ results: z.array(AskBatchResultSchema) });

/**
 * The failures in one `/api/batch` answer: the batch answers 200 even when questions fail, so
 * each result must be `ok`, one per question asked.
 */
export function batchProblems(status: number, text: string, asked: number): string[] {
  if (status !== 200) return [`HTTP ${status}: ${text.slice(0, 200)}`];
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return [`not JSON: ${text.slice(0, 200)}`];
  }
  const parsed = BatchResponseSchema.safeParse(body);
  if (!parsed.success) return [`not a batch answer: ${parsed.error.message.slice(0, 200)}`];
  const problems = parsed.data.results.flatMap((r, i) => (r.ok ? [] : [`question ${i}: ${r.error.code}: ${r.error.message}`]));
  if (parsed.data.results.length !== asked) problems.push(`${parsed.data.results.length} results for ${asked} questions`);
  return problems;
}

/** Polls `condition` every 100 ms until it holds; fails naming `what` after `timeoutMs`. */
export async function waitFor(what: string, condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
