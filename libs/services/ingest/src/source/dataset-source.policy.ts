import { lookup } from 'node:dns/promises';
import { realpathSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import { isIP } from 'node:net';
import { ForbiddenError, ValidationError, type AppError } from '@anime/contracts';
import { parseReleaseSource, type ReleaseSource } from '@anime/catalog';
import { nonPublicReason } from '@anime/embeddings';
import { bareHost, guardedFetch } from './guarded-fetch';

/** A source an update may read, with the `fetch` its downloads must go through. */
export interface AllowedSource {
  /** As the request (or ANIME_DB_SOURCE) spelled it: the job's `source`. */
  text: string;
  source: ReleaseSource;
  /** For URL sources: the SSRF-guarded fetch. */
  fetchImpl: typeof fetch;
}

interface UrlRule {
  protocol: string;
  host: string;
  /** undefined = any port (`:*` in the entry). */
  port: string | undefined;
  /** Path prefix; an entry without a path allows the whole host. */
  path: string;
  exact: boolean;
}

/**
 * Which dataset sources an update may read (issue #15: an admin `source` override read any local
 * file or URL). Allowed: ANIME_DB_SOURCE itself, and what ANIME_DB_SOURCE_ALLOW names —
 * - an absolute path: that file, or any file inside that directory (symlinks resolved first, so
 *   neither `..` nor a link can leave it);
 * - an http(s) URL: URLs on that origin under that path (`https://mirror.example/anime/`);
 *   `:*` as the port allows any port of the host (`http://127.0.0.1:*`, local test servers).
 * URL downloads go through {@link guardedFetch}: hosts the operator named may resolve anywhere;
 * any other host, redirects included, only to public addresses. Refusals are ForbiddenErrors
 * naming what was refused and how to allow it — never anything read from the file.
 */
export class DatasetSourcePolicy {
  private readonly files: string[] = [];
  private readonly urls: UrlRule[] = [];
  private readonly trustedHosts = new Set<string>();
  private readonly fetchImpl: typeof fetch;

  constructor(
    private readonly configured: string,
    allow: readonly string[] = [],
  ) {
    for (const entry of [configured, ...allow]) this.add(entry, entry === configured);
    this.fetchImpl = guardedFetch({ trustedHosts: this.trustedHosts });
  }

  /** The configured source (scheduled and default updates). */
  async configuredSource(): Promise<AllowedSource> {
    return this.check(this.configured);
  }

  /** The source a request names, or the configured one; throws ForbiddenError when it is not allowed. */
  async check(requested: string | undefined): Promise<AllowedSource> {
    const text = (requested ?? this.configured).trim();
    let source: ReleaseSource;
    try {
      source = parseReleaseSource(text);
    } catch (error) {
      throw new ValidationError(error instanceof Error ? error.message : String(error), { details: { source: text } });
    }
    if (source.kind === 'file') {
      const real = await realPathOf(source.path);
      if (!this.files.some((allowed) => real === allowed || isInside(real, allowed))) throw notAllowed(text);
      return { text, source, fetchImpl: this.fetchImpl };
    }
    const url = new URL(source.url);
    if (url.username || url.password) throw new ForbiddenError('dataset URLs with credentials are refused', { details: { source: redact(url) } });
    if (!this.urls.some((rule) => matches(rule, url))) throw notAllowed(text);
    await this.checkAddress(url);
    return { text, source, fetchImpl: this.fetchImpl };
  }

  /** Early answer for the caller (the connection checks again, pinned): an untrusted host must be public. */
  private async checkAddress(url: URL): Promise<void> {
    const host = bareHost(url).toLowerCase();
    if (this.trustedHosts.has(host)) return;
    const addresses = isIP(host) ? [host] : await lookup(host, { all: true, verbatim: true }).then((all) => all.map((a) => a.address), () => []);
    for (const address of addresses) {
      const reason = nonPublicReason(address);
      if (reason) {
        throw new ForbiddenError(`dataset URL host ${host === address ? address : `"${host}" resolves to ${address},`} ${reason}; only public addresses, or hosts named in ANIME_DB_SOURCE / ANIME_DB_SOURCE_ALLOW, may be downloaded from`, {
          details: { host, address },
        });
      }
    }
  }

  private add(entry: string, isConfigured: boolean): void {
    const text = entry.trim();
    if (!text) return;
    if (/^https?:\/\//i.test(text)) {
      const anyPort = /^(https?:\/\/[^/]+):\*(\/|$)/i.exec(text);
      const url = new URL(anyPort ? text.replace(/:\*(?=\/|$)/, '') : text);
      const host = bareHost(url).toLowerCase();
      this.trustedHosts.add(host);
      this.urls.push({ protocol: url.protocol, host, port: anyPort ? undefined : url.port, path: url.pathname, exact: isConfigured });
      return;
    }
    const source = parseReleaseSource(text);
    if (source.kind === 'file') this.files.push(realPathSyncOf(source.path));
  }
}

function matches(rule: UrlRule, url: URL): boolean {
  if (url.protocol !== rule.protocol || bareHost(url).toLowerCase() !== rule.host) return false;
  if (rule.port !== undefined && url.port !== rule.port) return false;
  if (rule.exact) return url.pathname === rule.path;
  if (rule.path === '/' || url.pathname === rule.path) return true;
  return url.pathname.startsWith(rule.path.endsWith('/') ? rule.path : `${rule.path}/`);
}

function isInside(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/** The real path (symlinks resolved); for a file that does not exist yet, its real folder + its name. */
async function realPathOf(path: string): Promise<string> {
  const absolute = resolve(path);
  try {
    return await realpath(absolute);
  } catch {
    return resolve(await realpath(dirname(absolute)).catch(() => dirname(absolute)), basename(absolute));
  }
}

function realPathSyncOf(path: string): string {
  const absolute = resolve(path);
  try {
    return realpathSync(absolute);
  } catch {
    return absolute;
  }
}

function redact(url: URL): string {
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  return copy.href;
}

function notAllowed(source: string): AppError {
  return new ForbiddenError(
    `dataset source "${source}" is not allowed: an update may read ANIME_DB_SOURCE or what ANIME_DB_SOURCE_ALLOW names (absolute paths of files or folders, http(s) URL prefixes); add it there to allow it`,
    { details: { source } },
  );
}
