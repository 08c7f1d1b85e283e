import { parseDomainEvent, RECORDED_EVENT_TYPES } from '@clos/domain';
import { pullRequestPayload, sha, type Payload } from './support/github-payloads.js';
import { eventually, startEnforcementStack, type EnforcementStack } from './support/enforcement-stack.js';

const REPO = 'acme/ledger';

const CLOS_YML = `
org: acme
timezone: UTC
pods:
  - id: ledger
    name: Ledger
    wipLimit: 3
    repos: [${REPO}]
    members:
      - github: alice
        role: lead
      - github: bob
        role: member
`;

let stack: EnforcementStack;

beforeAll(async () => {
  stack = await startEnforcementStack({ closYml: CLOS_YML });
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

const at = (hour: number, minute = 0): string => new Date(Date.UTC(2025, 6, 1, hour, minute)).toISOString();

/** A `pull_request` delivery whose PR GitHub created at `createdAt`. */
function delivery(f: Parameters<typeof pullRequestPayload>[0] & { createdAt: string; mergedAt?: string }): Payload {
  const payload = pullRequestPayload(f);
  payload.pull_request.created_at = f.createdAt;
  if (f.mergedAt !== undefined) payload.pull_request.merged_at = f.mergedAt;
  return payload;
}

interface WorkItemRow {
  state: string;
  labels: string[];
  opened_at: Date | null;
  closed_at: Date | null;
  merged_at: Date | null;
}

async function rowWhen(id: string, what: string, ready: (row: WorkItemRow) => boolean): Promise<WorkItemRow> {
  return eventually(what, async () => {
    const { rows } = await stack.pool.query<WorkItemRow>('SELECT state, labels, opened_at, closed_at, merged_at FROM work_items WHERE id = $1', [id]);
    return rows[0] !== undefined && ready(rows[0]) ? rows[0] : undefined;
  });
}

const iso = (value: Date | null): string | null => (value === null ? null : value.toISOString());

describe('work items on the real path: signed webhook → api → bus → processor → workflow → record', () => {
  it('records when GitHub opened, closed and merged a PR, and its labels', async () => {
    const id = `gh:${REPO}#7`;
    const pr = { repo: REPO, number: 7, headSha: sha('ledger-7'), author: 'alice', createdAt: at(8) };
    expect((await stack.sendGithub('pull_request', delivery({ ...pr, action: 'opened', labels: ['feature'], updatedAt: at(8) }))).status).toBe(202);

    const open = await rowWhen(id, 'the opened PR held', (r) => r.state === 'held');
    expect({ ...open, opened_at: iso(open.opened_at) }).toEqual({ state: 'held', labels: ['feature'], opened_at: at(8), closed_at: null, merged_at: null });

    // New commits report the labels as they are now.
    const pushed = delivery({ ...pr, headSha: sha('ledger-7b'), action: 'synchronize', labels: ['feature', 'db'], updatedAt: at(9) });
    expect((await stack.sendGithub('pull_request', pushed)).status).toBe(202);
    await rowWhen(id, 'the labels of the new push', (r) => r.labels.join(',') === 'feature,db');

    const merged = delivery({ ...pr, headSha: sha('ledger-7b'), action: 'closed', merged: true, labels: ['feature', 'db', 'release'], updatedAt: at(11), mergedAt: at(11) });
    expect((await stack.sendGithub('pull_request', merged)).status).toBe(202);
    const done = await rowWhen(id, 'the merged PR released', (r) => r.state === 'released');
    expect({ ...done, opened_at: iso(done.opened_at), closed_at: iso(done.closed_at), merged_at: iso(done.merged_at) }).toEqual({
      state: 'released',
      labels: ['feature', 'db', 'release'],
      opened_at: at(8),
      closed_at: at(11),
      merged_at: at(11),
    });
  }, 60_000);

  it('records a PR closed without merging as closed, never merged; reopening clears the close', async () => {
    const id = `gh:${REPO}#8`;
    const pr = { repo: REPO, number: 8, headSha: sha('ledger-8'), author: 'bob', createdAt: at(12) };
    expect((await stack.sendGithub('pull_request', delivery({ ...pr, action: 'opened', updatedAt: at(12) }))).status).toBe(202);
    await rowWhen(id, 'the opened PR held', (r) => r.state === 'held');

    expect((await stack.sendGithub('pull_request', delivery({ ...pr, action: 'closed', merged: false, labels: ['wontfix'], updatedAt: at(13) }))).status).toBe(202);
    const closed = await rowWhen(id, 'the closed PR released', (r) => r.state === 'released');
    expect({ labels: closed.labels, closed_at: iso(closed.closed_at), merged_at: closed.merged_at, opened_at: iso(closed.opened_at) }).toEqual({
      labels: ['wontfix'],
      closed_at: at(13),
      merged_at: null,
      opened_at: at(12),
    });

    expect((await stack.sendGithub('pull_request', delivery({ ...pr, action: 'reopened', labels: [], updatedAt: at(14) }))).status).toBe(202);
    const reopened = await rowWhen(id, 'the reopened PR held again', (r) => r.state === 'held');
    expect({ labels: reopened.labels, closed_at: reopened.closed_at, opened_at: iso(reopened.opened_at) }).toEqual({ labels: [], closed_at: null, opened_at: at(12) });
  }, 60_000);

  it('writes only catalogued events to the log, each valid against its schema', async () => {
    await eventually('the workflows recorded their decisions', async () =>
      (await stack.events()).some((e) => e.type === 'wip.released') ? true : undefined,
    );
    const { rows } = await stack.pool.query<{
      id: string;
      type: string;
      source: string;
      occurred_at: Date;
      received_at: Date;
      delivery_id: string;
      correlation_id: string;
      subject: Record<string, string>;
      payload: unknown;
    }>('SELECT id, type, source, occurred_at, received_at, delivery_id, correlation_id, subject, payload FROM events ORDER BY seq');
    const recorded = rows.filter((r) => r.source === 'clos');
    expect(new Set(recorded.map((r) => r.type))).toEqual(new Set(['wip.granted', 'wip.released']));
    for (const row of rows) {
      const envelope = {
        id: row.id,
        type: row.type,
        source: row.source,
        occurredAt: row.occurred_at.toISOString(),
        receivedAt: row.received_at.toISOString(),
        deliveryId: row.delivery_id,
        correlationId: row.correlation_id,
        subject: row.subject,
        payload: row.payload,
      };
      expect(() => parseDomainEvent(envelope)).not.toThrow();
    }
    for (const row of recorded) expect(RECORDED_EVENT_TYPES).toContain(row.type);
  }, 60_000);
});
