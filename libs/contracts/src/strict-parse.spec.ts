import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { nearestField, parseStrict } from './strict-parse';

const Search = z.object({
  text: z.string().optional(),
  limit: z.number().int().default(20),
  filters: z.object({ years: z.object({ min: z.number().optional() }).optional(), tags: z.object({ all: z.array(z.string()).optional() }).optional() }).optional(),
  extra: z.record(z.string(), z.unknown()).optional(),
  items: z.array(z.object({ id: z.string() })).optional(),
});

describe('parseStrict', () => {
  it('refuses a guessed field name, naming it and the field it probably meant (issue #15: {"query":"naruto"})', () => {
    const result = parseStrict(Search, { query: 'naruto' }, 'input of search_anime');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('VALIDATION_FAILED');
    expect(result.error.message).toBe('Unknown field in input of search_anime: "query" (did you mean "text"?); known fields: text, limit, filters, extra, items');
    expect(result.error.details?.['issues']).toEqual([{ path: 'query', message: 'unknown field; did you mean "text"?', code: 'unrecognized_keys' }]);
  });

  it('finds unknown fields in nested objects and array items, and suggests near spellings there', () => {
    const result = parseStrict(Search, { text: 'x', filters: { yeras: { min: 2000 }, tags: { all: ['a'], nne: ['b'] } }, items: [{ id: 'a' }, { id: 'b', idd: 1 }] }, 'input');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const unknown = result.error.details?.['unknownFields'] as Array<{ path: string; suggestion?: string }>;
    expect(unknown.map((u) => [u.path, u.suggestion])).toEqual([
      ['filters.yeras', 'years'],
      ['filters.tags.nne', undefined],
      ['items.1.idd', 'id'],
    ]);
  });

  it('accepts every declared field, defaults and free-form records, and returns the parsed value', () => {
    const result = parseStrict(Search, { text: 'x', extra: { anything: 1 }, filters: { years: { min: 1 } } }, 'input');
    expect(result).toEqual({ ok: true, data: { text: 'x', limit: 20, extra: { anything: 1 }, filters: { years: { min: 1 } } } });
  });

  it('reports schema violations before unknown fields', () => {
    const result = parseStrict(Search, { text: 5, query: 'x' }, 'input');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message).toMatch(/^Invalid input: text: /);
    // …and still names the guessed field, which is often why a required one is missing.
    expect(result.error.message).toContain('unknown field "query" (did you mean "text"?)');
  });
});

describe('nearestField', () => {
  it('maps common guesses and near spellings, and nothing when nothing is close', () => {
    expect(nearestField('q', ['text', 'limit'])).toBe('text');
    expect(nearestField('count', ['text', 'limit'])).toBe('limit');
    expect(nearestField('limt', ['text', 'limit'])).toBe('limit');
    expect(nearestField('Text', ['text'])).toBe('text');
    expect(nearestField('page_size', ['limit'])).toBe('limit');
    expect(nearestField('zzzzzz', ['text', 'limit'])).toBeUndefined();
  });
});
