import { createHash } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { PreTrainedModel, PreTrainedTokenizer, Processor, RawImage, Tensor } from '@huggingface/transformers';
import { ValidationError } from '@anime/contracts';
import { assertDeviceAvailable, type ClipDevice } from './execution-device';
import { ModelUnavailableError } from './model-errors';
import { assertModelFiles, resolveModelSource, towerFile, type ClipDtype, type ModelSource } from './model-source';

/** How to find and run the CLIP model. */
export interface ClipOptions {
  /** Hub id ("Xenova/clip-vit-base-patch32") or a local model directory (absolute or ./relative). */
  model: string;
  /** Cache directory for downloaded models (MODELS_DIR); hub ids are looked up here offline. */
  modelsDir: string;
  /** false = offline: only local directories and what MODELS_DIR already holds. */
  allowRemote: boolean;
  /** Weights precision; selects `onnx/<tower>_model{'',_fp16,_quantized}.onnx`. Default fp32. */
  dtype?: ClipDtype;
  /** Default cpu; cuda only when onnxruntime-node's CUDA provider is installed. */
  device?: ClipDevice;
  /** Download progress per file (only called while downloading). */
  onProgress?: (p: { file: string; loaded: number; total: number }) => void;
  /** Hub mirror base URL (HF_ENDPOINT-style); default https://huggingface.co/. */
  remoteHost?: string;
  /** Inputs per ONNX run; default 32. */
  batchSize?: number;
}

type Transformers = typeof import('@huggingface/transformers');
interface Towers {
  tokenizer: PreTrainedTokenizer;
  processor: Processor;
  text: PreTrainedModel;
  vision: PreTrainedModel;
}

const MAX_TOKENS = 77;
const DEFAULT_BATCH = 32;
/** transformers.js keeps its settings in one global `env`; loads take turns so they don't mix. */
let loadQueue: Promise<unknown> = Promise.resolve();

/**
 * CLIP text and image encoder on transformers.js (ONNX Runtime, CPU by default). Vectors are
 * L2-normalised so a dot product is the cosine similarity, and text and image vectors share one
 * space (that is what makes search by image and by description comparable).
 */
export class ClipEncoder {
  private constructor(
    private readonly t: Transformers,
    private readonly towers: Towers,
    readonly dim: number,
    readonly modelId: string,
    private readonly batchSize: number,
  ) {}

  /** Loads tokenizer, image processor and both towers; fails with ModelUnavailableError saying what to configure. */
  static async load(options: ClipOptions): Promise<ClipEncoder> {
    const dtype = options.dtype ?? 'fp32';
    const device = options.device ?? 'cpu';
    const source = resolveModelSource(options.model, options.modelsDir);
    assertModelFiles(source, dtype, options.allowRemote);
    assertDeviceAvailable(device);
    const t = await import('@huggingface/transformers');
    const turn = loadQueue.then(() => loadTowers(t, source, { ...options, dtype, device }));
    loadQueue = turn.catch(() => undefined);
    const towers = await turn;
    const dim = Number((towers.text.config as { projection_dim?: number }).projection_dim);
    if (!Number.isInteger(dim) || dim <= 0) {
      await Promise.all([towers.text.dispose(), towers.vision.dispose()]);
      throw new ModelUnavailableError(`CLIP model "${source.ref}" has no projection_dim in config.json`);
    }
    const modelId = source.kind === 'hub' ? `${source.ref}${dtype === 'fp32' ? '' : `:${dtype}`}` : await localModelId(source, dtype);
    return new ClipEncoder(t, towers, dim, modelId, options.batchSize ?? DEFAULT_BATCH);
  }

  /** Text vectors (one per text, same order); texts longer than CLIP's 77 tokens are truncated. */
  async embedTexts(texts: string[]): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += this.batchSize) {
      const inputs = this.towers.tokenizer(texts.slice(i, i + this.batchSize), { padding: true, truncation: true, max_length: MAX_TOKENS });
      const { text_embeds } = (await this.towers.text(inputs)) as { text_embeds: Tensor };
      out.push(...normalisedRows(text_embeds, this.dim));
    }
    return out;
  }

  /**
   * Image vectors from encoded bytes (JPEG, PNG, WebP, GIF — decoded by sharp, then CLIP's
   * resize/crop/normalise). An undecodable image throws ValidationError naming its index.
   */
  async embedImages(images: Uint8Array[]): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (let i = 0; i < images.length; i += this.batchSize) {
      const decoded = await Promise.all(images.slice(i, i + this.batchSize).map((bytes, j) => this.decode(bytes, i + j)));
      const { image_embeds } = (await this.towers.vision(await this.towers.processor(decoded))) as { image_embeds: Tensor };
      out.push(...normalisedRows(image_embeds, this.dim));
    }
    return out;
  }

  /** Releases the ONNX sessions. */
  async dispose(): Promise<void> {
    await Promise.all([this.towers.text.dispose(), this.towers.vision.dispose()]);
  }

  private async decode(bytes: Uint8Array, index: number): Promise<RawImage> {
    try {
      return await this.t.RawImage.fromBlob(new Blob([bytes]));
    } catch (error) {
      throw new ValidationError(`image ${index} could not be decoded (${(error as Error).message})`, { details: { index }, cause: error });
    }
  }
}

async function loadTowers(t: Transformers, source: ModelSource, o: ClipOptions & { dtype: ClipDtype; device: ClipDevice }): Promise<Towers> {
  const modelsDir = o.modelsDir;
  Object.assign(t.env, { allowRemoteModels: o.allowRemote, allowLocalModels: true, localModelPath: modelsDir, cacheDir: modelsDir });
  if (o.remoteHost) t.env.remoteHost = o.remoteHost;
  const onProgress = o.onProgress;
  const common = {
    cache_dir: modelsDir,
    local_files_only: !o.allowRemote,
    progress_callback: onProgress
      ? (p: { status: string; file?: string; loaded?: number; total?: number }): void => {
          if (p.status === 'progress' && p.file) onProgress({ file: p.file, loaded: p.loaded ?? 0, total: p.total ?? 0 });
        }
      : undefined,
  };
  try {
    const [tokenizer, processor] = await Promise.all([t.AutoTokenizer.from_pretrained(source.ref, common), t.AutoProcessor.from_pretrained(source.ref, common)]);
    const towerOptions = { ...common, dtype: o.dtype, device: o.device };
    const text = await t.CLIPTextModelWithProjection.from_pretrained(source.ref, towerOptions);
    const vision = await t.CLIPVisionModelWithProjection.from_pretrained(source.ref, towerOptions).catch(async (error: unknown) => {
      await text.dispose();
      throw error;
    });
    return { tokenizer, processor, text, vision };
  } catch (error) {
    throw new ModelUnavailableError(`CLIP model "${source.ref}" could not be loaded (dtype ${o.dtype}, device ${o.device}): ${(error as Error).message}`, {
      details: { model: source.ref, dtype: o.dtype, device: o.device },
      cause: error,
    });
  }
}

function normalisedRows(tensor: Tensor, dim: number): Float32Array[] {
  const data = tensor.data as Float32Array;
  const rows: Float32Array[] = [];
  for (let offset = 0; offset < data.length; offset += dim) {
    const row = Float32Array.from(data.subarray(offset, offset + dim));
    const norm = Math.hypot(...row);
    if (norm > 0) for (let i = 0; i < row.length; i++) row[i] /= norm;
    rows.push(row);
  }
  return rows;
}

/**
 * A stable id for a local model directory: its name plus a digest of config.json and the head,
 * tail and size of each ONNX file — distinguishes retrained/regenerated weights without reading
 * hundreds of MB at every boot.
 */
async function localModelId(source: ModelSource, dtype: ClipDtype): Promise<string> {
  const hash = createHash('sha256').update(await readFile(join(source.dir, 'config.json')));
  for (const tower of ['text', 'vision'] as const) {
    const file = await open(join(source.dir, towerFile(tower, dtype)));
    try {
      const { size } = await file.stat();
      const span = Math.min(size, 1 << 20);
      const head = Buffer.alloc(span);
      const tail = Buffer.alloc(span);
      await file.read(head, 0, span, 0);
      await file.read(tail, 0, span, size - span);
      hash.update(`${size}`).update(head).update(tail);
    } finally {
      await file.close();
    }
  }
  return `local:${basename(source.dir)}:${hash.digest('hex').slice(0, 12)}${dtype === 'fp32' ? '' : `:${dtype}`}`;
}
