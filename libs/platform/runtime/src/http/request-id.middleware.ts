import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { context as otelContext, SpanStatusCode } from '@opentelemetry/api';
import { runWithRequestContext, startHttpSpan } from '@anime/platform-observability';

const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Takes the caller's `x-request-id` (when sane) or makes one, echoes it, and scopes logs/calls to it. */
export function requestIdMiddleware(req: Request, res: Response, next: NextFunction): void {
  const incoming = req.header('x-request-id');
  const requestId = incoming && SAFE_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader('x-request-id', requestId);
  // One server span per request: every RPC the handler makes becomes its child (across NATS).
  const { span, context } = startHttpSpan(req.method, req.path, req.headers as Record<string, string>);
  span.setAttribute('request.id', requestId);
  res.on('finish', () => {
    span.setAttribute('http.response.status_code', res.statusCode);
    if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
  otelContext.with(context, () => runWithRequestContext({ requestId }, next));
}
