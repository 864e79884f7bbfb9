import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, RuntimeEnvSchema, envBoolean, envList, parseEnv } from './parse-env';

const Schema = RuntimeEnvSchema.extend({ PORT: z.coerce.number().int().default(3000), FLAG: envBoolean(false), KEYS: envList() });

describe('parseEnv', () => {
  it('applies defaults and coerces values', () => {
    const env = parseEnv('test-app', Schema, { PORT: '8080', FLAG: 'yes', KEYS: ' a, b ,,c' });
    expect(env).toMatchObject({ PORT: 8080, FLAG: true, KEYS: ['a', 'b', 'c'], TRANSPORT: 'nats', NATS_URL: 'nats://127.0.0.1:4222' });
  });

  it('treats empty strings as unset', () => {
    expect(parseEnv('test-app', Schema, { PORT: '', LOG_LEVEL: '' })).toMatchObject({ PORT: 3000, LOG_LEVEL: 'info' });
  });

  it('lists every bad variable in one error, with the value it got', () => {
    let thrown: unknown;
    try {
      parseEnv('test-app', Schema, { PORT: 'eighty', TRANSPORT: 'carrier-pigeon', NATS_URL: 'http://x' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    const error = thrown as ConfigError;
    expect(error.problems.map((p) => p.variable).sort()).toEqual(['NATS_URL', 'PORT', 'TRANSPORT']);
    expect(error.message).toContain('Invalid environment for test-app');
    expect(error.message).toContain('(got "carrier-pigeon")');
  });
});
