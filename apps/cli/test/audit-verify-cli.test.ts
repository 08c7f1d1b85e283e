import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, testServiceUrl } from '@clos/devstack';
import { appendAudit, checkpointAuditHead, createPool, FileAuditCheckpointStore } from '@clos/platform';
import type pg from 'pg';
import { runCli } from '../src/cli.js';

const KEY = 'audit-verify-cli-test-key-0123456789abcdef';

describe('clos audit verify', () => {
  let ownerUrl: string;
  let dataDir: string;
  let service: pg.Pool;

  beforeAll(async () => {
    ownerUrl = await createTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'clos-audit-cli-'));
    service = createPool({ connectionString: testServiceUrl(ownerUrl), max: 2, auditChainKey: KEY });
    for (const action of ['token.create', 'pod.limit.set', 'stage.override']) {
      await appendAudit(service, { actor: 'alice', action, target: 'pod:payments' });
    }
    const checkpointed = await checkpointAuditHead(service, new FileAuditCheckpointStore(join(dataDir, 'audit', 'checkpoint.json')));
    expect(checkpointed.kind).toBe('written');
  });
  afterAll(async () => {
    await service.end();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function clos(env: Record<string, string>, ...args: string[]) {
    let stdout = '';
    let stderr = '';
    const code = await runCli(['audit', 'verify', ...args], {
      env: { DATABASE_URL: testServiceUrl(ownerUrl), CLOS_DATA_DIR: dataDir, ...env },
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      now: () => new Date(),
      user: 'auditor',
    });
    return { code, stdout, stderr };
  }

  it('reports an intact log under the key, with its checkpoint', async () => {
    const result = await clos({ AUDIT_CHAIN_KEY: KEY });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('3 entries, checked under AUDIT_CHAIN_KEY');
    expect(result.stdout).toMatch(/checkpoint: entry \d+ at .* \(file:\/\/.*checkpoint\.json\)/);
    expect(result.stdout).toMatch(/intact\n$/);
  });

  it('refuses a wrong key', async () => {
    const result = await clos({ AUDIT_CHAIN_KEY: 'not-the-key-but-long-enough-to-be-accepted' });
    expect(result.code).toBe(1);
    expect(result.stdout.match(/does not match the row content under the chain key/g)).toHaveLength(3);
    expect(result.stderr).toBe('clos: the audit log is not intact: 3 problem(s)\n');
  });

  it('shows a tail the owner truncated behind the triggers', async () => {
    const owner = createPool({ connectionString: ownerUrl, max: 1 });
    try {
      const client = await owner.connect();
      try {
        await client.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete');
        await client.query('DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)');
        await client.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete');
      } finally {
        client.release();
      }
    } finally {
      await owner.end();
    }
    const result = await clos({ AUDIT_CHAIN_KEY: KEY }, '--json');
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { intact: boolean; entries: number; problems: Array<{ problem: string }> };
    expect(report).toMatchObject({ intact: false, entries: 2, keyed: true });
    expect(report.problems).toEqual([expect.objectContaining({ problem: expect.stringMatching(/the log's tail was removed/) })]);
  });
});
