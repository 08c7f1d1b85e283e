import pg from 'pg';
import { migrate } from '../src/index.js';
import { createEmptyDatabase, type EmptyDatabase } from './empty-database.js';

interface ChainProblem {
  id: string;
  problem: string;
}

describe('audit_log', () => {
  let db: EmptyDatabase;
  let client: pg.Client;

  beforeAll(async () => {
    db = await createEmptyDatabase();
    await migrate({ databaseUrl: db.url });
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await db.drop();
  });

  async function append(actor: string, action: string, details: object = {}): Promise<string> {
    const { rows } = await client.query<{ id: string }>(
      'INSERT INTO audit_log (actor, action, target, details, source_ip) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      [actor, action, 'pod:payments', JSON.stringify(details), '10.1.2.3'],
    );
    return rows[0]!.id;
  }

  async function problems(): Promise<ChainProblem[]> {
    const { rows } = await client.query<ChainProblem>('SELECT id, problem FROM verify_audit_chain()');
    return rows;
  }

  it('chains every row to the one before it', async () => {
    await append('alice', 'pod.limit.set', { from: 3, to: 2 });
    await append('bob', 'stage.override', { reason: 'launch window' });
    const { rows } = await client.query<{ prev_hash: string; hash: string }>(
      'SELECT prev_hash, hash FROM audit_log ORDER BY id',
    );
    expect(rows[0]!.prev_hash).toBe('0'.repeat(64));
    expect(rows[1]!.prev_hash).toBe(rows[0]!.hash);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.hash))).toBe(true);
    expect(await problems()).toEqual([]);
  });

  it('ignores hashes and times a writer tries to supply', async () => {
    const { rows } = await client.query<{ hash: string; at: Date }>(
      `INSERT INTO audit_log (actor, action, at, prev_hash, hash) VALUES ('mallory', 'x', '2000-01-01', 'forged', 'forged')
       RETURNING hash, at`,
    );
    expect(rows[0]!.hash).not.toBe('forged');
    expect(rows[0]!.at.getUTCFullYear()).toBeGreaterThan(2000);
    expect(await problems()).toEqual([]);
  });

  it('refuses UPDATE, DELETE and TRUNCATE', async () => {
    await append('carol', 'token.create');
    await expect(client.query(`UPDATE audit_log SET actor = 'eve'`)).rejects.toThrow(/append-only: UPDATE/);
    await expect(client.query('DELETE FROM audit_log')).rejects.toThrow(/append-only: DELETE/);
    await expect(client.query('TRUNCATE audit_log')).rejects.toThrow(/append-only: TRUNCATE/);
    const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM audit_log');
    expect(Number(rows[0]!.n)).toBeGreaterThanOrEqual(4);
  });

  it('keeps one unbroken chain under concurrent writers', async () => {
    const pool = new pg.Pool({ connectionString: db.url, max: 8 });
    try {
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          pool.query(`INSERT INTO audit_log (actor, action, details) VALUES ($1, 'concurrent', $2)`, [
            `writer-${i % 8}`,
            JSON.stringify({ i }),
          ]),
        ),
      );
    } finally {
      await pool.end();
    }
    expect(await problems()).toEqual([]);
  });

  it('shows tampering done behind the triggers: an edited row and a removed row', async () => {
    const victim = await append('dave', 'wip.expedite', { item: 'gh:acme/api#7' });
    const removed = await append('erin', 'stage.override');
    const after = await append('frank', 'token.revoke');

    // Only a superuser can do this; the test connects as one.
    await client.query('BEGIN');
    try {
      await client.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete');
      await client.query(`UPDATE audit_log SET details = '{"item":"gh:acme/api#8"}' WHERE id = $1`, [victim]);
      await client.query('DELETE FROM audit_log WHERE id = $1', [removed]);
      await client.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete');
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }

    const found = await problems();
    expect(found).toEqual(
      expect.arrayContaining([
        { id: victim, problem: 'hash does not match the row content' },
        { id: after, problem: 'prev_hash does not match the previous row' },
      ]),
    );
  });
});
