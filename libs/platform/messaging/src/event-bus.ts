import { randomUUID } from 'node:crypto';
import type { EventContract, EventPayload } from '@anime/contracts';
import { currentRequestContext, injectTraceHeaders, runWithRequestContext, type Logger } from '@anime/platform-observability';
import { decodeJson, encodeJson } from './codec';
import { HEADER, type Headers, type RawTransport, type ServeHandle } from './transport';

export interface EventBusOptions {
  transport: RawTransport;
  source: string;
  subjectPrefix?: string;
  logger?: Logger;
}

/** Typed fan-out events over the transport; payloads are validated on both sides. */
export class EventBus {
  private readonly handles: ServeHandle[] = [];

  constructor(private readonly options: EventBusOptions) {}

  private wire(subject: string): string {
    return this.options.subjectPrefix ? `${this.options.subjectPrefix}.${subject}` : subject;
  }

  /** Validates and publishes; throws on an invalid payload (a bug in the publisher). */
  publish<E extends EventContract>(event: E, payload: EventPayload<E>): void {
    const parsed = event.payload.parse(payload);
    const headers: Headers = { [HEADER.requestId]: currentRequestContext()?.requestId ?? randomUUID(), [HEADER.caller]: this.options.source };
    injectTraceHeaders(headers);
    this.options.transport.publish(this.wire(event.subject), encodeJson(parsed), headers);
  }

  /** Calls `handler` for every valid event; invalid ones are logged and dropped. */
  subscribe<E extends EventContract>(event: E, handler: (payload: EventPayload<E>) => Promise<void> | void): void {
    this.handles.push(
      this.options.transport.subscribe(this.wire(event.subject), async (message) => {
        const json = decodeJson(message.data);
        const parsed = json.ok ? event.payload.safeParse(json.value) : undefined;
        if (!parsed?.success) {
          this.options.logger?.warn({ subject: event.subject }, 'dropped an event that breaks its contract');
          return;
        }
        const requestId = message.headers[HEADER.requestId] ?? randomUUID();
        await runWithRequestContext({ requestId, caller: message.headers[HEADER.caller] }, () => handler(parsed.data as EventPayload<E>));
      }),
    );
  }

  async close(): Promise<void> {
    await Promise.all(this.handles.splice(0).map((h) => h.stop()));
  }
}
