/**
 * `@clos/platform/config`: the environment's settings and nothing else, for processes that
 * must start fast (the `clos` command) and need no database, bus or AWS client.
 */
export { envSchema, ENV_NAMES, type Env, type EnvName } from './env-schema.js';
export { loadConfig, type AppConfig, type EnvWith, type LoadConfigOptions } from './load-config.js';
export { EnvConfigError, type EnvIssue } from './env-config-error.js';
export { awsClientOptions, type AwsClientOptions } from '../aws-client-options.js';
