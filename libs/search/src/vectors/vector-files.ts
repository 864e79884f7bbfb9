import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { EmbeddedVectorStore, type QuantizedSpace } from './embedded-vector-store';
import { quantizeRow } from './quantize';
import { VECTOR_SPACES, type VectorPayload, type VectorRecord, type VectorSpace, type VectorVersionWriter } from './vector-store.port';

/** Folder of a dataset version that holds its vectors. */
export const VECTORS_DIR = 'vectors';

const ManifestSchema = z.object({
  format: z.literal(1),
  modelId: z.string(),
  dim: z.number().int().positive(),
  createdAt: z.string(),
  spaces: z.partialRecord(z.enum(VECTOR_SPACES), z.object({ count: z.number().int().min(0) })),
});
/** What a version's vectors were made with (a different model means re-embedding everything). */
export type VectorManifest = z.infer<typeof ManifestSchema>;

/** Reads the manifest of a version's vectors, or undefined when the version has none. */
export async function readVectorManifest(versionDir: string): Promise<VectorManifest | undefined> {
  try {
    return ManifestSchema.parse(JSON.parse(await readFile(join(versionDir, VECTORS_DIR, 'manifest.json'), 'utf8')));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`vectors of ${versionDir} are unreadable: ${(error as Error).message}`);
  }
}

/**
 * Loads a version's vectors into an embedded store: per space `<space>.ids.json`, `<space>.i8`
 * (count × dim int8 rows) and `<space>.scale.f32` (one scale per row). Compact (a quarter of
 * float32) and loaded without parsing numbers.
 */
export async function readVectorSet(versionDir: string, payloadOf?: (id: string) => VectorPayload | undefined): Promise<{ manifest: VectorManifest; store: EmbeddedVectorStore } | undefined> {
  const manifest = await readVectorManifest(versionDir);
  if (!manifest) return undefined;
  const dir = join(versionDir, VECTORS_DIR);
  const spaces = new Map<VectorSpace, QuantizedSpace>();
  for (const [space, { count }] of Object.entries(manifest.spaces) as Array<[VectorSpace, { count: number }]>) {
    const ids = z.array(z.string()).parse(JSON.parse(await readFile(join(dir, `${space}.ids.json`), 'utf8')));
    const rowBytes = await readFile(join(dir, `${space}.i8`));
    const scaleBytes = await readFile(join(dir, `${space}.scale.f32`));
    if (ids.length !== count || rowBytes.length !== count * manifest.dim || scaleBytes.length !== count * 4) {
      throw new Error(`vectors of ${versionDir} are corrupt: ${space} has ${ids.length} ids, ${rowBytes.length} row bytes, ${scaleBytes.length} scale bytes for ${count} × ${manifest.dim}`);
    }
    const rows = new Int8Array(rowBytes.buffer, rowBytes.byteOffset, rowBytes.length);
    const scales = new Float32Array(scaleBytes.buffer.slice(scaleBytes.byteOffset, scaleBytes.byteOffset + scaleBytes.length));
    spaces.set(space, { ids, rows, scales });
  }
  return { manifest, store: new EmbeddedVectorStore(manifest.dim, spaces, payloadOf) };
}

/** Growable int8 rows of one space while a version is written. */
class SpaceBuffer {
  ids: string[] = [];
  rows: Int8Array;
  scales: Float32Array;
  constructor(private readonly dim: number) {
    this.rows = new Int8Array(1024 * dim);
    this.scales = new Float32Array(1024);
  }
  private reserve(): number {
    const row = this.ids.length;
    if (row >= this.scales.length) {
      const rows = new Int8Array(this.rows.length * 2);
      rows.set(this.rows);
      const scales = new Float32Array(this.scales.length * 2);
      scales.set(this.scales);
      this.rows = rows;
      this.scales = scales;
    }
    return row;
  }
  addFloat(id: string, vector: Float32Array): void {
    const row = this.reserve();
    this.scales[row] = quantizeRow(vector, this.rows, row * this.dim);
    this.ids.push(id);
  }
  addQuantized(id: string, from: QuantizedSpace, fromRow: number): void {
    const row = this.reserve();
    this.rows.set(from.rows.subarray(fromRow * this.dim, (fromRow + 1) * this.dim), row * this.dim);
    this.scales[row] = from.scales[fromRow] as number;
    this.ids.push(id);
  }
}

/**
 * Writes a version's vectors into `<versionDir>/vectors` (temp folder + rename, so a reader never
 * sees half a set). Unchanged entries are carried over as their stored int8 rows, bit for bit.
 */
export class EmbeddedVectorWriter implements VectorVersionWriter {
  private readonly spaces = new Map<VectorSpace, SpaceBuffer>();

  constructor(
    private readonly versionDir: string,
    private readonly dim: number,
    private readonly modelId: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private buffer(space: VectorSpace): SpaceBuffer {
    let buffer = this.spaces.get(space);
    if (!buffer) this.spaces.set(space, (buffer = new SpaceBuffer(this.dim)));
    return buffer;
  }

  async add(records: readonly VectorRecord[]): Promise<void> {
    for (const record of records) {
      for (const space of VECTOR_SPACES) {
        const vector = record.vectors[space];
        if (!vector) continue;
        if (vector.length !== this.dim) throw new Error(`${record.payload.id}: ${space} vector has ${vector.length} dimensions, expected ${this.dim}`);
        this.buffer(space).addFloat(record.payload.id, vector);
      }
    }
  }

  /** Copies `id`'s rows from the previous version's store (every space it has); false when it has none. */
  carry(id: string, previous: EmbeddedVectorStore): boolean {
    let carried = false;
    for (const space of VECTOR_SPACES) {
      const data = previous.space(space);
      const row = previous.rowIndex(space, id);
      if (!data || row === undefined) continue;
      this.buffer(space).addQuantized(id, data, row);
      carried = true;
    }
    return carried;
  }

  async finish(): Promise<void> {
    const target = join(this.versionDir, VECTORS_DIR);
    const tmp = `${target}.tmp-${process.pid}`;
    await rm(tmp, { recursive: true, force: true });
    await mkdir(tmp, { recursive: true });
    const spaces: VectorManifest['spaces'] = {};
    for (const [space, buffer] of this.spaces) {
      const count = buffer.ids.length;
      await writeFile(join(tmp, `${space}.ids.json`), JSON.stringify(buffer.ids));
      await writeFile(join(tmp, `${space}.i8`), new Uint8Array(buffer.rows.buffer, 0, count * this.dim));
      await writeFile(join(tmp, `${space}.scale.f32`), new Uint8Array(buffer.scales.buffer, 0, count * 4));
      spaces[space] = { count };
    }
    const manifest: VectorManifest = { format: 1, modelId: this.modelId, dim: this.dim, createdAt: this.now().toISOString(), spaces };
    await writeFile(join(tmp, 'manifest.json'), JSON.stringify(manifest, null, 2));
    await rm(target, { recursive: true, force: true });
    await rename(tmp, target);
  }
}
