import { randomUUID } from 'node:crypto';
import type { DomainEvent } from '@clos/domain';
import { OutboxBus, OutboxConsumer } from '@clos/platform';
import { startLeadershipApi, type LeadershipApi } from './support/leadership-api.js';

/**
 * `clos events dead|requeue` against the real api on its own database, with events killed
 * the real way: an outbox consumer whose handler keeps failing parks them as dead.
 */
let api: LeadershipApi;
let admin: string;
let lead: string;
const consumers: OutboxConsumer[] = [];

beforeAll(async () => {
  api = await startLeadershipApi();
  admin = await api.token('ops admin', { '*': 'admin' }, 'root');
  lead = await api.token('pay lead', { payments: 'lead' }, 'alice');
});

afterAll(async () => {
  await Promise.all(consumers.map((c) => c.stop()));
  await api?.close();
});

function prOpened(number: number): DomainEvent {
  const now = new Date().toISOString();
  const repo = 'acme/payments-api';
  return {
    id: randomUUID(),
    type: 'pr.opened',
    source: 'github',
    occurredAt: now,
    receivedAt: now,
    deliveryId: randomUUID(),
    correlationId: randomUUID(),
    subject: { podId: 'payments', workItemId: `gh:${repo}#${number}` },
    payload: {
      pullRequest: {
        repo,
        number,
        title: `Change ${number}`,
        body: null,
        url: `https://github.com/${repo}/pull/${number}`,
        headSha: `sha${number}`,
        headRef: `feature-${number}`,
        baseRef: 'main',
        author: 'alice',
        draft: false,
        labels: [],
        state: 'open',
        merged: false,
      },
    },
  } as DomainEvent;
}

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const statusOf = async (ids: string[]) =>
  (await api.pool.query<{ id: string; status: string }>('SELECT id, status FROM events WHERE id = ANY($1::uuid[]) ORDER BY seq', [ids])).rows.map((r) => r.status);

const json = <T>(result: { stdout: string }) => JSON.parse(result.stdout) as T;

describe('clos events', () => {
  const events = [prOpened(1), prOpened(2), prOpened(3)];
  const ids = events.map((e) => e.id);

  it('lists the events the bus gave up on, and puts back the ones named, then all, audited', async () => {
    // A handler that cannot cope: each event dies after its only attempt.
    const failing = new OutboxConsumer({ pool: api.pool, maxAttempts: 1, pollIntervalMs: 50, backoff: { baseMs: 10, maxMs: 20 } });
    consumers.push(failing);
    failing.start(async (event) => {
      throw new Error(`handler broke on ${event.id}`);
    });
    await new OutboxBus({ db: api.pool }).publish(events);
    await until('the three events to die', async () => (await statusOf(ids)).every((s) => s === 'dead'));
    await failing.stop();

    const listed = await api.clos(admin, 'events', 'dead', '--json');
    expect(listed.code).toBe(0);
    const page = json<{ mode: string; items: { id: string; type: string; attempts: number; lastError: string }[] }>(listed);
    expect(page.mode).toBe('outbox');
    expect(page.items.map((e) => e.id)).toEqual(ids);
    expect(page.items[0]).toMatchObject({ type: 'pr.opened', attempts: 1, lastError: expect.stringContaining(`handler broke on ${ids[0]}`) });
    const human = await api.clos(admin, 'events', 'dead', '--limit', '2');
    expect(human.stdout).toContain(ids[1]);
    expect(human.stdout).not.toContain(ids[2]);
    expect(human.stdout).toContain('(more: raise --limit)');

    const one = await api.clos(admin, 'events', 'requeue', '--id', ids[0]!, '--json');
    expect(one.code).toBe(0);
    expect(json(one)).toEqual({ mode: 'outbox', requeued: 1, ids: [ids[0]], queues: [] });
    expect(await statusOf(ids)).toEqual(['pending', 'dead', 'dead']);

    const all = await api.clos(admin, 'events', 'requeue', '--all');
    expect(all).toMatchObject({ code: 0, stdout: expect.stringContaining('Requeued 2 event(s)') });
    expect(await statusOf(ids)).toEqual(['pending', 'pending', 'pending']);
    expect((await api.clos(admin, 'events', 'requeue', '--all')).stdout).toContain('Nothing requeued');

    // Back in line means delivered once a working consumer runs.
    const handled: string[] = [];
    const working = new OutboxConsumer({ pool: api.pool, pollIntervalMs: 50 });
    consumers.push(working);
    working.start(async (event) => {
      handled.push(event.id);
    });
    await until('the requeued events to be delivered', async () => (await statusOf(ids)).every((s) => s === 'done'));
    expect([...handled].sort()).toEqual([...ids].sort());

    const { rows } = await api.pool.query<{ actor: string; target: string; details: { outcome: string; result: { requeued: number; ids: string[] } } }>(
      `SELECT actor, target, details FROM audit_log WHERE action = 'events.requeue' ORDER BY id`,
    );
    expect(rows.map((r) => [r.target, r.details.outcome, r.details.result.requeued])).toEqual([
      ['events:1', 'done', 1],
      ['events:all-dead', 'done', 2],
      ['events:all-dead', 'done', 0],
    ]);
    expect(rows[0]!.details.result.ids).toEqual([ids[0]]);
    expect(rows[0]!.actor).toMatch(/^token:/);
  });

  it('is for the organisation admin only, and says what is wrong with a request', async () => {
    const refused = await api.clos(lead, 'events', 'requeue', '--all');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/admin/i);
    expect((await api.clos(lead, 'events', 'dead')).code).toBe(1);

    expect(await api.clos(admin, 'events', 'requeue')).toMatchObject({ code: 2, stderr: expect.stringContaining('--id <event-id>, or requeue every one with --all') });
    expect(await api.clos(admin, 'events', 'requeue', '--all', '--id', ids[0]!)).toMatchObject({ code: 2, stderr: expect.stringContaining('not both') });
    expect(await api.clos(admin, 'events', 'requeue', '--id', 'not-a-uuid')).toMatchObject({ code: 1, stderr: expect.stringContaining('must be an event id (a UUID)') });
    expect(await api.clos(admin, 'events', 'dead', '--limit', '0')).toMatchObject({ code: 2, stderr: expect.stringContaining('--limit') });

    const both = await fetch(`${api.url}/api/events/dead/requeue`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ids: [ids[0]], all: true }),
    });
    expect(both.status).toBe(400);
    expect(((await both.json()) as { error: { message: string } }).error.message).toContain('give either ids or "all": true');
  });

  it('documents both routes in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${api.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, { summary?: string }>> };
    expect(doc.paths['/api/events/dead']?.get?.summary).toContain('admin');
    expect(doc.paths['/api/events/dead/requeue']?.post?.summary).toContain('audited');
  });
});
