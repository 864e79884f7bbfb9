import type { Headers, RawHandler, RawMessage, RawReply, RawTransport, ServeHandle } from './transport';
import { noResponders, raceDeadline } from './errors';

interface QueueGroup {
  handlers: RawHandler[];
  next: number;
}

/**
 * The embedded-mode transport: same contract as NATS (queue groups, headers, no-responders,
 * timeouts, cancellation), but a function call. Payloads and headers are copied so a handler
 * can never share memory with its caller — exactly as over the wire.
 */
export class InProcessTransport implements RawTransport {
  readonly kind = 'inprocess' as const;
  private readonly subjects = new Map<string, Map<string, QueueGroup>>();
  private closed = false;

  serve(subject: string, queue: string, handler: RawHandler): ServeHandle {
    const groups = this.subjects.get(subject) ?? new Map<string, QueueGroup>();
    this.subjects.set(subject, groups);
    const group = groups.get(queue) ?? { handlers: [], next: 0 };
    groups.set(queue, group);
    group.handlers.push(handler);
    return {
      stop: async () => {
        group.handlers = group.handlers.filter((h) => h !== handler);
        if (group.handlers.length === 0) groups.delete(queue);
        if (groups.size === 0) this.subjects.delete(subject);
      },
    };
  }

  async request(subject: string, data: Uint8Array, headers: Headers, timeoutMs: number, signal?: AbortSignal): Promise<RawReply> {
    const groups = this.closed ? undefined : this.subjects.get(subject);
    if (!groups || groups.size === 0) throw noResponders(subject);
    // One member of every queue group gets the message; the first reply wins (NATS semantics).
    const deliveries = [...groups.values()].map((group) => {
      const handler = group.handlers[group.next++ % group.handlers.length] as RawHandler;
      const message = { subject, headers: { ...headers }, data: Uint8Array.from(data) };
      return Promise.resolve().then(() => handler(message));
    });
    const first = deliveries.length === 1 ? (deliveries[0] as Promise<RawReply>) : Promise.any(deliveries);
    const reply = await raceDeadline(subject, first, timeoutMs, signal);
    return { headers: { ...reply.headers }, data: Uint8Array.from(reply.data) };
  }

  private readonly listeners = new Map<string, Set<(message: RawMessage) => Promise<void>>>();

  publish(subject: string, data: Uint8Array, headers: Headers): void {
    if (this.closed) return;
    for (const listener of this.listeners.get(subject) ?? []) {
      const message = { subject, headers: { ...headers }, data: Uint8Array.from(data) };
      // Asynchronous like the wire: the publisher never runs subscriber code on its own stack.
      queueMicrotask(() => void listener(message).catch(() => undefined));
    }
  }

  subscribe(subject: string, handler: (message: RawMessage) => Promise<void>): ServeHandle {
    const set = this.listeners.get(subject) ?? new Set();
    this.listeners.set(subject, set);
    set.add(handler);
    return { stop: async () => void set.delete(handler) };
  }

  isConnected(): boolean {
    return !this.closed;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.subjects.clear();
    this.listeners.clear();
  }
}
