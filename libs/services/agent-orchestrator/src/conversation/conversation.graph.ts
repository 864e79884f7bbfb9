import { Annotation, END, START, StateGraph, type BaseCheckpointSaver } from '@langchain/langgraph';
import type { LangGraphRunnableConfig } from '@langchain/langgraph';
import type { createQueryGraph, QueryState } from '../query.graph';

/** One question and what was answered (ids kept for follow-ups like "the second one"). */
export interface ConversationTurn {
  query: string;
  answer: string;
  anime_ids: string[];
  titles: string[];
  at: string;
}

/** What one question brings into a run of the query graph. */
export interface Question {
  query: QueryState['query'];
  deadline: number;
  limitOverride?: number;
}

const ConversationState = (maxTurns: number) =>
  Annotation.Root({
    question: Annotation<Question>,
    /** The session's history: every run appends its turn; only the last `maxTurns` are kept. */
    turns: Annotation<ConversationTurn[]>({ reducer: (kept, added) => kept.concat(added).slice(-maxTurns), default: () => [] }),
    /** The last run's full query-graph state (what the caller turns into the answer). */
    result: Annotation<QueryState | undefined>,
  });

/**
 * Conversations as a LangGraph thread: a small outer graph whose one node (`answer`) runs the
 * query graph with the previous answer of the session for follow-ups ("the second one", "only
 * movies") and records the turn. Compiled with the checkpointer, so the session (thread id) keeps
 * its turns between questions — in memory or Redis, with TTL and pruning (see
 * {@link LatestCheckpointSaver}). The query graph itself stays stateless per question.
 */
export function createConversationGraph(options: {
  queryGraph: ReturnType<typeof createQueryGraph>;
  checkpointer: BaseCheckpointSaver;
  maxTurns: number;
  now: () => Date;
}) {
  const State = ConversationState(options.maxTurns);
  const answer = async (state: typeof State.State, config: LangGraphRunnableConfig): Promise<Partial<typeof State.State>> => {
    const last = state.turns.at(-1);
    const previous = last ? last.anime_ids.map((id, i) => ({ id, title: last.titles[i] ?? id })) : [];
    const { query, deadline, limitOverride } = state.question;
    // The query graph keeps no checkpoints of its own: only the conversation's turns persist.
    const result = (await options.queryGraph.invoke({ query, previous, deadline, limitOverride }, { signal: config.signal })) as QueryState;
    const turn: ConversationTurn = {
      query: typeof query === 'string' ? query : JSON.stringify(query),
      answer: result.answer,
      anime_ids: result.items.map((i) => i.id),
      titles: result.items.map((i) => i.title),
      at: options.now().toISOString(),
    };
    return { result, turns: [turn] };
  };
  return new StateGraph(State).addNode('answer', answer).addEdge(START, 'answer').addEdge('answer', END).compile({ checkpointer: options.checkpointer });
}
export type ConversationGraph = ReturnType<typeof createConversationGraph>;
