import { isAbsolute, join, resolve } from 'node:path';

/** Where and how `npm run up` runs the stack. */
export interface UpConfig {
  repoRoot: string;
  /** Absolute; Postgres data, the Temporal SQLite file and the dynalite tables live here. */
  dataDir: string;
  /** Absolute path of the clos.yml loaded (CLOS_CONFIG, or the demo one). */
  closConfigPath: string;
  /** True when the demo clos.yml is used because CLOS_CONFIG is unset. */
  demoConfig: boolean;
  /** Dependencies that run elsewhere; each one set replaces the embedded server. */
  external: { databaseUrl?: string; temporalAddress?: string; dynamodbEndpoint?: string };
  ports: { api: number; postgres: number; temporal: number; temporalUi: number; dynalite: number };
  /** The environment the api, processor and worker inherit. */
  env: Record<string, string | undefined>;
}

/** The variables `npm run up` reads, with their defaults. */
export const UP_DEFAULT_PORTS = {
  PORT: 8080,
  CLOS_POSTGRES_PORT: 54320,
  CLOS_TEMPORAL_PORT: 7233,
  CLOS_TEMPORAL_UI_PORT: 8233,
  CLOS_DYNAMODB_PORT: 4567,
} as const;

/**
 * Reads `npm run up`'s environment once. Throws an Error naming every bad
 * variable.
 */
export function loadUpConfig(env: Record<string, string | undefined>, cwd: string, repoRoot: string): UpConfig {
  const problems: string[] = [];
  const value = (name: string): string | undefined => env[name]?.trim() || undefined;
  const port = (name: keyof typeof UP_DEFAULT_PORTS): number => {
    const raw = value(name);
    if (raw === undefined) return UP_DEFAULT_PORTS[name];
    const parsed = Number(raw);
    if (!/^\d+$/.test(raw) || parsed < 1 || parsed > 65_535) {
      problems.push(`${name}: must be a port number between 1 and 65535`);
    }
    return parsed;
  };
  const ports = {
    api: port('PORT'),
    postgres: port('CLOS_POSTGRES_PORT'),
    temporal: port('CLOS_TEMPORAL_PORT'),
    temporalUi: port('CLOS_TEMPORAL_UI_PORT'),
    dynalite: port('CLOS_DYNAMODB_PORT'),
  };
  const databaseUrl = value('DATABASE_URL');
  if (databaseUrl && !/^postgres(ql)?:\/\/\S+$/.test(databaseUrl)) {
    problems.push('DATABASE_URL: must be a postgres:// or postgresql:// URL');
  }
  const temporalAddress = value('TEMPORAL_ADDRESS');
  if (temporalAddress && !/^[^\s:/]+:\d{1,5}$/.test(temporalAddress)) problems.push('TEMPORAL_ADDRESS: must be host:port');
  const dynamodbEndpoint = value('DYNAMODB_ENDPOINT');
  if (dynamodbEndpoint && !/^https?:\/\/\S+$/.test(dynamodbEndpoint)) {
    problems.push('DYNAMODB_ENDPOINT: must be an http(s) URL');
  }
  if (problems.length > 0) throw new Error(`Invalid environment:\n  ${problems.join('\n  ')}`);

  const configured = value('CLOS_CONFIG');
  const absolute = (path: string) => (isAbsolute(path) ? path : resolve(cwd, path));
  return {
    repoRoot,
    dataDir: absolute(value('CLOS_DATA_DIR') ?? '.clos'),
    closConfigPath: configured ? absolute(configured) : join(repoRoot, 'scripts', 'demo', 'clos.yml'),
    demoConfig: configured === undefined,
    external: {
      ...(databaseUrl ? { databaseUrl } : {}),
      ...(temporalAddress ? { temporalAddress } : {}),
      ...(dynamodbEndpoint ? { dynamodbEndpoint } : {}),
    },
    ports,
    env: { ...env },
  };
}
