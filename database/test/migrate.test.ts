import pg from 'pg';
import { migrate, loadMigrateEnv } from '../src/index.js';
import { createEmptyDatabase, type EmptyDatabase } from './empty-database.js';

const TABLES = [
  'orgs', 'pods', 'people', 'memberships', 'repos', 'stage_templates', 'projects', 'stage_transitions',
  'evidence', 'work_items', 'work_item_links', 'events', 'audit_log', 'api_tokens',
];

describe('migrate', () => {
  let db: EmptyDatabase;
  beforeEach(async () => {
    db = await createEmptyDatabase();
  });
  afterEach(async () => {
    await db.drop();
  });

  async function tablesOf(url: string): Promise<string[]> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
      );
      return rows.map((r) => r.table_name);
    } finally {
      await client.end();
    }
  }

  it('creates the schema once and is a no-op the second time', async () => {
    const first = await migrate({ databaseUrl: db.url });
    expect(first.length).toBeGreaterThan(0);
    expect(await tablesOf(db.url)).toEqual(expect.arrayContaining(TABLES));

    const lines: string[] = [];
    const second = await migrate({ databaseUrl: db.url, log: (line) => lines.push(line) });
    expect(second).toEqual([]);
    expect(lines.join('\n')).toMatch(/No migrations to run/);
  });

  it('lets two processes race: each migration is applied exactly once', async () => {
    const [a, b] = await Promise.all([migrate({ databaseUrl: db.url }), migrate({ databaseUrl: db.url })]);
    // One runner did the work while the other waited on the lock and found nothing left.
    expect([a.length === 0, b.length === 0].filter(Boolean)).toHaveLength(1);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string; n: string }>(
        'SELECT name, count(*) AS n FROM pgmigrations GROUP BY name',
      );
      expect(rows.length).toBe(a.length + b.length);
      expect(rows.every((r) => r.n === '1')).toBe(true);
    } finally {
      await client.end();
    }
  });
});

describe('loadMigrateEnv', () => {
  it('names DATABASE_URL when it is missing or not a postgres URL', () => {
    expect(() => loadMigrateEnv({})).toThrow(/DATABASE_MIGRATION_URL: is required .*, or DATABASE_URL/);
    expect(() => loadMigrateEnv({ DATABASE_URL: '' })).toThrow(/DATABASE_URL/);
    expect(() => loadMigrateEnv({ DATABASE_URL: 'mysql://secret@host/db' })).toThrow(
      /DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL/,
    );
  });

  it('does not echo the value, which may hold a password', () => {
    expect(() => loadMigrateEnv({ DATABASE_URL: 'http://user:hunter2@host/db' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('hunter2') }),
    );
  });

  it('accepts a postgres URL', () => {
    expect(loadMigrateEnv({ DATABASE_URL: 'postgresql://u:p@localhost:5432/clos' })).toEqual({
      databaseUrl: 'postgresql://u:p@localhost:5432/clos',
    });
  });

  it('migrates as DATABASE_MIGRATION_URL (the owner) when given, and reads the service role', () => {
    expect(
      loadMigrateEnv({
        DATABASE_URL: 'postgresql://service:p@localhost:5432/clos',
        DATABASE_MIGRATION_URL: 'postgresql://owner:p@localhost:5432/clos',
        DATABASE_SERVICE_USER: 'clos_service',
        DATABASE_SERVICE_PASSWORD: 'a-long-enough-password',
      }),
    ).toEqual({
      databaseUrl: 'postgresql://owner:p@localhost:5432/clos',
      serviceRole: { username: 'clos_service', password: 'a-long-enough-password' },
    });
    expect(() => loadMigrateEnv({ DATABASE_URL: 'postgresql://u:p@h/db', DATABASE_SERVICE_USER: 'svc' })).toThrow(
      /DATABASE_SERVICE_PASSWORD: is required/,
    );
  });
});
