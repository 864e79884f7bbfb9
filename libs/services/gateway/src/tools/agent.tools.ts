import { AgentContracts } from '@anime/contracts';
import { defineTool } from './tool-definition';

export const askAnimeTool = defineTool({
  name: 'ask_anime',
  description:
    'Ask anything about anime in plain language — "dark psychological anime but not too violent", "Death Note on MAL", "top 5 Kyoto Animation movies after 2010", "anime like the first one" (with session_id) — and get a readable answer plus the matching anime. Pass session_id from a previous answer for follow-ups. Prefer search_anime when you already know the exact filters.',
  input: AgentContracts.ask.request,
  output: AgentContracts.ask.response,
  annotations: { title: 'Ask about anime', readOnlyHint: true, idempotentHint: false, openWorldHint: false },
  execute: (input, ctx) => ctx.rpc.call(AgentContracts.ask, input, { signal: ctx.signal }),
  summarize: (out) => `${out.answer}${out.warnings.length ? `\n\nNote: ${out.warnings.join(' ')}` : ''}\n(session_id: ${out.session_id})`,
});
