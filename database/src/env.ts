import { z } from 'zod';

const migrateEnvSchema = z.object({
  DATABASE_URL: z
    .string({ error: 'is required (postgres://user:password@host:port/database)' })
    .trim()
    .min(1, 'is required (postgres://user:password@host:port/database)')
    .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// or postgresql:// URL'),
});

/** What the migrate command needs from the environment. */
export interface MigrateEnv {
  databaseUrl: string;
}

/**
 * Reads and validates the migrate command's environment. Throws an Error whose
 * message names each bad variable (and never echoes its value: it may hold a
 * password).
 */
export function loadMigrateEnv(env: Record<string, string | undefined>): MigrateEnv {
  const parsed = migrateEnvSchema.safeParse({ DATABASE_URL: env.DATABASE_URL || undefined });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  return { databaseUrl: parsed.data.DATABASE_URL };
}

/** The URL with its password masked, for log lines. */
export function redactDatabaseUrl(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:/@]+:)[^@]*@/, '$1***@');
}
