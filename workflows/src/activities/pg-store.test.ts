import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { keyToUuid } from './key-to-uuid.js';
import { createPgRecordStore } from './pg-store.js';
import type { RecordStore } from './ports.js';

let pool: pg.Pool;
let store: RecordStore;
const run = randomUUID().slice(0, 8);
const podId = `store-${run}`;
const projectId = `store-proj-${run}`;
const at = '2025-03-01T10:00:00.000Z';

beforeAll(async () => {
  pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 4 });
  store = createPgRecordStore(pool);
  await pool.query(`INSERT INTO orgs (id, name) VALUES ('acme', 'Acme') ON CONFLICT DO NOTHING`);
  await pool.query(`INSERT INTO pods (id, org_id, name, wip_limit) VALUES ($1, 'acme', 'Store', 2)`, [podId]);
  await pool.query(`INSERT INTO stage_templates (id, name, definition, built_in) VALUES ('delivery', 'Delivery', '{}', true) ON CONFLICT DO NOTHING`);
  await pool.query(`INSERT INTO projects (id, pod_id, template_id, name) VALUES ($1, $2, 'delivery', 'P')`, [projectId, podId]);
});

afterAll(async () => {
  await pool.end();
});

describe('createPgRecordStore', () => {
  it('upserts work items and their links, keeping known fields when a later write omits them', async () => {
    const id = `gh:acme/store-${run}#1`;
    await store.upsertWorkItem({ id, kind: 'pull_request', podId, state: 'queued', title: 'One', repo: `acme/store-${run}`, number: 1, headSha: 'a1', linkedLinearIds: ['lin:ST-1'] });
    await store.upsertWorkItem({ id, kind: 'pull_request', podId, state: 'held', repo: `acme/store-${run}`, number: 1, headSha: 'a2', linkedLinearIds: ['lin:ST-1'] });
    const { rows } = await pool.query(`SELECT pod_id, state, title, head_sha FROM work_items WHERE id = $1`, [id]);
    expect(rows).toEqual([{ pod_id: podId, state: 'held', title: 'One', head_sha: 'a2' }]);
    const links = await pool.query(`SELECT linear_issue_id FROM work_item_links WHERE pull_request_id = $1`, [id]);
    expect(links.rows).toEqual([{ linear_issue_id: 'lin:ST-1' }]);
  });

  it('records a work item of a pod not in the record without its pod', async () => {
    const id = `lin:UNK${run.replace(/[^a-z]/g, '').toUpperCase() || 'X'}-1`;
    await store.upsertWorkItem({ id, kind: 'linear_issue', podId: 'no-such-pod', state: 'held', linearIdentifier: id.slice(4) });
    const { rows } = await pool.query(`SELECT pod_id, state FROM work_items WHERE id = $1`, [id]);
    expect(rows).toEqual([{ pod_id: null, state: 'held' }]);
  });

  it('appends an event once per key, out of the outbox consumer’s way', async () => {
    const key = `evt-${run}`;
    const event = { key, type: 'wip.granted' as const, occurredAt: at, subject: { podId, workItemId: 'gh:acme/x#1' }, payload: { lane: 'regular' } };
    await expect(store.appendEvent(event)).resolves.toBe(true);
    await expect(store.appendEvent(event)).resolves.toBe(false);
    await expect(store.hasEvent(key)).resolves.toBe(true);
    await expect(store.hasEvent(`${key}-other`)).resolves.toBe(false);
    const { rows } = await pool.query(`SELECT type, source, status, pod_id, work_item_id, delivery_id FROM events WHERE id = $1`, [keyToUuid(key)]);
    expect(rows).toEqual([{ type: 'wip.granted', source: 'clos', status: 'done', pod_id: podId, work_item_id: 'gh:acme/x#1', delivery_id: key }]);
  });

  it('appends an audit entry once per key, even when retried concurrently, and keeps the chain intact', async () => {
    const entry = { key: `audit-${run}`, actor: 'lea', action: 'stage.override', target: `project:${projectId}`, details: { reason: 'why' }, at };
    const results = await Promise.all([1, 2, 3, 4].map(() => store.appendAudit(entry)));
    expect(results.filter(Boolean)).toHaveLength(1);
    const { rows } = await pool.query(`SELECT actor, details FROM audit_log WHERE details ->> 'idempotencyKey' = $1`, [entry.key]);
    expect(rows).toEqual([{ actor: 'lea', details: { reason: 'why', occurredAt: at, idempotencyKey: entry.key } }]);
    const broken = await pool.query('SELECT * FROM verify_audit_chain()');
    expect(broken.rows).toEqual([]);
  });

  it('records transitions and evidence once, and skips projects not in the record', async () => {
    const transition = { key: `tr-${run}`, projectId, from: 'idea', to: 'discovery', kind: 'override' as const, actor: 'lea', reason: 'why', details: {}, at };
    await expect(store.recordStageTransition(transition)).resolves.toBe(true);
    await expect(store.recordStageTransition(transition)).resolves.toBe(false);
    await expect(store.recordStageTransition({ ...transition, key: `tr2-${run}`, projectId: 'nope' })).resolves.toBe(false);
    const evidence = { key: `ev-${run}`, projectId, stageId: 'idea', criterionId: 'demo', by: 'ana', role: 'member', value: 'https://x', at };
    await expect(store.recordEvidence(evidence)).resolves.toBe(true);
    await expect(store.recordEvidence(evidence)).resolves.toBe(false);
    const counts = await pool.query(
      `SELECT (SELECT count(*) FROM stage_transitions WHERE project_id = $1)::int AS transitions, (SELECT count(*) FROM evidence WHERE project_id = $1)::int AS evidence`,
      [projectId],
    );
    expect(counts.rows).toEqual([{ transitions: 1, evidence: 1 }]);
  });

  it('moves the project’s current stage, keeping the entry time when none is given', async () => {
    await expect(store.updateProjectStage({ projectId, stageId: 'discovery', enteredAt: at, status: 'active' })).resolves.toBe(true);
    await expect(store.updateProjectStage({ projectId, stageId: 'discovery', status: 'paused' })).resolves.toBe(true);
    await expect(store.updateProjectStage({ projectId: 'nope', stageId: 'x', status: 'active' })).resolves.toBe(false);
    const { rows } = await pool.query(`SELECT current_stage, stage_entered_at, status FROM projects WHERE id = $1`, [projectId]);
    expect(rows).toEqual([{ current_stage: 'discovery', stage_entered_at: new Date(at), status: 'paused' }]);
  });
});
