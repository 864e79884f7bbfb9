import { ErrorBodySchema, InternalError, errorFromBody, type AppError, type ErrorBody } from '@anime/contracts';
import { z } from 'zod';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Reply envelope: `{ok:true,data}` or `{ok:false,error}` (error also in the x-error-code header). */
const EnvelopeSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), data: z.unknown() }),
  z.object({ ok: z.literal(false), error: ErrorBodySchema }),
]);

export function encodeJson(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value ?? null));
}

/** Parses JSON bytes; `undefined` when they are not JSON. */
export function decodeJson(data: Uint8Array): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: data.length === 0 ? {} : JSON.parse(decoder.decode(data)) };
  } catch {
    return { ok: false };
  }
}

export const encodeSuccess = (data: unknown): Uint8Array => encodeJson({ ok: true, data });
export const encodeFailure = (error: ErrorBody): Uint8Array => encodeJson({ ok: false, error });

/** Decodes a reply into its data, or the typed error it carries. */
export function decodeReply(subject: string, data: Uint8Array): { ok: true; data: unknown } | { ok: false; error: AppError } {
  const json = decodeJson(data);
  const envelope = json.ok ? EnvelopeSchema.safeParse(json.value) : undefined;
  if (!envelope?.success) {
    return { ok: false, error: new InternalError(`"${subject}" answered with a malformed reply`, { details: { subject } }) };
  }
  return envelope.data.ok ? { ok: true, data: envelope.data.data } : { ok: false, error: errorFromBody(envelope.data.error) };
}
