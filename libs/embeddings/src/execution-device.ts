import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ModelUnavailableError } from './model-errors';

export type ClipDevice = 'cpu' | 'cuda';

/**
 * Fails fast when CUDA is requested but onnxruntime-node's CUDA provider is not installed
 * (its postinstall downloads it; `ONNXRUNTIME_NODE_INSTALL=skip` — needed offline — leaves it out).
 * ORT would otherwise fail later with a bare "Failed to load shared library".
 */
export function assertDeviceAvailable(device: ClipDevice): void {
  if (device === 'cpu') return;
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new ModelUnavailableError(`device "cuda" needs linux x64 (onnxruntime-node ships CUDA only there); this is ${process.platform} ${process.arch}`);
  }
  const provider = cudaProviderPath();
  if (!existsSync(provider)) {
    throw new ModelUnavailableError(
      `device "cuda" requested but onnxruntime-node's CUDA provider is not installed (${provider} missing). ` +
        'Reinstall onnxruntime-node with its CUDA download enabled (without ONNXRUNTIME_NODE_INSTALL=skip) on a machine with CUDA 12, or use device "cpu".',
      { details: { device, provider } },
    );
  }
}

/** Path of the CUDA provider library next to the onnxruntime-node binding transformers.js uses. */
export function cudaProviderPath(): string {
  const transformers = dirname(require.resolve('@huggingface/transformers'));
  const ortPackage = require.resolve('onnxruntime-node/package.json', { paths: [transformers] });
  return join(dirname(ortPackage), 'bin', 'napi-v6', process.platform, process.arch, 'libonnxruntime_providers_cuda.so');
}
