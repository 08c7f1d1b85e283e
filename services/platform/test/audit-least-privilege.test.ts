import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, testServiceUrl } from '@clos/devstack';
import type pg from 'pg';
import {
  appendAudit,
  checkAuditCheckpoint,
  checkpointAuditHead,
  createPool,
  FileAuditCheckpointStore,
  verifyAuditChain,
} from '../src/index.js';

// Spaces and a backslash: the key travels as a connection startup option, which escapes them.
const KEY = 'a chain key with spaces \\ and a backslash, 40+ chars';
const WRONG_KEY = 'w'.repeat(40);

describe('audit log under least privilege', () => {
  let ownerUrl: string;
  let owner: pg.Pool;
  let service: pg.Pool;
  let keyedService: pg.Pool;

  beforeAll(async () => {
    ownerUrl = await createTestDatabase();
    owner = createPool({ connectionString: ownerUrl, max: 2 });
    service = createPool({ connectionString: testServiceUrl(ownerUrl), max: 2 });
    keyedService = createPool({ connectionString: testServiceUrl(ownerUrl), max: 2, auditChainKey: KEY });
  });
  afterAll(async () => {
    await Promise.all([owner.end(), service.end(), keyedService.end()]);
  });

  it('lets the service role append and read the audit log, and write the other records', async () => {
    const entry = await appendAudit(service, { actor: 'system', action: 'test.append', target: 'pod:p' });
    const { rows } = await service.query('SELECT actor FROM audit_log WHERE id = $1', [entry.id]);
    expect(rows).toEqual([{ actor: 'system' }]);
    await service.query(`INSERT INTO orgs (id, name) VALUES ('least', 'Least') ON CONFLICT DO NOTHING`);
    await service.query(`UPDATE orgs SET name = 'Least Privilege' WHERE id = 'least'`);
    const org = await service.query('SELECT name FROM orgs WHERE id = $1', ['least']);
    expect(org.rows).toEqual([{ name: 'Least Privilege' }]);
  });

  it('refuses the service role UPDATE, DELETE, TRUNCATE, trigger changes and setval on the audit log', async () => {
    const refused = /permission denied|must be owner/;
    await expect(service.query(`UPDATE audit_log SET actor = 'mallory'`)).rejects.toThrow(/permission denied for table audit_log/);
    await expect(service.query('DELETE FROM audit_log')).rejects.toThrow(/permission denied for table audit_log/);
    await expect(service.query('TRUNCATE audit_log')).rejects.toThrow(/permission denied for table audit_log/);
    await expect(service.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete')).rejects.toThrow(
      /must be owner of table audit_log/,
    );
    await expect(service.query('ALTER TABLE audit_log DISABLE TRIGGER ALL')).rejects.toThrow(refused);
    await expect(service.query('DROP TRIGGER audit_log_chain ON audit_log')).rejects.toThrow(refused);
    await expect(service.query(`SELECT setval('audit_log_id_seq', 1)`)).rejects.toThrow(/permission denied for sequence/);
    await expect(service.query(`SET session_replication_role = replica`)).rejects.toThrow(refused);
    expect(await verifyAuditChain(owner)).toEqual([]);
  });

  it('chains entries with HMAC under the key, and a wrong or missing key does not verify them', async () => {
    const first = await appendAudit(keyedService, { actor: 'alice', action: 'pod.limit.set', details: { to: 2 } });
    const second = await appendAudit(keyedService, { actor: 'bob', action: 'stage.override' });
    expect(first.hash).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
    expect(second.prevHash).toBe(first.hash);
    expect(await verifyAuditChain(keyedService)).toEqual([]);

    const wrong = createPool({ connectionString: testServiceUrl(ownerUrl), max: 1, auditChainKey: WRONG_KEY });
    try {
      const problems = await verifyAuditChain(wrong);
      expect(problems.map((p) => p.id)).toEqual([first.id, second.id]);
      expect(problems[0]!.problem).toMatch(/does not match the row content under the chain key/);
      // The recomputed HMAC is withheld: verification is no oracle for forging entries.
      expect(problems[0]!.expectedHash).toBe('hmac-sha256:(withheld)');
    } finally {
      await wrong.end();
    }
    const unkeyed = await verifyAuditChain(service);
    expect(unkeyed.map((p) => p.problem)).toEqual([
      'keyed entry: it can only be checked with AUDIT_CHAIN_KEY',
      'keyed entry: it can only be checked with AUDIT_CHAIN_KEY',
    ]);
  });

  it('shows an entry the owner rewrote, or appended without the key, behind the triggers', async () => {
    const victim = await appendAudit(keyedService, { actor: 'carol', action: 'token.revoke' });
    const client = await owner.connect();
    try {
      await client.query('BEGIN');
      await client.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete');
      // The owner knows the unkeyed formula but not the key.
      await client.query(
        `UPDATE audit_log SET actor = 'mallory',
           hash = audit_row_hash(prev_hash, id, at, 'mallory', action, target, details, source_ip)
         WHERE id = $1`,
        [victim.id],
      );
      await client.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete');
      const problems = (await client.query<{ id: string; problem: string }>(
        `SELECT set_config('clos.audit_chain_key', $1, true)`,
        [KEY],
      ).then(() => client.query<{ id: string; problem: string }>('SELECT id::text, problem FROM verify_audit_chain()'))).rows;
      expect(problems).toEqual(
        expect.arrayContaining([
          { id: victim.id, problem: 'entry is not keyed although an earlier one is (written without the key, or forged)' },
        ]),
      );
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
    expect(await verifyAuditChain(keyedService)).toEqual([]);
  });
});

describe('audit checkpoint outside the database', () => {
  let dir: string;
  let owner: pg.Pool;
  let keyedService: pg.Pool;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'clos-checkpoint-'));
    const ownerUrl = await createTestDatabase();
    owner = createPool({ connectionString: ownerUrl, max: 2 });
    keyedService = createPool({ connectionString: testServiceUrl(ownerUrl), max: 2, auditChainKey: KEY });
  });
  afterAll(async () => {
    await Promise.all([owner.end(), keyedService.end()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows a tail the owner truncated, which the chain alone does not', async () => {
    const store = new FileAuditCheckpointStore(join(dir, 'audit', 'checkpoint.json'));
    expect(await checkpointAuditHead(keyedService, store)).toEqual({ kind: 'empty' });
    for (const action of ['a.one', 'a.two', 'a.three', 'a.four']) await appendAudit(keyedService, { actor: 'system', action });
    const written = await checkpointAuditHead(keyedService, store);
    expect(written.kind).toBe('written');
    expect(await checkpointAuditHead(keyedService, store)).toEqual({ kind: 'unchanged' });
    const head = (await store.read())!;
    expect(await checkAuditCheckpoint(keyedService, store)).toMatchObject({ problems: [] });

    // The owner cuts the last two entries off behind the triggers' back.
    const client = await owner.connect();
    try {
      await client.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete');
      await client.query(`DELETE FROM audit_log WHERE id > (SELECT max(id) - 2 FROM audit_log)`);
      await client.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete');
    } finally {
      client.release();
    }

    expect(await verifyAuditChain(keyedService)).toEqual([]);
    const check = await checkAuditCheckpoint(keyedService, store);
    expect(check.problems).toEqual([
      expect.objectContaining({ id: head.id, problem: expect.stringMatching(/is missing: the log's tail was removed/) }),
    ]);

    // New entries do not move the checkpoint past the evidence.
    await appendAudit(keyedService, { actor: 'system', action: 'a.five' });
    await appendAudit(keyedService, { actor: 'system', action: 'a.six' });
    await appendAudit(keyedService, { actor: 'system', action: 'a.seven' });
    const refused = await checkpointAuditHead(keyedService, store);
    expect(refused.kind).toBe('refused');
    expect(JSON.parse(readFileSync(join(dir, 'audit', 'checkpoint.json'), 'utf8'))).toEqual(head);
  });
});
