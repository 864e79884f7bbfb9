/**
 * Calls to the gateway's public REST API. Every failure becomes an {@link ApiError} carrying the
 * server's problem+json fields (code, message, hint, errorId), so pages can show a sentence a
 * person understands plus the id to quote in a bug report.
 */

/** A failed API call: the server's problem details, or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly errorId?: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface Problem {
  code?: unknown;
  message?: unknown;
  errorId?: unknown;
  hint?: unknown;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** Turns a non-2xx response into an ApiError (problem+json when the server sent one). */
export async function errorFromResponse(res: Response): Promise<ApiError> {
  let problem: Problem = {};
  try {
    problem = (await res.json()) as Problem;
  } catch {
    // Not JSON (a proxy's HTML page, an empty body): the status line is all there is.
  }
  const message = str(problem.message) ?? `The server answered ${res.status} ${res.statusText}`.trim();
  return new ApiError(message, res.status, str(problem.code) ?? `HTTP_${res.status}`, str(problem.errorId), str(problem.hint));
}

/** fetch that reports an unreachable server as an ApiError too (status 0, code NETWORK). */
export async function send(path: string, init: RequestInit = {}): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError('The server cannot be reached. Is it still running?', 0, 'NETWORK');
  }
  if (!res.ok) throw await errorFromResponse(res);
  return res;
}

/** GET (or any method) returning JSON. */
export async function requestJson<T>(path: string, init: RequestInit = {}): Promise<T> {
  return (await (await send(path, init)).json()) as T;
}

/** POST a JSON body, JSON back. */
export function postJson<T>(path: string, body: unknown, init: RequestInit = {}): Promise<T> {
  return requestJson<T>(path, { ...init, method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...init.headers } });
}

/** `POST /api/tools/{name}`: the tool's structured output. */
export function callTool<T>(name: string, input: unknown, signal?: AbortSignal): Promise<T> {
  return postJson<T>(`/api/tools/${encodeURIComponent(name)}`, input, { signal });
}

let toolNames: Promise<Set<string>> | undefined;

/** Names of the tools this server offers (asked once per page load): optional pages check it. */
export function availableTools(): Promise<Set<string>> {
  toolNames ??= requestJson<{ tools: Array<{ name: string }> }>('/api/tools').then(
    (r) => new Set(r.tools.map((t) => t.name)),
    (error: unknown) => {
      toolNames = undefined; // try again on the next page
      throw error;
    },
  );
  return toolNames;
}
