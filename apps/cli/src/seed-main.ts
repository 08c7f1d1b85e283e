import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { migrate, redactDatabaseUrl } from '@clos/database';
import { claimDataDir, ensureDatabase, findRepoRoot, loadUpConfig, postgresUrl, startStack, withDatabase } from '@clos/devstack';
import { createPool, loadConfig } from '@clos/platform';
import pg from 'pg';
import { seedDatabase, type SeedRequest } from './seed/seed.js';

const USAGE = `usage: npm run seed [-- --large] [-- --scale <fraction>]
  (default)  the demo organisation of scripts/demo/clos.yml with sample work items, events, ideas, demos, standups
  --large    a large organisation: 50 pods, 500 projects, 100,000 events (plus work items, transitions, standups, deployments)
  --scale    shrink or grow --large (0.1: 5 pods, 10,000 events)
Seeds DATABASE_URL, else the embedded Postgres of \`npm run up\` (started for the run when it is not running).
Running it again adds nothing.`;

const DATABASE = 'clos';

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * `npm run seed`: fills a database with sample data for the dashboard, the API and the
 * benchmarks. The embedded Postgres is found where `npm run up` keeps it (CLOS_DATA_DIR,
 * CLOS_POSTGRES_PORT); when `npm run up` is not running, it is started for the seed alone.
 */
async function main(): Promise<number> {
  const { values } = parseArgs({ options: { large: { type: 'boolean' }, scale: { type: 'string' }, help: { type: 'boolean' } } });
  if (values.help === true) {
    console.log(USAGE);
    return 0;
  }
  const scale = values.scale === undefined ? 1 : Number(values.scale);
  if (!Number.isFinite(scale) || scale <= 0 || scale > 10) {
    console.error(`seed: --scale must be a number above 0 and at most 10, not "${values.scale}"`);
    return 2;
  }
  const repoRoot = findRepoRoot();
  const request: SeedRequest = values.large === true || values.scale !== undefined ? { kind: 'large', scale } : { kind: 'demo', closYmlPath: join(repoRoot, 'scripts', 'demo', 'clos.yml') };

  const { env } = loadConfig();
  const cleanups: (() => Promise<void> | void)[] = [];
  try {
    let databaseUrl = env.DATABASE_URL;
    if (databaseUrl === undefined) {
      const up = loadUpConfig(process.env, process.cwd(), repoRoot);
      const adminUrl = postgresUrl(up.ports.postgres, 'postgres');
      if (await answers(adminUrl)) {
        console.error(`seed: using the Postgres of \`npm run up\` on port ${up.ports.postgres}`);
      } else {
        console.error(`seed: starting the embedded Postgres of ${up.dataDir} for the seed`);
        cleanups.push(claimDataDir(join(up.dataDir, 'run', 'supervisor.json'), up.dataDir, fileURLToPath(import.meta.url)));
        const stack = await startStack({ components: ['postgres'], dir: up.dataDir, persistent: true, ports: { postgres: up.ports.postgres } });
        cleanups.push(() => stack.stop());
      }
      await ensureDatabase(adminUrl, DATABASE);
      databaseUrl = withDatabase(adminUrl, DATABASE);
    }
    const applied = await migrate({ databaseUrl });
    if (applied.length > 0) console.error(`seed: applied ${applied.length} migration(s)`);
    const pool = createPool({ connectionString: databaseUrl, max: 2, applicationName: 'clos-seed' });
    cleanups.push(() => pool.end());
    const result = await seedDatabase(pool, request, { log: (line) => console.error(`seed: ${line}`) });
    const added = Object.entries(result.added)
      .map(([table, n]) => `${n} ${table}`)
      .join(', ');
    console.log(
      `Seeded org "${result.org}" (${result.pods} pods, ${result.projects} projects) in ${redactDatabaseUrl(databaseUrl)} in ${(result.ms / 1000).toFixed(1)} s.\n` +
        `Added ${added}${Object.values(result.added).every((n) => n === 0) ? ' (already seeded)' : ''}.`,
    );
    return 0;
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`seed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
