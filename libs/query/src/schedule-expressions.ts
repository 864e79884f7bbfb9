import type { PlanDraft } from './plan-draft';
import { words, type QueryText } from './query-text';

const KIND = '(english\\s+dub(?:bed|s)?|dub(?:bed|s)?|sub(?:bed|s)?|simulcast|raw)';

/** The air type a word names: "dubbed" → dub, "subbed"/"simulcast" → sub, "raw" → raw. */
function airTypeOf(written: string): 'raw' | 'sub' | 'dub' {
  const w = written.toLowerCase();
  return w.includes('dub') ? 'dub' : w === 'raw' ? 'raw' : 'sub';
}

/**
 * "the next (dubbed) episode of X" (one show's next release: a schedule question about X) and
 * "dub schedule", "subbed episodes" (the air type of a schedule question).
 */
export function extractReleaseKind(q: QueryText, draft: PlanDraft): void {
  q.consume(words(`(?:the\\s+)?next\\s+(?:${KIND}\\s+)?(?:episodes?|ep)(?:\\s+(?:of|for|from))?`), (m) => {
    draft.nextEpisode = true;
    draft.scheduleAsked = true;
    if (m[1]) draft.airType = airTypeOf(m[1]);
    draft.note(`next ${m[1] ? `${airTypeOf(m[1])} ` : ''}episode`);
    return true;
  });
  q.consume(words(`${KIND}\\s+(?:schedule|episodes?|releases?|line-?ups?)`), (m) => {
    draft.airType = airTypeOf(m[1] ?? '');
    draft.scheduleAsked = true;
    draft.note(`${draft.airType} releases`);
    return true;
  });
}
