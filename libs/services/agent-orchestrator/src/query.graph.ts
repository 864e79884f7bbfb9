import { Annotation, END, START, StateGraph } from '@langchain/langgraph';
import { z } from 'zod';
import {
  AppError,
  CatalogContracts,
  DetailsContracts,
  MAX_SCHEDULE_DAYS,
  PlotContracts,
  QueryPlanSchema,
  ScheduleContracts,
  VectorContracts,
  StructuredQuerySchema,
  type Anime,
  type AnimeSummary,
  type QueryPlan,
  type RpcOutput,
  type SearchFilters,
} from '@anime/contracts';
import type { RpcClient } from '@anime/platform-messaging';
import { isSimpleQuery, planQuery } from '@anime/query';
import { ProviderFailedError, reasonWithModel, type NamedModel } from './llm/llm-reasoner';
import { foldText, summarize } from '@anime/search';
import type { DetailField, SourceName } from '@anime/contracts';

type Item = AnimeSummary & { why?: string };
type Structured = z.infer<typeof StructuredQuerySchema>;

/** One planned call of a catalog contract. */
interface ToolCall {
  tool: 'search' | 'get' | 'related' | 'stats' | 'details' | 'compare' | 'schedule' | 'similar' | 'plot';
  args: Record<string, unknown>;
  purpose: string;
}

interface CallResult {
  call: ToolCall;
  ok: boolean;
  ms: number;
  value?: unknown;
  error?: string;
}

export interface TraceStep {
  node: string;
  ms: number;
  detail?: Record<string, unknown>;
}

export interface GraphDeps {
  rpc: RpcClient;
  now: () => Date;
  /** The LLM provider chain (primary first); empty = deterministic planner only. */
  models?: NamedModel[];
  maxSteps?: number;
}

/**
 * One question's state as it moves through the graph. The graph answers a chunk of questions per
 * run (a single question is a chunk of one); every node works on each question of the chunk.
 */
export interface QueryState {
  query: string | Structured;
  previous: Array<{ id: string; title: string }>;
  deadline: number;
  limitOverride: number | undefined;
  queryPlan?: QueryPlan;
  calls?: ToolCall[];
  results?: CallResult[];
  items: Item[];
  answer: string;
  /** Who understood the question: "deterministic-planner" or the provider that answered. */
  answeredBy?: string;
  llmTokens?: { input: number; output: number };
  warnings: string[];
  trace: TraceStep[];
  /** Set when answering this question threw: the other questions of the chunk go on. */
  failure?: { error: unknown };
}

/** What a caller gives per question. */
export type QuestionInput = Pick<QueryState, 'query' | 'previous' | 'deadline' | 'limitOverride'>;

const State = Annotation.Root({
  /** The chunk of questions, each with its own plan, calls, answer, warnings and trace. */
  questions: Annotation<QueryState[]>,
});
type GraphState = typeof State.State;

/** A question's state after a node: fields replaced, warnings and trace appended. */
const merge = (q: QueryState, patch: Partial<QueryState>): QueryState => ({
  ...q,
  ...patch,
  warnings: patch.warnings ? q.warnings.concat(patch.warnings) : q.warnings,
  trace: patch.trace ? q.trace.concat(patch.trace) : q.trace,
});

/**
 * A node over the chunk: runs `step` for each question it applies to (the others pass through);
 * one question's exception is recorded on that question, never on its siblings.
 */
const each =
  (step: (q: QueryState) => Promise<Partial<QueryState>> | Partial<QueryState>, applies: (q: QueryState) => boolean = () => true) =>
  async (state: GraphState): Promise<Partial<GraphState>> => ({
    questions: await Promise.all(
      state.questions.map(async (q) => {
        if (q.failure || !applies(q)) return q;
        try {
          return merge(q, await step(q));
        } catch (error) {
          return { ...q, failure: { error } };
        }
      }),
    ),
  });

const timed = async <T>(node: string, fn: () => Promise<T> | T, detail?: (value: T) => Record<string, unknown>) => {
  const started = performance.now();
  const value = await fn();
  return { value, step: { node, ms: Math.round((performance.now() - started) * 100) / 100, ...(detail ? { detail: detail(value) } : {}) } };
};

/**
 * The query graph: understand → plan → act → compose (one compiled LangGraph). Deterministic
 * planner for understanding (LLM providers plug into `understand` later); `act` runs the planned
 * catalog calls in parallel, each within the query's deadline; `compose` merges, ranks and
 * explains, with a warning for every call that failed or was skipped.
 */
export function createQueryGraph(deps: GraphDeps) {
  const understand = async (state: QueryState): Promise<Partial<QueryState>> => {
    const { value, step } = await timed(
      'understand',
      (): QueryPlan =>
        typeof state.query === 'string'
          ? planQuery(state.query, { now: deps.now(), previous: { items: state.previous } })
          : QueryPlanSchema.parse({ intent: 'details', ref: state.query.anime_id, fields: state.query.fields, filters: {}, confidence: 1, understood: [`anime ${state.query.anime_id}`] }),
      (p) => ({ intent: p.intent, confidence: p.confidence }),
    );
    return { queryPlan: value, trace: [step] };
  };

  const plan = async (state: QueryState): Promise<Partial<QueryState>> => {
    const p = state.queryPlan as QueryPlan;
    const limit = state.limitOverride ?? p.limit ?? 10;
    const warnings: string[] = [];
    const calls: ToolCall[] = [];
    const previousId = p.ordinal !== undefined ? state.previous[p.ordinal - 1]?.id : undefined;
    if (p.ordinal !== undefined && !previousId) warnings.push(`There is no item #${p.ordinal} in the previous answer of this session.`);
    const search = (text: string | undefined, filters: SearchFilters, purpose: string, n = limit) =>
      calls.push({ tool: 'search', args: { ...(text ? { text } : {}), filters, ...(p.sort ? { sort: p.sort } : {}), limit: Math.min(100, n + p.excludeTitles.length * 5) }, purpose });
    switch (p.intent) {
      case 'lookup':
      case 'details':
      case 'compare': {
        const ref = p.ref ?? previousId;
        if (ref) calls.push({ tool: 'get', args: { ref }, purpose: 'the anime asked about' });
        else if (p.text) search(p.text, p.filters, 'find the anime asked about', 5);
        // Live details / comparison run after the anime is known (a dependent round in `act`).
        break;
      }
      case 'similar': {
        const ref = p.similarTo?.ordinal !== undefined ? state.previous[p.similarTo.ordinal - 1]?.id : undefined;
        if (ref) calls.push({ tool: 'get', args: { ref }, purpose: 'the anime to find similar ones to' });
        else if (p.similarTo?.text) search(p.similarTo.text, {}, 'the anime to find similar ones to', 1);
        break;
      }
      case 'stats':
        calls.push({ tool: 'stats', args: {}, purpose: 'catalog statistics' });
        break;
      case 'schedule':
        calls.push(scheduleCall(p, limit, warnings));
        break;
      case 'plot':
        calls.push(plotCall(p, limit));
        break;
      default:
        search(p.text, p.filters, p.text ? 'title search' : 'filter search');
    }
    return { calls, warnings, trace: [{ node: 'plan', ms: 0, detail: { calls: calls.map((c) => ({ tool: c.tool, args: c.args, purpose: c.purpose })) } }] };
  };

  const call = async (c: ToolCall, deadline: number): Promise<CallResult> => {
    const started = performance.now();
    const timeoutMs = Math.max(1, deadline - Date.now());
    try {
      const value =
        c.tool === 'search'
          ? await deps.rpc.call(CatalogContracts.search, c.args as never, { timeoutMs })
          : c.tool === 'get'
            ? await deps.rpc.call(CatalogContracts.get, c.args as never, { timeoutMs })
            : c.tool === 'related'
              ? await deps.rpc.call(CatalogContracts.related, c.args as never, { timeoutMs })
              : c.tool === 'details'
                ? await deps.rpc.call(DetailsContracts.get, c.args as never, { timeoutMs })
                : c.tool === 'compare'
                  ? await deps.rpc.call(DetailsContracts.compare, c.args as never, { timeoutMs })
                  : c.tool === 'schedule'
                    ? await deps.rpc.call(ScheduleContracts.airingList, c.args as never, { timeoutMs })
                    : c.tool === 'similar'
                      ? await deps.rpc.call(VectorContracts.similar, c.args as never, { timeoutMs })
                      : c.tool === 'plot'
                        ? await deps.rpc.call(PlotContracts.search, c.args as never, { timeoutMs })
                        : await deps.rpc.call(CatalogContracts.stats, {}, { timeoutMs });
      return { call: c, ok: true, ms: performance.now() - started, value };
    } catch (error) {
      return { call: c, ok: false, ms: performance.now() - started, error: error instanceof AppError ? `${error.code}: ${error.message}` : String(error) };
    }
  };

  /** "Like X" by shared tags through the lexical index: the fallback when the similarity service fails. */
  const sharedTagSearch = async (target: AnimeSummary, p: QueryPlan, deadline: number): Promise<CallResult> => {
    const excluded = foldText(target.title).split(' ').slice(0, 2).join(' ');
    const filters: SearchFilters = { ...p.filters, tags: { ...p.filters.tags, any: target.tags.slice(0, 6) } };
    if (target.type === 'TV' || target.type === 'MOVIE') filters.types ??= [target.type];
    const found = await call({ tool: 'search', args: { filters, sort: 'score', limit: 100 }, purpose: `anime sharing tags with ${target.title}` }, deadline);
    if (found.ok) {
      // Most shared tags first (then the catalog's score order): "like X" means alike, not just good.
      const shared = (a: AnimeSummary) => a.tags.filter((t) => target.tags.includes(t));
      const items = ((found.value as { items: Array<{ anime: AnimeSummary }> }).items ?? [])
        .map((i) => i.anime)
        .filter((a) => a.id !== target.id && !foldText(a.title).startsWith(excluded))
        .map((anime, rank) => ({ anime, overlap: shared(anime).length, rank }))
        .sort((a, b) => b.overlap - a.overlap || a.rank - b.rank);
      found.value = { items: items.map(({ anime }) => ({ anime, why: `shares ${a11y(shared(anime).slice(0, 4))} with ${target.title}` })) };
    }
    return found;
  };

  const act = async (state: QueryState): Promise<Partial<QueryState>> => {
    const started = performance.now();
    const results = await Promise.all((state.calls ?? []).map((c) => call(c, state.deadline)));
    // Similarity needs the target first, then a search by its tags (a second, dependent round).
    const p = state.queryPlan as QueryPlan;
    if (p.intent === 'similar') {
      const target = targetOf(results[0]);
      if (target) {
        // Vectors + IDF-weighted shared tags + relations, each with its "why"; the franchise itself is not "like" it.
        const limit = Math.min(50, (state.limitOverride ?? p.limit ?? 10) + p.excludeTitles.length * 5);
        const hasFilters = Object.keys(p.filters).length > 0;
        const similar = await call(
          { tool: 'similar', args: { ref: target.id, excludeFranchise: true, limit, ...(hasFilters ? { filters: p.filters } : {}) }, purpose: `anime like ${target.title}` },
          state.deadline,
        );
        if (similar.ok) {
          const value = similar.value as { items: Array<{ anime: AnimeSummary; why: string[] }>; warnings: string[] };
          similar.value = { items: value.items.map((i) => ({ anime: i.anime, why: i.why.join('; ') })), warnings: value.warnings };
          results.push(similar);
        } else {
          // The similarity service failed: fall back to shared tags through the lexical index (and say so).
          results.push(similar, await sharedTagSearch(target, p, state.deadline));
        }
      }
    }
    // Live details / comparison: once the anime is known, ask the live sources (via details.v1.*).
    if ((p.intent === 'details' || p.intent === 'lookup' || p.intent === 'compare') && (p.fields.length || p.intent === 'compare')) {
      const target = targetOf(results[0]);
      if (target) {
        const sources = p.sources.map((s) => LIVE_SOURCE_OF[s]).filter((s): s is NonNullable<typeof s> => s !== undefined);
        const next: ToolCall =
          p.intent === 'compare'
            ? { tool: 'compare', args: { ref: target.id, sources }, purpose: `compare ${target.title} across platforms` }
            : { tool: 'details', args: { ref: target.id, ...detailArgs(p.fields), sources }, purpose: `live details of ${target.title}` };
        results.push(await call(next, state.deadline));
      }
    }
    const warnings = results.filter((r) => !r.ok).map((r) => `${r.call.purpose} failed: ${r.error}`);
    for (const r of results) {
      if (r.ok && (r.call.tool === 'details' || r.call.tool === 'compare' || r.call.tool === 'schedule' || r.call.tool === 'similar')) warnings.push(...(r.value as { warnings: string[] }).warnings);
    }
    return {
      results,
      warnings,
      trace: [
        {
          node: 'act',
          ms: Math.round((performance.now() - started) * 100) / 100,
          detail: { calls: results.map((r) => ({ tool: r.call.tool, args: r.call.args, ok: r.ok, ms: Math.round(r.ms * 100) / 100, ...(r.error ? { error: r.error } : {}) })) },
        },
      ],
    };
  };

  const compose = async (state: QueryState): Promise<Partial<QueryState>> => {
    const started = performance.now();
    if (state.answeredBy) {
      // The model composed its own answer; keep its items (capped) and its words.
      const limit = state.limitOverride ?? state.queryPlan?.limit ?? 10;
      return { items: (state.items ?? []).slice(0, limit), trace: [{ node: 'compose', ms: Math.round((performance.now() - started) * 100) / 100, detail: { items: Math.min(limit, state.items?.length ?? 0) } }] };
    }
    const p = state.queryPlan as QueryPlan;
    const limit = state.limitOverride ?? p.limit ?? 10;
    let items: Item[] = [];
    let stats: string | undefined;
    const stateResults = state.results ?? [];
    for (const r of stateResults) {
      if (!r.ok) continue;
      if (r.call.tool === 'get') items.push(summarize((r.value as { anime: Anime }).anime));
      if (r.call.tool === 'search' || r.call.tool === 'similar') {
        for (const i of (r.value as { items: Array<{ anime: AnimeSummary; matchedTitle?: string; why?: string }> }).items) {
          items.push({ ...i.anime, ...(i.why ? { why: i.why } : i.matchedTitle && i.matchedTitle !== i.anime.title ? { why: `matched "${i.matchedTitle}"` } : {}) });
        }
      }
      if (r.call.tool === 'plot') {
        for (const i of (r.value as PlotAnswer).items) items.push({ ...i.anime, why: plotWhy(i) });
      }
      if (r.call.tool === 'stats') {
        const s = r.value as { total: number; dataset: { version: string; lastUpdate: string } };
        stats = `The catalog holds ${s.total} anime (dataset ${s.dataset.version}, released ${s.dataset.lastUpdate}).`;
      }
    }
    if (p.intent === 'similar') items = items.filter((_, i) => i > 0 || !stateResults[0]?.ok); // drop the target itself
    if (p.excludeTitles.length) {
      const banned = p.excludeTitles.map(foldText);
      items = items.filter((a) => !banned.some((b) => foldText(a.title).includes(b)));
    }
    // A filter-only follow-up ("only movies") narrows the previous answer when it can.
    if (typeof state.query === 'string' && !p.text && !p.ref && p.intent === 'search' && state.previous.length) {
      const previousIds = new Set(state.previous.map((x) => x.id));
      const narrowed = items.filter((a) => previousIds.has(a.id));
      if (narrowed.length) items = narrowed;
    }
    const seen = new Set<string>();
    items = items.filter((a) => !seen.has(a.id) && seen.add(a.id)).slice(0, limit);
    const live = stateResults.find((r) => r.ok && (r.call.tool === 'details' || r.call.tool === 'compare'));
    const schedule = stateResults.find((r) => r.call.tool === 'schedule');
    const plot = stateResults.find((r) => r.call.tool === 'plot');
    const answer = stats ?? (schedule ? scheduleAnswer(schedule, p) : plot ? plotAnswer(plot, p, items) : live ? liveAnswer(live) : answerText(p, items, state.previous));
    return { items, answer, trace: [{ node: 'compose', ms: Math.round((performance.now() - started) * 100) / 100, detail: { items: items.length } }] };
  };

  /** LLM path: providers in order; a failing provider hands over to the next, then to the planner. */
  const reason = async (state: QueryState): Promise<Partial<QueryState>> => {
    const warnings: string[] = [];
    const trace: TraceStep[] = [];
    for (const named of deps.models ?? []) {
      const started = performance.now();
      try {
        const result = await reasonWithModel(named, state.query as string, deps.rpc, { maxSteps: deps.maxSteps ?? 6, maxRepeats: 3, deadline: state.deadline });
        trace.push({ node: 'reason', ms: Math.round((performance.now() - started) * 100) / 100, detail: { provider: named.name, steps: result.steps, tokens: result.tokens } });
        return { answer: result.answer, items: result.items, answeredBy: named.name, llmTokens: result.tokens, warnings: [...warnings, ...result.warnings], trace };
      } catch (error) {
        if (!(error instanceof ProviderFailedError)) throw error;
        warnings.push(`${error.message}; falling back`);
        trace.push({ node: 'reason', ms: Math.round((performance.now() - started) * 100) / 100, detail: { provider: named.name, failed: error.message } });
      }
    }
    return { warnings, trace };
  };

  // LLM only when configured and the question is not a plain title or id (the fast path).
  const needsModel = (q: QueryState): boolean =>
    Boolean(deps.models?.length) && typeof q.query === 'string' && q.queryPlan !== undefined && !isSimpleQuery(q.queryPlan) && q.previous.length === 0;
  const unanswered = (q: QueryState): boolean => !q.answeredBy;
  const afterUnderstand = (state: GraphState): 'reason' | 'plan' => (state.questions.some((q) => !q.failure && needsModel(q)) ? 'reason' : 'plan');
  const afterReason = (state: GraphState): 'compose' | 'plan' => (state.questions.every((q) => q.failure || q.answeredBy) ? 'compose' : 'plan');

  return (
    new StateGraph(State)
      .addNode('understand', each(understand))
      .addNode('reason', each(reason, needsModel))
      .addNode('plan', each(plan, unanswered))
      .addNode('act', each(act, unanswered))
      .addNode('compose', each(compose))
      .addEdge(START, 'understand')
      .addConditionalEdges('understand', afterUnderstand, ['reason', 'plan'])
      .addConditionalEdges('reason', afterReason, ['compose', 'plan'])
      .addEdge('plan', 'act')
      .addEdge('act', 'compose')
      .addEdge('compose', END)
      // Stateless per question: a conversation (the outer graph, with the checkpointer) keeps the turns.
      .compile({ checkpointer: false })
  );
}

export type QueryGraph = ReturnType<typeof createQueryGraph>;

/**
 * Answers a chunk of questions in one graph run: each question gets its own plan, calls (each
 * within its own deadline), answer, warnings and trace, in input order. Running a chunk costs
 * the graph's fixed per-run work once, which is what makes `/api/batch` cheaper per question.
 */
export async function answerQuestions(graph: QueryGraph, inputs: QuestionInput[], options: { signal?: AbortSignal } = {}): Promise<QueryState[]> {
  const questions: QueryState[] = inputs.map((input) => ({ ...input, items: [], answer: '', warnings: [], trace: [] }));
  const state = (await graph.invoke({ questions }, options.signal ? { signal: options.signal } : {})) as GraphState;
  return state.questions;
}

/**
 * The merged-schedule call of a schedule plan: the planner's window (capped at the service's
 * maximum), air type, platforms, and the title words for "the next episode of X".
 */
function scheduleCall(p: QueryPlan, limit: number, warnings: string[]): ToolCall {
  const window = p.schedule as NonNullable<QueryPlan['schedule']>;
  const from = Date.parse(window.from);
  let to = Date.parse(window.to);
  if (to - from > MAX_SCHEDULE_DAYS * 86_400_000) {
    to = from + MAX_SCHEDULE_DAYS * 86_400_000;
    warnings.push(`Schedules cover at most ${MAX_SCHEDULE_DAYS} days: showing ${window.from.slice(0, 10)} to ${new Date(to).toISOString().slice(0, 10)}.`);
  }
  const args = {
    from: window.from,
    to: new Date(to).toISOString(),
    air_type: window.airType ?? 'sub',
    platforms: window.platforms,
    ...(p.text ? { title: p.text } : {}),
    limit: window.next ? 50 : Math.max(limit, 50),
  };
  return { tool: 'schedule', args, purpose: 'airing schedule' };
}

/** The answer to a schedule question: the episodes with local times and sources, or the one next episode asked for. */
function scheduleAnswer(result: CallResult, plan: QueryPlan): string {
  if (!result.ok) return `The airing schedule is unavailable right now (${result.error}).`;
  const s = result.value as RpcOutput<typeof ScheduleContracts.airingList>;
  const line = (i: (typeof s.items)[number]): string =>
    `${i.local.weekday} ${i.local.date} ${i.local.time} ${s.timezone} — ${i.title}${i.episode !== undefined ? ` #${i.episode}` : ''} (${i.airType}${i.platforms.length ? `, ${i.platforms.join(', ')}` : ''}; ${i.countdown.text}; from ${i.sources.map((x) => x.name).join(' + ')})`;
  if (plan.schedule?.next) {
    const next = s.items.find((i) => i.nextEpisode);
    const what = `${plan.schedule.airType ? `${s.airType} ` : ''}episode${plan.text ? ` of ${plan.text}` : ''}`;
    return next ? `Next ${what}: ${line(next)}` : `No upcoming ${what} found between ${s.from.slice(0, 10)} and ${s.to.slice(0, 10)}.`;
  }
  if (s.items.length === 0) return `No ${s.airType} episodes found between ${s.from} and ${s.to}${plan.schedule?.platforms.length ? ` on ${plan.schedule.platforms.join(', ')}` : ''}.`;
  return [`${s.items.length} ${s.airType} episode${s.items.length === 1 ? '' : 's'} ${plan.understood.length ? `for ${plan.understood.join(', ')}` : ''}:`, ...s.items.map(line)].join('\n');
}

type PlotAnswer = RpcOutput<typeof PlotContracts.search>;

/** Below this confidence a plot answer is a best guess (the rule of the plot index and its tool). */
const PLOT_SURE = 0.6;

/** The plot-search call of a memory question: the story, and the remembered years as a soft hint. */
function plotCall(p: QueryPlan, limit: number): ToolCall {
  const hint = p.yearHint;
  const yearHint = hint ? { ...(hint.min !== undefined ? { min: hint.min } : {}), ...(hint.max !== undefined ? { max: hint.max } : {}) } : undefined;
  return {
    tool: 'plot',
    args: { text: p.text ?? '', ...(yearHint && Object.keys(yearHint).length ? { yearHint } : {}), limit: Math.min(50, limit) },
    purpose: 'the anime a remembered plot describes',
  };
}

/** An item's "why": the matched synopsis passage with its source, or where the words matched. */
function plotWhy(item: PlotAnswer['items'][number]): string {
  if (item.snippet) return `"${item.snippet.text}" (synopsis from ${item.snippet.source}: ${item.snippet.sourceUrl})`;
  return `matched ${item.matchedTerms.join(', ') || 'the description'} in ${item.matchedIn.join(' and ') || 'the entry'} (no stored synopsis)`;
}

/** The answer to a memory question: the most likely anime, or a best guess when unsure, each with its snippet and source. */
function plotAnswer(result: CallResult, plan: QueryPlan, items: Item[]): string {
  if (!result.ok) return `Plot search is unavailable right now (${result.error}).`;
  const out = result.value as PlotAnswer;
  if (items.length === 0) {
    return out.notice ?? 'No anime in the catalog matches that description. Add details (characters, setting, what happens, roughly when) and ask again.';
  }
  const first = items[0] as Item;
  const sure = out.confidence >= PLOT_SURE;
  const head = sure
    ? `Most likely: ${first.title} (confidence ${out.confidence.toFixed(2)}).`
    : `Best guess (not sure, confidence ${out.confidence.toFixed(2)}): ${first.title}. The other candidates may fit better:`;
  const years = plan.yearHint ? [`Preferred ${plan.yearHint.label}, as you remembered it (not a filter).`] : [];
  const line = (a: Item, n: number) => `${n + 1}. ${a.title} (${a.type}${a.year ? `, ${a.year}` : ''}) — ${a.why ?? ''}`;
  return [head, ...years, ...items.map(line), ...(out.notice ? [out.notice] : [])].join('\n');
}

/** Catalog platform → the live source that serves it. */
const LIVE_SOURCE_OF: Partial<Record<QueryPlan['sources'][number], SourceName>> = {
  anilist: 'anilist',
  myanimelist: 'jikan',
  kitsu: 'kitsu',
  'anime-planet': 'animeplanet',
  livechart: 'livechart',
  anisearch: 'anisearch',
  animenewsnetwork: 'ann',
  simkl: 'simkl',
};

/** Planner fields → details fields; "German synopsis" is the AniSearch synopses narrowed to German. */
function detailArgs(fields: QueryPlan['fields']): { fields: DetailField[]; language?: string } {
  const map: Record<string, DetailField> = { rating: 'score', 'german-synopsis': 'synopses' };
  const mapped = [...new Set(fields.map((f) => map[f] ?? (f as DetailField)))];
  return fields.includes('german-synopsis') ? { fields: mapped, language: 'de' } : { fields: mapped };
}

/** The answer text for live details or a comparison, every value with its source. */
function liveAnswer(result: CallResult): string {
  if (result.call.tool === 'compare') {
    const c = result.value as { title: string; offline: { score: number | null; episodes: number }; platforms: Array<{ source: string; score?: { value: number; scale: number; normalized: number }; episodes?: number | null; stale: boolean }>; discrepancies: string[]; sources: Array<{ name: string; status: string }> };
    return [
      `${c.title} across platforms (offline dataset: score ${c.offline.score ?? '?'} / 10, ${c.offline.episodes || '?'} episodes):`,
      ...c.platforms.map((p) => `- ${p.source}: ${p.score ? `${p.score.value}/${p.score.scale} (${p.score.normalized.toFixed(1)}/10)` : 'no score'}, ${p.episodes ?? '?'} episodes${p.stale ? ' (cached)' : ''}`),
      ...(c.platforms.length === 0 ? ['No live source answered: ' + c.sources.map((s) => `${s.name} ${s.status}`).join(', ')] : []),
      ...c.discrepancies.map((d) => `Note: ${d}`),
    ].join('\n');
  }
  const d = result.value as { title: string; fields: Record<string, Array<{ value: unknown; source: string; stale: boolean }>>; sources: Array<{ name: string; status: string }> };
  const lines = Object.entries(d.fields).map(([field, values]) =>
    values.length
      ? `${field}: ${values.map((v) => `${readable(v.value)} (${v.source}${v.stale ? ', cached' : ''})`).join(' | ')}`
      : `${field}: no live source had it`,
  );
  return [`${d.title}:`, ...lines, `Sources: ${d.sources.map((s) => `${s.name} ${s.status}`).join(', ')}`].join('\n');
}

/** A live value as answer text: strings and language-tagged synopses as text, scores as "x/scale". */
function readable(value: unknown): string {
  if (typeof value === 'string') return value.slice(0, 400);
  if (Array.isArray(value) && value.every((v) => typeof v === 'object' && v !== null && 'language' in v && 'text' in v)) {
    return value.map((v: { language: string; text: string }) => `[${v.language}] ${v.text.slice(0, 400)}`).join(' ');
  }
  if (typeof value === 'object' && value !== null && 'scale' in value && 'value' in value) {
    const score = value as { value: number; scale: number; votes?: number };
    return `${score.value}/${score.scale}${score.votes ? ` from ${score.votes} votes` : ''}`;
  }
  return JSON.stringify(value).slice(0, 200);
}

function targetOf(result: CallResult | undefined): AnimeSummary | undefined {
  if (!result?.ok) return undefined;
  const value = result.value as { anime?: Anime; items?: Array<{ anime: AnimeSummary }> };
  if (value.anime) return summarize(value.anime);
  return value.items?.[0]?.anime;
}

const a11y = (tags: string[]): string => (tags.length ? tags.join(', ') : 'themes');

function answerText(plan: QueryPlan, items: Item[], previous: Array<{ id: string; title: string }>): string {
  const line = (a: Item, n: number) => `${n + 1}. ${a.title} (${a.type}${a.year ? `, ${a.year}` : ''}${a.episodes ? `, ${a.episodes} ep` : ''}${a.score ? `, score ${a.score}` : ''})${a.why ? ` — ${a.why}` : ''}`;
  if (items.length === 0) {
    return plan.intent === 'similar' && !plan.similarTo?.text && !previous.length
      ? 'Similar to what? Name an anime, or ask after a search in the same session.'
      : 'Nothing in the catalog matches that. Try another title spelling (romaji, English or native) or fewer conditions.';
  }
  const head =
    plan.intent === 'lookup' || plan.intent === 'details' || plan.intent === 'compare'
      ? `${items[0]?.title}:`
      : plan.intent === 'similar'
        ? `Anime similar to ${plan.similarTo?.text ?? previous[(plan.similarTo?.ordinal ?? 1) - 1]?.title ?? 'that'}:`
        : `${items.length} result${items.length === 1 ? '' : 's'}${plan.understood.length ? ` for ${plan.understood.join(', ')}` : ''}:`;
  const clarify = plan.clarification ? `\n\n${plan.clarification.question}` : '';
  return `${head}\n${items.map(line).join('\n')}${clarify}`;
}
