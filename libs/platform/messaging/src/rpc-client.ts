import { randomUUID } from 'node:crypto';
import {
  AppError,
  DeadlineExceededError,
  InternalError,
  validationErrorFromZod,
  type RpcContract,
  type RpcInput,
  type RpcOutput,
} from '@anime/contracts';
import {
  SpanKind,
  currentRequestContext,
  injectTraceHeaders,
  withSpan,
  type Metrics,
} from '@anime/platform-observability';
import type { Clock } from './clock';
import { systemClock } from './clock';
import { decodeReply, encodeJson } from './codec';
import { HEADER, type Headers, type RawTransport } from './transport';

export interface CallOptions {
  /** Overrides the contract's default timeout (the parent request's deadline still caps it). */
  timeoutMs?: number;
  /** Aborting rejects the call with `CancelledError` (MCP cancellation, client disconnect). */
  signal?: AbortSignal;
  /** Defaults to the current request's id, else a new one. */
  requestId?: string;
}

export interface RpcClientOptions {
  transport: RawTransport;
  /** Name of the calling app (sent as x-caller, shown in logs). */
  caller: string;
  subjectPrefix?: string;
  metrics?: Metrics;
  clock?: Clock;
}

/** Calls contracts over a transport: validates both ways, propagates request id, trace and deadline. */
export class RpcClient {
  private readonly clock: Clock;

  constructor(private readonly options: RpcClientOptions) {
    this.clock = options.clock ?? systemClock;
  }

  get transportKind(): RawTransport['kind'] {
    return this.options.transport.kind;
  }

  isConnected(): boolean {
    return this.options.transport.isConnected();
  }

  async call<C extends RpcContract>(contract: C, input: RpcInput<C>, options: CallOptions = {}): Promise<RpcOutput<C>> {
    const parsed = contract.request.safeParse(input);
    if (!parsed.success) throw validationErrorFromZod(parsed.error, `request to ${contract.subject}`);

    const parent = currentRequestContext();
    const now = this.clock.now();
    const ownDeadline = now + (options.timeoutMs ?? contract.defaultTimeoutMs);
    const deadline = parent?.deadline !== undefined ? Math.min(ownDeadline, parent.deadline) : ownDeadline;
    const requestId = options.requestId ?? parent?.requestId ?? randomUUID();
    const subject = this.options.subjectPrefix ? `${this.options.subjectPrefix}.${contract.subject}` : contract.subject;
    let code = 'OK';
    try {
      if (deadline <= now) {
        throw new DeadlineExceededError(`No time left to call "${contract.subject}": the request's deadline has passed`, {
          details: { subject: contract.subject },
        });
      }
      return await withSpan(
        `rpc.client ${contract.subject}`,
        { kind: SpanKind.CLIENT, attributes: { 'rpc.system': this.options.transport.kind, 'messaging.destination': contract.subject } },
        async () => {
          const headers: Headers = {
            [HEADER.requestId]: requestId,
            [HEADER.deadline]: String(deadline),
            [HEADER.caller]: this.options.caller,
          };
          injectTraceHeaders(headers);
          const raw = await this.options.transport.request(subject, encodeJson(input), headers, deadline - now, options.signal);
          const reply = decodeReply(contract.subject, raw.data);
          if (!reply.ok) throw reply.error;
          const response = contract.response.safeParse(reply.data);
          if (!response.success) {
            throw new InternalError(`The reply from "${contract.subject}" does not match its contract`, {
              details: { subject: contract.subject, issues: validationErrorFromZod(response.error, 'reply').details?.['issues'] },
            });
          }
          return response.data as RpcOutput<C>;
        },
      );
    } catch (error) {
      code = error instanceof AppError ? error.code : 'INTERNAL';
      throw error;
    } finally {
      this.options.metrics?.rpcClientDuration.observe({ subject: contract.subject, code }, (this.clock.now() - now) / 1000);
    }
  }
}
