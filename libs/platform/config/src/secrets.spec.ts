import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, parseEnv } from './parse-env';

describe('secrets in configuration errors', () => {
  it('names a bad secret variable without printing its value', () => {
    const Schema = z.object({ ADMIN_API_KEYS: z.string().min(16), LLM_API_KEY: z.string().startsWith('sk-'), PORT: z.coerce.number().int() });
    let error: ConfigError | undefined;
    try {
      parseEnv('app', Schema, { ADMIN_API_KEYS: 'hunter2-short', LLM_API_KEY: 'not-a-real-secret-value', PORT: 'eighty' });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error?.message).toContain('ADMIN_API_KEYS');
    expect(error?.message).toContain('a value of 13 characters');
    expect(error?.message).not.toContain('hunter2');
    expect(error?.message).not.toContain('not-a-real-secret-value');
    expect(error?.message).toContain('(got "eighty")'); // ordinary values are still shown
  });
});
