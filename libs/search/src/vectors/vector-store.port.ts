/** The named vector spaces of an entry: CLIP text of its metadata, and its two images. */
export const VECTOR_SPACES = ['text', 'picture', 'thumbnail'] as const;
export type VectorSpace = (typeof VECTOR_SPACES)[number];

/** Filterable fields stored beside the vectors (Qdrant payload; embedded stores evaluate `accept`). */
export interface VectorPayload {
  id: string;
  year?: number;
  type: string;
  status: string;
  tags: string[];
  studios: string[];
  score?: number;
}

/** One entry's vectors. A missing image has no vector at all (never a zero vector). */
export interface VectorRecord {
  payload: VectorPayload;
  vectors: Partial<Record<VectorSpace, Float32Array>>;
}

/** Payload-level pre-filter (what Qdrant can index); every field optional, all must hold. */
export interface PayloadFilter {
  years?: { min?: number; max?: number };
  types?: string[];
  statuses?: string[];
  tags?: { all?: string[]; any?: string[]; none?: string[] };
  studios?: { any?: string[]; none?: string[] };
  score?: { min?: number; max?: number };
}

/**
 * An exact filter on catalog ids. `byPosition` is an optional fast path: the same predicate on
 * positions in the caller's catalog, plus the position of each id, so an embedded store can map
 * its rows to positions once and test rows without an id lookup per row.
 */
export interface IdPredicate {
  (id: string): boolean;
  byPosition?: { positionOf: (id: string) => number | undefined; test: (position: number) => boolean };
}

export interface VectorQuery {
  space: VectorSpace;
  /** L2-normalised query vector of the store's dimension. */
  vector: Float32Array;
  k: number;
  /**
   * The exact filter (the catalog's lexical filter predicate, so both rankings agree). When it is
   * given it is authoritative: `payload` is then only a pre-filter hint for stores that index
   * payloads (Qdrant), checked again by `accept` on what comes back.
   */
  accept?: IdPredicate;
  /** Payload filter; on its own it is the filter, beside `accept` a pre-filter hint. */
  payload?: PayloadFilter;
  /** Ids never returned (the query entry itself, its franchise). */
  exclude?: ReadonlySet<string>;
}

export interface VectorHit {
  id: string;
  /** Cosine similarity in [-1, 1]. */
  similarity: number;
}

/**
 * The vector-store port: search one named space of one dataset version. Two implementations
 * (embedded, Qdrant) pass the same contract suite (`vector-store.contract.ts`).
 */
export interface VectorStore {
  readonly kind: 'embedded' | 'qdrant';
  readonly dim: number;
  /** How many entries have a vector in `space`. */
  count(space: VectorSpace): Promise<number>;
  /** The stored vector of `id` in `space`, if it has one. */
  vector(id: string, space: VectorSpace): Promise<Float32Array | undefined>;
  /** The `k` nearest entries (cosine), best first, honouring filter and exclusions. */
  search(query: VectorQuery): Promise<VectorHit[]>;
}

/** Writes the vectors of one new dataset version; nothing is served until it is activated. */
export interface VectorVersionWriter {
  add(records: readonly VectorRecord[]): Promise<void>;
  /** Makes the written vectors durable (still not served). */
  finish(): Promise<void>;
}
