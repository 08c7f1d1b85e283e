import { createTestDatabase } from '@clos/devstack';
import type pg from 'pg';
import { appendAudit, createPool, verifyAuditChain, withTransaction } from '../src/index.js';

describe('audit log writer', () => {
  let pool: pg.Pool;

  beforeAll(async () => {
    pool = createPool({ connectionString: await createTestDatabase() });
  });
  afterAll(async () => {
    await pool.end();
  });

  it('appends chained entries and reports an intact chain', async () => {
    const first = await appendAudit(pool, {
      actor: 'alice',
      action: 'stage.override',
      target: 'project:checkout-v2',
      details: { from: 'build', to: 'launch', reason: 'launch window' },
      sourceIp: '192.0.2.10',
    });
    const second = await appendAudit(pool, { actor: 'system', action: 'wip.limit.lowered', target: 'pod:payments' });
    expect(first).toMatchObject({ actor: 'alice', sourceIp: '192.0.2.10', details: { reason: 'launch window' } });
    expect(second.prevHash).toBe(first.hash);
    expect(second.target).toBe('pod:payments');
    expect(await verifyAuditChain(pool)).toEqual([]);
  });

  it('records atomically with the change it describes', async () => {
    const { rows: before } = await pool.query('SELECT count(*)::int AS n FROM audit_log');
    await expect(
      withTransaction(pool, async (client) => {
        await appendAudit(client, { actor: 'bob', action: 'token.create' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    const { rows: after } = await pool.query('SELECT count(*)::int AS n FROM audit_log');
    expect(after).toEqual(before);
    expect(await verifyAuditChain(pool)).toEqual([]);
  });

  it('cannot be changed through the writer’s connection', async () => {
    await expect(pool.query(`UPDATE audit_log SET actor = 'eve'`)).rejects.toThrow(/append-only/);
    await expect(pool.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
  });

  it('refuses a bad source address with a coded error', async () => {
    await expect(appendAudit(pool, { actor: 'alice', action: 'x', sourceIp: 'not-an-ip' })).rejects.toMatchObject({
      code: 'InvalidInput',
      message: expect.stringContaining('sourceIp'),
    });
  });
});
