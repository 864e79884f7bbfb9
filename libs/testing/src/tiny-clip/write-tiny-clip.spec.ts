import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AutoProcessor, AutoTokenizer, CLIPTextModelWithProjection, CLIPVisionModelWithProjection, env, RawImage } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectEvery } from '../expect-every';
import { makePoster } from './poster';
import { writeTinyClip } from './write-tiny-clip';

const FILES = ['config.json', 'onnx/text_model.onnx', 'onnx/vision_model.onnx', 'preprocessor_config.json', 'tokenizer.json', 'tokenizer_config.json'];

describe('writeTinyClip', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'tiny-clip-'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  const filesOf = async (dir: string): Promise<Map<string, Buffer>> => new Map(await Promise.all(FILES.map(async (f) => [f, await readFile(join(dir, f))] as const)));

  it('writes the transformers.js layout, under 2 MB', async () => {
    const dir = await writeTinyClip(join(root, 'layout'));
    const names = [...(await readdir(dir)), ...(await readdir(join(dir, 'onnx'))).map((f) => `onnx/${f}`)].filter((f) => f !== 'onnx');
    expect(names.sort()).toEqual(FILES);
    const sizes = await Promise.all(FILES.map(async (f) => (await stat(join(dir, f))).size));
    expect(sizes.reduce((a, b) => a + b, 0)).toBeLessThan(2 * 1024 * 1024);
  });

  it('is byte-identical for the same seed and differs for another seed', async () => {
    const [a, b, c] = await Promise.all([writeTinyClip(join(root, 'a'), { seed: 7 }), writeTinyClip(join(root, 'b'), { seed: 7 }), writeTinyClip(join(root, 'c'), { seed: 8 })]);
    const [fa, fb, fc] = await Promise.all([filesOf(a), filesOf(b), filesOf(c)]);
    expectEvery(FILES, (f) => expect(fa.get(f)!.equals(fb.get(f)!), f).toBe(true), 'the model files');
    expect(fa.get('onnx/text_model.onnx')!.equals(fc.get('onnx/text_model.onnx')!)).toBe(false);
    expect(fa.get('onnx/vision_model.onnx')!.equals(fc.get('onnx/vision_model.onnx')!)).toBe(false);
    expect(fa.get('tokenizer.json')!.equals(fc.get('tokenizer.json')!)).toBe(true);
  });

  it('loads offline in transformers.js and runs both towers to 512-d embeddings', async () => {
    const dir = await writeTinyClip(join(root, 'run'));
    env.allowRemoteModels = false;
    const tokenizer = await AutoTokenizer.from_pretrained(dir);
    const text = await CLIPTextModelWithProjection.from_pretrained(dir, { dtype: 'fp32' });
    const processor = await AutoProcessor.from_pretrained(dir);
    const vision = await CLIPVisionModelWithProjection.from_pretrained(dir, { dtype: 'fp32' });
    try {
      const inputs = tokenizer(['a photo of the school', 'anime movie', 'fantasy romance drama'], { padding: true, truncation: true });
      const { text_embeds } = await text(inputs);
      expect(text_embeds.dims).toEqual([3, 512]);
      const rows = [0, 1, 2].map((i) => Array.from(text_embeds.data.slice(i * 512, (i + 1) * 512) as Float32Array));
      expectEvery(rows.flat(), (x) => expect(Number.isFinite(x)).toBe(true), 'the text embeddings');
      expect(rows[0]).not.toEqual(rows[1]);

      const images = await Promise.all([1, 2].map((seed) => RawImage.fromBlob(new Blob([makePoster(seed)], { type: 'image/png' }))));
      const { image_embeds } = await vision(await processor(images));
      expect(image_embeds.dims).toEqual([2, 512]);
      const first = Array.from(image_embeds.data.slice(0, 512) as Float32Array);
      expectEvery(first, (x) => expect(Number.isFinite(x)).toBe(true), 'the image embedding');
      expect(first).not.toEqual(Array.from(image_embeds.data.slice(512) as Float32Array));
    } finally {
      await Promise.all([text.dispose(), vision.dispose()]);
    }
  });

  it('pools text at the first end-of-text token, so padding does not change a text vector', async () => {
    const dir = await writeTinyClip(join(root, 'pad'));
    env.allowRemoteModels = false;
    const tokenizer = await AutoTokenizer.from_pretrained(dir);
    const text = await CLIPTextModelWithProjection.from_pretrained(dir, { dtype: 'fp32' });
    try {
      const alone = await text(tokenizer(['drama'], { padding: true }));
      const padded = await text(tokenizer(['drama', 'a much longer school comedy title'], { padding: true }));
      const a = Array.from(alone.text_embeds.data as Float32Array);
      const b = Array.from((padded.text_embeds.data as Float32Array).slice(0, 512));
      expectEvery(a, (v, i) => expect(v).toBeCloseTo(b[i]!, 4), 'the text vector');
    } finally {
      await text.dispose();
    }
  });
});

describe('makePoster', () => {
  it('gives a valid PNG, the same bytes for a seed, different bytes across seeds', async () => {
    const png = makePoster(3, 64);
    expect(Buffer.from(png.subarray(0, 8)).toString('hex')).toBe('89504e470d0a1a0a');
    expect(Buffer.from(makePoster(3, 64)).equals(Buffer.from(png))).toBe(true);
    expect(Buffer.from(makePoster(4, 64)).equals(Buffer.from(png))).toBe(false);
    const image = await RawImage.fromBlob(new Blob([png], { type: 'image/png' }));
    expect([image.width, image.height]).toEqual([64, 96]);
  });
});
