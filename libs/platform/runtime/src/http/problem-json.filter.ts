import { randomUUID } from 'node:crypto';
import { Catch, HttpException, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Request, Response } from 'express';
import { AppError, HTTP_STATUS_BY_CODE, type ErrorBody, type ErrorCode } from '@anime/contracts';
import { LOGGER, type Logger } from '@anime/platform-observability';
import { allowedMethods } from './route-table';

const CODE_BY_HTTP_STATUS: Record<number, ErrorCode> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'VALIDATION_FAILED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
};

/**
 * A client error raised by Express middleware (body-parser: 413 too large, 415 unsupported
 * charset/encoding, 400 aborted/invalid size; built with `http-errors`, `expose: true`). Its
 * message is written for clients; anything else without a status stays an opaque 500.
 */
interface ExposedHttpError {
  status: number;
  message: string;
  type?: string;
  limit?: number;
}
const isExposedHttpError = (e: unknown): e is ExposedHttpError => {
  const err = e as { expose?: unknown; status?: unknown } | null;
  return typeof err === 'object' && err !== null && err.expose === true && typeof err.status === 'number' && err.status >= 400 && err.status < 500;
};

/**
 * RFC 9457 extension members an error may carry as `problemExtensions` (e.g. a tool's recovery
 * `hint`); the standard members always win over them.
 */
const extensionsOf = (exception: unknown): Record<string, unknown> => {
  const ext = (exception as { problemExtensions?: unknown } | null)?.problemExtensions;
  return typeof ext === 'object' && ext !== null && !Array.isArray(ext) ? (ext as Record<string, unknown>) : {};
};

/**
 * Every HTTP error as `application/problem+json` with a stable `code` and an `errorId` that is
 * logged. A request no route serves answers 404 — or 405 with `Allow` when routes exist for the
 * path under other methods (read from the router, so it never drifts from the controllers).
 */
@Catch()
export class ProblemJsonFilter implements ExceptionFilter {
  constructor(
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const errorId = (exception instanceof AppError && exception.errorId) || randomUUID();
    let status: number;
    let body: ErrorBody;
    if (exception instanceof AppError) {
      status = HTTP_STATUS_BY_CODE[exception.code];
      body = { ...exception.toBody(), errorId };
    } else if (exception instanceof HttpException) {
      status = exception.getStatus();
      let message = exception.message;
      if (status === 404) {
        const allow = allowedMethods(this.adapterHost.httpAdapter?.getInstance(), req.path);
        if (allow && allow.length > 0 && !allow.includes(req.method)) {
          status = 405;
          res.setHeader('Allow', allow.join(', '));
          message = `Method ${req.method} is not allowed on ${req.path}; allowed: ${allow.join(', ')}`;
        } else {
          message = `No route ${req.method} ${req.path}`;
        }
      }
      const code = CODE_BY_HTTP_STATUS[status] ?? (status >= 500 ? 'INTERNAL' : 'VALIDATION_FAILED');
      body = { code, message, errorId };
    } else if (isExposedHttpError(exception)) {
      status = exception.status;
      const code = CODE_BY_HTTP_STATUS[status] ?? 'VALIDATION_FAILED';
      const message =
        exception.type === 'entity.too.large' && exception.limit !== undefined
          ? `Request body is larger than the limit of ${exception.limit} bytes`
          : exception.message;
      body = { code, message, errorId };
    } else {
      status = 500;
      body = { code: 'INTERNAL', message: `Internal error (errorId ${errorId})`, errorId };
    }
    // Deliberate refusals under load (429 budget spent, 503 shed with Retry-After) are counted by
    // whoever refused them, never logged per request: a flood must not become a flood of logs.
    // 5xx: full error with stack; 4xx: the client's mistake, one line is enough.
    const deliberate = status === 429 || (status === 503 && exception instanceof AppError && exception.retryAfterMs !== undefined);
    if (!deliberate && status >= 500) this.logger.error({ err: exception, errorId, status, method: req.method, path: req.path }, 'http request failed');
    else if (!deliberate) this.logger.warn({ code: body.code, errorId, status, method: req.method, path: req.path }, 'http request rejected');
    if (res.headersSent) return;
    res
      .status(status)
      .type('application/problem+json')
      .json({ ...extensionsOf(exception), type: `https://anime-mcp-server.dev/errors/${body.code.toLowerCase()}`, title: body.code, status, ...body });
  }
}
