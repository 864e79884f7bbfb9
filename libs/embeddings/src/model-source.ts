import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { ModelUnavailableError } from './model-errors';

export type ClipDtype = 'fp32' | 'fp16' | 'q8';

/** Where the model files come from: a local directory, or a hub id (cached under MODELS_DIR). */
export interface ModelSource {
  kind: 'local' | 'hub';
  /** What transformers.js is given: an absolute directory, or the hub id. */
  ref: string;
  /** The directory the files are (or will be, after a download) in. */
  dir: string;
}

/** transformers.js's file-name suffix per dtype (`onnx/text_model_fp16.onnx`, `…_quantized.onnx`). */
const DTYPE_SUFFIX: Record<ClipDtype, string> = { fp32: '', fp16: '_fp16', q8: '_quantized' };

/** Relative path of one tower's ONNX file at this dtype. */
export function towerFile(tower: 'text' | 'vision', dtype: ClipDtype): string {
  return `onnx/${tower}_model${DTYPE_SUFFIX[dtype]}.onnx`;
}

/** The files a CLIP model directory must hold for both towers at this dtype. */
export function requiredModelFiles(dtype: ClipDtype): string[] {
  return ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'preprocessor_config.json', towerFile('text', dtype), towerFile('vision', dtype)];
}

/**
 * Tells a local model directory from a hub id. Paths (absolute, `./`, `../`, or an existing
 * directory) are local and made absolute — transformers.js would otherwise read a relative path
 * that looks like `owner/name` as a hub id.
 */
export function resolveModelSource(model: string, modelsDir: string): ModelSource {
  const looksLikePath = isAbsolute(model) || model.startsWith('./') || model.startsWith('../') || model === '.';
  if (looksLikePath || existsSync(resolve(model))) {
    const dir = resolve(model);
    return { kind: 'local', ref: dir, dir };
  }
  if (!/^[\w.-]+(\/[\w.-]+)?$/.test(model)) {
    throw new ModelUnavailableError(`CLIP_MODEL "${model}" is neither an existing directory nor a hub id like "Xenova/clip-vit-base-patch32"`, { details: { model } });
  }
  return { kind: 'hub', ref: model, dir: join(resolve(modelsDir), model) };
}

/** Throws a ModelUnavailableError naming the missing files and how to fix the configuration. */
export function assertModelFiles(source: ModelSource, dtype: ClipDtype, allowRemote: boolean): void {
  if (source.kind === 'hub' && allowRemote) return; // missing files are downloaded
  const missing = requiredModelFiles(dtype).filter((file) => !existsSync(join(source.dir, file)));
  if (missing.length === 0) return;
  const details = { model: source.ref, dir: source.dir, dtype, missing };
  if (source.kind === 'local') {
    throw new ModelUnavailableError(
      `CLIP model directory ${source.dir} lacks ${missing.join(', ')} (dtype ${dtype}). Point CLIP_MODEL at a transformers.js model directory (config.json, tokenizer files, onnx/text_model*.onnx, onnx/vision_model*.onnx).`,
      { details },
    );
  }
  throw new ModelUnavailableError(
    `CLIP model "${source.ref}" is not in MODELS_DIR (${source.dir} lacks ${missing.join(', ')}) and remote downloads are off. ` +
      `Download it once with remote downloads allowed, copy a downloaded model into MODELS_DIR/${source.ref}, or set CLIP_MODEL to a local model directory (an absolute path or ./relative).`,
    { details },
  );
}
