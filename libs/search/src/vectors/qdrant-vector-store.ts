import { createHash } from 'node:crypto';
import { QdrantClient } from '@qdrant/js-client-rest';
import { VECTOR_SPACES, type PayloadFilter, type VectorHit, type VectorPayload, type VectorQuery, type VectorRecord, type VectorSpace, type VectorStore, type VectorVersionWriter } from './vector-store.port';

/** Qdrant connection and naming: one collection per dataset version, one alias serving. */
export interface QdrantOptions {
  url: string;
  apiKey?: string;
  /** Collections are `<prefix>-<version>`; the served alias is `<prefix>`. */
  prefix?: string;
  /** Scalar int8 quantisation of the stored vectors (RAM ÷4; rescoring keeps the ranking). */
  quantization?: boolean;
}

type QdrantFilter = { must?: unknown[]; must_not?: unknown[] };

/** Qdrant point ids are unsigned ints or UUIDs: derive a stable UUID from the catalog id. */
export function pointIdOf(id: string): string {
  const h = createHash('sha1').update(id).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The Qdrant filter of a payload filter plus exclusions (same semantics as `matchesPayload`). */
export function toQdrantFilter(filter: PayloadFilter | undefined, exclude?: ReadonlySet<string>): QdrantFilter | undefined {
  const must: unknown[] = [];
  const mustNot: unknown[] = [];
  if (filter?.years) must.push({ key: 'year', range: { gte: filter.years.min, lte: filter.years.max } });
  if (filter?.types?.length) must.push({ key: 'type', match: { any: filter.types } });
  if (filter?.statuses?.length) must.push({ key: 'status', match: { any: filter.statuses } });
  for (const tag of filter?.tags?.all ?? []) must.push({ key: 'tags', match: { value: tag } });
  if (filter?.tags?.any?.length) must.push({ key: 'tags', match: { any: filter.tags.any } });
  if (filter?.tags?.none?.length) mustNot.push({ key: 'tags', match: { any: filter.tags.none } });
  if (filter?.studios?.any?.length) must.push({ key: 'studios', match: { any: filter.studios.any } });
  if (filter?.studios?.none?.length) mustNot.push({ key: 'studios', match: { any: filter.studios.none } });
  if (filter?.score) must.push({ key: 'score', range: { gte: filter.score.min, lte: filter.score.max } });
  if (exclude?.size) mustNot.push({ has_id: [...exclude].map(pointIdOf) });
  if (!must.length && !mustNot.length) return undefined;
  return { ...(must.length ? { must } : {}), ...(mustNot.length ? { must_not: mustNot } : {}) };
}

/** Payload indexes with the right types, so filtered HNSW search stays fast. */
const PAYLOAD_INDEXES: Array<[keyof VectorPayload, 'integer' | 'keyword' | 'float']> = [
  ['id', 'keyword'],
  ['year', 'integer'],
  ['type', 'keyword'],
  ['status', 'keyword'],
  ['tags', 'keyword'],
  ['studios', 'keyword'],
  ['score', 'float'],
];

/**
 * The Qdrant vector store (distributed mode): searches the named vector of the served alias (or
 * one version's collection). Payload filters run inside Qdrant; the exact `accept` predicate is
 * checked on what comes back, with oversampling and a second, larger round when too few survive.
 */
export class QdrantVectorStore implements VectorStore {
  readonly kind = 'qdrant' as const;
  readonly client: QdrantClient;

  constructor(
    private readonly options: QdrantOptions,
    readonly dim: number,
    /** Collection or alias to read; default the served alias. */
    readonly collection: string = options.prefix ?? 'anime',
  ) {
    this.client = new QdrantClient({ url: options.url, ...(options.apiKey ? { apiKey: options.apiKey } : {}), checkCompatibility: false });
  }

  async count(space: VectorSpace): Promise<number> {
    const result = await this.client.count(this.collection, { exact: true, filter: { must: [{ has_vector: space }] } as never });
    return result.count;
  }

  async vector(id: string, space: VectorSpace): Promise<Float32Array | undefined> {
    const points = await this.client.retrieve(this.collection, { ids: [pointIdOf(id)], with_vector: [space], with_payload: false });
    const stored = (points[0]?.vector as Record<string, number[]> | undefined)?.[space];
    return stored ? Float32Array.from(stored) : undefined;
  }

  async search(query: VectorQuery): Promise<VectorHit[]> {
    if (query.k <= 0) return [];
    const filter = toQdrantFilter(query.payload, query.exclude);
    let limit = query.accept ? query.k * 4 : query.k;
    for (let round = 0; ; round++) {
      const result = await this.client.query(this.collection, {
        query: Array.from(query.vector),
        using: query.space,
        limit,
        ...(filter ? { filter: filter as never } : {}),
        with_payload: ['id'],
      });
      const hits = result.points
        .map((p) => ({ id: String((p.payload as { id?: unknown } | null)?.id), similarity: Math.round(p.score * 10000) / 10000 }))
        .filter((h) => !query.accept || query.accept(h.id));
      if (hits.length >= query.k || result.points.length < limit || round === 2) return hits.slice(0, query.k);
      limit *= 8;
    }
  }
}

/**
 * Writes one dataset version into its own collection (`<prefix>-<version>`: named vectors
 * text/picture/thumbnail, cosine, payload indexes, optional int8 quantisation). `activate`
 * switches the alias atomically — readers move to the new version in one step.
 */
export class QdrantVersionWriter implements VectorVersionWriter {
  private readonly client: QdrantClient;
  readonly collection: string;
  private created = false;

  constructor(
    private readonly options: QdrantOptions,
    private readonly dim: number,
    version: string,
  ) {
    this.client = new QdrantClient({ url: options.url, ...(options.apiKey ? { apiKey: options.apiKey } : {}), checkCompatibility: false });
    this.collection = `${options.prefix ?? 'anime'}-${version}`;
  }

  private async ensureCollection(): Promise<void> {
    if (this.created) return;
    if ((await this.client.collectionExists(this.collection)).exists) await this.client.deleteCollection(this.collection);
    const vectors = Object.fromEntries(VECTOR_SPACES.map((space) => [space, { size: this.dim, distance: 'Cosine' as const }]));
    await this.client.createCollection(this.collection, {
      vectors,
      ...(this.options.quantization ? { quantization_config: { scalar: { type: 'int8', quantile: 0.99, always_ram: true } } } : {}),
    });
    for (const [field, schema] of PAYLOAD_INDEXES) await this.client.createPayloadIndex(this.collection, { field_name: field, field_schema: schema, wait: true });
    this.created = true;
  }

  async add(records: readonly VectorRecord[]): Promise<void> {
    await this.ensureCollection();
    const points = records
      .filter((r) => Object.keys(r.vectors).length > 0)
      .map((r) => ({
        id: pointIdOf(r.payload.id),
        vector: Object.fromEntries(Object.entries(r.vectors).map(([space, v]) => [space, Array.from(v as Float32Array)])),
        payload: { ...r.payload },
      }));
    if (points.length) await this.client.upsert(this.collection, { wait: true, points });
  }

  /** Whether a collection exists (e.g. the previous version's). */
  async collectionExists(collection: string): Promise<boolean> {
    return (await this.client.collectionExists(collection)).exists;
  }

  /** Dimension of a collection's text vectors (0 when it has none). */
  async vectorSize(collection: string): Promise<number> {
    const info = await this.client.getCollection(collection);
    return (info.config.params.vectors as Record<string, { size: number }> | undefined)?.['text']?.size ?? 0;
  }

  /** Copies the points of `ids` (all their vectors) from a previous version's collection; answers the ids copied. */
  async carry(fromCollection: string, ids: readonly string[]): Promise<Set<string>> {
    await this.ensureCollection();
    const carried = new Set<string>();
    for (let i = 0; i < ids.length; i += 256) {
      const points = await this.client.retrieve(fromCollection, { ids: ids.slice(i, i + 256).map(pointIdOf), with_vector: true, with_payload: true });
      if (!points.length) continue;
      await this.client.upsert(this.collection, { wait: true, points: points.map((p) => ({ id: p.id, vector: p.vector as Record<string, number[]>, payload: p.payload ?? {} })) });
      for (const p of points) carried.add(String((p.payload as { id?: unknown } | null)?.id));
    }
    return carried;
  }

  async finish(): Promise<void> {
    await this.ensureCollection();
  }

  /** Points the served alias at this version's collection (one atomic alias update). */
  static async activate(options: QdrantOptions, version: string): Promise<void> {
    const client = new QdrantClient({ url: options.url, ...(options.apiKey ? { apiKey: options.apiKey } : {}), checkCompatibility: false });
    const alias = options.prefix ?? 'anime';
    await client.updateCollectionAliases({
      actions: [{ delete_alias: { alias_name: alias } }, { create_alias: { alias_name: alias, collection_name: `${alias}-${version}` } }] as never,
    });
  }
}
