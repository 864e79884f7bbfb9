import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ValidationError } from '@anime/contracts';
import { expectEvery, makePoster, startReplayServer, writeTinyClip } from '@anime/testing';
import { itWhen } from '@anime/testing/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClipEncoder } from './clip-encoder';
import { cudaProviderPath } from './execution-device';
import { ModelUnavailableError } from './model-errors';

const dot = (a: Float32Array, b: Float32Array): number => a.reduce((sum, x, i) => sum + x * b[i]!, 0);
const nearest = (query: Float32Array, candidates: Float32Array[]): number => candidates.map((c, i) => [dot(query, c), i] as const).sort((x, y) => y[0] - x[0])[0]![1];

describe('ClipEncoder (generated tiny CLIP, offline)', () => {
  let root: string;
  let modelDir: string;
  let encoder: ClipEncoder;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'clip-encoder-'));
    modelDir = await writeTinyClip(join(root, 'tiny-clip'));
    encoder = await ClipEncoder.load({ model: modelDir, modelsDir: join(root, 'models'), allowRemote: false });
  });
  afterAll(async () => {
    await encoder?.dispose();
    await rm(root, { recursive: true, force: true });
  });

  it('reports 512 dimensions and a model id naming the local directory and its weights', () => {
    expect(encoder.dim).toBe(512);
    expect(encoder.modelId).toMatch(/^local:tiny-clip:[0-9a-f]{12}$/);
  });

  it('embeds texts into L2-normalised 512-d vectors: same text, same vector; different texts, different vectors', async () => {
    const [a, b, again] = await encoder.embedTexts(['Cowboy Bebop TV 1998 sunrise', 'K-On! school music comedy', 'Cowboy Bebop TV 1998 sunrise']);
    for (const v of [a!, b!]) {
      expect(v).toHaveLength(512);
      expect(dot(v, v)).toBeCloseTo(1, 5);
    }
    expect(Array.from(again!)).toEqual(Array.from(a!));
    expect(dot(a!, b!)).toBeLessThan(0.99);
    expect(await encoder.embedTexts([])).toEqual([]);
  });

  it('gives the same vectors whether texts are batched or not, and truncates past 77 tokens', async () => {
    const texts = ['naruto', 'one piece tv 1999 toei animation', 'a', 'drama romance school', 'mecha space opera'];
    const small = await ClipEncoder.load({ model: modelDir, modelsDir: join(root, 'models'), allowRemote: false, batchSize: 2 });
    try {
      const batched = await small.embedTexts(texts);
      const single = await Promise.all(texts.map(async (t) => (await encoder.embedTexts([t]))[0]!));
      expectEvery(batched, (v, i) => expect(dot(v, single[i]!)).toBeCloseTo(1, 4), 'the batched vectors');
    } finally {
      await small.dispose();
    }
    const long = 'word '.repeat(300);
    const [v] = await encoder.embedTexts([long]);
    expect(dot(v!, v!)).toBeCloseTo(1, 5);
  });

  it('embeds images; a poster at another resolution is nearest to its own original among six posters', async () => {
    const seeds = [1, 2, 3, 4, 5, 6];
    const originals = await encoder.embedImages(seeds.map((s) => makePoster(s, 96)));
    expect(originals).toHaveLength(6);
    for (const v of originals) {
      expect(v).toHaveLength(512);
      expect(dot(v, v)).toBeCloseTo(1, 5);
    }
    const rescaled = await encoder.embedImages(seeds.map((s) => makePoster(s, 160)));
    expectEvery(rescaled, (query, i) => expect(nearest(query, originals)).toBe(i), 'the rescaled posters');
    const [same] = await encoder.embedImages([makePoster(3, 96)]);
    expect(nearest(same!, originals)).toBe(2);
    expect(dot(originals[0]!, originals[1]!)).toBeLessThan(0.99);
  });

  it('refuses undecodable image bytes with a ValidationError naming the image', async () => {
    const error = await encoder.embedImages([makePoster(1), new TextEncoder().encode('not an image at all')]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(/^image 1 could not be decoded/);
  });
});

describe('ClipEncoder loading errors', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'clip-errors-'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('a hub id offline with nothing in MODELS_DIR says how to configure CLIP_MODEL / MODELS_DIR', async () => {
    const error = await ClipEncoder.load({ model: 'Xenova/clip-vit-base-patch32', modelsDir: join(root, 'empty'), allowRemote: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelUnavailableError);
    const message = (error as Error).message;
    expect(message).toContain('"Xenova/clip-vit-base-patch32" is not in MODELS_DIR');
    expect(message).toContain('remote downloads are off');
    expect(message).toContain('set CLIP_MODEL to a local model directory');
    expect((error as ModelUnavailableError).code).toBe('SERVICE_UNAVAILABLE');
  });

  it('a local directory missing a tower names the missing file', async () => {
    const dir = await writeTinyClip(join(root, 'broken'));
    await rm(join(dir, 'onnx', 'vision_model.onnx'));
    const error = await ClipEncoder.load({ model: dir, modelsDir: root, allowRemote: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelUnavailableError);
    expect((error as Error).message).toContain(`CLIP model directory ${dir} lacks onnx/vision_model.onnx`);
  });

  it('a dtype whose files the model lacks names the file it looked for', async () => {
    const dir = await writeTinyClip(join(root, 'fp32-only'));
    const error = await ClipEncoder.load({ model: dir, modelsDir: root, allowRemote: false, dtype: 'fp16' }).catch((e: unknown) => e);
    expect((error as Error).message).toContain('lacks onnx/text_model_fp16.onnx, onnx/vision_model_fp16.onnx (dtype fp16)');
  });

  it('a corrupt ONNX file fails with a typed error, not a crash', async () => {
    const dir = await writeTinyClip(join(root, 'corrupt'));
    await writeFile(join(dir, 'onnx', 'text_model.onnx'), 'garbage');
    const error = await ClipEncoder.load({ model: dir, modelsDir: root, allowRemote: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelUnavailableError);
    expect((error as Error).message).toContain(`CLIP model "${dir}" could not be loaded (dtype fp32, device cpu)`);
  });

  // One test per state of the machine: the CUDA provider installed or not.
  const cuda = existsSync(cudaProviderPath());
  itWhen(cuda, "onnxruntime-node's CUDA provider is not installed")('device cuda runs where the CUDA provider is installed', async () => {
    const encoder = await ClipEncoder.load({ model: await writeTinyClip(join(root, 'cuda')), modelsDir: root, allowRemote: false, device: 'cuda' });
    expect((await encoder.embedTexts(['gpu']))[0]).toHaveLength(512);
    await encoder.dispose();
  });

  itWhen(!cuda, "onnxruntime-node's CUDA provider is installed here")('device cuda without the CUDA provider says so', async () => {
    const attempt = ClipEncoder.load({ model: await writeTinyClip(join(root, 'cuda')), modelsDir: root, allowRemote: false, device: 'cuda' });
    await expect(attempt).rejects.toBeInstanceOf(ModelUnavailableError);
    await expect(attempt).rejects.toThrow(`device "cuda" requested but onnxruntime-node's CUDA provider is not installed`);
  });
});

describe('ClipEncoder download path (local hub mirror)', () => {
  it('downloads a hub id into MODELS_DIR with progress, then loads the cached copy offline', async () => {
    const root = await mkdtemp(join(tmpdir(), 'clip-hub-'));
    const source = await writeTinyClip(join(root, 'source'), { seed: 5 });
    const files = await listFiles(source);
    const hub = await startReplayServer({
      dir: source,
      routes: await Promise.all(
        files.map(async (file) => ({ path: `/test-org/tiny-clip/resolve/main/${file}`, file, headers: { 'content-length': String((await stat(join(source, file))).size) } })),
      ),
    });
    try {
      const modelsDir = join(root, 'models');
      await mkdir(modelsDir);
      const progress: { file: string; loaded: number; total: number }[] = [];
      const online = await ClipEncoder.load({ model: 'test-org/tiny-clip', modelsDir, allowRemote: true, remoteHost: `${hub.url}/`, onProgress: (p) => progress.push(p) });
      const [onlineVector] = await online.embedTexts(['downloaded']);
      await online.dispose();
      expect(online.modelId).toBe('test-org/tiny-clip');
      expect(hub.requests.map((r) => r.path)).toEqual(expect.arrayContaining(files.map((f) => `/test-org/tiny-clip/resolve/main/${f}`)));
      const vision = progress.filter((p) => p.file === 'onnx/vision_model.onnx');
      const size = (await stat(join(source, 'onnx/vision_model.onnx'))).size;
      expect(vision.at(-1)).toEqual({ file: 'onnx/vision_model.onnx', loaded: size, total: size });
      expectEvery(files, (file) => expect(existsSync(join(modelsDir, 'test-org/tiny-clip', file)), file).toBe(true), 'the model files');

      const served = hub.requests.length;
      const offline = await ClipEncoder.load({ model: 'test-org/tiny-clip', modelsDir, allowRemote: false });
      const [offlineVector] = await offline.embedTexts(['downloaded']);
      await offline.dispose();
      expect(hub.requests.length).toBe(served);
      expect(Array.from(offlineVector!)).toEqual(Array.from(onlineVector!));
    } finally {
      await hub.close();
      await rm(root, { recursive: true, force: true });
    }
  });
});

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)));
}
