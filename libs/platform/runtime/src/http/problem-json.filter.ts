import { randomUUID } from 'node:crypto';
import { Catch, HttpException, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppError, HTTP_STATUS_BY_CODE, type ErrorBody, type ErrorCode } from '@anime/contracts';
import { LOGGER, type Logger } from '@anime/platform-observability';

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

/** Every HTTP error as `application/problem+json` with a stable `code` and an `errorId` that is logged. */
@Catch()
export class ProblemJsonFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

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
      const code = CODE_BY_HTTP_STATUS[status] ?? (status >= 500 ? 'INTERNAL' : 'VALIDATION_FAILED');
      const message = status === 404 ? `No route ${req.method} ${req.path}` : exception.message;
      body = { code, message, errorId };
    } else {
      status = 500;
      body = { code: 'INTERNAL', message: `Internal error (errorId ${errorId})`, errorId };
    }
    // 5xx: full error with stack; 4xx: the client's mistake, one line is enough.
    if (status >= 500) this.logger.error({ err: exception, errorId, status, method: req.method, path: req.path }, 'http request failed');
    else this.logger.warn({ code: body.code, errorId, status, method: req.method, path: req.path }, 'http request rejected');
    if (res.headersSent) return;
    res
      .status(status)
      .type('application/problem+json')
      .json({ type: `https://anime-mcp-server.dev/errors/${body.code.toLowerCase()}`, title: body.code, status, ...body });
  }
}
