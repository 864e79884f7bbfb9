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

/**
 * Registers request ids, CORS and the body parsers on a Nest app created with `bodyParser: false`.
 * Must run before `init()`/`listen()`: all become plain Express middleware ahead of every route,
 * so a preflight never reaches a controller and an oversized body is refused before any handler
 * runs (body-parser's 413 and malformed-JSON 400 become problem+json in ProblemJsonFilter). The
 * request id comes first so those early refusals carry `x-request-id` and log it too (body-parser
 * binds its callbacks to the caller's async context, so the id survives reading the body).
 */
export function applyHttpSettings(app: NestExpressApplication, settings: HttpSettings): void {
  app.use(requestIdMiddleware);
  if (settings.corsOrigins.length > 0) {
    app.enableCors({
      origin: settings.corsOrigins.includes('*') ? '*' : settings.corsOrigins,
      exposedHeaders: [...CORS_EXPOSED_HEADERS],
      maxAge: 600,
    });
  }
  app.useBodyParser('json', { limit: settings.bodyLimit });
  app.useBodyParser('urlencoded', { limit: settings.bodyLimit, extended: true });
}
