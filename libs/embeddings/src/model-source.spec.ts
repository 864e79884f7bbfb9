import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ModelUnavailableError } from './model-errors';
import { requiredModelFiles, resolveModelSource } from './model-source';

describe('resolveModelSource', () => {
  it('treats absolute and ./relative paths as local directories, made absolute', () => {
    expect(resolveModelSource('/opt/models/clip', '/m')).toEqual({ kind: 'local', ref: '/opt/models/clip', dir: '/opt/models/clip' });
    expect(resolveModelSource('./models/clip', '/m')).toEqual({ kind: 'local', ref: resolve('models/clip'), dir: resolve('models/clip') });
  });

  it('looks hub ids up under MODELS_DIR/<id>', () => {
    expect(resolveModelSource('Xenova/clip-vit-base-patch32', '/var/models')).toEqual({ kind: 'hub', ref: 'Xenova/clip-vit-base-patch32', dir: '/var/models/Xenova/clip-vit-base-patch32' });
  });

  it('refuses values that are neither a directory nor a hub id', () => {
    expect(() => resolveModelSource('https://example.com/model', '/m')).toThrow(ModelUnavailableError);
    expect(() => resolveModelSource('https://example.com/model', '/m')).toThrow('CLIP_MODEL "https://example.com/model" is neither an existing directory nor a hub id');
  });

  it('names the tower files per dtype the way transformers.js looks for them', () => {
    expect(requiredModelFiles('q8')).toContain('onnx/vision_model_quantized.onnx');
    expect(requiredModelFiles('fp16')).toContain('onnx/text_model_fp16.onnx');
  });
});
