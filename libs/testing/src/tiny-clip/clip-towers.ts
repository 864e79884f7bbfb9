import { float, OnnxGraph } from './onnx-graph';

/** Sizes of one transformer tower (CLIP's text or vision encoder). */
export interface TowerSize {
  hidden: number;
  heads: number;
  layers: number;
  intermediate: number;
}

export interface TextTowerSpec extends TowerSize {
  vocabSize: number;
  maxPositions: number;
  eosTokenId: number;
  projectionDim: number;
}

export interface VisionTowerSpec extends TowerSize {
  imageSize: number;
  patchSize: number;
  projectionDim: number;
}

const LN_EPSILON = 1e-5;
/** Additive attention bias for masked positions: large enough to zero a softmax weight, finite in fp32. */
const MASKED = -1e9;

/**
 * CLIPTextModelWithProjection as ONNX: token + position embeddings, pre-LN layers with a causal
 * mask (and the padding mask), final LN, pooling at the first end-of-text token, projection.
 * Inputs/outputs are the names transformers.js feeds and reads: `input_ids`, `attention_mask`
 * → `text_embeds`.
 */
export function buildTextTower(random: () => number, spec: TextTowerSpec): Uint8Array {
  const g = new OnnxGraph(random);
  const { hidden, maxPositions } = spec;
  const seqLen = g.op('Gather', [g.op('Shape', ['input_ids']), g.int64([1])], { axis: 0 }); // [1]

  const tokens = g.op('Gather', [g.weight([spec.vocabSize, hidden], 0.5), 'input_ids'], { axis: 0 });
  const positions = g.op('Slice', [g.weight([maxPositions, hidden], 0.5), g.int64([0]), seqLen, g.int64([0])]);
  let x = g.op('Add', [tokens, positions]);

  // Causal bias [S,S] sliced from a constant [P,P]; padding bias [B,1,1,S] from the mask.
  const causal = new Float32Array(maxPositions * maxPositions);
  for (let row = 0; row < maxPositions; row++) causal.fill(MASKED, row * maxPositions + row + 1, (row + 1) * maxPositions);
  const square = g.op('Concat', [seqLen, seqLen], { axis: 0 });
  const causalBias = g.op('Slice', [g.floats([maxPositions, maxPositions], causal), g.int64([0, 0]), square, g.int64([0, 1])]);
  const keep = g.op('Cast', [g.op('Unsqueeze', ['attention_mask', g.int64([1, 2])])], { to: 1 });
  const paddingBias = g.op('Mul', [g.op('Sub', [g.filled([], 1), keep]), g.filled([], MASKED)]);
  const bias = g.op('Add', [causalBias, paddingBias]);

  for (let layer = 0; layer < spec.layers; layer++) x = encoderLayer(g, x, spec, bias);
  x = layerNorm(g, x, hidden);

  // Pool at the first end-of-text token (padding is end-of-text too, so the first one is the real end).
  const isEos = g.op('Cast', [g.op('Equal', ['input_ids', g.int64([spec.eosTokenId], [])])], { to: 1 });
  const eosIndex = g.op('ArgMax', [isEos], { axis: 1, keepdims: 1, select_last_index: 0 });
  const pooled = g.op('GatherND', [x, eosIndex], { batch_dims: 1 });
  const embeds = g.op('MatMul', [pooled, g.weight([hidden, spec.projectionDim], 1 / Math.sqrt(hidden))]);

  return g.encode(
    'clip_text_model',
    [
      { name: 'input_ids', type: 'int64', shape: ['batch_size', 'sequence_length'] },
      { name: 'attention_mask', type: 'int64', shape: ['batch_size', 'sequence_length'] },
    ],
    [{ spec: { name: 'text_embeds', type: 'float32', shape: ['batch_size', spec.projectionDim] }, from: embeds }],
  );
}

/**
 * CLIPVisionModelWithProjection as ONNX: patch convolution (no bias), class token, position
 * embeddings, pre-LN, encoder layers, post-LN on the class token, projection.
 * `pixel_values` [B,3,H,W] → `image_embeds`.
 */
export function buildVisionTower(random: () => number, spec: VisionTowerSpec): Uint8Array {
  const g = new OnnxGraph(random);
  const { hidden, patchSize, imageSize } = spec;
  const patches = (imageSize / patchSize) ** 2;

  const conv = g.op('Conv', ['pixel_values', g.weight([hidden, 3, patchSize, patchSize], 1 / Math.sqrt(3 * patchSize * patchSize))], {
    kernel_shape: [patchSize, patchSize],
    strides: [patchSize, patchSize],
  });
  const tokens = g.op('Transpose', [g.op('Reshape', [conv, g.int64([0, 0, -1])])], { perm: [0, 2, 1] }); // [B,N,H]
  const batch = g.op('Gather', [g.op('Shape', ['pixel_values']), g.int64([0])], { axis: 0 });
  const classShape = g.op('Concat', [batch, g.int64([1, hidden])], { axis: 0 });
  const classToken = g.op('Expand', [g.weight([1, 1, hidden], 0.5), classShape]);
  let x = g.op('Concat', [classToken, tokens], { axis: 1 });
  x = g.op('Add', [x, g.weight([patches + 1, hidden], 0.5)]);
  x = layerNorm(g, x, hidden); // CLIP's pre_layrnorm

  for (let layer = 0; layer < spec.layers; layer++) x = encoderLayer(g, x, spec);

  const pooled = layerNorm(g, g.op('Gather', [x, g.int64([0], [])], { axis: 1 }), hidden); // class token, post-LN
  const embeds = g.op('MatMul', [pooled, g.weight([hidden, spec.projectionDim], 1 / Math.sqrt(hidden))]);

  return g.encode(
    'clip_vision_model',
    [{ name: 'pixel_values', type: 'float32', shape: ['batch_size', 3, imageSize, imageSize] }],
    [{ spec: { name: 'image_embeds', type: 'float32', shape: ['batch_size', spec.projectionDim] }, from: embeds }],
  );
}

/** One pre-LN CLIP encoder layer: x + attention(LN(x)), then x + MLP(LN(x)) with quick_gelu. */
function encoderLayer(g: OnnxGraph, x: string, size: TowerSize, bias?: string): string {
  const attended = g.op('Add', [x, selfAttention(g, layerNorm(g, x, size.hidden), size, bias)]);
  const h = linear(g, layerNorm(g, attended, size.hidden), size.hidden, size.intermediate);
  const quickGelu = g.op('Mul', [h, g.op('Sigmoid', [g.op('Mul', [h, g.filled([], 1.702)])])]);
  return g.op('Add', [attended, linear(g, quickGelu, size.intermediate, size.hidden)]);
}

function selfAttention(g: OnnxGraph, x: string, { hidden, heads }: TowerSize, bias?: string): string {
  const headDim = hidden / heads;
  const split = g.int64([0, 0, heads, headDim]);
  const q = g.op('Transpose', [g.op('Reshape', [linear(g, x, hidden, hidden), split])], { perm: [0, 2, 1, 3] });
  const kT = g.op('Transpose', [g.op('Reshape', [linear(g, x, hidden, hidden), split])], { perm: [0, 2, 3, 1] });
  const v = g.op('Transpose', [g.op('Reshape', [linear(g, x, hidden, hidden), split])], { perm: [0, 2, 1, 3] });
  let scores = g.op('Mul', [g.op('MatMul', [q, kT]), g.filled([], 1 / Math.sqrt(headDim))]);
  if (bias) scores = g.op('Add', [scores, bias]);
  const context = g.op('MatMul', [g.op('Softmax', [scores], { axis: -1 }), v]);
  const merged = g.op('Reshape', [g.op('Transpose', [context], { perm: [0, 2, 1, 3] }), g.int64([0, 0, hidden])]);
  return linear(g, merged, hidden, hidden);
}

function linear(g: OnnxGraph, x: string, inDim: number, outDim: number): string {
  return g.op('Add', [g.op('MatMul', [x, g.weight([inDim, outDim], 1 / Math.sqrt(inDim))]), g.weight([outDim], 0.02)]);
}

function layerNorm(g: OnnxGraph, x: string, hidden: number): string {
  return g.op('LayerNormalization', [x, g.filled([hidden], 1), g.filled([hidden], 0)], { axis: -1, epsilon: float(LN_EPSILON) });
}
