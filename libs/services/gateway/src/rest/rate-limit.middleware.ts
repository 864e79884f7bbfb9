import { createHash } from 'node:crypto';
import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { RateLimitedError } from '@anime/contracts';
import { CLIENT_RATE_LIMITER, type ClientRateLimiter } from './client-rate-limiter';

/** Public endpoints with a per-client budget; health, metrics, docs and admin are not limited. */
export const RATE_LIMITED_PREFIXES = ['/api/tools', '/api/query', '/api/batch', '/mcp'] as const;

/** True for a path at or below one of the limited prefixes (`/api/tools`, `/api/tools/x`, not `/api/toolsx`). */
export function isRateLimitedPath(path: string): boolean {
  const p = path.toLowerCase();
  return RATE_LIMITED_PREFIXES.some((prefix) => p === prefix || p.startsWith(`${prefix}/`));
}

/**
 * Who a request counts against: its API key (`x-api-key` or `Authorization: Bearer`) when it has
 * one, else its IP. Keys are hashed so they never reach Redis or the logs in clear.
 */
export function clientKeyOf(req: Request): string {
  const bearer = /^Bearer\s+(.+)$/i.exec(req.header('authorization') ?? '')?.[1];
  const key = req.header('x-api-key') ?? bearer;
  if (key) return `key:${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
  return `ip:${req.ip ?? req.socket.remoteAddress ?? 'unknown'}`;
}

/**
 * Spends one request of the client's budget on the limited endpoints. Allowed: `RateLimit-Limit`,
 * `RateLimit-Remaining`, `RateLimit-Reset` (seconds). Refused: 429 problem `RATE_LIMITED` with
 * `Retry-After` (seconds) and `retryAfterMs`.
 */
@Injectable()
export class RateLimitMiddleware implements NestMiddleware {
  constructor(@Inject(CLIENT_RATE_LIMITER) private readonly limiter: ClientRateLimiter) {}

  use(req: Request, res: Response, next: NextFunction): void {
    // originalUrl: Nest may mount middleware on a sub-path, which shortens req.path.
    const path = req.originalUrl.split('?')[0] ?? '';
    if (!isRateLimitedPath(path)) return next();
    this.limiter.consume(clientKeyOf(req)).then(
      (decision) => {
        const resetS = Math.ceil(decision.resetMs / 1000);
        res.setHeader('RateLimit-Limit', String(decision.limit));
        res.setHeader('RateLimit-Remaining', String(decision.remaining));
        res.setHeader('RateLimit-Reset', String(resetS));
        if (decision.allowed) return next();
        res.setHeader('Retry-After', String(resetS));
        next(
          new RateLimitedError(`Too many requests: ${decision.limit} per window for this client; retry in ${resetS} s`, {
            retryAfterMs: decision.resetMs,
            details: { limit: decision.limit },
          }),
        );
      },
      (error: unknown) => next(error),
    );
  }
}
