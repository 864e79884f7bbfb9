import { ServiceUnavailableError } from '@anime/contracts';

/**
 * The CLIP model cannot be used as configured: not downloaded while offline, a local directory
 * missing files, or a requested device/provider that is not installed. The message says which
 * setting to change (CLIP_MODEL, MODELS_DIR) — operators see it at boot.
 */
export class ModelUnavailableError extends ServiceUnavailableError {}
