import { createServer, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CancelledError } from '@anime/contracts';
import { abortWhenClientGone } from './client-abort';

// Real sockets: the point is how Node reports a client going away.
describe('abortWhenClientGone', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
  });

  /** Starts a server whose handler hands its response to `onRequest`; resolves with the port. */
  const listen = async (onRequest: (res: ServerResponse, body: string) => void): Promise<number> => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => onRequest(res, body));
    });
    await new Promise<void>((done) => server?.listen(0, '127.0.0.1', done));
    return (server?.address() as AddressInfo).port;
  };

  it('aborts with CANCELLED when the client disconnects before the response is sent', async () => {
    let signal: AbortSignal | undefined;
    const aborted = new Promise<unknown>((done) => {
      void listen((res) => {
        signal = abortWhenClientGone(res);
        signal.addEventListener('abort', () => done(signal?.reason));
        // No answer: the client gives up first.
      }).then((port) => {
        const req = request({ port, host: '127.0.0.1', method: 'POST' });
        req.on('error', () => undefined);
        req.end('{"text":"dandadan"}', () => setImmediate(() => req.destroy()));
      });
    });
    const reason = await aborted;
    expect(reason).toBeInstanceOf(CancelledError);
    expect(signal?.aborted).toBe(true);
  });

  it('does not abort when the request body has been read or the response is complete', async () => {
    let signal: AbortSignal | undefined;
    const port = await listen((res, body) => {
      signal = abortWhenClientGone(res);
      // Reading the body made Node emit the request's 'close' already; the signal must stay calm.
      setImmediate(() => res.end(body));
    });
    const res = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: '{"a":1}' });
    expect(await res.text()).toBe('{"a":1}');
    await new Promise((r) => setImmediate(r));
    expect(signal?.aborted).toBe(false);
  });
});
