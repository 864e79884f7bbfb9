// The one behaviour suite both transports must pass (imported by *.spec / *.int-spec files only).
import { getEventListeners, setMaxListeners } from 'node:events';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  AppError,
  CancelledError,
  DeadlineExceededError,
  ERROR_CODES,
  InternalError,
  NotFoundError,
  ServiceUnavailableError,
  ValidationError,
  defineEvent,
  defineRpc,
  errorFromBody,
} from '@anime/contracts';
import { createMetrics, initTelemetry, withSpan } from '@anime/platform-observability';
import { decodeReply, encodeJson } from './codec';
import { EventBus } from './event-bus';
import { RpcClient } from './rpc-client';
import { RpcServer, type HandlerContext } from './rpc-server';
import { HEADER, type RawTransport } from './transport';

const Echo = defineRpc({
  subject: 'test.v1.echo.call',
  description: 'Echoes text and what the handler saw of the call.',
  request: z.object({ text: z.string().min(1), times: z.number().int().min(1).default(1) }),
  response: z.object({
    text: z.string(),
    requestId: z.string(),
    caller: z.string().optional(),
    deadline: z.number(),
    traceparent: z.string().optional(),
    served: z.string(),
  }),
});
const Fail = defineRpc({
  subject: 'test.v1.fail.call',
  description: 'Throws the typed error it is asked for.',
  request: z.object({ code: z.enum(ERROR_CODES), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }),
  response: z.object({}),
});
const Crash = defineRpc({ subject: 'test.v1.crash.call', description: 'Throws an untyped error.', request: z.object({}), response: z.object({}) });
const Hang = defineRpc({ subject: 'test.v1.hang.call', description: 'Never answers.', request: z.object({}), response: z.object({}) });
const Liar = defineRpc({ subject: 'test.v1.liar.call', description: 'Breaks its response schema.', request: z.object({}), response: z.object({ n: z.number() }) });
const Nested = defineRpc({ subject: 'test.v1.nested.call', description: 'Calls Echo.', request: z.object({}), response: Echo.response });
const Published = defineEvent({ subject: 'test.v1.thing.published', description: 'Fan-out test event.', payload: z.object({ n: z.number() }) });
const Nobody = defineRpc({ subject: 'test.v1.nobody.call', description: 'Nobody serves this.', request: z.object({}), response: z.object({}) });

export interface TransportUnderTest {
  /** A transport for one "process"; called once per server/client in the suite. */
  create(): Promise<RawTransport>;
  /** Unique per run so parallel runs on a shared broker cannot collide. */
  subjectPrefix: string;
}

/** Runs the same behaviour checks against a transport (in-process or NATS). */
export function describeTransportContract(name: string, factory: () => TransportUnderTest): void {
  describe(`transport contract: ${name}`, () => {
    let under: TransportUnderTest;
    let serverTransport: RawTransport;
    let clientTransport: RawTransport;
    let server: RpcServer;
    let client: RpcClient;
    const hangSignals: AbortSignal[] = [];
    const extraServers: RpcServer[] = [];

    const serveEcho = (target: RpcServer, label: string) =>
      target.register(Echo, (req, ctx: HandlerContext) => ({
        text: req.text.repeat(req.times),
        requestId: ctx.requestId,
        caller: ctx.caller,
        deadline: ctx.deadline,
        traceparent: ctx.headers[HEADER.traceparent],
        served: label,
      }));

    beforeAll(async () => {
      initTelemetry();
      under = factory();
      serverTransport = await under.create();
      clientTransport = await under.create();
      server = new RpcServer({ transport: serverTransport, queue: 'svc-a', subjectPrefix: under.subjectPrefix, metrics: createMetrics('test', { defaultMetrics: false }) });
      client = new RpcClient({ transport: clientTransport, caller: 'test-caller', subjectPrefix: under.subjectPrefix });
      serveEcho(server, 'a');
      server.register(Fail, (req) => {
        throw errorFromBody({ code: req.code, message: req.message, details: req.details });
      });
      server.register(Crash, () => {
        throw new Error('secret internal detail: db password is hunter2');
      });
      server.register(Hang, (_req, ctx) => {
        hangSignals.push(ctx.signal);
        return new Promise<never>(() => undefined);
      });
      server.register(Liar, () => ({ n: 'not a number' }) as unknown as { n: number });
      server.register(Nested, () => client.call(Echo, { text: 'inner' }));
      server.start();
    });

    afterEach(async () => {
      await Promise.all(extraServers.splice(0).map((s) => s.stop(1_000)));
    });

    afterAll(async () => {
      await server.stop(1_000);
      await serverTransport.close();
      if (clientTransport !== serverTransport) await clientTransport.close();
    });

    it('round-trips a request; the server applies schema defaults', async () => {
      const reply = await client.call(Echo, { text: 'ab', times: 2 });
      expect(reply.text).toBe('abab');
      expect((await client.call(Echo, { text: 'x' })).text).toBe('x');
    });

    it('rejects an invalid request at the caller, before sending', async () => {
      const error = await client.call(Echo, { text: '' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as AppError).details?.['issues']).toEqual([expect.objectContaining({ path: 'text' })]);
    });

    it('rejects an invalid request at the server too (parse, do not trust the caller)', async () => {
      const raw = await clientTransport.request(`${under.subjectPrefix}.${Echo.subject}`, encodeJson({ text: 42 }), {}, 2_000);
      const reply = decodeReply(Echo.subject, raw.data);
      expect(reply).toMatchObject({ ok: false, error: { details: { issues: [expect.objectContaining({ path: 'text' })] } } });
      expect(reply.ok ? undefined : reply.error).toBeInstanceOf(ValidationError);
      expect(raw.headers[HEADER.errorCode]).toBe('VALIDATION_FAILED');
    });

    it('delivers a handler error to the caller as the same typed error', async () => {
      const error = await client.call(Fail, { code: 'NOT_FOUND', message: 'No anime "mal:0"', details: { id: 'mal:0' } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NotFoundError);
      expect(error).toMatchObject({ code: 'NOT_FOUND', message: 'No anime "mal:0"', details: { id: 'mal:0' } });
    });

    it('turns an untyped error into INTERNAL with an errorId, without leaking its message', async () => {
      const error = await client.call(Crash, {}).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InternalError);
      const { errorId, message } = error as AppError;
      expect(errorId).toMatch(/^[0-9a-f-]{36}$/);
      expect(message).toContain(errorId);
      expect(message).not.toContain('hunter2');
    });

    it('fails a call to a hung handler within its deadline, and aborts the handler', async () => {
      const started = Date.now();
      const error = await client.call(Hang, {}, { timeoutMs: 300 }).catch((e: unknown) => e);
      const elapsed = Date.now() - started;
      expect(error).toBeInstanceOf(DeadlineExceededError);
      expect(elapsed).toBeGreaterThanOrEqual(250);
      expect(elapsed).toBeLessThan(2_000);
      await expect.poll(() => hangSignals.at(-1)?.aborted, { timeout: 2_000 }).toBe(true);
    });

    it('fails fast with ServiceUnavailable when no service serves the subject', async () => {
      const started = Date.now();
      const error = await client.call(Nobody, {}, { timeoutMs: 5_000 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ServiceUnavailableError);
      expect((error as AppError).message).toContain('test.v1.nobody.call');
      expect(Date.now() - started).toBeLessThan(2_000);
    });

    it('carries request id, caller, deadline and W3C trace context in headers', async () => {
      const before = Date.now();
      const { reply, traceId } = await withSpan('test.parent', {}, async (span) => ({
        reply: await client.call(Echo, { text: 'h' }, { requestId: 'req-123', timeoutMs: 4_000 }),
        traceId: span.spanContext().traceId,
      }));
      expect(reply.requestId).toBe('req-123');
      expect(reply.caller).toBe('test-caller');
      expect(reply.deadline).toBeGreaterThanOrEqual(before + 4_000);
      expect(reply.deadline).toBeLessThanOrEqual(Date.now() + 4_000);
      expect(reply.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-0[01]$`));
    });

    it('propagates request id and deadline into calls a handler makes', async () => {
      const started = Date.now();
      const reply = await client.call(Nested, {}, { requestId: 'outer-1', timeoutMs: 3_000 });
      expect(reply.requestId).toBe('outer-1');
      expect(reply.deadline).toBeLessThanOrEqual(started + 3_000 + 50);
    });

    it('rejects a reply that breaks the contract as INTERNAL', async () => {
      await expect(client.call(Liar, {})).rejects.toBeInstanceOf(InternalError);
    });

    it('cancels a call when the caller aborts', async () => {
      const abort = new AbortController();
      const pending = client.call(Hang, {}, { timeoutMs: 5_000, signal: abort.signal });
      abort.abort();
      await expect(pending).rejects.toBeInstanceOf(CancelledError);
    });

    it('leaves no listener on a long-lived signal once its calls are answered (a batch shares one)', async () => {
      const shared = new AbortController();
      setMaxListeners(100, shared.signal); // 40 in flight at once, as a batch's shared signal allows
      await Promise.all(Array.from({ length: 40 }, () => client.call(Echo, { text: 'x' }, { signal: shared.signal })));
      expect(getEventListeners(shared.signal, 'abort')).toHaveLength(0);
    });

    it('shares load between replicas of one queue group, each request handled once', async () => {
      const replicaTransport = await under.create();
      const replica = new RpcServer({ transport: replicaTransport, queue: 'svc-a', subjectPrefix: under.subjectPrefix });
      serveEcho(replica, 'b');
      replica.start();
      extraServers.push(replica);
      // NATS registers a subscription asynchronously: wait until the replica answers once.
      await expect.poll(async () => (await client.call(Echo, { text: 'p' })).served, { timeout: 5_000, interval: 10 }).toBe('b');
      const served = await Promise.all(Array.from({ length: 40 }, () => client.call(Echo, { text: 'q' }).then((r) => r.served)));
      expect(served).toHaveLength(40);
      expect(new Set(served)).toEqual(new Set(['a', 'b']));
      await replica.stop(1_000);
      if (replicaTransport !== serverTransport) await replicaTransport.close();
    });

    it('fans an event out to every subscriber (not one per queue group), validated', async () => {
      const otherTransport = await under.create();
      const publisher = new EventBus({ transport: clientTransport, source: 'pub', subjectPrefix: under.subjectPrefix });
      const a = new EventBus({ transport: serverTransport, source: 'a', subjectPrefix: under.subjectPrefix });
      const b = new EventBus({ transport: otherTransport, source: 'b', subjectPrefix: under.subjectPrefix });
      const got: string[] = [];
      a.subscribe(Published, (p) => void got.push(`a${p.n}`));
      b.subscribe(Published, (p) => void got.push(`b${p.n}`));
      // NATS subscriptions register asynchronously: publish until both have seen one.
      await expect.poll(() => {
        publisher.publish(Published, { n: 1 });
        return got.includes('a1') && got.includes('b1');
      }, { timeout: 5_000, interval: 20 }).toBe(true);
      expect(() => publisher.publish(Published, { n: 'x' } as unknown as { n: number })).toThrow();
      await Promise.all([a.close(), b.close()]);
      if (otherTransport !== serverTransport) await otherTransport.close();
    });

    it('stops taking work on stop() and then reports the service unavailable', async () => {
      const transport = await under.create();
      const temporary = new RpcServer({ transport, queue: 'svc-tmp', subjectPrefix: `${under.subjectPrefix}-tmp` });
      temporary.register(Echo, (req) => ({ text: req.text, requestId: 'r', deadline: 0, served: 'tmp' }));
      temporary.start();
      const tmpClient = new RpcClient({ transport: clientTransport, caller: 'test', subjectPrefix: `${under.subjectPrefix}-tmp` });
      await expect.poll(async () => (await tmpClient.call(Echo, { text: 'up' }).catch(() => undefined))?.served, { timeout: 5_000, interval: 10 }).toBe('tmp');
      await temporary.stop(1_000);
      await expect(tmpClient.call(Echo, { text: 'gone' }, { timeoutMs: 1_000 })).rejects.toBeInstanceOf(ServiceUnavailableError);
      if (transport !== serverTransport) await transport.close();
    });
  });
}
