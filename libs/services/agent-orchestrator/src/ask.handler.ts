import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { AgentContracts, AppError, NotFoundError, errorBodyOf, type RpcOutput, type RpcParsedRequest } from '@anime/contracts';
import { RpcClient, RpcHandler, type HandlerContext } from '@anime/platform-messaging';
import { LOGGER, METRICS, type Logger, type Metrics } from '@anime/platform-observability';
import { AGENT_ENV, type AgentOrchestratorEnv } from './agent.env';
import { Conversations } from './conversation/conversation.graph';
import type { LatestCheckpointSaver } from './conversation/latest-checkpoint-saver';
import { createChatModels } from './llm/chat-models.factory';
import { answerQuestions, createQueryGraph, type QueryState } from './query.graph';
import { CONVERSATION_CHECKPOINTER } from './tokens';

type C = typeof AgentContracts;
type AskRequest = RpcParsedRequest<C['ask']>;
type Outcome = { ok: true; result: RpcOutput<C['ask']> } | { ok: false; error: unknown };

/**
 * `agent.v1.query.ask`, `agent.v1.query.ask-batch` and `agent.v1.conversation.get`: one graph run
 * per question or per chunk of questions; a session is a LangGraph thread (checkpointer).
 */
@Injectable()
export class AskHandler {
  private readonly graph: ReturnType<typeof createQueryGraph>;
  private readonly sessions: Conversations;
  private readonly now: () => Date;
  private readonly queries: Counter<'intent' | 'answered_by'>;
  private readonly duration: Histogram<'intent'>;
  private readonly tokens: Counter<'provider' | 'direction'>;
  private readonly toolCalls: Counter<'tool' | 'ok'>;
  private readonly cost: Counter<'provider'>;
  private readonly withWarnings: Counter<'intent'>;
  private readonly complexity: Histogram<'intent'>;
  private readonly llmLatency: Histogram<'provider'>;

  constructor(
    rpc: RpcClient,
    @Inject(AGENT_ENV) private readonly env: AgentOrchestratorEnv,
    @Inject(CONVERSATION_CHECKPOINTER) checkpointer: LatestCheckpointSaver,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS) metrics: Metrics,
  ) {
    const frozen = env.CLOCK_NOW ? Date.parse(env.CLOCK_NOW) : undefined;
    const now = () => (frozen === undefined ? new Date() : new Date(frozen));
    this.now = now;
    this.graph = createQueryGraph({ rpc, now, models: createChatModels(env), maxSteps: env.LLM_MAX_STEPS });
    this.sessions = new Conversations({ checkpointer, maxTurns: env.CONVERSATION_MAX_TURNS });
    this.tokens = new Counter({ name: 'agent_llm_tokens_total', help: 'LLM tokens used, by provider and direction.', labelNames: ['provider', 'direction'], registers: [metrics.registry] });
    this.cost = new Counter({ name: 'agent_llm_cost_usd_total', help: 'Estimated LLM spend in USD (LLM_COST_*_PER_MTOK), by provider.', labelNames: ['provider'], registers: [metrics.registry] });
    this.withWarnings = new Counter({ name: 'agent_answers_with_warnings_total', help: 'Answers that carried warnings (a source failed, partial results, ambiguity).', labelNames: ['intent'], registers: [metrics.registry] });
    this.toolCalls = new Counter({ name: 'agent_tool_calls_total', help: 'Tool/contract calls made while answering, by tool and outcome.', labelNames: ['tool', 'ok'], registers: [metrics.registry] });
    this.complexity = new Histogram({ name: 'agent_query_complexity', help: 'Constraints understood per question (filters, moods, fields, exclusions…).', labelNames: ['intent'], buckets: [0, 1, 2, 3, 5, 8, 13], registers: [metrics.registry] });
    this.llmLatency = new Histogram({ name: 'agent_llm_duration_seconds', help: 'Time spent in the LLM reasoning loop, by provider.', labelNames: ['provider'], buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], registers: [metrics.registry] });
    this.queries = new Counter({ name: 'agent_queries_total', help: 'Questions answered, by intent and by who answered.', labelNames: ['intent', 'answered_by'], registers: [metrics.registry] });
    this.duration = new Histogram({ name: 'agent_query_duration_seconds', help: 'Time to answer a question, by intent.', labelNames: ['intent'], registers: [metrics.registry], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
  }

  @RpcHandler(AgentContracts.ask)
  async ask(request: RpcParsedRequest<C['ask']>, ctx: HandlerContext): Promise<RpcOutput<C['ask']>> {
    const [outcome] = await this.answerAll([request], ctx);
    if (!outcome || !outcome.ok) throw outcome?.error ?? new Error('no answer');
    return outcome.result;
  }

  /** A chunk of questions in one graph run (what `/api/batch` sends): per-question results or typed errors, in order. */
  @RpcHandler(AgentContracts.askBatch)
  async askBatch(request: RpcParsedRequest<C['askBatch']>, ctx: HandlerContext): Promise<RpcOutput<C['askBatch']>> {
    const outcomes = await this.answerAll(request.queries, ctx);
    return {
      results: outcomes.map((o, i) => {
        if (o.ok) return { ok: true as const, result: o.result };
        // A typed error is the answer; anything else is a bug: its stack goes to the log, the caller gets INTERNAL.
        if (!(o.error instanceof AppError)) this.logger.error({ err: o.error, question: i }, 'a question of the batch failed');
        return { ok: false as const, error: errorBodyOf(o.error) };
      }),
    };
  }

  private async answerAll(requests: AskRequest[], ctx: HandlerContext): Promise<Outcome[]> {
    const started = performance.now();
    // Leave a little of the caller's deadline for the reply itself.
    const deadline = Math.min(Date.now() + this.env.AGENT_DEADLINE_MS, ctx.deadline - 50);
    // A session is a LangGraph thread: its checkpoint holds the previous turns (a new id starts one).
    const prepared = await Promise.all(
      requests.map(async (request) => {
        try {
          const sessionId = request.session_id ?? randomUUID().replace(/-/g, '');
          const last = request.session_id ? (await this.sessions.turns(sessionId)).at(-1) : undefined;
          const previous = last ? last.anime_ids.map((id, i) => ({ id, title: last.titles[i] ?? id })) : [];
          return { ok: true as const, sessionId, input: { query: request.query, previous, deadline, limitOverride: request.options?.limit } };
        } catch (error) {
          return { ok: false as const, error };
        }
      }),
    );
    const runnable = prepared.flatMap((p) => (p.ok ? [p.input] : []));
    const states = runnable.length ? await answerQuestions(this.graph, runnable, { signal: ctx.signal }) : [];
    let next = 0;
    return Promise.all(
      prepared.map(async (p, i): Promise<Outcome> => {
        if (!p.ok) return { ok: false, error: p.error };
        const state = states[next++] as QueryState;
        if (state.failure) return { ok: false, error: state.failure.error };
        try {
          return { ok: true, result: await this.finish(requests[i] as AskRequest, p.sessionId, state, deadline, started) };
        } catch (error) {
          return { ok: false, error };
        }
      }),
    );
  }

  /** One question's answer from its final state: sources, warnings, timings; its turn recorded; metrics. */
  private async finish(request: AskRequest, sessionId: string, state: QueryState, deadline: number, started: number): Promise<RpcOutput<C['ask']>> {
    const executionId = randomUUID();
    const plan = state.queryPlan;
    const warnings = [...state.warnings];
    const answeredBy = state.answeredBy ?? 'deterministic-planner';
    if (state.llmTokens) {
      this.tokens.inc({ provider: answeredBy, direction: 'input' }, state.llmTokens.input);
      this.tokens.inc({ provider: answeredBy, direction: 'output' }, state.llmTokens.output);
      const usd = (state.llmTokens.input * this.env.LLM_COST_INPUT_PER_MTOK + state.llmTokens.output * this.env.LLM_COST_OUTPUT_PER_MTOK) / 1e6;
      if (usd > 0) this.cost.inc({ provider: answeredBy }, usd);
    }
    if (Date.now() > deadline) warnings.push('The query ran past its deadline: results may be partial.');
    const timings = Object.fromEntries(state.trace.map((s) => [s.node, s.ms]));
    timings['total'] = Math.round((performance.now() - started) * 100) / 100;
    const failed = state.results?.filter((r) => !r.ok).length ?? 0;
    const answer = {
      answer: state.answer,
      items: state.items,
      ...(request.options?.explain && plan ? { plan, trace: state.trace } : {}),
      sources: [
        { name: 'anime-offline-database', used: (state.results?.length ?? 0) > failed, detail: 'offline catalog (manami)' },
        // Live sources asked for details/comparison, each with its outcome.
        ...(state.results ?? [])
          .filter((r) => r.ok && (r.call.tool === 'details' || r.call.tool === 'compare' || r.call.tool === 'schedule'))
          .flatMap((r) => (r.value as { sources: Array<{ name: string; status: string; reason?: string }> }).sources)
          .map((s) => ({ name: s.name, used: s.status === 'ok' || s.status === 'stale', detail: s.reason ? `${s.status}: ${s.reason}` : s.status })),
      ],
      warnings,
      timings,
      session_id: sessionId,
      execution_id: executionId,
      answered_by: answeredBy,
      ...(plan?.clarification ? { clarification: plan.clarification } : {}),
      anime_ids: state.items.map((i) => i.id),
    };
    await this.sessions.record(sessionId, {
      query: typeof request.query === 'string' ? request.query : JSON.stringify(request.query),
      answer: state.answer,
      anime_ids: state.items.map((i) => i.id),
      titles: state.items.map((i) => i.title),
      at: this.now().toISOString(),
    });
    const intent = plan?.intent ?? 'unknown';
    this.recordCalls(state);
    if (warnings.length) this.withWarnings.inc({ intent });
    if (plan) this.complexity.observe({ intent }, plan.understood.length + plan.excludeTitles.length + plan.fields.length);
    this.queries.inc({ intent, answered_by: answeredBy });
    this.duration.observe({ intent }, (performance.now() - started) / 1000);
    this.logger.info({ executionId, sessionId, intent, items: state.items.length, ms: timings['total'] }, 'query answered');
    return answer;
  }

  /** Tool calls of the planner path (act) and the LLM path (reason), and the LLM loop's latency. */
  private recordCalls(state: QueryState): void {
    for (const step of state.trace) {
      const detail = step.detail as { calls?: Array<{ tool: string; ok?: boolean }>; steps?: Array<{ tool: string; ok: boolean }>; provider?: string } | undefined;
      if (step.node === 'act') for (const c of detail?.calls ?? []) this.toolCalls.inc({ tool: c.tool, ok: String(c.ok ?? true) });
      if (step.node === 'reason') {
        for (const c of detail?.steps ?? []) this.toolCalls.inc({ tool: c.tool, ok: String(c.ok) });
        if (detail?.provider) this.llmLatency.observe({ provider: detail.provider }, step.ms / 1000);
      }
    }
  }

  @RpcHandler(AgentContracts.conversation)
  async conversation(request: RpcParsedRequest<C['conversation']>): Promise<RpcOutput<C['conversation']>> {
    const turns = await this.sessions.turns(request.session_id);
    if (!turns.length) throw new NotFoundError(`No conversation "${request.session_id}" (it may have expired)`);
    return { session_id: request.session_id, turns: turns.map(({ query, answer, anime_ids, at }) => ({ query, answer, anime_ids, at })) };
  }
}
