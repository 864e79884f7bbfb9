import { parseStrict } from '@anime/contracts';
import type { z } from 'zod';

/** Parses a request body/query at the HTTP edge; a 400 with field-level details (unknown fields too) when it does not fit. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const parsed = parseStrict(schema, value ?? {}, where);
  if (!parsed.ok) throw parsed.error;
  return parsed.data;
}
