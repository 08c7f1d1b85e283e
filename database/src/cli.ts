import { migrate } from './migrate.js';
import { loadMigrateEnv, redactDatabaseUrl } from './env.js';
import { ensureServiceRole } from './service-role.js';

/**
 * `npm run migrate`: brings the database up to date as its owner (DATABASE_MIGRATION_URL,
 * else DATABASE_URL), then, when DATABASE_SERVICE_USER/PASSWORD are given, makes the
 * services' least-privilege login role.
 */
async function main(): Promise<void> {
  const { databaseUrl, serviceRole } = loadMigrateEnv(process.env);
  console.log(`migrate: ${redactDatabaseUrl(databaseUrl)}`);
  const applied = await migrate({ databaseUrl, log: (message) => console.log(message) });
  console.log(applied.length === 0 ? 'migrate: already up to date' : `migrate: applied ${applied.length} migration(s)`);
  if (serviceRole !== undefined) {
    await ensureServiceRole({ adminUrl: databaseUrl, ...serviceRole });
    console.log(`migrate: service role ${serviceRole.username} ready`);
  }
}

main().catch((error: unknown) => {
  console.error(`migrate failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
