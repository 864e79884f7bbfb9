import type { QueryPlan } from '@anime/contracts';

/**
 * True for "just a title" or "just an id/link": a plan the catalog answers alone, so the agent
 * takes the fast path even when an LLM is configured; so is a remembered plot (`plot`). Anything else (filters, moods, follow-ups,
 * similarity, schedule, comparison, fields, doubt) needs the full pipeline.
 */
export function isSimpleQuery(plan: QueryPlan): boolean {
  const plain =
    Object.keys(plan.filters).length === 0 &&
    plan.excludeTitles.length === 0 &&
    plan.moods.length === 0 &&
    plan.fields.length === 0 &&
    plan.ordinal === undefined &&
    plan.similarTo === undefined &&
    plan.schedule === undefined &&
    plan.compare === undefined &&
    plan.sort === undefined &&
    plan.limit === undefined &&
    plan.clarification === undefined &&
    plan.confidence >= 0.6;
  if (!plain) return false;
  // The plot search answers a remembered story alone (the LLM path has no plot tool).
  if (plan.intent === 'plot') return plan.text !== undefined;
  if (plan.intent === 'lookup') return plan.ref !== undefined && plan.text === undefined;
  return plan.intent === 'search' && plan.text !== undefined && plan.ref === undefined;
}
