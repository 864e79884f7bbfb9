import { ValidationError } from '@anime/contracts';

/** Magic numbers of the formats the CLIP image path decodes (sharp: JPEG, PNG, WebP, GIF). */
const SIGNATURES: { type: string; test: (b: Uint8Array) => boolean }[] = [
  { type: 'image/jpeg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { type: 'image/png', test: (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { type: 'image/gif', test: (b) => ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a' },
  { type: 'image/webp', test: (b) => ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP' },
];

/** The image type the bytes start with, or undefined. The declared Content-Type is never trusted. */
export function sniffImageType(bytes: Uint8Array): string | undefined {
  return SIGNATURES.find((s) => s.test(bytes))?.type;
}

/**
 * Checks that bytes are an image we can embed, by magic numbers, within `maxBytes`. Throws a
 * ValidationError saying what was received instead (HTML, JSON, empty, unknown bytes).
 */
export function assertImage(bytes: Uint8Array, maxBytes: number): { contentType: string } {
  if (bytes.length > maxBytes) throw new ValidationError(`image is over the ${formatBytes(maxBytes)} limit (${formatBytes(bytes.length)})`, { details: { bytes: bytes.length, maxBytes } });
  if (bytes.length === 0) throw new ValidationError('not an image: the body is empty');
  const contentType = sniffImageType(bytes);
  if (!contentType) throw new ValidationError(`not an image: ${describeNonImage(bytes)}; JPEG, PNG, WebP or GIF expected`);
  return { contentType };
}

/** `10 MiB`, `512 KiB`, `300 bytes`. */
export function formatBytes(n: number): string {
  if (n >= 1 << 20 && n % (1 << 20) === 0) return `${n / (1 << 20)} MiB`;
  if (n >= 1 << 20) return `${(n / (1 << 20)).toFixed(1)} MiB`;
  if (n >= 1 << 10) return `${Math.round(n / (1 << 10))} KiB`;
  return `${n} bytes`;
}

function describeNonImage(bytes: Uint8Array): string {
  const start = ascii(bytes, 0, 64).trimStart().toLowerCase();
  if (start.startsWith('<!doctype html') || start.startsWith('<html')) return 'the body is an HTML page';
  if (start.startsWith('<?xml') || start.startsWith('<svg')) return 'the body is XML/SVG (vector images are not supported)';
  if (start.startsWith('{') || start.startsWith('[')) return 'the body looks like JSON';
  return `the body starts with bytes ${Buffer.from(bytes.subarray(0, 8)).toString('hex')}`;
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

function ascii(bytes: Uint8Array, from: number, to: number): string {
  return Buffer.from(bytes.subarray(from, to)).toString('latin1');
}
