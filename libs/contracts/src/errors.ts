import { z } from 'zod';

/** Stable error codes. Clients branch on these; never rename one (add new ones instead). */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'NOT_FOUND',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'RATE_LIMITED',
  'CANCELLED',
  'DEADLINE_EXCEEDED',
  'SERVICE_UNAVAILABLE',
  'NOT_READY',
  'SOURCE_UNAVAILABLE',
  'UPSTREAM_CHANGED',
  'INTERNAL',
] as const;

export const ErrorCodeSchema = z.enum(ERROR_CODES).describe('Stable, machine-readable error code.');
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

/** HTTP status each code maps to at the REST edge. */
export const HTTP_STATUS_BY_CODE: Readonly<Record<ErrorCode, number>> = {
  VALIDATION_FAILED: 400,
  NOT_FOUND: 404,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  CANCELLED: 499,
  DEADLINE_EXCEEDED: 504,
  SERVICE_UNAVAILABLE: 503,
  NOT_READY: 503,
  SOURCE_UNAVAILABLE: 502,
  UPSTREAM_CHANGED: 502,
  INTERNAL: 500,
};

/** The wire shape of an error: NATS reply bodies, HTTP problem details and MCP tool errors carry it. */
export const ErrorBodySchema = z
  .object({
    code: ErrorCodeSchema,
    message: z.string().describe('Human-readable explanation, safe to show to a user.'),
    details: z.record(z.string(), z.unknown()).optional().describe('Structured context (field errors, source name, …).'),
    errorId: z.string().optional().describe('Correlation id of this failure; it is also in the logs.'),
    retryAfterMs: z.number().int().nonnegative().optional().describe('When retrying makes sense, after how long.'),
  })
  .describe('Typed error');
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

export interface AppErrorOptions {
  details?: Record<string, unknown>;
  errorId?: string;
  retryAfterMs?: number;
  cause?: unknown;
}

/** Base of every typed domain error. Edges translate it (HTTP problem JSON, NATS error reply, MCP isError). */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;
  errorId?: string;
  readonly retryAfterMs?: number;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = options.details;
    this.errorId = options.errorId;
    this.retryAfterMs = options.retryAfterMs;
  }

  /** HTTP status for this error's code. */
  get httpStatus(): number {
    return HTTP_STATUS_BY_CODE[this.code];
  }

  /** The wire shape; drops the stack and cause on purpose (they stay in the logs). */
  toBody(): ErrorBody {
    const body: ErrorBody = { code: this.code, message: this.message };
    if (this.details !== undefined) body.details = this.details;
    if (this.errorId !== undefined) body.errorId = this.errorId;
    if (this.retryAfterMs !== undefined) body.retryAfterMs = this.retryAfterMs;
    return body;
  }
}

/** Declares a subclass bound to one code, so `instanceof` works on both sides of a transport. */
function errorClass<C extends ErrorCode>(code: C, name: string) {
  const cls = class extends AppError {
    constructor(message: string, options?: AppErrorOptions) {
      super(code, message, options);
    }
  };
  Object.defineProperty(cls, 'name', { value: name });
  return cls;
}

export const ValidationError = errorClass('VALIDATION_FAILED', 'ValidationError');
export const NotFoundError = errorClass('NOT_FOUND', 'NotFoundError');
export const UnauthenticatedError = errorClass('UNAUTHENTICATED', 'UnauthenticatedError');
export const ForbiddenError = errorClass('FORBIDDEN', 'ForbiddenError');
export const ConflictError = errorClass('CONFLICT', 'ConflictError');
export const PayloadTooLargeError = errorClass('PAYLOAD_TOO_LARGE', 'PayloadTooLargeError');
export const RateLimitedError = errorClass('RATE_LIMITED', 'RateLimitedError');
export const CancelledError = errorClass('CANCELLED', 'CancelledError');
export const DeadlineExceededError = errorClass('DEADLINE_EXCEEDED', 'DeadlineExceededError');
export const ServiceUnavailableError = errorClass('SERVICE_UNAVAILABLE', 'ServiceUnavailableError');
export const NotReadyError = errorClass('NOT_READY', 'NotReadyError');
export const SourceUnavailableError = errorClass('SOURCE_UNAVAILABLE', 'SourceUnavailableError');
export const UpstreamChangedError = errorClass('UPSTREAM_CHANGED', 'UpstreamChangedError');
export const InternalError = errorClass('INTERNAL', 'InternalError');

const CLASS_BY_CODE: Readonly<Record<ErrorCode, new (message: string, options?: AppErrorOptions) => AppError>> = {
  VALIDATION_FAILED: ValidationError,
  NOT_FOUND: NotFoundError,
  UNAUTHENTICATED: UnauthenticatedError,
  FORBIDDEN: ForbiddenError,
  CONFLICT: ConflictError,
  PAYLOAD_TOO_LARGE: PayloadTooLargeError,
  RATE_LIMITED: RateLimitedError,
  CANCELLED: CancelledError,
  DEADLINE_EXCEEDED: DeadlineExceededError,
  SERVICE_UNAVAILABLE: ServiceUnavailableError,
  NOT_READY: NotReadyError,
  SOURCE_UNAVAILABLE: SourceUnavailableError,
  UPSTREAM_CHANGED: UpstreamChangedError,
  INTERNAL: InternalError,
};

/** Rebuilds the typed error (right subclass) from its wire shape. */
/** The wire shape of any thrown value: an AppError's own body, anything else as a bare INTERNAL (no internals leak). */
export function errorBodyOf(error: unknown): ErrorBody {
  return error instanceof AppError ? error.toBody() : { code: 'INTERNAL', message: 'Internal error' };
}

export function errorFromBody(body: ErrorBody): AppError {
  const Cls = CLASS_BY_CODE[body.code];
  return new Cls(body.message, { details: body.details, errorId: body.errorId, retryAfterMs: body.retryAfterMs });
}

/** Field-level validation failure from a zod error: `details.issues[]` = {path, message, code}. */
export function validationErrorFromZod(error: z.ZodError, where: string): AppError {
  const issues = error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
    code: issue.code,
  }));
  const summary = issues
    .slice(0, 5)
    .map((i) => `${i.path}: ${i.message}`)
    .join('; ');
  return new ValidationError(`Invalid ${where}: ${summary}${issues.length > 5 ? ` (+${issues.length - 5} more)` : ''}`, {
    details: { issues },
  });
}

/** True for any typed error, including ones rebuilt from the wire. */
export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
