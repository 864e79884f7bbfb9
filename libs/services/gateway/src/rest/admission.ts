import { createHash } from 'node:crypto';
import type { Request } from 'express';
import { MAX_BATCH_QUESTIONS } from '@anime/contracts';

/** Public endpoints with a per-client budget and a concurrency gate; health, metrics and docs are not limited. */
export const RATE_LIMITED_PREFIXES = ['/api/tools', '/api/query', '/api/batch', '/mcp'] as const;

/** True for a path at or below one of the limited prefixes (`/api/tools`, `/api/tools/x`, not `/api/toolsx`). */
export function isRateLimitedPath(path: string): boolean {
  const p = path.toLowerCase();
  return RATE_LIMITED_PREFIXES.some((prefix) => under(p, prefix));
}

const under = (path: string, prefix: string): boolean => path === prefix || path.startsWith(`${prefix}/`);

/** Route classes with their own concurrency gate: agent questions are ~100× the work of a lookup. */
export type WorkClass = 'agent' | 'lookup';

/** What a request costs at the door. */
export type Admission =
  | { kind: 'public'; workClass: WorkClass; /** rate-limit points: one per question / JSON-RPC message */ cost: number; /** gate units (0 = not gated: a long-lived stream) */ weight: number }
  | { kind: 'admin' }
  | { kind: 'open' };

/** Questions per gate unit in a batch (a batch runs chunks of 10 questions, D24). */
const QUESTIONS_PER_UNIT = 10;

/**
 * Classifies a request (its body already parsed): which budget it spends, how much, and which
 * gate it waits at. A batch costs one point per question and a JSON-RPC batch one per message —
 * a batch is never cheaper than the same questions one by one.
 */
export function admissionOf(req: Request): Admission {
  // originalUrl: Nest may mount middleware on a sub-path, which shortens req.path.
  const path = (req.originalUrl.split('?')[0] ?? '').toLowerCase();
  if (under(path, '/api/admin')) return { kind: 'admin' };
  if (!isRateLimitedPath(path)) return { kind: 'open' };
  const body: unknown = req.body;
  if (under(path, '/api/batch')) {
    const queries = (body as { queries?: unknown } | undefined)?.queries;
    // A batch over the maximum is refused whole (413) by the controller: it costs one request, not its size.
    const cost = Array.isArray(queries) && queries.length <= MAX_BATCH_QUESTIONS ? Math.max(1, queries.length) : 1;
    return { kind: 'public', workClass: 'agent', cost, weight: Math.ceil(cost / QUESTIONS_PER_UNIT) };
  }
  if (under(path, '/api/query') || path === '/api/tools/ask_anime') return { kind: 'public', workClass: 'agent', cost: 1, weight: 1 };
  if (under(path, '/mcp')) {
    // GET opens a session's long-lived event stream; it must not hold a work slot while it idles.
    if (req.method !== 'POST') return { kind: 'public', workClass: 'lookup', cost: 1, weight: 0 };
    const messages = Array.isArray(body) ? body : [body];
    const asks = messages.filter(isAskCall).length;
    const cost = Math.max(1, messages.length);
    return asks > 0
      ? { kind: 'public', workClass: 'agent', cost, weight: Math.ceil(asks / QUESTIONS_PER_UNIT) }
      : { kind: 'public', workClass: 'lookup', cost, weight: 1 };
  }
  return { kind: 'public', workClass: 'lookup', cost: 1, weight: 1 };
}

const isAskCall = (message: unknown): boolean => {
  const m = message as { method?: unknown; params?: { name?: unknown } } | null;
  return typeof m === 'object' && m !== null && m.method === 'tools/call' && m.params?.name === 'ask_anime';
};

/** The key a client presented (`x-api-key` or `Authorization: Bearer`), if any. */
export function presentedKey(req: Request): string | undefined {
  const bearer = /^Bearer\s+(.+)$/i.exec(req.header('authorization') ?? '')?.[1];
  return req.header('x-api-key') ?? bearer;
}

/** SHA-256 of a key, hex: how keys are compared and how they appear in limiter keys (never in clear). */
export const keyDigest = (key: string): string => createHash('sha256').update(key).digest('hex');

/** The caller's address as the limiter sees it. */
export const ipOf = (req: Request): string => `ip:${req.ip ?? req.socket.remoteAddress ?? 'unknown'}`;

/**
 * Who a request counts against: its own bucket only for a key this server knows (`known` holds
 * the digests of keys that authenticate); an unknown or made-up key shares the caller's IP bucket,
 * so minting random keys buys nothing.
 */
export function clientKeyOf(req: Request, known: ReadonlySet<string>): string {
  const key = presentedKey(req);
  if (key) {
    const digest = keyDigest(key);
    if (known.has(digest)) return `key:${digest.slice(0, 32)}`;
  }
  return ipOf(req);
}
