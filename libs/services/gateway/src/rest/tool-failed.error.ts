import { AppError } from '@anime/contracts';

/**
 * A tool's typed failure at the REST edge: same code, message, details and errorId as the
 * original (so the status maps the same), plus the tool's recovery hint, which the problem+json
 * filter writes as the RFC 9457 extension member `hint`.
 */
export class ToolFailedError extends AppError {
  readonly problemExtensions: { tool: string; hint?: string };

  constructor(tool: string, error: AppError, hint?: string) {
    super(error.code, error.message, { details: error.details, errorId: error.errorId, retryAfterMs: error.retryAfterMs, cause: error });
    this.problemExtensions = hint === undefined ? { tool } : { tool, hint };
  }
}
