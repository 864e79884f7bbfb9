import type { Anime } from '@anime/contracts';
import { parseAnimeRef, parseSourceUrl, sourceKey } from './source-url';

/** `notFound`: a well-formed reference the catalog lacks; otherwise the reference itself is malformed. */
export type ResolveResult = { ok: true; id: string } | { ok: false; notFound: boolean; reason: string };

/**
 * Every source key of every entry → its id, plus redirects of retired ids, so a lookup by our
 * id, any platform id (`kitsu:1`, `myanimelist:1`) or any provider URL finds the entry.
 */
export class AliasIndex {
  private readonly idByKey = new Map<string, string>();
  private readonly ids = new Set<string>();

  constructor(
    entries: Iterable<Pick<Anime, 'id' | 'platformIds'>>,
    private readonly redirects: ReadonlyMap<string, string> = new Map(),
  ) {
    for (const entry of entries) {
      this.ids.add(entry.id);
      for (const p of entry.platformIds) {
        const key = sourceKey(p.platform, p.id);
        // A key listed by two entries (rare upstream slip) stays with the first.
        if (!this.idByKey.has(key)) this.idByKey.set(key, entry.id);
      }
    }
  }

  /** Source key → id (for the next release's id assignment). */
  keyMap(): ReadonlyMap<string, string> {
    return this.idByKey;
  }

  redirectMap(): ReadonlyMap<string, string> {
    return this.redirects;
  }

  /** Resolves an id, platform id or URL to the catalog id. */
  resolve(ref: string): ResolveResult {
    const parsed = parseAnimeRef(ref);
    if (parsed.kind === 'invalid') return { ok: false, notFound: false, reason: parsed.reason };
    const id =
      (this.ids.has(parsed.key) ? parsed.key : undefined) ?? this.idByKey.get(parsed.key) ?? this.redirects.get(parsed.key);
    return id ? { ok: true, id } : { ok: false, notFound: true, reason: `no anime with ${parsed.key} in the catalog` };
  }

  /** Resolves a provider URL from `relatedAnime` (undefined when the catalog lacks it). */
  resolveUrl(url: string): string | undefined {
    const parsed = parseSourceUrl(url);
    return parsed ? this.idByKey.get(sourceKey(parsed.platform, parsed.id)) : undefined;
  }
}
