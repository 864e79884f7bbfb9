import pino, { type Logger, type LevelWithSilent } from 'pino';
import { trace } from '@opentelemetry/api';
import type { LoggerService } from '@nestjs/common';
import { currentRequestContext } from './request-context';

export type { Logger } from 'pino';

export interface LoggerOptions {
  service: string;
  level?: LevelWithSilent;
  /** Where JSON lines go; default stdout (fd 1). The stdio MCP server passes 2 (stderr). */
  destinationFd?: number;
}

/** pino JSON logger; every line carries service, requestId and the active trace/span ids. */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin() {
        const ctx = currentRequestContext();
        const span = trace.getActiveSpan()?.spanContext();
        return {
          ...(ctx ? { requestId: ctx.requestId } : {}),
          ...(span ? { traceId: span.traceId, spanId: span.spanId } : {}),
        };
      },
    },
    pino.destination({ fd: options.destinationFd ?? 1, sync: false }),
  );
}

const NEST_BOOT_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory']);

/** Routes NestJS's own log calls into the pino logger (so every line is JSON). */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    // Nest's per-module/per-route boot chatter is debug detail, not operator news.
    const level = context && NEST_BOOT_CONTEXTS.has(context) ? 'debug' : 'info';
    this.logger[level]({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error({ context, stack: trace }, String(message));
  }
  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, String(message));
  }
}
