import { Annotation, END, START, StateGraph, type BaseCheckpointSaver } from '@langchain/langgraph';

/** One question and what was answered (ids kept for follow-ups like "the second one"). */
export interface ConversationTurn {
  query: string;
  answer: string;
  anime_ids: string[];
  titles: string[];
  at: string;
}

const ConversationState = (maxTurns: number) =>
  Annotation.Root({
    /** The session's history: every answer appends its turn; only the last `maxTurns` are kept. */
    turns: Annotation<ConversationTurn[]>({ reducer: (kept, added) => kept.concat(added).slice(-maxTurns), default: () => [] }),
  });

/**
 * Conversations as LangGraph threads: a session id is a thread of a small state graph whose
 * `turns` channel (reducer: append, keep the last `maxTurns`) the checkpointer persists — in
 * memory or Redis, with TTL and pruning (see {@link LatestCheckpointSaver}). Each answer is
 * recorded with `updateState` as the graph's `remember` step, so a question costs one checkpoint
 * write (plus one read when it continues a session) and the query graph itself stays stateless.
 */
export class Conversations {
  private readonly graph;

  constructor(options: { checkpointer: BaseCheckpointSaver; maxTurns: number }) {
    const State = ConversationState(options.maxTurns);
    this.graph = new StateGraph(State)
      .addNode('remember', () => ({}))
      .addEdge(START, 'remember')
      .addEdge('remember', END)
      .compile({ checkpointer: options.checkpointer });
  }

  /** The session's turns, oldest first (empty for an unknown or expired session). */
  async turns(sessionId: string): Promise<ConversationTurn[]> {
    const snapshot = await this.graph.getState({ configurable: { thread_id: sessionId } });
    return (snapshot.values as { turns?: ConversationTurn[] }).turns ?? [];
  }

  /** Appends the answer's turn to the session (creating it), through the channel's reducer. */
  async record(sessionId: string, turn: ConversationTurn): Promise<void> {
    await this.graph.updateState({ configurable: { thread_id: sessionId } }, { turns: [turn] }, 'remember');
  }
}
