/**
 * Row quantisation for stored vectors: int8 with one float scale per row. Cosine ranking is
 * unaffected by a per-row scale, so the embedded store searches the int8 rows directly
 * (usearch's SIMD cosine kernel) at a quarter of the memory of float32.
 */
export function quantizeRow(vector: Float32Array, into: Int8Array, offset: number): number {
  let max = 0;
  for (let d = 0; d < vector.length; d++) max = Math.max(max, Math.abs(vector[d] as number));
  const scale = max > 0 ? max / 127 : 1;
  for (let d = 0; d < vector.length; d++) into[offset + d] = Math.round((vector[d] as number) / scale);
  return scale;
}

/** Back to float32, L2-normalised (the stored direction, as close as int8 keeps it). */
export function dequantizeRow(rows: Int8Array, offset: number, dim: number, scale: number): Float32Array {
  const out = new Float32Array(dim);
  let norm = 0;
  for (let d = 0; d < dim; d++) {
    const x = (rows[offset + d] as number) * scale;
    out[d] = x;
    norm += x * x;
  }
  norm = Math.sqrt(norm) || 1;
  for (let d = 0; d < dim; d++) out[d] = (out[d] as number) / norm;
  return out;
}

/** Scales a vector to unit length (a copy), so similarities are cosines. */
export function normalize(vector: Float32Array): Float32Array {
  let norm = 0;
  for (const x of vector) norm += x * x;
  norm = Math.sqrt(norm);
  if (!(norm > 0)) throw new Error('cannot normalise a zero vector');
  return vector.map((x) => x / norm);
}
