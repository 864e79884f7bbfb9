import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { makePoster } from './poster';

/** A local image server for dataset pictures in tests: `/posters/<n>.png` is `makePoster(n, size)`. */
export interface PosterServer {
  /** `127.0.0.1:<port>`: what goes on IMAGE_HOSTS_ALLOW. */
  readonly host: string;
  /** The picture URL of poster `n`. */
  url(n: number): string;
  close(): Promise<void>;
}

/** Starts a {@link PosterServer} (anything else answers 404). */
export async function startPosterServer(size = 160): Promise<PosterServer> {
  const server = createServer((req, res) => {
    const seed = /^\/posters\/(\d+)\.png$/.exec(req.url ?? '')?.[1];
    if (!seed) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'image/png' }).end(makePoster(Number(seed), size));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    host,
    url: (n) => `http://${host}/posters/${n}.png`,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
