import type { IncomingHttpHeaders } from 'node:http';
import { AppError, SourceUnavailableError } from '@anime/contracts';

/** The part of got-scraping's API this adapter uses. */
interface GotScrapingResponse {
  statusCode: number;
  headers: IncomingHttpHeaders;
  body: string;
}
type GotScraping = (options: Record<string, unknown>) => Promise<GotScrapingResponse>;

let loaded: Promise<GotScraping> | undefined;

/**
 * got-scraping 4 is ESM-only, and this code compiles to CommonJS: a `require` of it fails with
 * ERR_PACKAGE_PATH_NOT_EXPORTED. So it is loaded with a real `import()`, which tools/build keeps
 * as is (SWC `ignoreDynamic`) and vitest runs natively; loaded once, on the first scrape.
 */
function loadGotScraping(): Promise<GotScraping> {
  loaded ??= import('got-scraping').then((m) => m.gotScraping as unknown as GotScraping);
  return loaded;
}

/**
 * A `fetch` for the resilience kit's HTTP client that sends requests through got-scraping
 * (browser-like TLS and header order, which the scraped sites expect) and refuses every host that
 * is not one of the configured sites — redirects included, so a page cannot send us elsewhere.
 * Retries, timeouts (via `signal`), rate limits and breakers stay with the kit.
 */
export function createScrapingFetch(allowedHosts: ReadonlySet<string>): typeof fetch {
  const assertAllowed = (url: URL): void => {
    if (!allowedHosts.has(url.host)) {
      throw new SourceUnavailableError(`Scraping ${url.host} is not allowed: it is not one of the configured scraper sites`, {
        details: { source: 'scrapers', reason: 'client-error', host: url.host, allowed: [...allowedHosts] },
      });
    }
  };
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    assertAllowed(url);
    const gotScraping = await loadGotScraping();
    const response = await gotScraping({
      url: url.toString(),
      method: init?.method ?? 'GET',
      headers: headerRecord(init?.headers),
      body: typeof init?.body === 'string' ? init.body : undefined,
      signal: init?.signal ?? undefined,
      responseType: 'text',
      throwHttpErrors: false,
      // The kit retries (through the limiter and breaker); got must not retry behind its back.
      retry: { limit: 0 },
      followRedirect: true,
      maxRedirects: 5,
      hooks: { beforeRedirect: [(options: { url?: URL | string }) => assertAllowed(new URL(String(options.url)))] },
    }).catch((error: unknown) => {
      // got wraps what a hook throws; the refusal must reach the kit as the typed error it is.
      throw appErrorIn(error) ?? error;
    });
    return new Response(nullBodyStatus(response.statusCode) ? null : response.body, { status: response.statusCode, headers: toHeaders(response.headers) });
  };
}

function appErrorIn(error: unknown): AppError | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) if (e instanceof AppError) return e;
  return undefined;
}

function headerRecord(headers: RequestInit['headers']): Record<string, string> {
  return Object.fromEntries(new Headers(headers).entries());
}

/** Node's header object as a Fetch `Headers` (HTTP/2 pseudo-headers such as `:status` left out). */
function toHeaders(headers: IncomingHttpHeaders): Headers {
  const result = new Headers();
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith(':') || value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) result.append(name, one);
  }
  return result;
}

/** Statuses a Fetch `Response` must be built without a body. */
function nullBodyStatus(status: number): boolean {
  return status === 101 || status === 204 || status === 205 || status === 304;
}
