import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { NotReadyError } from '@anime/contracts';
import { FileSynopsisStore, type SynopsisRecord } from '@anime/catalog';
import { LOGGER, type Logger } from '@anime/platform-observability';
import { PlotIndex } from '@anime/search';
import { CatalogState } from '../catalog-state';
import { VECTOR_SEARCH_ENV, type VectorSearchEnv } from '../vector-search.env';
import { buildPlotDocuments } from './plot-documents';

/** The plot index of one (dataset version, synopsis store revision). */
export interface PlotView {
  readonly key: string;
  readonly version: string;
  readonly synopsisRevision: string | null;
  readonly index: PlotIndex;
}

/**
 * Builds and serves the plot index: again whenever the served dataset version or the synopsis
 * store's revision changes — checked when the catalog has loaded a version (its `onLoaded`
 * hook, so a fresh replica builds right after its first load), at boot and every
 * CATALOG_RELOAD_POLL_MS (for a new synopsis revision). A rebuild runs in the background; the
 * previous index answers until the new one is ready (its ids are stable across versions).
 */
@Injectable()
export class PlotState implements OnApplicationBootstrap, OnModuleDestroy {
  private view?: PlotView;
  private building?: Promise<void>;
  /** A refresh was asked for while a build ran: check again once it ends (a newer version may have loaded). */
  private again = false;
  private lastError?: string;
  private poll?: NodeJS.Timeout;
  private readonly synopses: FileSynopsisStore;

  constructor(
    @Inject(VECTOR_SEARCH_ENV) private readonly env: VectorSearchEnv,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly catalog: CatalogState,
  ) {
    this.synopses = new FileSynopsisStore(env.DATA_DIR);
    catalog.onLoaded(() => void this.refresh());
  }

  onApplicationBootstrap(): void {
    void this.refresh();
    if (this.env.CATALOG_RELOAD_POLL_MS > 0) {
      this.poll = setInterval(() => void this.refresh(), this.env.CATALOG_RELOAD_POLL_MS);
      this.poll.unref();
    }
  }

  onModuleDestroy(): void {
    clearInterval(this.poll);
  }

  /** The index to answer with, or NOT_READY while the first one is being built. */
  current(): PlotView {
    const status = this.catalog.status();
    if (this.view && status.loaded && status.version !== this.view.version) void this.refresh();
    if (this.view) return this.view;
    void this.refresh();
    throw new NotReadyError(`The plot index is not ready yet${this.lastError ? ` (${this.lastError})` : ' (it is being built from the dataset and the stored synopses)'}; try again in a few seconds.`);
  }

  /**
   * The index to answer with; while the first one is being built (a fresh replica just after its
   * first catalog load), waits for it rather than answering NOT_READY.
   */
  async ready(): Promise<PlotView> {
    if (!this.view && this.building) await this.building;
    return this.current();
  }

  /** Resolves when no build is running; starts none (for callers that wait on a triggered build). */
  async settled(): Promise<void> {
    while (this.building) await this.building;
  }

  /** Rebuilds when the dataset version or the synopsis revision changed; resolves when done. */
  refresh(): Promise<void> {
    if (this.building) {
      this.again = true;
      return this.building;
    }
    const run = async (): Promise<void> => {
      do {
        this.again = false;
        await this.rebuild();
      } while (this.again);
    };
    this.building = run().finally(() => (this.building = undefined));
    return this.building;
  }

  private async rebuild(): Promise<void> {
    if (!this.catalog.status().loaded) return;
    const catalog = this.catalog.current();
    try {
      const meta = await this.synopses.meta();
      const revision = meta?.revision ?? null;
      const key = `${catalog.dataset.version}|${revision ?? 'none'}`;
      if (key === this.view?.key) return;
      const started = Date.now();
      const records: SynopsisRecord[] = [];
      for await (const r of this.synopses.records()) records.push(r);
      const resolve = (ref: string): string | undefined => {
        const r = catalog.aliases.resolve(ref);
        return r.ok ? r.id : undefined;
      };
      const { documents, orphaned } = buildPlotDocuments(catalog.index.all(), records, resolve);
      const index = new PlotIndex(documents);
      this.view = { key, version: catalog.dataset.version, synopsisRevision: revision, index };
      this.lastError = undefined;
      this.logger.info({ version: catalog.dataset.version, synopsisRevision: revision, entries: index.size, synopses: index.synopses, orphaned, ms: Date.now() - started }, 'plot index built');
    } catch (error) {
      this.lastError = `building the plot index failed: ${(error as Error).message}`;
      this.logger.error({ err: error }, 'plot index build failed');
    }
  }
}

