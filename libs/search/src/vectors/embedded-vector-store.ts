import { MetricKind, exactSearch } from 'usearch';
import { matchesPayload } from './payload-filter';
import { dequantizeRow, quantizeRow } from './quantize';
import type { IdPredicate, VectorHit, VectorPayload, VectorQuery, VectorSpace, VectorStore } from './vector-store.port';

/** One named space in memory: int8 rows with a scale each, and the id of every row. */
export interface QuantizedSpace {
  ids: string[];
  rows: Int8Array;
  scales: Float32Array;
}

/**
 * From this estimated share of allowed rows up, a filtered query searches everything with an
 * oversampled k and tests only the candidates; below it, it tests every row and searches the
 * allowed ones. Both are exact (see D23 for the measurements).
 */
const POST_FILTER_ABOVE_SHARE = 0.1;
/** Rows tested to estimate a filter's share. */
const SHARE_SAMPLE = 256;

/** Share of rows a test allows, from an evenly spaced sample. */
function estimateShare(n: number, test: (row: number) => boolean): number {
  const step = Math.max(1, Math.floor(n / SHARE_SAMPLE));
  let tested = 0;
  let passed = 0;
  for (let row = 0; row < n; row += step, tested++) if (test(row)) passed++;
  return passed / tested;
}

/**
 * The embedded vector store: exact cosine search over int8-quantised rows with usearch's SIMD
 * kernel (`exactSearch`), single-threaded so concurrent requests do not fight over 2 cores.
 * Exact rather than an ANN graph because it already meets the latency target at 40k × 512
 * (D23), recall is 1 against the stored rows, and filtered search needs no graph tricks.
 */
export class EmbeddedVectorStore implements VectorStore {
  readonly kind = 'embedded' as const;
  private readonly rowOf = new Map<VectorSpace, Map<string, number>>();
  private scratch = new Int8Array(0);
  /** Catalog position of every row, per space, per catalog (keyed by its stable positionOf). */
  private readonly positions = new WeakMap<object, Map<VectorSpace, Int32Array>>();
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
    const test = this.rowTest(data, query);
    if (!test) return this.nearest(data.rows, n, query.k, (row) => data.ids[row] as string);
    // Broad filters: search everything with an oversampled k and test only the candidates.
    // Exact whenever k of them pass (anything allowed and nearer would be among them).
    const share = estimateShare(n, test);
    if (share >= POST_FILTER_ABOVE_SHARE) {
      const oversampled = Math.min(n, Math.ceil((query.k / share) * 2) + 8 + (query.exclude?.size ?? 0));
      const hits = this.nearest(data.rows, n, oversampled, (row) => (test(row) ? (data.ids[row] as string) : undefined));
      if (hits.length >= query.k || oversampled === n) return hits.slice(0, query.k);
    }
    // Selective filters (or too few survivors): test every row, search only the allowed ones.
    const allowed = new Int32Array(n);
    let count = 0;
    for (let row = 0; row < n; row++) if (test(row)) allowed[count++] = row;
    return count === 0 ? [] : this.nearestAmong(data, allowed.subarray(0, count), query.k);
  }

  /** The per-row test of a query's filter and exclusions, or undefined when nothing restricts it. */
  private rowTest(data: QuantizedSpace, query: VectorQuery): ((row: number) => boolean) | undefined {
    const { accept, payload, exclude } = query;
    if (!accept && !payload && !exclude?.size) return undefined;
    const excluded = (row: number): boolean => exclude !== undefined && exclude.size > 0 && exclude.has(data.ids[row] as string);
    if (accept?.byPosition) {
      const positions = this.positionsOf(query.space, data, accept.byPosition);
      const { test } = accept.byPosition;
      return (row) => {
        const position = positions[row] as number;
        return position >= 0 && test(position) && !excluded(row);
      };
    }
    if (accept) return (row) => accept(data.ids[row] as string) && !excluded(row);
    if (payload) {
      return (row) => {
        const p = this.payloadOf?.(data.ids[row] as string);
        return p !== undefined && matchesPayload(p, payload) && !excluded(row);
      };
    }
    return (row) => !excluded(row);
  }

  /** Row → catalog position (−1 when the catalog lacks the id), computed once per catalog and space. */
  private positionsOf(space: VectorSpace, data: QuantizedSpace, byPosition: NonNullable<IdPredicate['byPosition']>): Int32Array {
    let perSpace = this.positions.get(byPosition.positionOf);
    if (!perSpace) this.positions.set(byPosition.positionOf, (perSpace = new Map()));
    let positions = perSpace.get(space);
    if (!positions) {
      positions = Int32Array.from(data.ids, (id) => byPosition.positionOf(id) ?? -1);
      perSpace.set(space, positions);
    }
    return positions;
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
    // Copy runs of consecutive rows at once (filters often keep long stretches).
    for (let j = 0; j < allowed.length; ) {
      const first = allowed[j] as number;
      let end = j + 1;
      while (end < allowed.length && allowed[end] === first + (end - j)) end++;
      this.scratch.set(data.rows.subarray(first * this.dim, (first + end - j) * this.dim), j * this.dim);
      j = end;
    }
    return this.nearest(this.scratch, allowed.length, k, (j) => data.ids[allowed[j] as number]);
  }
}

const round = (x: number): number => Math.round(x * 10000) / 10000;
