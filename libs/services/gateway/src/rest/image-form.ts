import busboy from 'busboy';
import type { Request } from 'express';
import { MAX_USER_IMAGE_BYTES, PayloadTooLargeError, ValidationError } from '@anime/contracts';

/** Tools whose REST route also takes `multipart/form-data` with an `image` file field. */
export const IMAGE_UPLOAD_TOOLS: ReadonlySet<string> = new Set(['search_anime_by_image', 'search_multimodal_anime']);

const JSON_FIELDS = new Set(['filters', 'weights']);
const NUMBER_FIELDS = new Set(['limit']);

/**
 * Reads an image upload form (busboy, streamed, capped at MAX_USER_IMAGE_BYTES) into the tool's
 * JSON input: the `image` file becomes `image_base64`; `limit` is a number; `filters` and
 * `weights` are JSON; other fields are strings. The tool's schema validates the result as usual.
 */
export function readImageForm(req: Request): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    let form: busboy.Busboy;
    try {
      form = busboy({ headers: req.headers, limits: { files: 1, fileSize: MAX_USER_IMAGE_BYTES, fields: 20, fieldSize: 64 * 1024, parts: 24 } });
    } catch (error) {
      return reject(new ValidationError(`Malformed multipart body: ${(error as Error).message}`));
    }
    const input: Record<string, unknown> = {};
    const chunks: Buffer[] = [];
    let failure: Error | undefined;
    const fail = (error: Error) => {
      if (failure) return;
      failure = error;
      req.unpipe(form);
      req.resume();
      reject(failure);
    };
    form.on('file', (name, stream) => {
      if (name !== 'image') {
        stream.resume();
        return fail(new ValidationError(`Unexpected file field "${name}"; send the picture as the "image" field`));
      }
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      // A part that never ends (body cut short, client gone) errors the file stream; without a
      // listener that error would be thrown on the process (issue #15: a pre-auth crash).
      stream.on('error', (error: Error) => fail(new ValidationError(`Malformed multipart body: ${error.message}`)));
      stream.on('limit', () => fail(new PayloadTooLargeError(`The image is larger than ${MAX_USER_IMAGE_BYTES / 1024 / 1024} MiB`)));
    });
    form.on('field', (name, value) => {
      try {
        input[name] = JSON_FIELDS.has(name) ? JSON.parse(value) : NUMBER_FIELDS.has(name) ? Number(value) : value;
      } catch {
        fail(new ValidationError(`Form field "${name}" must be JSON`));
      }
    });
    form.on('partsLimit', () => fail(new ValidationError('Too many parts in the form: send one "image" file and a few fields')));
    form.on('fieldsLimit', () => fail(new ValidationError('Too many form fields')));
    form.on('filesLimit', () => fail(new ValidationError('Send exactly one file, as the "image" field')));
    form.on('error', (error: Error) => fail(new ValidationError(`Malformed multipart body: ${error.message}`)));
    // The client went away mid-upload: settle (nobody reads the answer) and free the parser.
    req.on('error', (error: Error) => fail(new ValidationError(`The upload was interrupted: ${error.message}`)));
    req.on('aborted', () => fail(new ValidationError('The upload was interrupted by the client')));
    form.on('close', () => {
      if (failure) return;
      if (chunks.length) input['image_base64'] = Buffer.concat(chunks).toString('base64');
      resolve(input);
    });
    req.pipe(form);
  });
}
