import type { z } from 'zod';
import { ValidationError, validationErrorFromZod, type AppError } from './errors';

/** Names people and models often guess for a field, by the field they mean. */
const GUESSED_NAMES: Readonly<Record<string, readonly string[]>> = {
  text: ['query', 'q', 'search', 'keyword', 'keywords', 'term', 'prompt', 'question', 'title', 'name'],
  question: ['query', 'q', 'text', 'prompt', 'message'],
  query: ['question', 'q', 'text', 'prompt', 'search', 'message'],
  ref: ['id', 'anime_id', 'animeid', 'url', 'anime', 'title'],
  refs: ['ids', 'urls', 'anime_ids'],
  limit: ['count', 'max', 'size', 'top', 'n', 'per_page', 'page_size'],
};

/** A field the input carries that the schema does not know, with what was probably meant. */
export interface UnknownField {
  path: string;
  known: string[];
  suggestion?: string;
}

type Def = { type: string; shape?: Record<string, z.ZodType>; innerType?: z.ZodType; element?: z.ZodType; options?: z.ZodType[]; in?: z.ZodType; out?: z.ZodType };
const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** The object fields a schema declares at this level (through optional/default/nullable/unions/pipes). */
function knownKeys(schema: z.ZodType | undefined, depth = 0): string[] {
  if (!schema || depth > 8) return [];
  const def = defOf(schema);
  if (def.type === 'object' && def.shape) return Object.keys(def.shape);
  if (def.innerType) return knownKeys(def.innerType, depth + 1);
  if (def.type === 'pipe') return knownKeys(def.in, depth + 1);
  if (def.options) return [...new Set(def.options.flatMap((o) => knownKeys(o, depth + 1)))];
  return [];
}

/** The schema of `key` inside `schema` (object field or array element), for suggestions one level down. */
function childSchema(schema: z.ZodType | undefined, key: string | number, depth = 0): z.ZodType | undefined {
  if (!schema || depth > 8) return undefined;
  const def = defOf(schema);
  if (def.type === 'object' && def.shape && typeof key === 'string') return def.shape[key];
  if (def.type === 'array' && typeof key === 'number') return def.element;
  if (def.innerType) return childSchema(def.innerType, key, depth + 1);
  if (def.type === 'pipe') return childSchema(def.in, key, depth + 1);
  if (def.options) for (const o of def.options) {
    const child = childSchema(o, key, depth + 1);
    if (child) return child;
  }
  return undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j] as number;
      row[j] = Math.min((row[j] as number) + 1, (row[j - 1] as number) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length] as number;
}

/** The known field the unknown one most likely meant: a common guess, or a near spelling. */
export function nearestField(unknown: string, known: readonly string[]): string | undefined {
  const u = unknown.toLowerCase().replace(/[-\s]/g, '_');
  const exactish = known.find((k) => k.toLowerCase() === u || k.toLowerCase().replace(/_/g, '') === u.replace(/_/g, ''));
  if (exactish) return exactish;
  for (const k of known) if (GUESSED_NAMES[k]?.includes(u)) return k;
  let best: { key: string; d: number } | undefined;
  for (const k of known) {
    const d = editDistance(u, k.toLowerCase());
    if (d <= Math.max(2, Math.floor(k.length / 3)) && (!best || d < best.d)) best = { key: k, d };
  }
  return best?.key;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Fields of `raw` the schema dropped while parsing it into `parsed` — zod objects strip unknown
 * keys silently, so a guessed name (`query` for `text`) would otherwise run as if it were absent.
 * Compares the input with the parse result, so it holds for nested objects, arrays and unions
 * (the branch that matched decides), and records keep every key.
 */
export function unknownFields(schema: z.ZodType, raw: unknown, parsed: unknown): UnknownField[] {
  const found: UnknownField[] = [];
  const walk = (r: unknown, p: unknown, s: z.ZodType | undefined, path: Array<string | number>): void => {
    if (found.length >= 10) return;
    if (isPlainObject(r) && isPlainObject(p)) {
      for (const key of Object.keys(r)) {
        if (!(key in p)) {
          const known = knownKeys(s).length ? knownKeys(s) : Object.keys(p);
          const suggestion = nearestField(key, known);
          found.push({ path: [...path, key].join('.'), known, ...(suggestion ? { suggestion } : {}) });
        } else walk(r[key], p[key], childSchema(s, key), [...path, key]);
      }
    } else if (Array.isArray(r) && Array.isArray(p) && r.length === p.length) {
      r.forEach((item, i) => walk(item, p[i], childSchema(s, i), [...path, i]));
    }
  };
  walk(raw, parsed, schema, []);
  return found;
}

/** The 400 / tool error for unknown fields: names each, says what it probably meant, lists what is known. */
export function unknownFieldsError(fields: readonly UnknownField[], where: string): AppError {
  const parts = fields.slice(0, 5).map((f) => `"${f.path}"${f.suggestion ? ` (did you mean "${f.suggestion}"?)` : ''}`);
  const first = fields[0] as UnknownField;
  return new ValidationError(`Unknown field${fields.length > 1 ? 's' : ''} in ${where}: ${parts.join(', ')}; known fields${first.path.includes('.') ? ' there' : ''}: ${first.known.join(', ')}`, {
    details: {
      issues: fields.map((f) => ({ path: f.path, message: f.suggestion ? `unknown field; did you mean "${f.suggestion}"?` : 'unknown field', code: 'unrecognized_keys' })),
      unknownFields: fields,
    },
  });
}

/**
 * Parses `value` with `schema` and refuses what it does not declare: a schema violation or an
 * unknown field is a {@link ValidationError} naming it (with the nearest known field). Use at
 * every edge that receives untrusted input (REST bodies, MCP arguments, RPC requests).
 */
export function parseStrict<S extends z.ZodType>(schema: S, value: unknown, where: string): { ok: true; data: z.output<S> } | { ok: false; error: AppError } {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const error = validationErrorFromZod(parsed.error, where);
    // A missing required field is often a guessed name: say so in the same answer.
    const known = knownKeys(schema);
    const unknown = isPlainObject(value) && known.length ? Object.keys(value).filter((k) => !known.includes(k)) : [];
    if (unknown.length === 0) return { ok: false, error };
    const hints = unknown.slice(0, 5).map((k) => {
      const suggestion = nearestField(k, known);
      return `unknown field "${k}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`;
    });
    return { ok: false, error: new ValidationError(`${error.message}; ${hints.join(', ')}`, { details: error.details }) };
  }
  const unknown = unknownFields(schema, value, parsed.data);
  if (unknown.length) return { ok: false, error: unknownFieldsError(unknown, where) };
  return { ok: true, data: parsed.data };
}
