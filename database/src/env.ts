import { z } from 'zod';

const databaseUrl = z
  .string()
  .trim()
  .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// or postgresql:// URL');

const migrateEnvSchema = z
  .object({
    DATABASE_MIGRATION_URL: databaseUrl.optional(),
    DATABASE_URL: databaseUrl.optional(),
    DATABASE_SERVICE_USER: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case identifier').optional(),
    DATABASE_SERVICE_PASSWORD: z.string().min(16, 'must be at least 16 characters').optional(),
  })
  .superRefine((env, ctx) => {
    if (env.DATABASE_MIGRATION_URL === undefined && env.DATABASE_URL === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['DATABASE_MIGRATION_URL'],
        message: 'is required (postgres://owner:password@host:port/database), or DATABASE_URL',
      });
    }
    if ((env.DATABASE_SERVICE_USER === undefined) !== (env.DATABASE_SERVICE_PASSWORD === undefined)) {
      const missing = env.DATABASE_SERVICE_USER === undefined ? 'DATABASE_SERVICE_USER' : 'DATABASE_SERVICE_PASSWORD';
      ctx.addIssue({ code: 'custom', path: [missing], message: 'is required when the other of DATABASE_SERVICE_USER/PASSWORD is set' });
    }
  });

/** What the migrate command needs from the environment. */
export interface MigrateEnv {
  /** The schema owner's URL: DATABASE_MIGRATION_URL, else DATABASE_URL. */
  databaseUrl: string;
  /** The services' login role to create or update after migrating, when given. */
  serviceRole?: { username: string; password: string };
}

/**
 * Reads and validates the migrate command's environment. Throws an Error whose
 * message names each bad variable (and never echoes its value: it may hold a
 * password).
 */
export function loadMigrateEnv(env: Record<string, string | undefined>): MigrateEnv {
  const parsed = migrateEnvSchema.safeParse({
    DATABASE_MIGRATION_URL: env.DATABASE_MIGRATION_URL || undefined,
    DATABASE_URL: env.DATABASE_URL || undefined,
    DATABASE_SERVICE_USER: env.DATABASE_SERVICE_USER || undefined,
    DATABASE_SERVICE_PASSWORD: env.DATABASE_SERVICE_PASSWORD || undefined,
  });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  const { DATABASE_MIGRATION_URL, DATABASE_URL, DATABASE_SERVICE_USER, DATABASE_SERVICE_PASSWORD } = parsed.data;
  return {
    databaseUrl: (DATABASE_MIGRATION_URL ?? DATABASE_URL)!,
    ...(DATABASE_SERVICE_USER !== undefined && DATABASE_SERVICE_PASSWORD !== undefined
      ? { serviceRole: { username: DATABASE_SERVICE_USER, password: DATABASE_SERVICE_PASSWORD } }
      : {}),
  };
}

/** The URL with its password masked, for log lines. */
export function redactDatabaseUrl(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:/@]+:)[^@]*@/, '$1***@');
}
