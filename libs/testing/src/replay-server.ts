import { createServer, type IncomingMessage, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';

/** One recorded response, matched by method + path (+ query params when given). */
export interface ReplayRoute {
  method?: string;
  /** Exact path (`/v4/anime/1/full`) or a pattern tested against the path. */
  path: string | RegExp;
  /** Query params that must all be present with these values. */
  query?: Record<string, string>;
  /** File under the replay directory holding the body. */
  file?: string;
  /** Inline body instead of a file. */
  body?: string;
  status?: number;
  headers?: Record<string, string>;
  /** Only for fault tests: answer after this many ms (the test controls its own deadline). */
  delayMs?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface ReplayServer {
  /** `http://127.0.0.1:<port>` — point a connector's *_BASE_URL here. */
  readonly url: string;
  /** Every request received, in order (to assert what a client sent). */
  readonly requests: RecordedRequest[];
  /** Replace the routes (e.g. switch a route to 503 mid-test). */
  setRoutes(routes: ReplayRoute[]): void;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.json': 'application/json; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
};

function contentTypeFor(file: string): string {
  const dot = file.lastIndexOf('.');
  return (dot >= 0 && CONTENT_TYPES[file.slice(dot)]) || 'application/octet-stream';
}

/**
 * A local HTTP server that replays recorded upstream responses from a directory (e.g.
 * `../shared/fixtures/jikan`). It is the only mock allowed: it sits at the process edge.
 * Unmatched requests get a 404 JSON body naming the request, so a test sees what it missed.
 */
export async function startReplayServer(options: { dir: string; routes: ReplayRoute[] }): Promise<ReplayServer> {
  const root = resolve(options.dir);
  let routes = options.routes;
  const requests: RecordedRequest[] = [];

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://replay.local');
        const query = Object.fromEntries(url.searchParams.entries());
        const method = req.method ?? 'GET';
        requests.push({ method, path: url.pathname, query, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        const route = routes.find(
          (r) =>
            (r.method ?? 'GET').toUpperCase() === method &&
            (typeof r.path === 'string' ? r.path === url.pathname : r.path.test(url.pathname)) &&
            Object.entries(r.query ?? {}).every(([k, v]) => query[k] === v),
        );
        if (!route) {
          res.writeHead(404, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: 'no recorded response', method, path: url.pathname, query }));
          return;
        }
        if (route.delayMs) await new Promise((r) => setTimeout(r, route.delayMs));
        let body: string | Buffer = route.body ?? '';
        if (route.file) {
          const path = resolve(join(root, route.file));
          if (!path.startsWith(root + sep)) throw new Error(`replay file escapes ${root}: ${route.file}`);
          body = await readFile(path);
        }
        res.writeHead(route.status ?? 200, { 'content-type': route.file ? contentTypeFor(route.file) : 'application/json', ...route.headers });
        res.end(body);
      })().catch((error: Error) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: error.message }));
      });
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setRoutes: (next) => {
      routes = next;
    },
    close: () =>
      new Promise<void>((done, fail) => {
        server.closeAllConnections();
        server.close((error) => (error ? fail(error) : done()));
      }),
  };
}
