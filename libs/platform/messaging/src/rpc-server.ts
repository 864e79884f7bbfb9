import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import {
  AppError,
  DeadlineExceededError,
  InternalError,
  ValidationError,
  parseStrict,
  type RpcContract,
  type RpcOutput,
  type RpcParsedRequest,
} from '@anime/contracts';
import {
  SpanKind,
  extractTraceContext,
  runWithRequestContext,
  withSpan,
  type Logger,
  type Metrics,
} from '@anime/platform-observability';
import type { Clock } from './clock';
import { systemClock } from './clock';
import { decodeJson, encodeFailure, encodeSuccess } from './codec';
import { HEADER, type Headers, type RawMessage, type RawReply, type RawTransport, type ServeHandle } from './transport';

/** What a handler knows about the call besides its parsed request. */
export interface HandlerContext {
  readonly subject: string;
  readonly requestId: string;
  /** Epoch ms; the caller has given up after this. */
  readonly deadline: number;
  readonly caller?: string;
  /** Aborts at the deadline (and on shutdown); pass it to outgoing I/O. */
  readonly signal: AbortSignal;
  readonly headers: Readonly<Headers>;
}

export type RpcHandlerFn<C extends RpcContract> = (
  request: RpcParsedRequest<C>,
  context: HandlerContext,
) => Promise<RpcOutput<C>> | RpcOutput<C>;

export interface RpcServerOptions {
  transport: RawTransport;
  /** Queue group: replicas of one app share the load. */
  queue: string;
  subjectPrefix?: string;
  logger?: Logger;
  metrics?: Metrics;
  clock?: Clock;
  /** Default grace for `stop()`: how long in-flight handlers may run on after shutdown starts. */
  shutdownGraceMs?: number;
}

interface Registration {
  contract: RpcContract;
  handler: RpcHandlerFn<RpcContract>;
  handle?: ServeHandle;
}

/** Serves contracts over a transport: validates in and out, enforces deadlines, types every error. */
export class RpcServer {
  private readonly registrations = new Map<string, Registration>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly shutdown = new AbortController();
  private started = false;
  private readonly clock: Clock;

  constructor(private readonly options: RpcServerOptions) {
    this.clock = options.clock ?? systemClock;
    // One listener per in-flight request; hundreds at once are normal under load.
    setMaxListeners(0, this.shutdown.signal);
  }

  /** Full subject on the wire (with the optional prefix). */
  wireSubject(subject: string): string {
    return this.options.subjectPrefix ? `${this.options.subjectPrefix}.${subject}` : subject;
  }

  register<C extends RpcContract>(contract: C, handler: RpcHandlerFn<C>): void {
    if (this.registrations.has(contract.subject)) throw new Error(`Two handlers for ${contract.subject}`);
    const registration: Registration = { contract, handler: handler as RpcHandlerFn<RpcContract> };
    this.registrations.set(contract.subject, registration);
    if (this.started) this.subscribe(registration);
  }

  /** Subjects this server answers (without prefix). */
  subjects(): string[] {
    return [...this.registrations.keys()];
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    for (const registration of this.registrations.values()) this.subscribe(registration);
  }

  /** Stops taking work, then waits up to `graceMs` for in-flight handlers to answer. */
  async stop(graceMs = this.options.shutdownGraceMs ?? 10_000): Promise<void> {
    this.started = false;
    await Promise.all(
      [...this.registrations.values()].map(async (r) => {
        const handle = r.handle;
        r.handle = undefined;
        await handle?.stop();
      }),
    );
    const pending = Promise.allSettled([...this.inFlight]);
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<'expired'>((resolve) => (timer = setTimeout(() => resolve('expired'), graceMs)));
    const outcome = await Promise.race([pending.then(() => 'drained' as const), expired]);
    clearTimeout(timer);
    if (outcome === 'expired') {
      this.options.logger?.warn({ inFlight: this.inFlight.size }, 'rpc server stopped with handlers still running');
      this.shutdown.abort(new Error('server shutting down'));
    }
  }

  private subscribe(registration: Registration): void {
    registration.handle = this.options.transport.serve(
      this.wireSubject(registration.contract.subject),
      this.options.subjectPrefix ? `${this.options.subjectPrefix}.${this.options.queue}` : this.options.queue,
      (message) => {
        const work = this.dispatch(registration, message);
        this.inFlight.add(work);
        void work.finally(() => this.inFlight.delete(work));
        return work;
      },
    );
  }

  private async dispatch(registration: Registration, message: RawMessage): Promise<RawReply> {
    const { contract, handler } = registration;
    const started = this.clock.now();
    const requestId = message.headers[HEADER.requestId] || randomUUID();
    const deadlineHeader = Number(message.headers[HEADER.deadline]);
    const deadline = Number.isFinite(deadlineHeader) && deadlineHeader > 0 ? deadlineHeader : started + contract.defaultTimeoutMs;
    const caller = message.headers[HEADER.caller];
    this.options.metrics?.rpcServerInFlight.inc({ subject: contract.subject });

    const reply = await runWithRequestContext({ requestId, deadline, caller }, () =>
      withSpan(
        `rpc.server ${contract.subject}`,
        { kind: SpanKind.SERVER, parent: extractTraceContext(message.headers), attributes: { 'rpc.system': this.options.transport.kind, 'messaging.destination': contract.subject } },
        async () => {
          try {
            const data = await this.execute(contract, handler, message, { requestId, deadline, caller, started });
            const headers: Headers = { [HEADER.requestId]: requestId };
            return { headers, data: encodeSuccess(data), code: 'OK' };
          } catch (error) {
            const appError = this.toAppError(error, contract.subject, requestId);
            const headers: Headers = { [HEADER.requestId]: requestId, [HEADER.errorCode]: appError.code };
            return {
              headers,
              data: encodeFailure(appError.toBody()),
              code: appError.code,
            };
          }
        },
      ),
    );
    this.options.metrics?.rpcServerDuration.observe({ subject: contract.subject, code: reply.code }, (this.clock.now() - started) / 1000);
    return { headers: reply.headers, data: reply.data };
  }

  private async execute(
    contract: RpcContract,
    handler: RpcHandlerFn<RpcContract>,
    message: RawMessage,
    meta: { requestId: string; deadline: number; caller?: string; started: number },
  ): Promise<unknown> {
    const remaining = meta.deadline - meta.started;
    if (remaining <= 0) {
      throw new DeadlineExceededError(`"${contract.subject}" arrived after its deadline`, { details: { subject: contract.subject } });
    }
    const json = decodeJson(message.data);
    if (!json.ok) throw new ValidationError(`The request to "${contract.subject}" is not valid JSON`);
    // Strict: a field the contract does not declare is refused by name, never silently dropped.
    const parsed = parseStrict(contract.request, json.value, `request to ${contract.subject}`);
    if (!parsed.ok) throw parsed.error;

    const abort = new AbortController();
    const onShutdown = () => abort.abort(this.shutdown.signal.reason);
    this.shutdown.signal.addEventListener('abort', onShutdown, { once: true });
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new DeadlineExceededError(`"${contract.subject}" ran past its deadline`, { details: { subject: contract.subject } });
        abort.abort(error);
        reject(error);
      }, remaining);
    });
    try {
      const context: HandlerContext = {
        subject: contract.subject,
        requestId: meta.requestId,
        deadline: meta.deadline,
        caller: meta.caller,
        signal: abort.signal,
        headers: message.headers,
      };
      const result = await Promise.race([Promise.resolve(handler(parsed.data, context)), expired]);
      const response = contract.response.safeParse(result);
      if (!response.success) {
        this.options.logger?.error({ subject: contract.subject, issues: response.error.issues }, 'handler returned a response that breaks its contract');
        throw new InternalError(`"${contract.subject}" produced a response that does not match its contract`);
      }
      return result;
    } finally {
      clearTimeout(timer);
      this.shutdown.signal.removeEventListener('abort', onShutdown);
    }
  }

  private toAppError(error: unknown, subject: string, requestId: string): AppError {
    if (error instanceof AppError) {
      if (error.code === 'INTERNAL') {
        error.errorId ??= randomUUID();
        this.options.logger?.error({ err: error, subject, errorId: error.errorId, requestId }, 'rpc handler failed');
      }
      return error;
    }
    const errorId = randomUUID();
    this.options.logger?.error({ err: error, subject, errorId, requestId }, 'rpc handler threw an untyped error');
    return new InternalError(`Internal error while handling "${subject}" (errorId ${errorId})`, { errorId });
  }
}
