import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusteredVectors, jitterVector, mulberry32 } from '@anime/testing';
import { describeWhen } from '@anime/testing/vitest';
import { EmbeddedVectorStore } from './embedded-vector-store';
import { QdrantVectorStore, QdrantVersionWriter } from './qdrant-vector-store';
import type { VectorPayload, VectorRecord, VectorStore } from './vector-store.port';

const DIM = 512;
const N = 3000;
const TYPES = ['TV', 'MOVIE', 'OVA', 'ONA', 'SPECIAL'];
const TAGS = ['action', 'romance', 'mecha', 'comedy', 'drama', 'sports'];

/** A catalog-like set: clustered text vectors, pictures for ~80% of entries (the rest have none). */
function buildRecords(): VectorRecord[] {
  const rand = mulberry32(7);
  const text = clusteredVectors({ count: N, dim: DIM, clusters: 60, seed: 11 });
  const picture = clusteredVectors({ count: N, dim: DIM, clusters: 40, seed: 12 });
  return text.map((vector, i) => {
    const payload: VectorPayload = {
      id: `mal:${i + 1}`,
      year: 1980 + (i % 45),
      type: TYPES[i % TYPES.length] as string,
      status: i % 7 === 0 ? 'ONGOING' : 'FINISHED',
      tags: TAGS.filter(() => rand() < 0.3),
      studios: [i % 3 === 0 ? 'sunrise' : 'madhouse'],
      ...(i % 11 === 0 ? {} : { score: 5 + (i % 50) / 10 }),
    };
    return { payload, vectors: { text: vector, ...(i % 5 === 4 ? {} : { picture: picture[i] as Float32Array }) } };
  });
}

/** Float brute force over the records: the truth the stores are compared with. */
function bruteForce(records: VectorRecord[], space: 'text' | 'picture', query: Float32Array, k: number, keep: (p: VectorPayload) => boolean = () => true): string[] {
  return records
    .filter((r) => r.vectors[space] && keep(r.payload))
    .map((r) => ({ id: r.payload.id, s: dot(r.vectors[space] as Float32Array, query) }))
    .sort((a, b) => b.s - a.s)
    .slice(0, k)
    .map((h) => h.id);
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let d = 0; d < a.length; d++) s += (a[d] as number) * (b[d] as number);
  return s;
}

/** The one contract every vector store implementation passes. */
function vectorStoreContract(name: string, open: (records: VectorRecord[]) => Promise<{ store: VectorStore; close: () => Promise<void> }>): void {
  describe(`vector store contract: ${name}`, () => {
    const records = buildRecords();
    const byId = new Map(records.map((r) => [r.payload.id, r]));
    let store: VectorStore;
    let close: () => Promise<void>;
    beforeAll(async () => ({ store, close } = await open(records)), 120_000);
    afterAll(async () => close?.());

    it('counts vectors per space; an entry without a picture has no picture vector', async () => {
      expect(await store.count('text')).toBe(N);
      expect(await store.count('picture')).toBe(records.filter((r) => r.vectors.picture).length);
      expect(await store.count('thumbnail')).toBe(0);
      expect(await store.vector('mal:5', 'picture')).toBeUndefined();
      const stored = await store.vector('mal:1', 'text');
      expect(dot(stored as Float32Array, records[0]?.vectors.text as Float32Array)).toBeGreaterThan(0.999);
      expect(await store.vector('mal:999999', 'text')).toBeUndefined();
    });

    it('finds the entry a query is near first, best first, k at most', async () => {
      for (const i of [0, 17, 1234, 2999]) {
        const target = records[i] as VectorRecord;
        const hits = await store.search({ space: 'text', vector: jitterVector(target.vectors.text as Float32Array, 0.01, i), k: 10 });
        expect(hits).toHaveLength(10);
        expect(hits[0]?.id).toBe(target.payload.id);
        expect(hits[0]?.similarity).toBeGreaterThan(0.95);
        expect(hits.map((h) => h.similarity)).toEqual([...hits.map((h) => h.similarity)].sort((a, b) => b - a));
      }
    });

    it('agrees with float brute force (recall@10 ≥ 0.9 on clustered data)', async () => {
      let found = 0;
      for (let q = 0; q < 20; q++) {
        const query = jitterVector(records[(q * 149) % N]?.vectors.text as Float32Array, 0.4, 100 + q);
        const truth = new Set(bruteForce(records, 'text', query, 10));
        for (const hit of await store.search({ space: 'text', vector: query, k: 10 })) if (truth.has(hit.id)) found++;
      }
      expect(found / 200).toBeGreaterThanOrEqual(0.9);
    });

    it('never returns entries without a vector in the searched space', async () => {
      const query = jitterVector(records[4]?.vectors.text as Float32Array, 0.1, 3);
      const hits = await store.search({ space: 'picture', vector: query, k: 200 });
      expect(hits).toHaveLength(200);
      for (const hit of hits) expect(byId.get(hit.id)?.vectors.picture).toBeDefined();
    });

    it('applies payload filters (type, year, tags all/none, studios, score)', async () => {
      const filter = { types: ['MOVIE', 'OVA'], years: { min: 1990, max: 2010 }, tags: { all: ['action'], none: ['comedy'] }, studios: { any: ['madhouse'] }, score: { min: 6 } };
      const keep = (p: VectorPayload) =>
        ['MOVIE', 'OVA'].includes(p.type) && (p.year ?? 0) >= 1990 && (p.year ?? 0) <= 2010 && p.tags.includes('action') && !p.tags.includes('comedy') && p.studios.includes('madhouse') && (p.score ?? 0) >= 6;
      const query = jitterVector(records[42]?.vectors.text as Float32Array, 0.3, 9);
      const hits = await store.search({ space: 'text', vector: query, k: 5, payload: filter });
      expect(hits.length).toBe(5);
      for (const hit of hits) expect(keep(byId.get(hit.id)?.payload as VectorPayload), hit.id).toBe(true);
      expect(hits[0]?.id).toBe(bruteForce(records, 'text', query, 1, keep)[0]);
    });

    it('applies an exact accept predicate, for a few allowed entries and for most of them', async () => {
      const query = jitterVector(records[300]?.vectors.text as Float32Array, 0.3, 5);
      // A catalog that knows entries by position (the catalog index's fast path), in another order.
      const catalog = [...records].reverse().map((r) => r.payload);
      const position = new Map(catalog.map((p, i) => [p.id, i]));
      for (const keep of [(p: VectorPayload) => p.id.endsWith('7'), (p: VectorPayload) => !p.id.endsWith('0')]) {
        const byIdOnly = (id: string) => keep(byId.get(id)?.payload as VectorPayload);
        const withPositions = Object.assign(byIdOnly.bind(null), { byPosition: { positionOf: (id: string) => position.get(id), test: (i: number) => keep(catalog[i] as VectorPayload) } });
        for (const accept of [byIdOnly, withPositions]) {
          const hits = await store.search({ space: 'text', vector: query, k: 5, accept });
          expect(hits.map((h) => h.id)).toEqual(bruteForce(records, 'text', query, 5, keep));
        }
      }
    });

    it('leaves out excluded ids, and answers nothing when nothing passes', async () => {
      const target = records[10] as VectorRecord;
      const query = target.vectors.text as Float32Array;
      const hits = await store.search({ space: 'text', vector: query, k: 5, exclude: new Set([target.payload.id, 'mal:12']) });
      expect(hits.map((h) => h.id)).not.toContain(target.payload.id);
      expect(hits.map((h) => h.id)).not.toContain('mal:12');
      expect(hits).toHaveLength(5);
      expect(await store.search({ space: 'text', vector: query, k: 5, accept: () => false })).toEqual([]);
      expect(await store.search({ space: 'text', vector: query, k: 5, payload: { types: ['UNKNOWN'] } })).toEqual([]);
    });
  });
}

vectorStoreContract('embedded', async (records) => ({ store: EmbeddedVectorStore.fromRecords(DIM, records), close: async () => undefined }));

// The Qdrant store needs a Qdrant server (none on the CI machines): the suite runs where QDRANT_URL
// points at one, and is listed as skipped, with the reason, where it does not.
const qdrantUrl = process.env['QDRANT_URL'];
describeWhen(qdrantUrl, 'QDRANT_URL not set, no Qdrant server to test against')('the Qdrant vector store', () => {
  vectorStoreContract(qdrantUrl ? `qdrant at ${qdrantUrl}` : 'qdrant', async (records) => {
    const options = { url: qdrantUrl as string, prefix: `test-${process.pid}-${Date.now().toString(36)}` };
    const writer = new QdrantVersionWriter(options, DIM, '2026-01-01-abcdef12');
    for (let i = 0; i < records.length; i += 500) await writer.add(records.slice(i, i + 500));
    await writer.finish();
    const store = new QdrantVectorStore(options, DIM, writer.collection);
    return { store, close: async () => void (await store.client.deleteCollection(writer.collection)) };
  });
});
