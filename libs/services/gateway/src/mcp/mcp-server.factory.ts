import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { Protocol } from '@modelcontextprotocol/sdk/shared/protocol.js';
import { z } from 'zod';
import {
  CallToolRequestSchema,
  CompleteRequestSchema,
  ErrorCode,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListResourcesRequestSchema,
  ListToolsRequestSchema,
  McpError,
  ReadResourceRequestSchema,
  type CallToolResult,
} from '@modelcontextprotocol/sdk/types.js';
import { AnimeSchema, CatalogContracts, SearchFiltersSchema, parseStrict, toJsonSchema } from '@anime/contracts';
import type { RpcClient } from '@anime/platform-messaging';
import { TOOLS, findTool, runTool } from '../tools/tool-registry';
import { PROMPTS, findPrompt } from './prompts';

export interface McpServerOptions {
  rpc: RpcClient;
  version: string;
}

const INSTRUCTIONS =
  'Anime knowledge base. Find anime with search_anime (titles in any language, typos ok, plus filters), then use the returned ids ' +
  '(e.g. "mal:1535") with get_anime, get_related_anime and resolve_anime_ids. Resources: anime://{id}, anime://stats, anime://schema.';

/** `params.name: Invalid input: expected string` — one line per issue, no schema dump. */
function describeIssues(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): string {
  return issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.map(String).join('.') : 'request'}: ${i.message}`)
    .join('; ');
}

/**
 * The SDK's Server, with one change at the root: every request handler (ours and the SDK's own,
 * such as initialize) receives its request already checked against its schema, and a request
 * that does not fit is a JSON-RPC -32602 "Invalid params" naming the fields — not the -32603
 * "Internal error" with a raw schema dump the SDK answers when its own parse throws (issue #15).
 */
class AnimeMcpServer extends Server {}
type AnySchema = { shape: { method: { value: unknown } }; safeParse(value: unknown): { success: true; data: unknown } | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } } };
type AnyHandler = (request: unknown, extra: unknown) => unknown;
const protocolSetRequestHandler = Protocol.prototype.setRequestHandler as unknown as (this: Server, schema: unknown, handler: AnyHandler) => void;
AnimeMcpServer.prototype.setRequestHandler = function setRequestHandler(this: Server, schema: AnySchema, handler: AnyHandler): void {
  const method = String(schema.shape.method.value);
  const checked: AnyHandler = (request, extra) => {
    const parsed = schema.safeParse(request);
    if (!parsed.success) throw new McpError(ErrorCode.InvalidParams, `Invalid params for ${method}: ${describeIssues(parsed.error.issues)}`);
    return handler(parsed.data, extra);
  };
  // Registered on Protocol directly: the Server's own tools/call wrapper re-checks the request
  // first (same raw dump) and adds only task results, which this server does not offer.
  protocolSetRequestHandler.call(this, z.object({ method: z.literal(method) }).loose(), checked);
} as unknown as Server['setRequestHandler'];

/**
 * One MCP server over the tool registry (the same tools REST serves), plus resources, prompts
 * and completions. Low-level `Server` on purpose: a malformed call (unknown tool, arguments that
 * break the input schema) is a protocol error (-32602), while a failure the model should see
 * (not found, service down, a bad filter value) is a tool result with `isError` and a hint.
 */
export function createMcpServer(options: McpServerOptions): Server {
  const { rpc } = options;
  const server = new AnimeMcpServer(
    { name: 'anime-mcp-server', title: 'Anime MCP Server', version: options.version },
    { capabilities: { tools: {}, resources: {}, prompts: {}, completions: {}, logging: {} }, instructions: INSTRUCTIONS },
  );

  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: TOOLS.map((tool) => ({
      name: tool.name,
      title: tool.annotations.title,
      description: tool.description,
      inputSchema: toJsonSchema(tool.input, 'input') as { type: 'object' },
      outputSchema: toJsonSchema(tool.output, 'output') as { type: 'object' },
      annotations: tool.annotations,
    })),
  }));

  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const tool = findTool(request.params.name);
    if (!tool) {
      throw new McpError(ErrorCode.InvalidParams, `Unknown tool "${request.params.name}". Tools: ${TOOLS.map((t) => t.name).join(', ')}`);
    }
    const parsed = parseStrict(tool.input, request.params.arguments ?? {}, `arguments of ${tool.name}`);
    if (!parsed.ok) throw new McpError(ErrorCode.InvalidParams, parsed.error.message, parsed.error.details);
    const progressToken = request.params._meta?.progressToken;
    const progress = async (value: number, total?: number, message?: string): Promise<void> => {
      if (progressToken === undefined) return;
      await extra.sendNotification({ method: 'notifications/progress', params: { progressToken, progress: value, total, message } });
    };
    // Clients that ask for progress get at least start and end; long tools report in between.
    await progress(0, 1, `${tool.name} started`);
    const outcome = await runTool(tool, parsed.data, { rpc, signal: extra.signal, progress });
    await progress(1, 1, `${tool.name} ${outcome.ok ? 'done' : 'failed'}`);
    if (outcome.ok) {
      return { content: [{ type: 'text', text: outcome.text }], structuredContent: outcome.output as Record<string, unknown> };
    }
    const { error, hint } = outcome;
    return {
      isError: true,
      content: [{ type: 'text', text: `${error.code}: ${error.message}${hint ? `\nHint: ${hint}` : ''}` }],
      _meta: { error: { ...error.toBody(), ...(hint ? { hint } : {}) } },
    };
  });

  server.setRequestHandler(ListResourcesRequestSchema, async () => ({
    resources: [
      { uri: 'anime://stats', name: 'stats', title: 'Catalog statistics', description: 'Dataset version, release date and counts by type, status, decade and platform.', mimeType: 'application/json' },
      { uri: 'anime://schema', name: 'schema', title: 'Anime entry schema', description: 'JSON Schema of an anime entry and of the search filters.', mimeType: 'application/schema+json' },
    ],
  }));

  server.setRequestHandler(ListResourceTemplatesRequestSchema, async () => ({
    resourceTemplates: [
      {
        uriTemplate: 'anime://{id}',
        name: 'anime',
        title: 'Anime by id',
        description: 'One anime as JSON. {id} is our id ("mal:1535"), a platform id ("anilist:1535") or a platform URL (URL-encoded). Completion suggests ids from titles.',
        mimeType: 'application/json',
      },
    ],
  }));

  server.setRequestHandler(ReadResourceRequestSchema, async (request, extra) => {
    const uri = request.params.uri;
    const json = (value: unknown, mimeType = 'application/json') => ({ contents: [{ uri, mimeType, text: JSON.stringify(value, null, 2) }] });
    if (uri === 'anime://stats') return json(await rpc.call(CatalogContracts.stats, {}, { signal: extra.signal }));
    if (uri === 'anime://schema') {
      return json({ anime: toJsonSchema(AnimeSchema), searchFilters: toJsonSchema(SearchFiltersSchema, 'input') }, 'application/schema+json');
    }
    const match = /^anime:\/\/(.+)$/.exec(uri);
    if (!match) throw new McpError(ErrorCode.InvalidParams, `Unknown resource "${uri}"; use anime://{id}, anime://stats or anime://schema`);
    const ref = decodeURIComponent(match[1] as string);
    try {
      return json((await rpc.call(CatalogContracts.get, { ref }, { signal: extra.signal })).anime);
    } catch (error) {
      // The resource does not exist: JSON-RPC "resource not found" (-32002), with the reason.
      throw new McpError(-32002, `Resource ${uri} not found: ${(error as Error).message}`, { uri });
    }
  });

  server.setRequestHandler(ListPromptsRequestSchema, async () => ({
    prompts: PROMPTS.map((p) => ({ name: p.name, title: p.title, description: p.description, arguments: p.arguments })),
  }));

  server.setRequestHandler(GetPromptRequestSchema, async (request) => {
    const prompt = findPrompt(request.params.name);
    if (!prompt) throw new McpError(ErrorCode.InvalidParams, `Unknown prompt "${request.params.name}". Prompts: ${PROMPTS.map((p) => p.name).join(', ')}`);
    const args = request.params.arguments ?? {};
    for (const arg of prompt.arguments) {
      if (arg.required && !args[arg.name]) throw new McpError(ErrorCode.InvalidParams, `Prompt ${prompt.name} needs the argument "${arg.name}"`);
    }
    return { description: prompt.description, messages: [{ role: 'user' as const, content: { type: 'text' as const, text: prompt.render(args) } }] };
  });

  server.setRequestHandler(CompleteRequestSchema, async (request, extra) => {
    const { ref, argument } = request.params;
    const values = await (async (): Promise<string[]> => {
      if (ref.type === 'ref/resource' && ref.uri === 'anime://{id}' && argument.name === 'id') return completeIds(rpc, argument.value, extra.signal);
      if (ref.type === 'ref/prompt') {
        const prompt = findPrompt(ref.name);
        const kind = prompt?.arguments.find((a) => a.name === argument.name)?.complete;
        if (kind === 'title') return completeTitles(rpc, argument.value, extra.signal);
        if (Array.isArray(kind)) return kind.filter((v) => v.toLowerCase().startsWith(argument.value.toLowerCase()));
      }
      return [];
    })();
    return { completion: { values: values.slice(0, 100), total: values.length, hasMore: false } };
  });

  return server;
}

/** Titles (and thereby ids) that match what the user typed so far. */
async function search(rpc: RpcClient, text: string, signal?: AbortSignal) {
  if (text.trim().length < 2) return [];
  try {
    return (await rpc.call(CatalogContracts.search, { text, limit: 10 }, { signal, timeoutMs: 2_000 })).items;
  } catch {
    return []; // completion is best effort: no dataset yet or a slow catalog must not fail the client
  }
}

async function completeIds(rpc: RpcClient, value: string, signal?: AbortSignal): Promise<string[]> {
  if (/^[a-z-]+:\S+$/i.test(value)) {
    const resolved = await rpc.call(CatalogContracts.resolveIds, { refs: [value] }, { signal }).catch(() => undefined);
    const hit = resolved?.results[0];
    if (hit?.found) return [hit.id];
  }
  return (await search(rpc, value, signal)).map((i) => i.anime.id);
}

async function completeTitles(rpc: RpcClient, value: string, signal?: AbortSignal): Promise<string[]> {
  return [...new Set((await search(rpc, value, signal)).map((i) => i.anime.title))];
}
