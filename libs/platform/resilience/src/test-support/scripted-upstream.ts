import { createServer, type IncomingHttpHeaders } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { resolve, sep } from 'node:path';

/**
 * Test support only (used by this lib's specs, not exported). `@anime/testing`'s replay server
 * switches routes between calls; these tests also need a fault *sequence within one call*
 * (500, 500, then 200), a hang, and request timestamps — so a scripted variant lives here.
 */

/** One scripted answer: a recorded fixture file or an inline body, with status/headers/delay. */
export interface UpstreamReply {
  status?: number;
  /** Path under the fixtures directory (e.g. `jikan/anime_1_full.json`). */
  file?: string;
  body?: string;
  headers?: Record<string, string>;
  /** Answer after this many ms. */
  delayMs?: number;
  /** Never answer (until the server closes). */
  hang?: boolean;
}

export interface ReceivedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  body: string;
  /** `Date.now()` when it arrived. */
  at: number;
}

export interface ScriptedUpstream {
  readonly url: string;
  readonly requests: ReceivedRequest[];
  /** The standing reply for `path` (used when its queue is empty). */
  route(path: string, reply: UpstreamReply): void;
  /** One-shot replies for `path`, used in order before the standing one. */
  queue(path: string, ...replies: UpstreamReply[]): void;
  /** Requests received for `path`. */
  count(path: string): number;
  close(): Promise<void>;
}

/** Starts the server on 127.0.0.1 with a free port; `dir` holds the recorded fixtures. */
export async function startScriptedUpstream(options: { dir: string; routes?: Record<string, UpstreamReply> }): Promise<ScriptedUpstream> {
  const root = resolve(options.dir);
  const routes = new Map<string, UpstreamReply>(Object.entries(options.routes ?? {}));
  const queues = new Map<string, UpstreamReply[]>();
  const requests: ReceivedRequest[] = [];

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://upstream.local');
      requests.push({
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams.entries()),
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      });
      const reply = queues.get(url.pathname)?.shift() ?? routes.get(url.pathname);
      void answer(reply).then(
        ({ status, headers, body }) => {
          if (res.destroyed) return;
          res.writeHead(status, headers);
          res.end(body);
        },
        (error: Error) => {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: error.message }));
        },
      );
    });
  });

  async function answer(reply: UpstreamReply | undefined): Promise<{ status: number; headers: Record<string, string>; body: string | Buffer }> {
    if (!reply) return { status: 404, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 404, message: 'Resource does not exist' }) };
    if (reply.hang) await new Promise<never>(() => undefined);
    if (reply.delayMs) await new Promise((done) => setTimeout(done, reply.delayMs));
    let body: string | Buffer = reply.body ?? '';
    if (reply.file) {
      const path = resolve(root, reply.file);
      if (!path.startsWith(root + sep)) throw new Error(`fixture escapes ${root}: ${reply.file}`);
      body = await readFile(path);
    }
    const type = reply.file?.endsWith('.html') ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8';
    return { status: reply.status ?? 200, headers: { 'content-type': type, ...reply.headers }, body };
  }

  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    route: (path, reply) => {
      routes.set(path, reply);
    },
    queue: (path, ...replies) => {
      queues.set(path, [...(queues.get(path) ?? []), ...replies]);
    },
    count: (path) => requests.filter((r) => r.path === path).length,
    close: () =>
      new Promise<void>((done, fail) => {
        server.closeAllConnections();
        server.close((error) => (error ? fail(error) : done()));
      }),
  };
}
