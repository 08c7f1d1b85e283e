import { createTestDatabase } from '@clos/devstack';
import { createPool } from '@clos/platform';
import type pg from 'pg';
import { ConfigHolder } from '@clos/app';
import type { WorkflowGateway } from '../src/dispatch/workflow-gateway.js';
import { WorkflowDispatcher } from '../src/dispatch/workflow-dispatcher.js';
import { createEventProcessor, type EventProcessor } from '../src/event-processor.js';
import { createPgIdeaIssueSync } from '../src/mapping/idea-issue-sync.js';
import { CONFIG, event } from './fixtures.js';

/** Issue events never reach a workflow: a gateway that is called fails the test. */
const noWorkflows: WorkflowGateway = {
  updatePod: () => Promise.reject(new Error('an issue event reached a pod workflow')),
  signalProject: () => Promise.reject(new Error('an issue event reached a project workflow')),
};

let pool: pg.Pool;
let processor: EventProcessor;
let dispatcher: WorkflowDispatcher;
let ideaId: string;

beforeAll(async () => {
  pool = createPool({ connectionString: await createTestDatabase(), max: 4 });
  const config = new ConfigHolder(CONFIG);
  dispatcher = new WorkflowDispatcher({ gateway: noWorkflows, config });
  processor = createEventProcessor({ config, dispatcher, ideaIssues: createPgIdeaIssueSync(pool) });
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO ideas (pod_id, title, impact, confidence, ease, status, submitted_by, github_repo, github_issue_number, github_issue_url, github_issue_state)
     VALUES ('payments', 'One-click refunds', 8, 6, 5, 'accepted', 'bob', 'acme/pay-api', 41, 'https://github.com/acme/pay-api/issues/41', 'open')
     RETURNING id`,
  );
  ideaId = rows[0]!.id;
});

afterAll(async () => {
  await dispatcher.close();
  await pool.end();
});

const issue = (action: 'closed' | 'reopened', at: string, repo = 'Acme/Pay-API', number = 41) =>
  event(
    'issue.changed',
    { repo, number, action, state: action === 'closed' ? 'closed' : 'open', stateReason: action === 'closed' ? 'completed' : 'reopened', url: null },
    { occurredAt: at },
  );

async function idea(): Promise<{ state: string; history: { to_status: string; actor: string; reason: string }[] }> {
  const { rows } = await pool.query<{ github_issue_state: string }>('SELECT github_issue_state FROM ideas WHERE id = $1', [ideaId]);
  const history = await pool.query<{ to_status: string; actor: string; reason: string }>(
    'SELECT to_status, actor, reason FROM idea_status_changes WHERE idea_id = $1 ORDER BY id',
    [ideaId],
  );
  return { state: rows[0]!.github_issue_state, history: history.rows };
}

describe('an accepted idea follows its GitHub issue', () => {
  it('records the issue closing, once, however often it is delivered', async () => {
    const closed = issue('closed', '2025-06-02T10:00:00.000Z');
    await processor(closed);
    await processor(closed);
    await processor({ ...closed, id: '00000000-0000-4000-8000-999999999999', deliveryId: 'redelivery' });
    expect(await idea()).toEqual({
      state: 'closed',
      history: [{ to_status: 'accepted', actor: 'github', reason: 'GitHub issue Acme/Pay-API#41 closed (completed)' }],
    });
  });

  it('ignores a late delivery older than what it already applied, and follows a newer reopen', async () => {
    await processor(issue('reopened', '2025-06-02T09:30:00.000Z'));
    expect((await idea()).state).toBe('closed');
    await processor(issue('reopened', '2025-06-02T11:00:00.000Z'));
    const after = await idea();
    expect(after.state).toBe('open');
    expect(after.history.map((h) => h.reason)).toEqual([
      'GitHub issue Acme/Pay-API#41 closed (completed)',
      'GitHub issue Acme/Pay-API#41 reopened (reopened)',
    ]);
  });

  it('leaves ideas alone for issues no idea became', async () => {
    await processor(issue('closed', '2025-06-02T12:00:00.000Z', 'acme/pay-api', 7));
    expect((await idea()).state).toBe('open');
  });
});
