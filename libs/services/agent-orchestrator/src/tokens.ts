/** DI token of the conversation checkpointer (a LangGraph `LatestCheckpointSaver`). */
export const CONVERSATION_CHECKPOINTER = Symbol('CONVERSATION_CHECKPOINTER');
