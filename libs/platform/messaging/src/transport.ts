/** Header names carried on every call (lower-case on both transports). */
export const HEADER = {
  requestId: 'x-request-id',
  deadline: 'x-deadline',
  caller: 'x-caller',
  errorCode: 'x-error-code',
  traceparent: 'traceparent',
  tracestate: 'tracestate',
} as const;

export type Headers = Record<string, string>;

export interface RawMessage {
  readonly subject: string;
  readonly headers: Headers;
  readonly data: Uint8Array;
}

export interface RawReply {
  readonly headers: Headers;
  readonly data: Uint8Array;
}

export type RawHandler = (message: RawMessage) => Promise<RawReply>;

export interface ServeHandle {
  /** Stops taking new messages (drains the subscription). */
  stop(): Promise<void>;
}

/**
 * Bytes in, bytes out. Both transports implement this; everything above it (validation, typed
 * errors, deadlines, tracing) is shared, so the semantics cannot drift between embedded and
 * distributed mode.
 */
export interface RawTransport {
  /** `thread`: a module on a worker thread, bridged to the process's in-process bus. */
  readonly kind: 'inprocess' | 'nats' | 'thread';
  /** Subscribes `handler` in queue group `queue`: one member of each group gets each request. */
  serve(subject: string, queue: string, handler: RawHandler): ServeHandle;
  /**
   * Sends a request and waits for the first reply.
   * Rejects with `ServiceUnavailableError` when nobody serves the subject,
   * `DeadlineExceededError` after `timeoutMs`, `CancelledError` when `signal` aborts.
   */
  request(subject: string, data: Uint8Array, headers: Headers, timeoutMs: number, signal?: AbortSignal): Promise<RawReply>;
  /** Fire-and-forget: every subscriber of `subject` gets a copy (no queue group). */
  publish(subject: string, data: Uint8Array, headers: Headers): void;
  /** Fan-out subscription: this process gets every message on `subject`. */
  subscribe(subject: string, handler: (message: RawMessage) => Promise<void>): ServeHandle;
  /** Whether calls can currently go out. */
  isConnected(): boolean;
  close(): Promise<void>;
}
