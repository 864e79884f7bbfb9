import { deflateSync } from 'node:zlib';
import { mulberry32 } from '../dataset-builder/random';

/**
 * A deterministic PNG "poster" (portrait, 2:3): a two-colour vertical gradient with a few
 * coloured rectangles and discs, all drawn from `seed` — distinct seeds give visibly different
 * images, so an image server in tests can serve stand-ins for dataset pictures. `size` is the
 * width in pixels (default 96).
 */
export function makePoster(seed: number, size = 96): Uint8Array {
  const width = size;
  const height = Math.round(size * 1.5);
  const random = mulberry32(seed);
  const color = (): number[] => [0, 0, 0].map(() => Math.floor(random() * 256));
  const pixels = new Uint8Array(width * height * 3);
  const [top, bottom] = [color(), color()];
  for (let y = 0; y < height; y++) {
    const t = y / (height - 1);
    for (let x = 0; x < width; x++) for (let c = 0; c < 3; c++) pixels[(y * width + x) * 3 + c] = Math.round(top[c] * (1 - t) + bottom[c] * t);
  }
  const shapes = 3 + Math.floor(random() * 4);
  for (let s = 0; s < shapes; s++) {
    const fill = color();
    const [cx, cy] = [random() * width, random() * height];
    const [rx, ry] = [(0.1 + random() * 0.3) * width, (0.1 + random() * 0.3) * height];
    const disc = random() < 0.5;
    for (let y = Math.max(0, Math.floor(cy - ry)); y < Math.min(height, Math.ceil(cy + ry)); y++) {
      for (let x = Math.max(0, Math.floor(cx - rx)); x < Math.min(width, Math.ceil(cx + rx)); x++) {
        if (disc && ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 > 1) continue;
        pixels.set(fill, (y * width + x) * 3);
      }
    }
  }
  return encodePng(width, height, pixels);
}

/** Minimal PNG encoder: 8-bit RGB, one IDAT, filter 0 on every row. */
function encodePng(width: number, height: number, rgb: Uint8Array): Uint8Array {
  const rows = Buffer.alloc(height * (width * 3 + 1));
  for (let y = 0; y < height; y++) rows.set(rgb.subarray(y * width * 3, (y + 1) * width * 3), y * (width * 3 + 1) + 1);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // bit depth 8, colour type RGB, deflate, filter set 0, no interlace
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
