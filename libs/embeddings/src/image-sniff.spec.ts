import { ValidationError } from '@anime/contracts';
import { makePoster } from '@anime/testing';
import { describe, expect, it } from 'vitest';
import { assertImage, sniffImageType } from './image-sniff';

const bytes = (...parts: (number[] | string)[]): Uint8Array => new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'latin1')] : p)));

describe('image sniffing', () => {
  it('recognises PNG, JPEG, GIF and WebP by their magic numbers', () => {
    expect(sniffImageType(makePoster(1))).toBe('image/png');
    expect(sniffImageType(bytes([0xff, 0xd8, 0xff, 0xe0], 'JFIF'))).toBe('image/jpeg');
    expect(sniffImageType(bytes('GIF89a', [1, 0]))).toBe('image/gif');
    expect(sniffImageType(bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 '))).toBe('image/webp');
  });

  it('refuses what is not an image, saying what it is', () => {
    const refuse = (b: Uint8Array): string => {
      let thrown: unknown;
      try {
        assertImage(b, 1 << 20);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ValidationError);
      return (thrown as Error).message;
    };
    expect(refuse(bytes('<!DOCTYPE html><html>'))).toBe('not an image: the body is an HTML page; JPEG, PNG, WebP or GIF expected');
    expect(refuse(bytes('{"error":"nope"}'))).toContain('the body looks like JSON');
    expect(refuse(bytes('<svg xmlns="http://www.w3.org/2000/svg">'))).toContain('XML/SVG');
    expect(refuse(bytes([0, 1, 2, 3]))).toContain('starts with bytes 00010203');
    expect(refuse(new Uint8Array())).toBe('not an image: the body is empty');
  });

  it('refuses an image over the size limit', () => {
    expect(() => assertImage(makePoster(1, 200), 1024)).toThrow(/^image is over the 1 KiB limit \(\d+ KiB\)$/);
    expect(assertImage(makePoster(1, 32), 1 << 20)).toEqual({ contentType: 'image/png' });
  });
});
