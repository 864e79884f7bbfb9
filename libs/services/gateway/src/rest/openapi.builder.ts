import { z } from 'zod';
import {
  ErrorBodySchema,
  AgentContracts, IngestContracts,
  ServiceHealthSchema,
  ServiceNameSchema,
  toJsonSchema,
  UpdateKindSchema,
} from '@anime/contracts';
import { IMAGE_UPLOAD_TOOLS } from './image-form';
import type { ToolDefinition } from '../tools/tool-definition';

/** The multipart form of the image tools: the file plus the tool's other fields as form fields. */
const IMAGE_FORM_SCHEMA = {
  type: 'object',
  required: ['image'],
  properties: {
    image: { type: 'string', format: 'binary', description: 'The image file (JPEG, PNG, WebP or GIF, at most 4 MiB).' },
    text: { type: 'string', description: 'search_multimodal_anime: the description.' },
    limit: { type: 'integer' },
    filters: { type: 'string', description: 'The filters object as JSON.' },
    weights: { type: 'string', description: 'search_multimodal_anime: {"text":…,"image":…} as JSON.' },
  },
};

type Json = Record<string, unknown>;

/** The OpenAPI 3.1 document the gateway serves at /docs/openapi.json. */
export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  tags: Array<{ name: string; description: string }>;
  paths: Record<string, Record<string, Json>>;
  components: { schemas: Record<string, Json>; responses: Record<string, Json>; headers: Record<string, Json>; securitySchemes: Record<string, Json> };
}

export interface OpenApiOptions {
  tools: readonly ToolDefinition[];
  /** Version of the running build. */
  version: string;
  rateLimit: { points: number; windowS: number };
}

/** RFC 9457 problem details as every error of this API carries them. */
export const ProblemSchema = ErrorBodySchema.extend({
  type: z.string().describe('URI naming the error type (one per code).'),
  title: z.string().describe('The code again, for generic problem+json clients.'),
  status: z.number().int().describe('HTTP status of this response.'),
  hint: z.string().optional().describe('Tool errors: how to recover (what to call or change next).'),
  tool: z.string().optional().describe('Tool errors: the tool that failed.'),
})
  .loose()
  .describe('An error (application/problem+json, RFC 9457).');

// --- hand-described routes: shapes of what the health and admin controllers return/accept ---

const ServiceStatusSchema = z.union([
  ServiceHealthSchema.omit({ service: true, status: true }).extend({
    name: ServiceNameSchema,
    status: z.enum(['up', 'degraded']),
    latencyMs: z.number().describe('Round trip of the health call.'),
  }),
  z.object({
    name: ServiceNameSchema,
    status: z.literal('down'),
    latencyMs: z.number(),
    error: z.object({ code: z.string(), message: z.string() }).describe('Why it did not answer.'),
  }),
]);
const SystemHealthSchema = z
  .object({
    status: z.enum(['ok', 'degraded']),
    mode: z.enum(['embedded', 'distributed']),
    transport: z.object({ kind: z.enum(['inprocess', 'nats']), connected: z.boolean() }),
    services: z.array(ServiceStatusSchema),
    down: z.array(ServiceNameSchema).describe('Services that did not answer.'),
    checkedAt: z.string().describe('ISO timestamp of this check.'),
  })
  .describe('Every service as the gateway sees it.');
const ReadinessSchema = z.object({
  status: z.enum(['ready', 'not-ready']),
  reasons: z.array(z.string()).describe('Why not ready (empty when ready).'),
  degraded: z.array(z.string()).describe('Checks that are not up while the system still serves (e.g. Redis away: per-process limits and caches).'),
  health: SystemHealthSchema,
});

// Request bodies of /api/admin/* (admin.controller.ts validates with the same shapes).
const AdminUpdateBody = z
  .object({
    source: z.string().min(1).max(2000).optional().describe('URL or local path; default ANIME_DB_SOURCE'),
    force: z.boolean().default(false).describe('Switch even if a safety check fails.'),
  })
  .strict();
const AdminSourceBody = z.object({ source: z.string().min(1).max(2000).optional().describe('URL or local path; default ANIME_DB_SOURCE') }).strict();
const AdminScheduleBody = z
  .object({
    cron: z.string().max(100).nullable().default('0 4 * * 1').describe('5-field cron in UTC; null disables the schedule.'),
    kind: UpdateKindSchema.default('smart'),
  })
  .strict();
const AdminRollbackBody = z.object({ version: z.string().max(100).optional().describe('Version to make current; default the previous one.') }).strict();

const ToolListSchema = z.object({
  tools: z.array(
    z.object({
      name: z.string(),
      description: z.string(),
      annotations: z.object({
        title: z.string(),
        readOnlyHint: z.boolean(),
        destructiveHint: z.boolean().optional(),
        idempotentHint: z.boolean(),
        openWorldHint: z.boolean(),
      }),
      inputSchema: z.record(z.string(), z.unknown()).describe('JSON Schema of the request body.'),
      outputSchema: z.record(z.string(), z.unknown()).describe('JSON Schema of the 200 response.'),
    }),
  ),
});

/** `search_anime` → `SearchAnime`. */
const pascal = (name: string): string => name.replace(/(^|[_-])([a-z0-9])/g, (_m, _sep: string, c: string) => c.toUpperCase());

/**
 * Turns zod JSON Schemas into `components/schemas` entries. A schema's own `$defs` (zod emits them
 * for recursive or `.meta({id})` schemas) would resolve against the *document* root inside
 * OpenAPI, so they are hoisted into components and every `$ref` is rewritten to point there.
 */
class SchemaComponents {
  readonly schemas: Record<string, Json> = {};

  /** Registers `schema` under `name` (once; a second registration is a bug) and returns a `$ref` to it. */
  add(name: string, schema: z.ZodType, io: 'input' | 'output'): Json {
    if (name in this.schemas) throw new Error(`OpenAPI component ${name} registered twice`);
    const { $schema: _dialect, $defs = {}, ...root } = toJsonSchema(schema, io) as Json & { $defs?: Record<string, Json> };
    this.schemas[name] = {}; // reserved: a definition must not take the name
    // zod names anonymous definitions __schema0…: local to this schema, so they get its name as
    // prefix. A named one (`.meta({id})`) keeps its name and is shared when another schema
    // already registered the same definition; a different one under that name gets a suffix.
    const names = new Map<string, string>();
    for (const key of Object.keys($defs)) names.set(key, key.startsWith('__') ? this.freeName(`${name}${pascal(key.replace(/^_+/, '_'))}`) : key);
    // Each round renames one clashing id to a fresh name; renamed ones are never re-checked, so
    // this ends after at most one round per definition.
    const renamed = new Set<string>();
    let rewritten: Record<string, Json>;
    for (;;) {
      rewritten = Object.fromEntries(Object.entries($defs).map(([key, def]) => [key, this.rewrite(def, name, names) as Json]));
      const clash = Object.keys($defs).find(
        (key) => !key.startsWith('__') && !renamed.has(key) && key in this.schemas && JSON.stringify(this.schemas[key]) !== JSON.stringify(rewritten[key]),
      );
      if (clash === undefined) break;
      renamed.add(clash);
      names.set(clash, this.freeName(`${name}${clash}`));
    }
    for (const [key, def] of Object.entries(rewritten)) this.schemas[names.get(key) ?? key] = def;
    this.schemas[name] = this.rewrite(root, name, names) as Json;
    return this.ref(name);
  }

  ref(name: string): Json {
    return { $ref: `#/components/schemas/${name}` };
  }

  private freeName(wanted: string): string {
    let candidate = wanted;
    for (let n = 2; candidate in this.schemas; n++) candidate = `${wanted}${n}`;
    this.schemas[candidate] = {}; // reserved until filled
    return candidate;
  }

  private rewrite(node: unknown, self: string, names: Map<string, string>): unknown {
    if (Array.isArray(node)) return node.map((n) => this.rewrite(n, self, names));
    if (typeof node !== 'object' || node === null) return node;
    const out: Json = {};
    for (const [k, v] of Object.entries(node)) out[k] = k === '$ref' && typeof v === 'string' ? this.rewriteRef(v, self, names) : this.rewrite(v, self, names);
    return out;
  }

  private rewriteRef(ref: string, self: string, names: Map<string, string>): string {
    const local = /^#\/\$defs\/([^/]+)(.*)$/.exec(ref);
    if (local) {
      const key = decodeURIComponent(local[1] ?? '');
      return `#/components/schemas/${names.get(key) ?? key}${local[2] ?? ''}`;
    }
    if (ref === '#') return `#/components/schemas/${self}`;
    if (ref.startsWith('#/')) return `#/components/schemas/${self}${ref.slice(1)}`;
    return ref;
  }
}

const json = (schema: Json): Json => ({ 'application/json': { schema } });
const ref = (kind: 'responses' | 'headers', name: string): Json => ({ $ref: `#/components/${kind}/${name}` });
const PROBLEM = { $ref: '#/components/schemas/Problem' };
const problemResponse = (description: string, headers?: Json): Json => ({
  description,
  ...(headers ? { headers } : {}),
  content: { 'application/problem+json': { schema: PROBLEM } },
});
const ADMIN_SECURITY = [{ apiKey: [] }, { bearer: [] }];

/**
 * The OpenAPI 3.1 document of the gateway, generated from the same zod schemas that validate the
 * requests: one operation per tool (`POST /api/tools/{name}`), plus the tool list, health, admin,
 * metrics and docs routes described here by hand. Errors are problem+json (`Problem`).
 */
export function buildOpenApiDocument(options: OpenApiOptions): OpenApiDocument {
  const components = new SchemaComponents();
  components.add('Problem', ProblemSchema, 'output');
  const paths: OpenApiDocument['paths'] = {};
  const limited = { 'RateLimit-Limit': ref('headers', 'RateLimitLimit'), 'RateLimit-Remaining': ref('headers', 'RateLimitRemaining'), 'RateLimit-Reset': ref('headers', 'RateLimitReset') };

  paths['/api/tools'] = {
    get: {
      tags: ['tools'],
      operationId: 'list_tools',
      summary: 'List the tools',
      description: 'Every tool with its description, MCP annotations and the JSON Schemas of its input and output.',
      responses: { '200': { description: 'The tools.', headers: limited, content: json(components.add('ToolList', ToolListSchema, 'output')) }, '429': ref('responses', 'TooManyRequests') },
    },
  };

  for (const tool of options.tools) {
    const base = pascal(tool.name);
    const input = components.add(`${base}Input`, tool.input, 'input');
    const output = components.add(`${base}Output`, tool.output, 'output');
    paths[`/api/tools/${tool.name}`] = {
      post: {
        tags: ['tools'],
        operationId: tool.name,
        summary: tool.annotations.title,
        description: tool.description,
        'x-tool-annotations': tool.annotations,
        security: [{}, { apiKey: [] }, { bearer: [] }],
        requestBody: {
          required: !tool.input.safeParse({}).success,
          content: IMAGE_UPLOAD_TOOLS.has(tool.name) ? { ...json(input), 'multipart/form-data': { schema: IMAGE_FORM_SCHEMA } } : json(input),
        },
        responses: {
          '200': { description: 'The tool\'s structured output.', headers: limited, content: json(output) },
          '400': ref('responses', 'BadRequest'),
          '404': problemResponse('Unknown tool, or what the input names does not exist (see `hint`).'),
          '413': ref('responses', 'PayloadTooLarge'),
          '415': ref('responses', 'UnsupportedMediaType'),
          '429': ref('responses', 'TooManyRequests'),
          '503': ref('responses', 'ServiceUnavailable'),
          default: problemResponse('Any other failure; `code` says which, `hint` how to recover.'),
        },
      },
    };
  }

  paths['/health'] = {
    get: {
      tags: ['health'],
      operationId: 'health',
      summary: 'System health',
      description: 'Every service pinged over the transport, with version, instance and latency; always 200 while the gateway runs.',
      responses: { '200': { description: 'Health of every service.', content: json(components.add('SystemHealth', SystemHealthSchema, 'output')) } },
    },
  };
  const readiness = components.add('Readiness', ReadinessSchema, 'output');
  paths['/health/ready'] = {
    get: {
      tags: ['health'],
      operationId: 'ready',
      summary: 'Readiness',
      description: 'Kubernetes readiness: 200 when the broker and the required services answer and a dataset is loaded.',
      responses: { '200': { description: 'Ready.', content: json(readiness) }, '503': { description: 'Not ready; `reasons` says why.', content: json(readiness) } },
    },
  };
  paths['/metrics'] = {
    get: {
      tags: ['metrics'],
      operationId: 'metrics',
      summary: 'Prometheus metrics',
      responses: { '200': { description: 'Prometheus text exposition format.', content: { 'text/plain': { schema: { type: 'string' } } } } },
    },
  };
  paths['/docs'] = {
    get: { tags: ['docs'], operationId: 'docs_ui', summary: 'Swagger UI (served locally, works offline)', responses: { '200': { description: 'HTML page.', content: { 'text/html': { schema: { type: 'string' } } } } } },
  };
  paths['/docs/openapi.json'] = {
    get: { tags: ['docs'], operationId: 'openapi_document', summary: 'This document', responses: { '200': { description: 'OpenAPI 3.1.', content: json({ type: 'object' }) } } },
  };

  addAdminPaths(paths, components);
  addQueryPaths(paths, components, limited);

  return {
    openapi: '3.1.0',
    info: {
      title: 'anime-mcp-server',
      version: options.version,
      description:
        'Anime catalog tools over REST (the same tools MCP clients see at /mcp), plus health, metrics and the dataset admin API. ' +
        'Errors are `application/problem+json` with a stable `code` and an `errorId`. ' +
        `Public endpoints allow ${options.rateLimit.points} requests per ${options.rateLimit.windowS} s per client (its own budget for a key this server knows, else its IP's; ` +
        'a batch costs one per question, a JSON-RPC batch one per message); a refused request gets 429 with `Retry-After`. ' +
        'Past its capacity the server answers 503 with `Retry-After` at once instead of queueing. ' +
        'Unknown input fields are refused with 400 naming the field and the one it probably meant.',
    },
    tags: [
      { name: 'tools', description: 'The tool registry: POST the tool\'s input, get its structured output.' },
      { name: 'health', description: 'Liveness and readiness.' },
      { name: 'query', description: 'Questions in natural language (the agent), batches and conversations.' },
      { name: 'mcp', description: 'Model Context Protocol over streamable HTTP.' },
      { name: 'admin', description: 'Dataset operations (API key from ADMIN_API_KEYS).' },
      { name: 'metrics', description: 'Prometheus.' },
      { name: 'docs', description: 'This documentation.' },
    ],
    paths,
    components: {
      schemas: components.schemas,
      headers: {
        RateLimitLimit: { description: 'Requests allowed per window for this client.', schema: { type: 'integer' } },
        RateLimitRemaining: { description: 'Requests left in the current window.', schema: { type: 'integer' } },
        RateLimitReset: { description: 'Seconds until the window resets.', schema: { type: 'integer' } },
        RetryAfter: { description: 'Seconds to wait before retrying.', schema: { type: 'integer' } },
        Location: { description: 'Where to poll the job.', schema: { type: 'string' } },
      },
      responses: {
        BadRequest: problemResponse('Malformed JSON, input that does not fit the schema, or a field the schema does not declare (`details.issues` names each field; an unknown one with the field it probably meant).'),
        Unauthorized: problemResponse('No API key sent.'),
        Forbidden: problemResponse('The API key is not valid here (or the admin API is disabled).'),
        NotFound: problemResponse('Not found.'),
        Conflict: problemResponse('Another update job is running.'),
        PayloadTooLarge: problemResponse('The body is larger than HTTP_BODY_LIMIT.'),
        UnsupportedMediaType: problemResponse('The body is not application/json.'),
        TooManyRequests: problemResponse('This client used up its budget; `retryAfterMs` and `Retry-After` say when to retry.', { 'Retry-After': ref('headers', 'RetryAfter'), ...limited }),
        ServiceUnavailable: problemResponse('A backend service is down, the catalog is still loading, or the server is at capacity (`Retry-After` says when to retry).', { 'Retry-After': ref('headers', 'RetryAfter') }),
      },
      securitySchemes: {
        apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key', description: 'Admin key (ADMIN_API_KEYS); on public endpoints it only names the client for rate limits.' },
        bearer: { type: 'http', scheme: 'bearer', description: 'The same key as `Authorization: Bearer <key>`.' },
      },
    },
  };
}

function addQueryPaths(paths: OpenApiDocument['paths'], components: SchemaComponents, limited: Json): void {
  const ask = components.add('AskRequest', AgentContracts.ask.request, 'input');
  const answer = components.add('AskResponse', AgentContracts.ask.response, 'output');
  const common = { '400': ref('responses', 'BadRequest'), '413': ref('responses', 'PayloadTooLarge'), '429': ref('responses', 'TooManyRequests'), '503': ref('responses', 'ServiceUnavailable') };
  paths['/api/query'] = {
    post: {
      tags: ['query'],
      operationId: 'query',
      summary: 'Ask a question in natural language (or a structured query)',
      description: 'Returns `{answer, items, plan?, sources, warnings, timings, session_id}`. With `Accept: text/event-stream` the answer streams as SSE events `started`, `plan`, `items`, `done` (or `error`). Pass `session_id` for follow-ups ("the second one", "only movies").',
      requestBody: { required: true, content: json(ask) },
      responses: {
        '200': { description: 'The answer (JSON, or an SSE stream when asked for).', headers: limited, content: { ...json(answer), 'text/event-stream': { schema: { type: 'string' } } } },
        ...common,
      },
    },
  };
  paths['/api/query/stream'] = {
    post: { tags: ['query'], operationId: 'query_stream', summary: 'The same question, always as SSE', requestBody: { required: true, content: json(ask) }, responses: { '200': { description: 'SSE events started, plan, items, done.', content: { 'text/event-stream': { schema: { type: 'string' } } } }, ...common } },
  };
  paths['/api/batch'] = {
    post: {
      tags: ['query'],
      operationId: 'batch',
      summary: 'Many questions at once (at most 100; 413 beyond)',
      requestBody: { required: true, content: json({ type: 'object', required: ['queries'], properties: { queries: { type: 'array', maxItems: 100, items: { oneOf: [{ type: 'string' }, ask] } }, options: { type: 'object' } } }) },
      responses: {
        '200': { description: 'One result or error per question, in order.', headers: limited, content: json({ type: 'object', properties: { results: { type: 'array', items: { oneOf: [{ type: 'object', properties: { ok: { const: true }, result: answer } }, { type: 'object', properties: { ok: { const: false }, error: { $ref: '#/components/schemas/Problem' } } }] } } } }) },
        ...common,
      },
    },
  };
  paths['/api/conversation/{sessionId}'] = {
    get: {
      tags: ['query'],
      operationId: 'conversation',
      summary: 'The turns of a conversation',
      parameters: [{ name: 'sessionId', in: 'path', required: true, schema: { type: 'string' } }],
      responses: { '200': { description: 'The conversation.', content: json(components.add('Conversation', AgentContracts.conversation.response, 'output')) }, '404': ref('responses', 'NotFound') },
    },
  };
  paths['/mcp'] = {
    post: {
      tags: ['mcp'],
      operationId: 'mcp',
      summary: 'MCP streamable HTTP endpoint (JSON-RPC)',
      description: 'For MCP clients (Claude, Inspector, agents). Stateless by default; with MCP_SESSIONS=true, GET opens the event stream and DELETE ends a session.',
      requestBody: { required: true, content: json({ type: 'object' }) },
      responses: { '200': { description: 'JSON-RPC response (JSON or SSE).', content: { ...json({ type: 'object' }), 'text/event-stream': { schema: { type: 'string' } } } }, '403': problemResponse('Host/Origin not allowed (DNS-rebinding protection).'), '429': ref('responses', 'TooManyRequests') },
    },
  };
}

function addAdminPaths(paths: OpenApiDocument['paths'], components: SchemaComponents): void {
  const guarded = { '401': ref('responses', 'Unauthorized'), '403': ref('responses', 'Forbidden') };
  const jobResponse = components.add('AdminJob', IngestContracts.startUpdate.response, 'output');
  const body = (name: string, schema: z.ZodType): Json => ({ required: false, content: json(components.add(name, schema, 'input')) });
  const op = (operationId: string, summary: string, extra: Json): Json => ({ tags: ['admin'], operationId, summary, security: ADMIN_SECURITY, ...extra });

  paths['/api/admin/check-updates'] = {
    post: op('admin_check_updates', 'Compare the current dataset with the source (without downloading all of it)', {
      requestBody: body('AdminSourceBody', AdminSourceBody),
      responses: { '200': { description: 'What is current and what the source offers.', content: json(components.add('AdminCheckUpdates', IngestContracts.checkUpdates.response, 'output')) }, '400': ref('responses', 'BadRequest'), ...guarded, '502': problemResponse('The source could not be read.') },
    }),
  };
  // One body schema shared by the four update routes.
  const updateBody = body('AdminUpdateBody', AdminUpdateBody);
  const startUpdate = (kind: string, summary: string): Record<string, Json> => ({
    post: op(`admin_update_${kind.replace(/-/g, '_')}`, summary, {
      requestBody: updateBody,
      responses: {
        '202': { description: 'The job, started; poll its Location.', headers: { Location: ref('headers', 'Location') }, content: json(jobResponse) },
        '400': ref('responses', 'BadRequest'),
        ...guarded,
        '409': ref('responses', 'Conflict'),
      },
    }),
  });
  for (const [kind, summary] of [
    ['incremental', 'Update: carry ids over, re-index only changed entries'],
    ['full', 'Update: rebuild everything'],
    ['smart', 'Update: check for a newer release, run safety checks, then incremental'],
    ['safety-check', 'Build a new version and run the safety checks without switching'],
  ] as const) {
    const path = kind === 'smart' ? '/api/admin/smart-update' : kind === 'safety-check' ? '/api/admin/update-safety-check' : `/api/admin/update-${kind}`;
    paths[path] = startUpdate(kind, summary);
  }
  paths['/api/admin/update-status'] = {
    get: op('admin_update_status', 'Progress of a job (default: the latest)', {
      parameters: [{ name: 'jobId', in: 'query', required: false, schema: { type: 'string' } }],
      responses: { '200': { description: 'The job.', content: json(jobResponse) }, ...guarded, '404': ref('responses', 'NotFound') },
    }),
  };
  const limit = (max: number): Json => ({ name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: max } });
  paths['/api/admin/jobs'] = {
    get: op('admin_jobs', 'Recent update jobs, newest first', {
      parameters: [limit(500)],
      responses: { '200': { description: 'Jobs.', content: json(components.add('AdminJobs', IngestContracts.listJobs.response, 'output')) }, '400': ref('responses', 'BadRequest'), ...guarded },
    }),
  };
  paths['/api/admin/jobs/{id}'] = {
    get: op('admin_job', 'One update job', {
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      responses: { '200': { description: 'The job.', content: json(jobResponse) }, ...guarded, '404': ref('responses', 'NotFound') },
    }),
  };
  paths['/api/admin/versions'] = {
    get: op('admin_versions', 'Stored dataset versions, newest first', {
      responses: { '200': { description: 'Versions.', content: json(components.add('AdminVersions', IngestContracts.listVersions.response, 'output')) }, ...guarded },
    }),
  };
  paths['/api/admin/rollback'] = {
    post: op('admin_rollback', 'Make the previous (or the given) version current again', {
      requestBody: body('AdminRollbackBody', AdminRollbackBody),
      responses: {
        '200': { description: 'The version now current.', content: json(components.add('AdminRollback', IngestContracts.rollback.response, 'output')) },
        '400': ref('responses', 'BadRequest'),
        ...guarded,
        '404': ref('responses', 'NotFound'),
        '409': ref('responses', 'Conflict'),
      },
    }),
  };
  paths['/api/admin/quarantine'] = {
    get: op('admin_quarantine', 'Entries of the current release that failed validation', {
      parameters: [limit(500)],
      responses: { '200': { description: 'Quarantined entries with reasons.', content: json(components.add('AdminQuarantine', IngestContracts.quarantine.response, 'output')) }, '400': ref('responses', 'BadRequest'), ...guarded },
    }),
  };
  const schedule = components.add('AdminSchedule', IngestContracts.getSchedule.response, 'output');
  paths['/api/admin/schedule'] = {
    get: op('admin_schedule', 'The automatic update schedule', { responses: { '200': { description: 'The schedule.', content: json(schedule) }, ...guarded } }),
  };
  paths['/api/admin/schedule-weekly-update'] = {
    post: op('admin_set_schedule', 'Set the automatic update schedule (default weekly, Mondays 04:00 UTC; cron null disables)', {
      requestBody: body('AdminScheduleBody', AdminScheduleBody),
      responses: { '200': { description: 'The schedule now in force.', content: json(schedule) }, '400': ref('responses', 'BadRequest'), ...guarded },
    }),
  };
}
