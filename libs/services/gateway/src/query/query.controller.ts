import { setMaxListeners } from 'node:events';
import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { AgentContracts, AppError, AskRequestSchema, MAX_BATCH_QUESTIONS, errorBodyOf, PayloadTooLargeError, QueryOptionsSchema, type RpcOutput } from '@anime/contracts';
import { RpcClient } from '@anime/platform-messaging';
import { parseInput } from '../parse-input';

/** Chunks in flight at once: spread over the agent replicas (NATS queue group), bounded for the rest. */
const BATCH_CONCURRENCY = 8;
/** Questions per chunk: one graph run answers a chunk, so its fixed cost is paid once per chunk. */
const MAX_CHUNK = 10;

const BatchSchema = z
  .object({
    queries: z.array(z.union([z.string().trim().min(1).max(2000), AskRequestSchema])).min(1),
    options: QueryOptionsSchema.optional(),
  })
  .strict();

type Answer = RpcOutput<typeof AgentContracts.ask>;

/** Aborts when the HTTP client goes away before the answer is sent. */
function abortOnClose(req: Request, res: Response): AbortSignal {
  const controller = new AbortController();
  req.on('close', () => {
    if (!res.writableEnded) controller.abort();
  });
  return controller.signal;
}

/**
 * Natural-language questions: `POST /api/query` (JSON, or SSE with `Accept: text/event-stream`),
 * `POST /api/query/stream`, `POST /api/batch`, `GET /api/conversation/{session_id}`.
 */
@Controller('api')
export class QueryController {
  constructor(private readonly rpc: RpcClient) {}

  @Post('query')
  @HttpCode(200)
  async query(@Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const input = parseInput(AskRequestSchema, body, 'body');
    if ((req.header('accept') ?? '').includes('text/event-stream')) return this.stream(input, req, res);
    res.json(await this.rpc.call(AgentContracts.ask, input, { signal: abortOnClose(req, res) }));
  }

  @Post('query/stream')
  async queryStream(@Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.stream(parseInput(AskRequestSchema, body, 'body'), req, res);
  }

  @Post('batch')
  @HttpCode(200)
  async batch(@Body() body: unknown, @Req() req: Request): Promise<{ results: Array<{ ok: true; result: Answer } | { ok: false; error: ReturnType<AppError['toBody']> }> }> {
    const raw = body as { queries?: unknown[] } | undefined;
    if (Array.isArray(raw?.queries) && raw.queries.length > MAX_BATCH_QUESTIONS) {
      throw new PayloadTooLargeError(`A batch holds at most ${MAX_BATCH_QUESTIONS} queries (got ${raw.queries.length}); split it`, { details: { max: MAX_BATCH_QUESTIONS } });
    }
    const input = parseInput(BatchSchema, body, 'body');
    const requests = input.queries.map((q) => (typeof q === 'string' ? { query: q, options: input.options } : { ...q, options: q.options ?? input.options }));
    const results = new Array<{ ok: true; result: Answer } | { ok: false; error: ReturnType<AppError['toBody']> }>(requests.length);
    // Chunks of up to MAX_CHUNK questions, as many chunks as there are slots first (a small batch is spread thin).
    const size = Math.min(MAX_CHUNK, Math.ceil(requests.length / BATCH_CONCURRENCY));
    const chunks = Array.from({ length: Math.ceil(requests.length / size) }, (_, c) => c * size);
    let next = 0;
    const signal = abortOnClose(req, req.res as Response);
    // Every in-flight chunk (and its RPC layers) listens on this one signal: more than the default 10.
    setMaxListeners(BATCH_CONCURRENCY * 4, signal);
    // Bounded concurrency: throughput grows with size without flooding the agent.
    const worker = async () => {
      for (let c = next++; c < chunks.length; c = next++) {
        const from = chunks[c] as number;
        const chunk = requests.slice(from, from + size);
        try {
          const answered = await this.rpc.call(AgentContracts.askBatch, { queries: chunk } as never, { signal });
          answered.results.forEach((r, k) => (results[from + k] = r));
        } catch (error) {
          // The chunk failed as a whole (agent unavailable, deadline): each of its questions says so.
          const body = errorBodyOf(error);
          chunk.forEach((_, k) => (results[from + k] = { ok: false, error: body }));
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(BATCH_CONCURRENCY, chunks.length) }, worker));
    return { results };
  }

  @Get('conversation/:sessionId')
  conversation(@Param('sessionId') sessionId: string) {
    return this.rpc.call(AgentContracts.conversation, { session_id: sessionId });
  }

  /** SSE: `started` at once, then `plan`, `items`, `enrichment` (when live sources were asked), `done` (or `error`). */
  private async stream(input: z.output<typeof AskRequestSchema>, req: Request, res: Response): Promise<void> {
    res.status(200).set({ 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.flushHeaders();
    const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    send('started', { query: input.query });
    try {
      const answer = await this.rpc.call(AgentContracts.ask, { ...input, options: { ...input.options, explain: true } } as never, { signal: abortOnClose(req, res) });
      send('plan', answer.plan ?? null);
      send('items', { items: answer.items });
      // Live sources consulted for this answer (details/comparison): what each contributed or why not.
      const live = answer.sources.filter((s) => s.name !== 'anime-offline-database');
      if (live.length) send('enrichment', { sources: live, warnings: answer.warnings });
      send('done', { ...answer, plan: input.options?.explain ? answer.plan : undefined, trace: input.options?.explain ? answer.trace : undefined });
    } catch (error) {
      send('error', errorBodyOf(error));
    }
    res.end();
  }
}
