import pg from 'pg';
import { authenticateBearer } from '@clos/api/auth';
import { createTestDatabase } from '@clos/devstack';
import { verifyAuditChain } from '@clos/platform';
import { runCli } from '../src/cli.js';

let databaseUrl: string;
let pool: pg.Pool;

beforeAll(async () => {
  databaseUrl = await createTestDatabase();
  pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  await pool.query(`INSERT INTO orgs (id, name) VALUES ('acme', 'acme')`);
  await pool.query(`INSERT INTO pods (id, org_id, name, wip_limit) VALUES ('payments', 'acme', 'Payments', 3)`);
});

afterAll(async () => {
  await pool?.end();
});

async function clos(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    env: { DATABASE_URL: databaseUrl },
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    now: () => new Date(),
    user: 'ops',
  });
  return { code, stdout, stderr };
}

describe('clos token', () => {
  it('creates a token the API accepts, printing the secret alone on stdout', async () => {
    const created = await clos('token', 'create', '--name', 'first admin', '--role', 'admin', '--expires', '30d');
    expect(created.code).toBe(0);
    const token = created.stdout.trim();
    expect(token).toMatch(/^clos_[A-Za-z0-9_-]{43}$/);
    expect(created.stderr).toContain('roles: admin');
    expect(created.stderr).toContain('only time');

    const auth = await authenticateBearer(pool, `Bearer ${token}`, new Date());
    expect(auth).toMatchObject({ ok: true, principal: { name: 'first admin', roles: { '*': 'admin' } } });
    const stored = await pool.query('SELECT token_hash, created_by FROM api_tokens');
    expect(JSON.stringify(stored.rows)).not.toContain(token);
    expect(stored.rows[0].created_by).toBe('cli:ops');
  });

  it('creates a scoped token as JSON, lists it, and revokes it for good', async () => {
    const created = await clos('token', 'create', '--name', 'ci', '--role', 'payments:lead', '--role', '*:viewer', '--json');
    expect(created.code).toBe(0);
    const body = JSON.parse(created.stdout) as { id: string; token: string; roles: unknown; status: string; expiresAt: string };
    expect(body).toMatchObject({ roles: { payments: 'lead', '*': 'viewer' }, status: 'active' });
    expect(Date.parse(body.expiresAt) - Date.now()).toBeGreaterThan(89 * 86_400_000);

    const listed = await clos('token', 'list');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^ID\s+NAME\s+PREFIX\s+ROLES/);
    expect(listed.stdout).toContain(body.id);
    expect(listed.stdout).toContain('*:viewer, payments:lead');
    expect(listed.stdout).not.toContain(body.token);

    const revoked = await clos('token', 'revoke', body.id);
    expect(revoked).toMatchObject({ code: 0, stderr: expect.stringContaining('Revoked token "ci"') });
    expect(await authenticateBearer(pool, `Bearer ${body.token}`, new Date())).toMatchObject({ ok: false, reason: 'revoked' });
    expect((await clos('token', 'revoke', body.id)).stderr).toContain('already revoked');

    expect((await clos('token', 'list')).stdout).not.toContain(body.id);
    expect((await clos('token', 'list', '--all')).stdout).toMatch(new RegExp(`${body.id}.*revoked`));
  });

  it('writes each issue and revocation to the audit log, chain intact', async () => {
    const { rows } = await pool.query<{ actor: string; action: string }>('SELECT actor, action FROM audit_log ORDER BY id');
    expect(rows.map((r) => r.action)).toEqual(['token.create', 'token.create', 'token.revoke', 'token.revoke']);
    expect(new Set(rows.map((r) => r.actor))).toEqual(new Set(['cli:ops']));
    expect(await verifyAuditChain(pool)).toEqual([]);
  });

  it.each([
    [['--role', 'payments:boss'], 'not one of'],
    [['--role', 'payments'], 'expected <pod>:<role>'],
    [['--role', 'nowhere:viewer'], 'no pod "nowhere"'],
    [['--role', 'payments:admin'], 'organisation-wide'],
    [['--expires', 'soon'], 'lifetime'],
  ])('refuses %j with exit 1 and a message naming the problem', async (extra, words) => {
    const result = await clos('token', 'create', '--name', 'bad', ...extra);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(words);
    expect(result.stdout).toBe('');
  });

  it('exits 2 on bad usage and 1 without a database', async () => {
    expect((await clos('token', 'create')).code).toBe(2);
    expect((await clos('token', 'revoke', 'not-a-uuid')).stderr).toContain('not a token id');
    const noDb = await runCli(['token', 'list'], { env: {}, stdout: () => undefined, stderr: () => undefined, now: () => new Date(), user: 'ops' });
    expect(noDb).toBe(1);
  });
});
