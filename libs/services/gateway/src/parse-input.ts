import { validationErrorFromZod } from '@anime/contracts';
import type { z } from 'zod';

/** Parses a request body/query at the HTTP edge; a 400 with field-level details when it does not fit. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) throw validationErrorFromZod(parsed.error, where);
  return parsed.data;
}
