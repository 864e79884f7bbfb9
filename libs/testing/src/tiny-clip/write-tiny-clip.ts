import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mulberry32 } from '../dataset-builder/random';
import { buildClipTokenizer } from './clip-tokenizer';
import { buildTextTower, buildVisionTower } from './clip-towers';

/** Shape of the generated model; the defaults give the tiny (< 2 MB) test model. */
export interface TinyClipOptions {
  /** PRNG seed for the weights; the same seed gives byte-identical files. Default 1. */
  seed?: number;
  /** Size of the text/image embeddings. Default 512 (as ViT-B/32). */
  projectionDim?: number;
  textHidden?: number;
  textHeads?: number;
  textLayers?: number;
  visionHidden?: number;
  visionHeads?: number;
  visionLayers?: number;
  /** MLP width as a multiple of the hidden size (CLIP uses 4). Default 2. */
  mlpRatio?: number;
}

/** ViT-B/32's tower sizes (text 512×12 layers, vision 768×12 layers) for latency estimates. */
export const VIT_B32_SIZES: Required<Omit<TinyClipOptions, 'seed' | 'projectionDim'>> = {
  textHidden: 512,
  textHeads: 8,
  textLayers: 12,
  visionHidden: 768,
  visionHeads: 12,
  visionLayers: 12,
  mlpRatio: 4,
};

const IMAGE_SIZE = 224;
const PATCH_SIZE = 32;
const MAX_POSITIONS = 77;

/**
 * Writes a randomly initialised CLIP-architecture model in the transformers.js layout
 * (`config.json`, `preprocessor_config.json`, `tokenizer.json`, `tokenizer_config.json`,
 * `onnx/text_model.onnx`, `onnx/vision_model.onnx`). Real CLIP weights cannot be fetched on
 * these machines; this lets tests run the real loading, preprocessing and ONNX inference path
 * offline. Returns `dir`.
 */
export async function writeTinyClip(dir: string, options: TinyClipOptions = {}): Promise<string> {
  const o = { seed: 1, projectionDim: 512, textHidden: 32, textHeads: 4, textLayers: 2, visionHidden: 32, visionHeads: 4, visionLayers: 2, mlpRatio: 2, ...options };
  const random = mulberry32(o.seed);
  const tok = buildClipTokenizer(MAX_POSITIONS);
  const text = { hidden: o.textHidden, heads: o.textHeads, layers: o.textLayers, intermediate: o.textHidden * o.mlpRatio };
  const vision = { hidden: o.visionHidden, heads: o.visionHeads, layers: o.visionLayers, intermediate: o.visionHidden * o.mlpRatio };

  const textModel = buildTextTower(random, { ...text, vocabSize: tok.vocabSize, maxPositions: MAX_POSITIONS, eosTokenId: tok.eosTokenId, projectionDim: o.projectionDim });
  const visionModel = buildVisionTower(random, { ...vision, imageSize: IMAGE_SIZE, patchSize: PATCH_SIZE, projectionDim: o.projectionDim });

  const config = {
    architectures: ['CLIPModel'],
    model_type: 'clip',
    projection_dim: o.projectionDim,
    logit_scale_init_value: 2.6592,
    text_config: {
      model_type: 'clip_text_model',
      hidden_size: text.hidden,
      intermediate_size: text.intermediate,
      num_attention_heads: text.heads,
      num_hidden_layers: text.layers,
      max_position_embeddings: MAX_POSITIONS,
      vocab_size: tok.vocabSize,
      hidden_act: 'quick_gelu',
      bos_token_id: tok.bosTokenId,
      eos_token_id: tok.eosTokenId,
      pad_token_id: tok.eosTokenId,
      projection_dim: o.projectionDim,
    },
    vision_config: {
      model_type: 'clip_vision_model',
      hidden_size: vision.hidden,
      intermediate_size: vision.intermediate,
      num_attention_heads: vision.heads,
      num_hidden_layers: vision.layers,
      image_size: IMAGE_SIZE,
      patch_size: PATCH_SIZE,
      num_channels: 3,
      hidden_act: 'quick_gelu',
      projection_dim: o.projectionDim,
    },
  };
  // The real CLIP preprocessing: resize shortest edge (bicubic), centre crop, rescale, normalise.
  const preprocessor = {
    crop_size: { height: IMAGE_SIZE, width: IMAGE_SIZE },
    do_center_crop: true,
    do_convert_rgb: true,
    do_normalize: true,
    do_rescale: true,
    do_resize: true,
    feature_extractor_type: 'CLIPFeatureExtractor',
    image_processor_type: 'CLIPImageProcessor',
    image_mean: [0.48145466, 0.4578275, 0.40821073],
    image_std: [0.26862954, 0.26130258, 0.27577711],
    resample: 3,
    rescale_factor: 1 / 255,
    size: { shortest_edge: IMAGE_SIZE },
  };

  await mkdir(join(dir, 'onnx'), { recursive: true });
  const json = (value: object): string => `${JSON.stringify(value, null, 2)}\n`;
  await Promise.all([
    writeFile(join(dir, 'config.json'), json(config)),
    writeFile(join(dir, 'preprocessor_config.json'), json(preprocessor)),
    writeFile(join(dir, 'tokenizer.json'), JSON.stringify(tok.tokenizer)),
    writeFile(join(dir, 'tokenizer_config.json'), json(tok.tokenizerConfig)),
    writeFile(join(dir, 'onnx', 'text_model.onnx'), textModel),
    writeFile(join(dir, 'onnx', 'vision_model.onnx'), visionModel),
  ]);
  return dir;
}
