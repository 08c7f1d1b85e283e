import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseClosConfig, type ClosConfig } from '@clos/domain';
import { envSchema, ENV_NAMES, type Env, type EnvName } from './env-schema.js';
import { EnvConfigError, type EnvIssue } from './env-config-error.js';
import { productionSecretIssues, type ServiceName } from './production-secrets.js';

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions<K extends EnvName = never> {
  /** The environment to read; `process.env` when omitted (tests pass their own). */
  env?: Record<string, string | undefined>;
  /** Variables this entry point cannot run without, on top of the schema's own rules. */
  require?: readonly K[];
  /** Base for a relative CLOS_CONFIG path; the working directory when omitted. */
  cwd?: string;
  /**
   * The service this entry point runs; on a production stage its vendor secrets are then
   * required (see productionSecretIssues). Tools (CLI, migrate) leave it out.
   */
  service?: ServiceName;
}

/** The environment with the required variables known to be present. */
export type EnvWith<K extends EnvName> = Env & { [P in K]-?: NonNullable<Env[P]> };

/** Everything a CLOS process is configured with, validated once at boot. */
export interface AppConfig<K extends EnvName = never> {
  env: EnvWith<K>;
  /** The parsed clos.yml when CLOS_CONFIG is set. */
  clos: 'CLOS_CONFIG' extends K ? ClosConfig : ClosConfig | undefined;
  /** Absolute path of the clos.yml that was read. */
  closConfigPath: 'CLOS_CONFIG' extends K ? string : string | undefined;
}

/**
 * Reads and validates the environment and clos.yml. This is the one place
 * CLOS reads `process.env`. Throws {@link EnvConfigError} naming every bad
 * or missing variable (never echoing values, which may be secrets), or the
 * domain's ConfigError naming the clos.yml file, path and line.
 */
export function loadConfig<K extends EnvName = never>(options: LoadConfigOptions<K> = {}): AppConfig<K> {
  const source = options.env ?? process.env;
  const raw: Record<string, string | undefined> = {};
  for (const name of ENV_NAMES) {
    const value = source[name]?.trim();
    raw[name] = value === '' ? undefined : value;
  }

  const issues: EnvIssue[] = [];
  const parsed = envSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const variable = String(issue.path[0] ?? '(environment)');
      // A missing variable reads better as "is required" than as zod's type message.
      const message = raw[variable] === undefined && issue.code === 'invalid_type' ? 'is required' : issue.message;
      issues.push({ variable, message });
    }
  }
  for (const name of options.require ?? []) {
    if (raw[name] === undefined && !issues.some((i) => i.variable === name)) {
      issues.push({ variable: name, message: 'is required' });
    }
  }
  if (issues.length > 0 || !parsed.success) throw new EnvConfigError(issues);
  const productionIssues = productionSecretIssues(parsed.data, options.service);
  if (productionIssues.length > 0) throw new EnvConfigError(productionIssues);

  const env = parsed.data as EnvWith<K>;
  let clos: ClosConfig | undefined;
  let closConfigPath: string | undefined;
  if (env.CLOS_CONFIG) {
    closConfigPath = resolve(options.cwd ?? process.cwd(), env.CLOS_CONFIG);
    clos = parseClosConfig(readClosConfig(closConfigPath), closConfigPath);
  }
  return { env, clos, closConfigPath } as AppConfig<K>;
}

function readClosConfig(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new EnvConfigError([{ variable: 'CLOS_CONFIG', message: `cannot read ${path}: ${reason}` }]);
  }
}
