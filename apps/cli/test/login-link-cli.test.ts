import pg from 'pg';
import { hashToken } from '@clos/api/auth';
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

async function clos(env: Record<string, string>, ...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    env: { DATABASE_URL: databaseUrl, ...env },
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    now: () => new Date(),
    user: 'ops',
  });
  return { code, stdout, stderr };
}

describe('clos login-link', () => {
  it('prints a one-time link alone on stdout, stores only its hash, expiring in 15 minutes, and audits it', async () => {
    const made = await clos({ PORT: '9090' }, 'login-link', '--name', 'alice', '--role', 'payments:lead', '--next', '/api/pods');
    expect(made.code).toBe(0);
    const url = new URL(made.stdout.trim());
    expect(`${url.origin}${url.pathname}`).toBe('http://localhost:9090/auth/link');
    expect(url.searchParams.get('next')).toBe('/api/pods');
    const token = url.searchParams.get('token')!;
    expect(made.stderr).toContain('payments:lead');

    const { rows } = await pool.query<{ token_hash: string; scopes: string[]; pod_roles: unknown; expires_at: Date }>(
      'SELECT token_hash, scopes, pod_roles, expires_at FROM api_tokens WHERE token_hash = $1',
      [hashToken(token)],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ scopes: ['login-link'], pod_roles: { payments: 'lead' } });
    const minutes = (rows[0]!.expires_at.getTime() - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(14);
    expect(minutes).toBeLessThanOrEqual(15);
    const all = await pool.query('SELECT * FROM api_tokens');
    expect(JSON.stringify(all.rows)).not.toContain(token);

    const audit = await pool.query<{ actor: string; action: string }>(`SELECT actor, action FROM audit_log WHERE action = 'auth.login_link.create'`);
    expect(audit.rows).toEqual([{ actor: 'cli:ops', action: 'auth.login_link.create' }]);
    expect(await verifyAuditChain(pool)).toEqual([]);
  });

  it('makes admin links for PUBLIC_URL, as JSON on request', async () => {
    const made = await clos({ PUBLIC_URL: 'https://clos.example.com' }, 'login-link', '--name', 'root', '--admin', '--minutes', '5', '--json');
    expect(made.code).toBe(0);
    const body = JSON.parse(made.stdout) as { url: string; roles: unknown; expiresAt: string };
    expect(body.url).toMatch(/^https:\/\/clos\.example\.com\/auth\/link\?token=clos_/);
    expect(body.roles).toEqual({ '*': 'admin' });
    expect(Date.parse(body.expiresAt) - Date.now()).toBeLessThanOrEqual(5 * 60_000);
  });

  it('refuses a link without roles, with an unknown pod, or a bad lifetime', async () => {
    const none = await clos({}, 'login-link', '--name', 'x');
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('--role <pod>:<role>');
    const unknown = await clos({}, 'login-link', '--name', 'x', '--role', 'nope:viewer');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no pod "nope"');
    const long = await clos({}, 'login-link', '--name', 'x', '--admin', '--minutes', '100000');
    expect(long.code).toBe(1);
    expect(long.stderr).toContain('1 minute to 1 day');
  });
});
