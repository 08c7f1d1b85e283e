import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendAudit, checkpointAuditHead, FileAuditCheckpointStore } from '@clos/platform';
import { startRestStack, uniqueSuffix, type RestStack } from './rest-stack.js';

/** GET /api/audit/verify checks the chain and the head checkpointed outside the database. */
const s = uniqueSuffix();
const CLOS_YML = `
org: acme
timezone: UTC
pods:
  - id: pay-${s}
    name: Payments
    wipLimit: 2
    repos: [acme/pay-${s}]
    members:
      - github: alice
        role: lead
`;

let dir: string;
let store: FileAuditCheckpointStore;
let stack: RestStack;
let admin: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'clos-verify-api-'));
  store = new FileAuditCheckpointStore(join(dir, 'checkpoint.json'));
  stack = await startRestStack({ closYml: CLOS_YML, auditCheckpoints: store });
  admin = (await stack.issue('admin', { '*': 'admin' })).token;
}, 120_000);
afterAll(async () => {
  await stack?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('reports the checkpoint, then the tail the owner cut off behind the triggers', async () => {
  for (const action of ['x.one', 'x.two', 'x.three']) await appendAudit(stack.pool, { actor: 'system', action });
  const written = await checkpointAuditHead(stack.pool, store);
  expect(written.kind).toBe('written');
  const head = (await store.read())!;

  const intact = await stack.call('GET', '/api/audit/verify', { token: admin });
  expect(intact.statusCode).toBe(200);
  expect(intact.json()).toEqual({ intact: true, problems: [], checkpoint: { ...head, location: store.location } });

  // The test database's pool is the owner's, as the migration task is.
  const client = await stack.pool.connect();
  try {
    await client.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete');
    await client.query('DELETE FROM audit_log WHERE id >= $1::bigint', [head.id]);
    await client.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete');
  } finally {
    client.release();
  }
  const cut = await stack.call('GET', '/api/audit/verify', { token: admin });
  expect(cut.json()).toMatchObject({
    intact: false,
    problems: [{ id: head.id, problem: expect.stringMatching(/the log's tail was removed/) }],
  });
});
