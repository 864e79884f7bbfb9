import type { MessagePort } from 'node:worker_threads';
import { ServiceUnavailableError, errorBodyOf, errorFromBody, type ErrorBody } from '@anime/contracts';
import { raceDeadline } from './errors';
import type { Headers, RawHandler, RawMessage, RawReply, RawTransport, ServeHandle } from './transport';

/** Thread → bus side of the port protocol. */
type ToBus =
  | { t: 'serve'; sid: number; subject: string; queue: string }
  | { t: 'subscribe'; sid: number; subject: string }
  | { t: 'stop'; sid: number }
  | { t: 'request'; id: number; subject: string; data: Uint8Array; headers: Headers; timeoutMs: number }
  | { t: 'cancel'; id: number }
  | { t: 'publish'; subject: string; data: Uint8Array; headers: Headers }
  | { t: 'reply'; id: number; headers: Headers; data: Uint8Array }
  | { t: 'replyError'; id: number; error: ErrorBody }
  | { t: 'close' };

/** Bus → thread side. */
type ToThread =
  | { t: 'deliver'; id: number; sid: number; subject: string; headers: Headers; data: Uint8Array }
  | { t: 'event'; sid: number; subject: string; headers: Headers; data: Uint8Array }
  | { t: 'response'; id: number; headers: Headers; data: Uint8Array }
  | { t: 'failure'; id: number; error: ErrorBody };

/**
 * The transport of a service running on a worker thread (embedded mode): every call goes through
 * a `MessagePort` to the process's in-process bus ({@link bridgeThreadPort} on the other end), so
 * a module on a thread serves and calls subjects exactly as it would in the main thread or over
 * NATS — queue groups, headers, deadlines, cancellation and typed errors included.
 */
export class ThreadTransport implements RawTransport {
  readonly kind = 'thread' as const;
  private nextId = 1;
  private readonly handlers = new Map<number, RawHandler>();
  private readonly listeners = new Map<number, (message: RawMessage) => Promise<void>>();
  private readonly pending = new Map<number, { resolve: (reply: RawReply) => void; reject: (error: unknown) => void }>();
  private closed = false;

  constructor(private readonly port: MessagePort) {
    port.on('message', (message: ToThread) => this.receive(message));
  }

  serve(subject: string, queue: string, handler: RawHandler): ServeHandle {
    const sid = this.nextId++;
    this.handlers.set(sid, handler);
    this.send({ t: 'serve', sid, subject, queue });
    return { stop: async () => this.stop(sid) };
  }

  async request(subject: string, data: Uint8Array, headers: Headers, timeoutMs: number, signal?: AbortSignal): Promise<RawReply> {
    if (this.closed) throw new ServiceUnavailableError(`The thread transport is closed: cannot call "${subject}"`, { details: { subject } });
    const id = this.nextId++;
    const reply = new Promise<RawReply>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    this.send({ t: 'request', id, subject, data, headers, timeoutMs });
    // The bus enforces the deadline too; the local race also covers a bus that went away.
    return raceDeadline(subject, reply, timeoutMs, signal).finally(() => {
      if (this.pending.delete(id)) this.send({ t: 'cancel', id });
    });
  }

  publish(subject: string, data: Uint8Array, headers: Headers): void {
    if (!this.closed) this.send({ t: 'publish', subject, data, headers });
  }

  subscribe(subject: string, handler: (message: RawMessage) => Promise<void>): ServeHandle {
    const sid = this.nextId++;
    this.listeners.set(sid, handler);
    this.send({ t: 'subscribe', sid, subject });
    return { stop: async () => this.stop(sid) };
  }

  isConnected(): boolean {
    return !this.closed;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.send({ t: 'close' });
    this.closed = true;
    for (const { reject } of this.pending.values()) reject(new ServiceUnavailableError('The thread transport closed before the reply came'));
    this.pending.clear();
    this.handlers.clear();
    this.listeners.clear();
    this.port.close();
  }

  private stop(sid: number): void {
    if (!this.handlers.delete(sid) && !this.listeners.delete(sid)) return;
    this.send({ t: 'stop', sid });
  }

  private send(message: ToBus): void {
    if (!this.closed) this.port.postMessage(message);
  }

  private receive(message: ToThread): void {
    switch (message.t) {
      case 'deliver': {
        const handler = this.handlers.get(message.sid);
        if (!handler) {
          this.send({ t: 'replyError', id: message.id, error: new ServiceUnavailableError(`"${message.subject}" is no longer served here`).toBody() });
          return;
        }
        Promise.resolve()
          .then(() => handler({ subject: message.subject, headers: message.headers, data: message.data }))
          .then(
            (reply) => this.send({ t: 'reply', id: message.id, headers: reply.headers, data: reply.data }),
            (error: unknown) => this.send({ t: 'replyError', id: message.id, error: errorBodyOf(error) }),
          );
        return;
      }
      case 'event':
        void this.listeners.get(message.sid)?.({ subject: message.subject, headers: message.headers, data: message.data }).catch(() => undefined);
        return;
      case 'response':
        this.pending.get(message.id)?.resolve({ headers: message.headers, data: message.data });
        return;
      case 'failure':
        this.pending.get(message.id)?.reject(errorFromBody(message.error));
        return;
    }
  }
}

/**
 * The bus end of a {@link ThreadTransport}: serves and subscribes on `bus` for the thread, runs its
 * requests and publishes there. Closing (or the thread's port closing) withdraws everything it
 * registered; requests still waiting on the thread fail with `SERVICE_UNAVAILABLE`.
 */
export function bridgeThreadPort(port: MessagePort, bus: RawTransport): { close(): Promise<void> } {
  let nextId = 1;
  let closed = false;
  const handles = new Map<number, ServeHandle>();
  const deliveries = new Map<number, { resolve: (reply: RawReply) => void; reject: (error: unknown) => void }>();
  const calls = new Map<number, AbortController>();
  const send = (message: ToThread) => {
    if (!closed) port.postMessage(message);
  };

  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    for (const call of calls.values()) call.abort();
    for (const { reject } of deliveries.values()) reject(new ServiceUnavailableError('The thread serving this subject stopped before it answered'));
    deliveries.clear();
    await Promise.all([...handles.values()].map((h) => h.stop()));
    handles.clear();
    port.close();
  };

  port.on('close', () => void close());
  port.on('message', (message: ToBus) => {
    if (closed) return;
    switch (message.t) {
      case 'serve':
        handles.set(
          message.sid,
          bus.serve(message.subject, message.queue, (delivered) => {
            if (closed) return Promise.reject(new ServiceUnavailableError(`The thread serving "${delivered.subject}" has stopped`));
            const id = nextId++;
            const reply = new Promise<RawReply>((resolve, reject) => deliveries.set(id, { resolve, reject }));
            send({ t: 'deliver', id, sid: message.sid, subject: delivered.subject, headers: delivered.headers, data: delivered.data });
            return reply;
          }),
        );
        return;
      case 'subscribe':
        handles.set(
          message.sid,
          bus.subscribe(message.subject, async (event) => send({ t: 'event', sid: message.sid, subject: event.subject, headers: event.headers, data: event.data })),
        );
        return;
      case 'stop': {
        const handle = handles.get(message.sid);
        handles.delete(message.sid);
        void handle?.stop();
        return;
      }
      case 'request': {
        const controller = new AbortController();
        calls.set(message.id, controller);
        bus.request(message.subject, message.data, message.headers, message.timeoutMs, controller.signal).then(
          (reply) => send({ t: 'response', id: message.id, headers: reply.headers, data: reply.data }),
          (error: unknown) => send({ t: 'failure', id: message.id, error: errorBodyOf(error) }),
        ).finally(() => calls.delete(message.id));
        return;
      }
      case 'cancel':
        calls.get(message.id)?.abort();
        return;
      case 'publish':
        bus.publish(message.subject, message.data, message.headers);
        return;
      case 'reply': {
        const waiting = deliveries.get(message.id);
        deliveries.delete(message.id);
        waiting?.resolve({ headers: message.headers, data: message.data });
        return;
      }
      case 'replyError': {
        const waiting = deliveries.get(message.id);
        deliveries.delete(message.id);
        waiting?.reject(errorFromBody(message.error));
        return;
      }
      case 'close':
        void close();
        return;
    }
  });
  return { close };
}
