import { lookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { CancelledError, ValidationError, type AppError } from '@anime/contracts';
import { publicAddressesOnly, type AddressPolicy, type ConnectTarget } from './address-policy';
import { assertImage, formatBytes } from './image-sniff';

/** Limits for fetching an image from a URL a user sent. */
export interface UserImageFetchOptions {
  /** Largest body accepted; default 10 MiB. */
  maxBytes?: number;
  /** Whole fetch (DNS, redirects, body) deadline; default 10 s. */
  timeoutMs?: number;
  /** Redirects followed (each one re-checked); default 3. */
  maxRedirects?: number;
  /** Which resolved addresses may be connected to; default public unicast only. Tests widen it to one local server. */
  addressPolicy?: AddressPolicy;
  /** Caller cancellation. */
  signal?: AbortSignal;
}

export interface FetchedImage {
  bytes: Uint8Array;
  contentType: string;
  finalUrl: string;
}

const DEFAULTS = { maxBytes: 10 << 20, timeoutMs: 10_000, maxRedirects: 3 };
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * Fetches an image from a URL a user sent, without letting the URL reach inside our network
 * (SSRF): http(s) only; the host is resolved once and every address checked against the policy
 * (loopback, private, link-local, cloud metadata … refused); the connection goes to that checked
 * address (no second DNS lookup to rebind); redirects are followed by hand and each hop is
 * checked again; the body is capped while streaming; the type is sniffed from the bytes.
 * Every refusal is a ValidationError whose message says why.
 */
export async function fetchUserImage(url: string, options: UserImageFetchOptions = {}): Promise<FetchedImage> {
  const o = { ...DEFAULTS, ...options };
  const policy = options.addressPolicy ?? publicAddressesOnly;
  const deadline = AbortSignal.timeout(o.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
  let current = parseUserUrl(url);
  try {
    for (let hop = 0; ; hop++) {
      const target = await resolveTarget(current, policy, hop, signal);
      const response = await get(current, target, signal);
      if (REDIRECTS.has(response.statusCode ?? 0)) {
        response.resume();
        if (hop >= o.maxRedirects) throw new ValidationError(`too many redirects (more than ${o.maxRedirects}) fetching ${url}`);
        const location = response.headers.location;
        if (!location) throw new ValidationError(`redirect without a Location header from ${current.href}`);
        current = parseUserUrl(new URL(location, current).href, `redirect ${hop + 1} from ${current.href} goes to `);
        continue;
      }
      if ((response.statusCode ?? 0) < 200 || (response.statusCode ?? 0) >= 300) {
        response.resume();
        throw new ValidationError(`image URL answered HTTP ${response.statusCode} (${current.href})`, { details: { status: response.statusCode } });
      }
      const bytes = await readCapped(response, o.maxBytes);
      const { contentType } = assertImage(bytes, o.maxBytes);
      return { bytes, contentType, finalUrl: current.href };
    }
  } catch (error) {
    if (options.signal?.aborted) throw new CancelledError('image download cancelled', { cause: error });
    if (deadline.aborted) throw new ValidationError(`image download timed out after ${o.timeoutMs} ms (${url})`, { cause: error });
    throw error;
  }
}

/** Parses and checks the scheme; `context` prefixes the message for redirect targets. */
function parseUserUrl(raw: string, context = ''): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ValidationError(`${context}"${raw}" is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ValidationError(`${context}${url.protocol}// URLs are refused: only http and https image URLs are allowed`);
  }
  if (url.username || url.password) throw new ValidationError(`${context}URLs with credentials are refused`);
  return url;
}

/** Resolves the host once and checks every address; returns the address to connect to. */
async function resolveTarget(url: URL, policy: AddressPolicy, hop: number, signal: AbortSignal): Promise<ConnectTarget> {
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  const where = hop === 0 ? '' : `redirect ${hop} to ${url.href} refused: `;
  let addresses: { address: string; family: number }[];
  if (isIP(hostname)) addresses = [{ address: hostname, family: isIP(hostname) }];
  else {
    signal.throwIfAborted();
    addresses = await lookup(hostname, { all: true, verbatim: true }).catch((error: NodeJS.ErrnoException) => {
      throw new ValidationError(`${where}host "${hostname}" could not be resolved (${error.code ?? error.message})`);
    });
  }
  const targets = addresses.map(({ address, family }) => ({ hostname, address, family: family as 4 | 6, port }));
  for (const target of targets) {
    const reason = policy(target);
    if (reason) {
      const resolved = hostname === target.address ? target.address : `"${hostname}" resolves to ${target.address}`;
      throw new ValidationError(`${where}image URL host ${resolved}, ${reason}; private, loopback, link-local and metadata addresses are refused`, {
        details: { host: hostname, address: target.address },
      });
    }
  }
  const [first] = targets;
  if (!first) throw new ValidationError(`${where}host "${hostname}" has no address`);
  return first;
}

/** One GET to the pinned address; Host header and TLS name stay the URL's hostname. */
function get(url: URL, target: ConnectTarget, signal: AbortSignal): Promise<IncomingMessage> {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request({
      host: target.address,
      family: target.family,
      port: target.port,
      path: `${url.pathname}${url.search}`,
      method: 'GET',
      headers: { host: url.host, accept: 'image/*', 'user-agent': 'anime-mcp-server image fetch' },
      servername: isIP(target.hostname) ? undefined : target.hostname,
      signal,
    });
    req.on('response', resolve);
    req.on('error', (error) => reject(signal.aborted ? error : new ValidationError(`could not fetch ${url.href}: ${error.message}`, { cause: error })));
    req.end();
  });
}

/** Reads the body, refusing early on a Content-Length over the cap and while streaming past it. */
async function readCapped(response: IncomingMessage, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(response.headers['content-length']);
  const tooLarge = (detail: string): AppError => new ValidationError(`image is over the ${formatBytes(maxBytes)} limit (${detail})`, { details: { maxBytes } });
  if (declared > maxBytes) {
    response.destroy();
    throw tooLarge(`Content-Length ${formatBytes(declared)}`);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of response as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > maxBytes) {
      response.destroy();
      throw tooLarge(`stopped after ${formatBytes(total)}`);
    }
    chunks.push(chunk);
  }
  return new Uint8Array(Buffer.concat(chunks));
}
