import { send } from './http';
import { readSse } from './sse';
import type { AnswerItem, AskResponse, QueryPlan } from './types';

/** What the console does with each event of `POST /api/query/stream`. */
export interface QueryStreamHandlers {
  plan(plan: QueryPlan | null): void;
  items(items: AnswerItem[]): void;
  enrichment?(info: { sources: AskResponse['sources']; warnings: string[] }): void;
  done(answer: AskResponse): void;
  error(problem: { code: string; message: string; errorId?: string }): void;
}

/**
 * Asks a natural-language question and hands each SSE event to its handler as it comes (plan
 * first, then items, enrichment, done — or error). Resolves when the stream ends.
 */
export async function streamQuery(query: string, handlers: QueryStreamHandlers, signal?: AbortSignal): Promise<void> {
  const res = await send('/api/query/stream', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ query, options: { explain: true } }),
    signal,
  });
  if (!res.body) throw new Error('The server sent no stream');
  for await (const { event, data } of readSse(res.body)) {
    const payload: unknown = JSON.parse(data);
    if (event === 'plan') handlers.plan(payload as QueryPlan | null);
    else if (event === 'items') handlers.items((payload as { items: AnswerItem[] }).items);
    else if (event === 'enrichment') handlers.enrichment?.(payload as { sources: AskResponse['sources']; warnings: string[] });
    else if (event === 'done') handlers.done(payload as AskResponse);
    else if (event === 'error') handlers.error(payload as { code: string; message: string; errorId?: string });
  }
}
