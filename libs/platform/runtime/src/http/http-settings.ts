import type { NextFunction, Request, Response } from 'express';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { z } from 'zod';
import { requestIdMiddleware } from './request-id.middleware';

/** Response headers a browser script may read on a cross-origin response. */
export const CORS_EXPOSED_HEADERS = ['x-request-id', 'Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'] as const;

/** App-level HTTP settings every app gets; an app opts in by carrying the variables in its env schema. */
export interface HttpSettings {
  /** Largest request body the JSON/form parsers accept (bytes or `256kb`); larger → 413. */
  bodyLimit: string | number;
  /** Allowed browser origins; `*` = any; empty = CORS off (no CORS headers at all). */
  corsOrigins: string[];
}

// The variables are declared (with docs and validation) by the app's env schema, e.g. the
// gateway's RestEnvSchema; apps without them get these defaults. Re-checked here because the
// runtime cannot import a service's schema (layering), and a wrong value must fail the boot.
const HttpSettingsSchema = z.object({
  HTTP_BODY_LIMIT: z
    .union([z.number().int().positive(), z.string().regex(/^\d+(\.\d+)?\s*(b|kb|mb|gb)?$/i)])
    .default('256kb'),
  CORS_ORIGINS: z
    .union([z.array(z.string()), z.string()])
    .default([])
    .transform((v) => (typeof v === 'string' ? v.split(',') : v).map((s) => s.trim()).filter(Boolean)),
});

/** Reads the HTTP settings from an app's parsed env (fields it does not declare take the defaults). */
export function httpSettingsFromEnv(env: object): HttpSettings {
  const parsed = HttpSettingsSchema.safeParse(env);
  if (!parsed.success) throw new Error(`Invalid HTTP settings: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return { bodyLimit: parsed.data.HTTP_BODY_LIMIT, corsOrigins: parsed.data.CORS_ORIGINS };
}

/** Per-app HTTP options that are code, not configuration (see {@link AppDefinition.http}). */
export interface HttpOptions {
  /**
   * Paths (and their sub-paths) that speak JSON-RPC: a body that cannot be read there (malformed
   * JSON, too large) is answered as a JSON-RPC error (-32700 parse error / -32600), not as a REST
   * problem, so a JSON-RPC client understands it.
   */
  jsonRpcPaths?: readonly string[];
}

/**
 * Headers every response carries unless a route sets its own (the web console and /docs set a
 * CSP that allows their own scripts): no MIME sniffing, never framed, no referrer, and a CSP
 * that lets a JSON or error body do nothing if a browser ever renders it.
 */
export const DEFAULT_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-site',
};

const underAny = (path: string, prefixes: readonly string[]): boolean => prefixes.some((p) => path === p || path.startsWith(`${p}/`));

/**
 * Registers request ids, CORS and the body parsers on a Nest app created with `bodyParser: false`.
 * Must run before `init()`/`listen()`: all become plain Express middleware ahead of every route,
 * so a preflight never reaches a controller and an oversized body is refused before any handler
 * runs (body-parser's 413 and malformed-JSON 400 become problem+json in ProblemJsonFilter). The
 * request id comes first so those early refusals carry `x-request-id` and log it too (body-parser
 * binds its callbacks to the caller's async context, so the id survives reading the body).
 */
export function applyHttpSettings(app: NestExpressApplication, settings: HttpSettings, options: HttpOptions = {}): void {
  app.use(requestIdMiddleware);
  app.use((_req: Request, res: Response, next: NextFunction) => {
    for (const [name, value] of Object.entries(DEFAULT_SECURITY_HEADERS)) res.setHeader(name, value);
    next();
  });
  if (settings.corsOrigins.length > 0) {
    app.enableCors({
      origin: settings.corsOrigins.includes('*') ? '*' : settings.corsOrigins,
      exposedHeaders: [...CORS_EXPOSED_HEADERS],
      maxAge: 600,
    });
  }
  // JSON only: no urlencoded/text parser, so a cross-site HTML form (which cannot send
  // application/json without a CORS preflight) never gets a body through to a handler.
  app.useBodyParser('json', { limit: settings.bodyLimit });
  const jsonRpcPaths = options.jsonRpcPaths ?? [];
  if (jsonRpcPaths.length > 0) {
    app.use((error: unknown, req: Request, res: Response, next: NextFunction) => {
      if (!underAny(req.path, jsonRpcPaths) || res.headersSent) return next(error);
      const e = error as { type?: string; status?: number; expose?: boolean; message?: string; limit?: number };
      const parse = e.type === 'entity.parse.failed';
      const status = typeof e.status === 'number' && e.status >= 400 && e.status < 500 ? e.status : 400;
      const message = parse
        ? 'Parse error: the body is not valid JSON'
        : e.type === 'entity.too.large'
          ? `Invalid request: the body is larger than the limit of ${e.limit} bytes`
          : `Invalid request: ${e.expose ? e.message : 'the body could not be read'}`;
      res.status(status).json({ jsonrpc: '2.0', id: null, error: { code: parse ? -32700 : -32600, message } });
    });
  }
}
