import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { Readable } from 'node:stream';
import { ForbiddenError, type AppError } from '@anime/contracts';
import { nonPublicReason } from '@anime/embeddings';

/** Options of {@link guardedFetch}. */
export interface GuardedFetchOptions {
  /**
   * Hosts the operator named (ANIME_DB_SOURCE, ANIME_DB_SOURCE_ALLOW): they may resolve to any
   * address (a mirror on the LAN, a test server on loopback). Every other host — a redirect's
   * target included — must resolve to public unicast addresses only.
   */
  trustedHosts: ReadonlySet<string>;
  /** Redirects followed, each one checked again; default 5. */
  maxRedirects?: number;
  /** Resolver (tests); default `dns.lookup`. */
  lookup?: typeof dnsLookup;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const NULL_BODY = new Set([101, 204, 205, 304]);

/**
 * A `fetch` for dataset downloads that cannot be pointed inside our network (SSRF), with the
 * same address policy as the URLs users send (`nonPublicReason`: loopback, private, link-local,
 * metadata, and IPv4 hidden in IPv6 in any spelling). http(s) only, no credentials in URLs; the
 * address check runs inside the connection's own DNS lookup, so what was checked is what is
 * connected to (no second lookup to rebind); redirects are followed by hand, each hop checked.
 * A refusal is a {@link ForbiddenError} naming the host, the address and why.
 *
 * Implements what the release reader uses of `fetch`: GET/HEAD, request headers, `signal`;
 * the response's status, headers and streamed body.
 */
export function guardedFetch(options: GuardedFetchOptions): typeof fetch {
  const maxRedirects = options.maxRedirects ?? 5;
  const resolve = options.lookup ?? dnsLookup;
  const run = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    let url = checkUrl(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, '');
    const method = (init.method ?? 'GET').toUpperCase();
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    for (let hop = 0; ; hop++) {
      const response = await send(url, method, headers, init.signal ?? undefined, options.trustedHosts, resolve);
      const status = response.statusCode ?? 0;
      if (REDIRECTS.has(status) && response.headers.location) {
        response.resume();
        if (hop >= maxRedirects) throw new ForbiddenError(`too many redirects (more than ${maxRedirects}) downloading the dataset from ${url.href}`);
        url = checkUrl(new URL(response.headers.location, url).href, `redirect ${hop + 1} from ${url.origin}: `);
        continue;
      }
      return toResponse(response, method, url);
    }
  };
  return run as typeof fetch;
}

function checkUrl(raw: string, context: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ForbiddenError(`${context}"${raw}" is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ForbiddenError(`${context}${url.protocol}// URLs are refused: only http and https dataset URLs are allowed`);
  if (url.username || url.password) throw new ForbiddenError(`${context}dataset URLs with credentials are refused`);
  return url;
}

/** The hostname without IPv6 brackets. */
export function bareHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

function refusal(host: string, address: string, reason: string): AppError {
  const where = host === address ? `host ${address}` : `host "${host}" resolves to ${address},`;
  return new ForbiddenError(`dataset URL ${where} ${reason}; only public addresses, or hosts named in ANIME_DB_SOURCE / ANIME_DB_SOURCE_ALLOW, may be downloaded from`, {
    details: { host, address },
  });
}

/** A `lookup` for http.request that refuses non-public addresses of untrusted hosts. */
function checkedLookup(host: string, trusted: boolean, resolve: typeof dnsLookup): LookupFunction {
  return (hostname, lookupOptions, callback) => {
    resolve(hostname, { all: true, verbatim: true, family: lookupOptions.family }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      if (!trusted) {
        for (const { address } of addresses) {
          const reason = nonPublicReason(address);
          if (reason) return callback(refusal(host, address, reason) as unknown as NodeJS.ErrnoException, '', 0);
        }
      }
      const [first] = addresses;
      if (!first) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
      if (lookupOptions.all) (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      else callback(null, first.address, first.family);
    });
  };
}

function send(url: URL, method: string, headers: Record<string, string>, signal: AbortSignal | undefined, trustedHosts: ReadonlySet<string>, resolve: typeof dnsLookup): Promise<IncomingMessage> {
  const host = bareHost(url);
  const trusted = trustedHosts.has(host.toLowerCase());
  if (!trusted && isIP(host)) {
    const reason = nonPublicReason(host);
    if (reason) return Promise.reject(refusal(host, host, reason));
  }
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((done, fail) => {
    let refused: unknown;
    const req = request(url, { method, headers, signal, lookup: checkedLookup(host, trusted, resolve) });
    req.on('response', done);
    req.on('error', (error) => {
      // The refusal thrown in lookup surfaces here (possibly wrapped by net's happy-eyeballs).
      refused ??= findForbidden(error);
      fail(refused ?? error);
    });
    req.end();
  });
}

function findForbidden(error: unknown): AppError | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth++) {
    if (current instanceof ForbiddenError) return current;
    if (current instanceof AggregateError) {
      const inner = current.errors.find((e) => e instanceof ForbiddenError) as AppError | undefined;
      if (inner) return inner;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function toResponse(message: IncomingMessage, method: string, url: URL): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(message.headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  const status = message.statusCode ?? 500;
  const empty = method === 'HEAD' || NULL_BODY.has(status);
  if (empty) message.resume();
  const body = empty ? null : (Readable.toWeb(message) as ReadableStream<Uint8Array>);
  const response = new Response(body, { status, statusText: message.statusMessage ?? '', headers });
  Object.defineProperty(response, 'url', { value: url.href });
  return response;
}
