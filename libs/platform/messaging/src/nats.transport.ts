import {
  connect,
  headers as natsHeaders,
  ErrorCode as NatsErrorCode,
  type MsgHdrs,
  type NatsConnection,
  type NatsError,
} from 'nats';
import { ServiceUnavailableError } from '@anime/contracts';
import type { Logger } from '@anime/platform-observability';
import type { Headers, RawHandler, RawMessage, RawReply, RawTransport, ServeHandle } from './transport';
import { cancelled, noResponders, timedOut } from './errors';

export interface NatsTransportOptions {
  url: string;
  /** Connection name shown by `nats-server` monitoring (use the app name). */
  name: string;
  logger?: Logger;
  /** How long to wait for the first connection before failing boot. */
  connectTimeoutMs?: number;
}

function toRecord(hdrs: MsgHdrs | undefined): Headers {
  const out: Headers = {};
  if (!hdrs) return out;
  for (const key of hdrs.keys()) out[key.toLowerCase()] = hdrs.get(key);
  return out;
}

function toNats(record: Headers): MsgHdrs {
  const hdrs = natsHeaders();
  for (const [key, value] of Object.entries(record)) hdrs.set(key.toLowerCase(), value);
  return hdrs;
}

/** The distributed transport: the `nats` client (request/reply, queue groups, headers). */
export class NatsTransport implements RawTransport {
  readonly kind = 'nats' as const;
  private connected = true;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly logger?: Logger,
  ) {
    void this.watchStatus();
  }

  /** Connects (failing fast with a clear message when NATS is not reachable) and reconnects forever after. */
  static async connect(options: NatsTransportOptions): Promise<NatsTransport> {
    try {
      const nc = await connect({
        servers: options.url,
        name: options.name,
        timeout: options.connectTimeoutMs ?? 5_000,
        maxReconnectAttempts: -1,
        reconnectTimeWait: 250,
        pingInterval: 10_000,
      });
      options.logger?.info({ url: options.url }, 'nats connected');
      return new NatsTransport(nc, options.logger);
    } catch (error) {
      throw new ServiceUnavailableError(
        `Cannot connect to NATS at ${options.url} (${(error as Error).message}). Start nats-server or set NATS_URL.`,
        { details: { url: options.url }, cause: error },
      );
    }
  }

  private async watchStatus(): Promise<void> {
    for await (const status of this.nc.status()) {
      if (status.type === 'disconnect' || status.type === 'reconnecting') this.connected = false;
      if (status.type === 'reconnect') this.connected = true;
      this.logger?.info({ natsStatus: status.type, data: String(status.data) }, 'nats status');
    }
  }

  serve(subject: string, queue: string, handler: RawHandler): ServeHandle {
    const sub = this.nc.subscribe(subject, {
      queue,
      callback: (error, msg) => {
        if (error) {
          this.logger?.error({ err: error, subject }, 'nats subscription error');
          return;
        }
        void handler({ subject: msg.subject, headers: toRecord(msg.headers), data: msg.data }).then(
          (reply) => {
            if (!msg.respond(reply.data, { headers: toNats(reply.headers) })) {
              this.logger?.warn({ subject }, 'nats reply dropped: request had no reply subject');
            }
          },
          (err: unknown) => this.logger?.error({ err, subject }, 'nats handler failed without a reply'),
        );
      },
    });
    return {
      stop: async () => {
        if (!sub.isClosed() && !this.nc.isClosed()) await sub.drain();
      },
    };
  }

  async request(subject: string, data: Uint8Array, headers: Headers, timeoutMs: number, signal?: AbortSignal): Promise<RawReply> {
    if (signal?.aborted) throw cancelled(subject);
    if (this.nc.isClosed()) {
      throw new ServiceUnavailableError('The NATS connection is closed', { details: { subject } });
    }
    if (!this.connected) {
      // Fail fast during an outage instead of letting the request sit in the reconnect buffer.
      throw new ServiceUnavailableError(`NATS is reconnecting; "${subject}" was not sent`, { details: { subject } });
    }
    const pending = this.nc.request(subject, data, { timeout: Math.max(1, Math.floor(timeoutMs)), headers: toNats(headers) });
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(cancelled(subject));
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    aborted.catch(() => undefined); // an abort after the reply must not become an unhandled rejection
    try {
      const msg = await (signal ? Promise.race([pending, aborted]) : pending);
      return { headers: toRecord(msg.headers), data: msg.data };
    } catch (error) {
      const code = (error as NatsError).code;
      if (code === NatsErrorCode.NoResponders) throw noResponders(subject);
      if (code === NatsErrorCode.Timeout) throw timedOut(subject, timeoutMs);
      if (code === NatsErrorCode.ConnectionClosed || code === NatsErrorCode.Disconnect) {
        throw new ServiceUnavailableError(`NATS connection lost while calling "${subject}"`, { details: { subject }, cause: error });
      }
      throw error;
    } finally {
      // A long-lived signal (a batch, a stream) must not collect one listener per request.
      if (onAbort) signal?.removeEventListener('abort', onAbort);
      // A cancelled request still times out inside the client; swallow that late rejection.
      pending.catch(() => undefined);
    }
  }

  publish(subject: string, data: Uint8Array, headers: Headers): void {
    if (this.nc.isClosed()) return;
    this.nc.publish(subject, data, { headers: toNats(headers) });
  }

  subscribe(subject: string, handler: (message: RawMessage) => Promise<void>): ServeHandle {
    const sub = this.nc.subscribe(subject, {
      callback: (error, msg) => {
        if (error) {
          this.logger?.error({ err: error, subject }, 'nats subscription error');
          return;
        }
        void handler({ subject: msg.subject, headers: toRecord(msg.headers), data: msg.data }).catch((err: unknown) =>
          this.logger?.error({ err, subject }, 'event handler failed'),
        );
      },
    });
    return {
      stop: async () => {
        if (!sub.isClosed() && !this.nc.isClosed()) await sub.drain();
      },
    };
  }

  isConnected(): boolean {
    return this.connected && !this.nc.isClosed();
  }

  /** Drains subscriptions (finishing delivered messages) and closes. */
  async close(): Promise<void> {
    if (this.nc.isClosed()) return;
    await this.nc.drain();
  }
}
