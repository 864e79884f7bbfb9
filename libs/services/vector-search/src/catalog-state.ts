import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DatasetPublishedEvent, NotReadyError, type Anime } from '@anime/contracts';
import { FileDatasetStore } from '@anime/catalog';
import { EventBus } from '@anime/platform-messaging';
import { LOGGER, type Logger } from '@anime/platform-observability';
import { buildCatalogView, type CatalogView } from './catalog-view';
import { openVersionVectors, qdrantOptionsOf, type VersionVectors } from './version-vectors';
import { VECTOR_SEARCH_ENV, type VectorSearchEnv } from './vector-search.env';

/**
 * The dataset version this replica serves. Loads the current version at boot, reloads when
 * ingest publishes a new one (and polls `current.json`, in case an event was missed), and swaps
 * the view atomically: requests in flight finish on the old one.
 */
@Injectable()
export class CatalogState implements OnApplicationBootstrap, OnModuleDestroy {
  private view?: CatalogView;
  private loading?: Promise<void>;
  private lastError?: string;
  private poll?: NodeJS.Timeout;
  private readonly loadedListeners = new Set<(view: CatalogView) => void>();
  readonly store: FileDatasetStore;

  constructor(
    @Inject(VECTOR_SEARCH_ENV) private readonly env: VectorSearchEnv,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly events: EventBus,
  ) {
    this.store = new FileDatasetStore(env.DATA_DIR);
  }

  async onApplicationBootstrap(): Promise<void> {
    this.events.subscribe(DatasetPublishedEvent, (event) => this.reload(event.version));
    await this.reload();
    if (this.env.CATALOG_RELOAD_POLL_MS > 0) {
      this.poll = setInterval(() => void this.reload(), this.env.CATALOG_RELOAD_POLL_MS);
      this.poll.unref();
    }
  }

  onModuleDestroy(): void {
    clearInterval(this.poll);
  }

  /** The loaded view, or a NOT_READY error that says how to get a dataset. */
  current(): CatalogView {
    if (this.view) return this.view;
    throw new NotReadyError(
      `No dataset is loaded yet${this.lastError ? ` (${this.lastError})` : ''}. Run an update: POST /api/admin/dataset/update, or npm run db:update -- --file <path>.`,
    );
  }

  status(): { loaded: boolean; version?: string; detail?: string } {
    return this.view ? { loaded: true, version: this.view.dataset.version } : { loaded: false, detail: this.lastError ?? 'no dataset loaded yet' };
  }

  /**
   * Calls `listener` each time a dataset version has been loaded and swapped in (at boot, on
   * `dataset.published`, on the poll), so indexes derived from the view (the plot index) are
   * rebuilt at once rather than on their next poll or request. Returns the unsubscribe.
   */
  onLoaded(listener: (view: CatalogView) => void): () => void {
    this.loadedListeners.add(listener);
    return () => this.loadedListeners.delete(listener);
  }

  /** Loads `version` (default: whatever is current) unless it is already served. */
  async reload(version?: string): Promise<void> {
    if (this.loading) return this.loading.then(() => (version && version !== this.view?.dataset.version ? this.reload(version) : undefined));
    this.loading = this.load(version).finally(() => (this.loading = undefined));
    return this.loading;
  }

  private async load(version?: string): Promise<void> {
    try {
      const meta = version ? await this.store.meta(version) : await this.store.current();
      if (!meta) {
        this.lastError = 'no dataset version has been ingested into DATA_DIR yet';
        return;
      }
      if (meta.version === this.view?.dataset.version) return;
      const started = Date.now();
      const entries: Anime[] = [];
      const strings = new Map<string, string>();
      // Tags, studios, producers and provider URLs (an entry's sources are other entries'
      // relatedAnime) repeat across thousands of entries: keep one copy of each string.
      const one = (s: string): string => strings.get(s) ?? (strings.set(s, s), s);
      const intern = (list: string[]) => list.map(one);
      for await (const anime of this.store.entries(meta.version)) {
        anime.tags = intern(anime.tags);
        anime.studios = intern(anime.studios);
        anime.producers = intern(anime.producers);
        anime.sources = intern(anime.sources);
        anime.relatedAnime = intern(anime.relatedAnime);
        anime.type = one(anime.type) as typeof anime.type;
        anime.status = one(anime.status) as typeof anime.status;
        anime.animeSeason.season = one(anime.animeSeason.season) as typeof anime.animeSeason.season;
        entries.push(anime);
      }
      const view = buildCatalogView(
        entries,
        { version: meta.version, lastUpdate: meta.lastUpdate, source: meta.source, quarantined: meta.counts.quarantined },
        new Map(Object.entries(meta.redirects)),
      );
      // Vectors belong to the version: the view and its vectors are swapped in together.
      const vectors = await openVersionVectors(meta.version, this.store, qdrantOptionsOf(this.env)).catch(
        (error: unknown): VersionVectors => ({ missing: `the vectors of ${meta.version} could not be opened: ${(error as Error).message}` }),
      );
      this.view = { ...view, vectors };
      this.lastError = undefined;
      this.logger.info({ version: meta.version, entries: entries.length, vectors: 'missing' in vectors ? vectors.missing : vectors.store.kind, ms: Date.now() - started }, 'catalog loaded');
      this.notifyLoaded(this.view);
    } catch (error) {
      this.lastError = `loading the dataset failed: ${(error as Error).message}`;
      this.logger.error({ err: error }, 'catalog load failed');
    }
  }

  private notifyLoaded(view: CatalogView): void {
    for (const listener of this.loadedListeners) {
      try {
        listener(view);
      } catch (error) {
        // A derived index failing must not fail the load that the other requests depend on.
        this.logger.error({ err: error, version: view.dataset.version }, 'catalog loaded listener failed');
      }
    }
  }
}
