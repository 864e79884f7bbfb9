import { MetricKind, exactSearch } from 'usearch';
import { matchesPayload } from './payload-filter';
import { dequantizeRow, quantizeRow } from './quantize';
import type { VectorHit, VectorPayload, VectorQuery, VectorSpace, VectorStore } from './vector-store.port';

/** One named space in memory: int8 rows with a scale each, and the id of every row. */
export interface QuantizedSpace {
  ids: string[];
  rows: Int8Array;
  scales: Float32Array;
}

/**
 * Above this share of allowed rows a filtered query searches everything with an oversampled k
 * and drops what the filter refuses; below it, it gathers the allowed rows and searches only
 * those. Both are exact (see D19 for the measurements).
 */
const GATHER_BELOW_SHARE = 0.5;

/**
 * The embedded vector store: exact cosine search over int8-quantised rows with usearch's SIMD
 * kernel (`exactSearch`), single-threaded so concurrent requests do not fight over 2 cores.
 * Exact rather than an ANN graph because it already meets the latency target at 40k × 512
 * (D19), recall is 1 against the stored rows, and filtered search needs no graph tricks.
 */
export class EmbeddedVectorStore implements VectorStore {
  readonly kind = 'embedded' as const;
  private readonly rowOf = new Map<VectorSpace, Map<string, number>>();
  private scratch = new Int8Array(0);
  private readonly queryRow: Int8Array;

  constructor(
    readonly dim: number,
    private readonly spaces: ReadonlyMap<VectorSpace, QuantizedSpace>,
    /** Payloads for `payload` filters; the service filters with `accept` instead and may omit them. */
    private readonly payloadOf?: (id: string) => VectorPayload | undefined,
  ) {
    for (const [space, data] of spaces) this.rowOf.set(space, new Map(data.ids.map((id, row) => [id, row])));
    this.queryRow = new Int8Array(dim);
  }

  /** Builds a store from float vectors (tests, small sets); production loads `readVectorSet`. */
  static fromRecords(dim: number, records: ReadonlyArray<{ payload: VectorPayload; vectors: Partial<Record<VectorSpace, Float32Array>> }>): EmbeddedVectorStore {
    const spaces = new Map<VectorSpace, QuantizedSpace>();
    for (const space of ['text', 'picture', 'thumbnail'] as const) {
      const withVector = records.filter((r) => r.vectors[space]);
      if (!withVector.length) continue;
      const rows = new Int8Array(withVector.length * dim);
      const scales = new Float32Array(withVector.length);
      withVector.forEach((r, i) => (scales[i] = quantizeRow(r.vectors[space] as Float32Array, rows, i * dim)));
      spaces.set(space, { ids: withVector.map((r) => r.payload.id), rows, scales });
    }
    const payloads = new Map(records.map((r) => [r.payload.id, r.payload]));
    return new EmbeddedVectorStore(dim, spaces, (id) => payloads.get(id));
  }

  async count(space: VectorSpace): Promise<number> {
    return this.spaces.get(space)?.ids.length ?? 0;
  }

  /** The quantised data of a space (for carrying unchanged rows into the next version). */
  space(space: VectorSpace): QuantizedSpace | undefined {
    return this.spaces.get(space);
  }

  /** Row of `id` in `space` (for carrying rows over), if it has a vector there. */
  rowIndex(space: VectorSpace, id: string): number | undefined {
    return this.rowOf.get(space)?.get(id);
  }

  async vector(id: string, space: VectorSpace): Promise<Float32Array | undefined> {
    const data = this.spaces.get(space);
    const row = this.rowOf.get(space)?.get(id);
    return data && row !== undefined ? dequantizeRow(data.rows, row * this.dim, this.dim, data.scales[row] as number) : undefined;
  }

  async search(query: VectorQuery): Promise<VectorHit[]> {
    return this.searchSync(query);
  }

  /** Synchronous search (the benchmark measures this path without promise overhead). */
  searchSync(query: VectorQuery): VectorHit[] {
    const data = this.spaces.get(query.space);
    if (!data || data.ids.length === 0 || query.k <= 0) return [];
    if (query.vector.length !== this.dim) throw new Error(`query vector has ${query.vector.length} dimensions, the store ${this.dim}`);
    quantizeRow(query.vector, this.queryRow, 0);
    const n = data.ids.length;
    const allowed = this.allowedRows(data, query);
    if (!allowed) return this.nearest(data.rows, n, query.k, (row) => data.ids[row] as string);
    if (allowed.length === 0) return [];
    if (allowed.length >= n * GATHER_BELOW_SHARE) {
      const mask = new Uint8Array(n);
      for (const row of allowed) mask[row] = 1;
      const oversampled = Math.min(n, Math.ceil((query.k * n) / allowed.length) * 2 + 8);
      const hits = this.nearest(data.rows, n, oversampled, (row) => (mask[row] ? (data.ids[row] as string) : undefined));
      if (hits.length >= Math.min(query.k, allowed.length)) return hits.slice(0, query.k);
    }
    return this.nearestAmong(data, allowed, query.k);
  }

  /** Rows passing filter and exclusions, or undefined when nothing restricts the query. */
  private allowedRows(data: QuantizedSpace, query: VectorQuery): Int32Array | undefined {
    const { accept, payload, exclude } = query;
    if (!accept && !payload && !exclude?.size) return undefined;
    const out = new Int32Array(data.ids.length);
    let count = 0;
    for (let row = 0; row < data.ids.length; row++) {
      const id = data.ids[row] as string;
      if (exclude?.has(id)) continue;
      if (accept) {
        if (!accept(id)) continue;
      } else if (payload) {
        const p = this.payloadOf?.(id);
        if (!p || !matchesPayload(p, payload)) continue;
      }
      out[count++] = row;
    }
    return out.subarray(0, count);
  }

  private nearest(rows: Int8Array, n: number, k: number, idOf: (row: number) => string | undefined): VectorHit[] {
    const found = exactSearch(rows.subarray(0, n * this.dim), this.queryRow, this.dim, Math.min(k, n), MetricKind.Cos, 1);
    const hits: VectorHit[] = [];
    for (let j = 0; j < found.keys.length; j++) {
      const id = idOf(Number(found.keys[j]));
      if (id !== undefined) hits.push({ id, similarity: round(1 - (found.distances[j] as number)) });
    }
    return hits;
  }

  private nearestAmong(data: QuantizedSpace, allowed: Int32Array, k: number): VectorHit[] {
    const need = allowed.length * this.dim;
    if (this.scratch.length < need) this.scratch = new Int8Array(need);
    for (let j = 0; j < allowed.length; j++) {
      const row = allowed[j] as number;
      this.scratch.set(data.rows.subarray(row * this.dim, (row + 1) * this.dim), j * this.dim);
    }
    return this.nearest(this.scratch, allowed.length, k, (j) => data.ids[allowed[j] as number]);
  }
}

const round = (x: number): number => Math.round(x * 10000) / 10000;
