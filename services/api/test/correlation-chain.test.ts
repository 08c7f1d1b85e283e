import { randomUUID } from 'node:crypto';
import { pullRequestPayload, sha } from './support/github-payloads.js';
import { eventually, startEnforcementStack, type EnforcementStack } from './support/enforcement-stack.js';

const REPO = 'acme/chain';

const CLOS_YML = `
org: acme
timezone: UTC
pods:
  - id: chain
    name: Chain
    wipLimit: 1
    repos: [${REPO}]
    members:
      - github: alice
        role: lead
`;

let stack: EnforcementStack;

beforeAll(async () => {
  stack = await startEnforcementStack({ closYml: CLOS_YML });
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

describe('one delivery, one correlation chain', () => {
  it('carries the webhook’s correlation id from ingest through the processor and the workflow into the event log and the audit log', async () => {
    const deliveryId = randomUUID();
    const payload = pullRequestPayload({
      repo: REPO,
      number: 1,
      headSha: sha('chain-1'),
      action: 'opened',
      author: 'alice',
      labels: ['expedite'],
      updatedAt: new Date().toISOString(),
    });
    expect((await stack.sendGithub('pull_request', payload, { deliveryId })).status).toBe(202);
    const correlationId = `github:${deliveryId}`;

    // The ingested event, and what the pod's workflow recorded because of it.
    const events = await eventually('the workflow’s records of the delivery', async () => {
      const { rows } = await stack.pool.query<{ type: string; source: string }>(
        `SELECT type, source FROM events WHERE correlation_id = $1 ORDER BY occurred_at, type`,
        [correlationId],
      );
      return rows.some((r) => r.type === 'wip.granted') ? rows : undefined;
    });
    expect(events).toEqual(
      expect.arrayContaining([
        { type: 'pr.opened', source: 'github' },
        { type: 'wip.granted', source: 'clos' },
      ]),
    );
    // The audit entry the delivery caused (the expedite lane used) is on the same chain.
    const audit = await eventually('the expedite audit entry', async () => {
      const { rows } = await stack.pool.query<{ action: string; target: string }>(
        `SELECT action, target FROM audit_log WHERE details->>'correlationId' = $1`,
        [correlationId],
      );
      return rows.length > 0 ? rows : undefined;
    });
    expect(audit).toEqual([{ action: 'wip.expedite_used', target: `gh:${REPO}#1` }]);
  }, 60_000);
});
