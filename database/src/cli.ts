import { migrate } from './migrate.js';
import { loadMigrateEnv, redactDatabaseUrl } from './env.js';

/** `npm run migrate`: brings DATABASE_URL's database up to date. */
async function main(): Promise<void> {
  const { databaseUrl } = loadMigrateEnv(process.env);
  console.log(`migrate: ${redactDatabaseUrl(databaseUrl)}`);
  const applied = await migrate({ databaseUrl, log: (message) => console.log(message) });
  console.log(applied.length === 0 ? 'migrate: already up to date' : `migrate: applied ${applied.length} migration(s)`);
}

main().catch((error: unknown) => {
  console.error(`migrate failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
