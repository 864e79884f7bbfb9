import { AIMessage, HumanMessage, SystemMessage, ToolMessage, type BaseMessage } from '@langchain/core/messages';
import { AppError, type AnimeSummary, type RpcContract } from '@anime/contracts';
import type { RpcClient } from '@anime/platform-messaging';
import { summarize } from '@anime/search';
import { LLM_TOOLS, toolSpecs } from './llm-tools';

/** What the reasoner needs of a chat model (LangChain chat models fit; tests script one). */
export interface ToolCallingModel {
  bindTools(tools: ReturnType<typeof toolSpecs>): { invoke(messages: BaseMessage[], options?: { signal?: AbortSignal }): Promise<AIMessage> };
}

export interface NamedModel {
  /** Provider name shown in `answered_by` (e.g. "openai:gpt-4o-mini"). */
  name: string;
  model: ToolCallingModel;
}

export interface ReasonerGuards {
  /** Model turns allowed before stopping. */
  maxSteps: number;
  /** The same tool with the same arguments this many times stops the loop. */
  maxRepeats: number;
  /** Epoch ms: past it, stop and answer with what was gathered. */
  deadline: number;
}

export interface ReasonerStep {
  tool: string;
  args: unknown;
  ok: boolean;
  ms: number;
  reason?: string;
  error?: string;
}

export interface ReasonerResult {
  answer: string;
  items: Array<AnimeSummary & { why?: string }>;
  steps: ReasonerStep[];
  warnings: string[];
  tokens: { input: number; output: number };
}

const SYSTEM = [
  'You answer questions about anime using the tools. Always look anime up with the tools; never invent titles, ids or numbers.',
  'Use search_anime to find anime (by title and/or filters), then get_anime / get_anime_details / compare_anime_across_platforms with the ids it returns.',
  'Say briefly why you call each tool in your message text. Answer concisely, naming the source of live facts.',
].join(' ');

/** Thrown when a provider itself fails (timeout, 429, outage): the next provider takes over. */
export class ProviderFailedError extends Error {}

/**
 * The LLM path of `understand`: a tool-calling loop over the catalog/detail contracts. Every
 * model-proposed call is validated against the contract's request schema before it runs (an
 * invalid one is answered with the validation error so the model can fix it); the loop stops at
 * the step limit, at the third identical call, or at the deadline — with partial results and a
 * warning, never a hang.
 */
export async function reasonWithModel(
  named: NamedModel,
  query: string,
  rpc: RpcClient,
  guards: ReasonerGuards,
  signal?: AbortSignal,
): Promise<ReasonerResult> {
  const bound = named.model.bindTools(toolSpecs());
  const messages: BaseMessage[] = [new SystemMessage(SYSTEM), new HumanMessage(query)];
  const steps: ReasonerStep[] = [];
  const warnings: string[] = [];
  const items = new Map<string, AnimeSummary & { why?: string }>();
  const seen = new Map<string, number>();
  const tokens = { input: 0, output: 0 };
  for (let step = 0; ; step++) {
    if (step >= guards.maxSteps) {
      warnings.push(`Stopped after ${guards.maxSteps} model steps; the answer may be partial.`);
      return { answer: partialAnswer(items), items: [...items.values()], steps, warnings, tokens };
    }
    const remaining = guards.deadline - Date.now();
    if (remaining <= 0) {
      warnings.push('The question ran out of time; the answer is partial.');
      return { answer: partialAnswer(items), items: [...items.values()], steps, warnings, tokens };
    }
    let reply: AIMessage;
    try {
      reply = await withTimeout(bound.invoke(messages, { signal }), remaining);
    } catch (error) {
      throw new ProviderFailedError(`${named.name} failed: ${(error as Error).message}`);
    }
    tokens.input += reply.usage_metadata?.input_tokens ?? 0;
    tokens.output += reply.usage_metadata?.output_tokens ?? 0;
    messages.push(reply);
    const calls = reply.tool_calls ?? [];
    if (calls.length === 0) {
      return { answer: textOf(reply) || partialAnswer(items), items: [...items.values()], steps, warnings, tokens };
    }
    const reason = textOf(reply) || undefined;
    for (const call of calls) {
      const key = `${call.name}:${JSON.stringify(call.args)}`;
      const repeats = (seen.get(key) ?? 0) + 1;
      seen.set(key, repeats);
      if (repeats >= guards.maxRepeats) {
        warnings.push(`The model called ${call.name} ${repeats} times with the same arguments; stopped the loop.`);
        return { answer: partialAnswer(items), items: [...items.values()], steps, warnings, tokens };
      }
      const tool = LLM_TOOLS.find((t) => t.name === call.name);
      const started = performance.now();
      if (!tool) {
        steps.push({ tool: call.name, args: call.args, ok: false, ms: 0, reason, error: 'unknown tool' });
        messages.push(new ToolMessage({ tool_call_id: call.id ?? call.name, content: `Error: there is no tool "${call.name}". Tools: ${LLM_TOOLS.map((t) => t.name).join(', ')}` }));
        continue;
      }
      const parsed = tool.contract.request.safeParse(call.args);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(arguments)'}: ${i.message}`).join('; ');
        steps.push({ tool: call.name, args: call.args, ok: false, ms: 0, reason, error: `invalid arguments: ${issues}` });
        messages.push(new ToolMessage({ tool_call_id: call.id ?? call.name, content: `Error: invalid arguments (${issues}). Fix them and call again.` }));
        continue;
      }
      try {
        const output = await rpc.call(tool.contract as RpcContract, call.args as never, { timeoutMs: Math.max(50, guards.deadline - Date.now()), signal });
        collect(output, items);
        steps.push({ tool: call.name, args: call.args, ok: true, ms: performance.now() - started, reason });
        messages.push(new ToolMessage({ tool_call_id: call.id ?? call.name, content: truncate(JSON.stringify(output)) }));
      } catch (error) {
        const message = error instanceof AppError ? `${error.code}: ${error.message}` : String(error);
        steps.push({ tool: call.name, args: call.args, ok: false, ms: performance.now() - started, reason, error: message });
        messages.push(new ToolMessage({ tool_call_id: call.id ?? call.name, content: `Error: ${message}` }));
      }
    }
  }
}

function collect(output: unknown, items: Map<string, AnimeSummary & { why?: string }>): void {
  const value = output as { items?: Array<{ anime: AnimeSummary }>; anime?: Parameters<typeof summarize>[0] };
  for (const item of value.items ?? []) if (item.anime && !items.has(item.anime.id)) items.set(item.anime.id, item.anime);
  if (value.anime && 'platformIds' in value.anime && !items.has(value.anime.id)) items.set(value.anime.id, summarize(value.anime));
}

function partialAnswer(items: Map<string, AnimeSummary>): string {
  const list = [...items.values()].slice(0, 10);
  return list.length ? `What I found:\n${list.map((a, i) => `${i + 1}. ${a.title} (${a.type}${a.year ? `, ${a.year}` : ''})`).join('\n')}` : 'I could not find an answer in time.';
}

function textOf(message: AIMessage): string {
  return typeof message.content === 'string'
    ? message.content
    : message.content.map((c) => (typeof c === 'string' ? c : 'text' in c && typeof c.text === 'string' ? c.text : '')).join('');
}

const truncate = (s: string): string => (s.length > 6000 ? `${s.slice(0, 6000)}…` : s);

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${Math.round(ms)} ms`)), ms);
    work.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e: unknown) => (clearTimeout(timer), reject(e)),
    );
  });
}
