import { z } from 'zod';

/** Thrown at boot when the environment is wrong; lists every bad variable at once. */
export class ConfigError extends Error {
  constructor(
    readonly app: string,
    readonly problems: ReadonlyArray<{ variable: string; message: string }>,
  ) {
    super(
      `Invalid environment for ${app}:\n` +
        problems.map((p) => `  - ${p.variable}: ${p.message}`).join('\n') +
        `\nSee .env.example for every variable and its default.`,
    );
    this.name = 'ConfigError';
  }
}

/** Variables whose values are secrets (never printed). */
const SECRET_NAME = /(KEY|KEYS|TOKEN|SECRET|PASSWORD)$/;

/**
 * Parses the environment once, at boot. Empty strings count as unset (so `FOO=` falls back to
 * the default, as operators expect from compose files).
 */
export function parseEnv<S extends z.ZodObject>(
  app: string,
  schema: S,
  env: Record<string, string | undefined>,
): z.output<S> {
  const cleaned: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined && value !== '') cleaned[key] = value;
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const variable = issue.path.map(String).join('.') || '(env)';
    const got = cleaned[variable];
    // Never echo a secret into logs: say how long it was, not what it was.
    const shown = got === undefined ? undefined : SECRET_NAME.test(variable) ? `a value of ${got.length} characters` : `"${got}"`;
    return { variable, message: shown === undefined ? issue.message : `${issue.message} (got ${shown})` };
  });
  throw new ConfigError(app, problems);
}

/** `true/false/1/0/yes/no` → boolean, for flags in env vars. */
export const envBoolean = (defaultValue: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(defaultValue ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Comma-separated list → trimmed, non-empty strings. */
export const envList = () =>
  z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    );

/** Variables every app reads. */
export const RuntimeEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRANSPORT: z.enum(['inprocess', 'nats']).default('nats').describe('inprocess = embedded (standalone only); nats = distributed'),
  NATS_URL: z
    .string()
    .regex(/^(nats|tls|wss?):\/\/[^\s]+$/, 'must be a nats:// URL, e.g. nats://127.0.0.1:4222')
    .default('nats://127.0.0.1:4222'),
  SUBJECT_PREFIX: z
    .string()
    .regex(/^[a-z0-9-]+$/, 'lower-case letters, digits and - only')
    .optional()
    .describe('Namespaces every subject and queue group (tests, several stacks on one NATS).'),
  PORT: z.coerce.number().int().min(0).max(65535),
  HOST: z.string().default('127.0.0.1'),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url().optional().describe('OTLP/HTTP traces endpoint, e.g. http://otel-collector:4318/v1/traces'),
});
export type RuntimeEnv = z.output<typeof RuntimeEnvSchema>;
