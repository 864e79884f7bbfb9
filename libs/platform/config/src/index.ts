export { ConfigError, parseEnv, envBoolean, envList, RuntimeEnvSchema } from './parse-env';
export type { RuntimeEnv } from './parse-env';
