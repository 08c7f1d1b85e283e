import { randomUUID } from 'node:crypto';
import { startRestStack, uniqueSuffix, type RestStack } from './rest-stack.js';
import { eventually } from './support/eventually.js';

const s = uniqueSuffix();
const PAY = `pay-${s}`;
const OPS = `ops-${s}`;

const CLOS_YML = `
org: acme
timezone: UTC
pods:
  - id: ${PAY}
    name: Payments
    wipLimit: 3
    repos: [acme/pay-${s}]
    members:
      - github: alice
        role: lead
      - github: bob
        role: member
  - id: ${OPS}
    name: Ops
    wipLimit: 2
    repos: [acme/ops-${s}]
    members:
      - github: olga
        role: member
      - github: bob
        role: viewer
projects:
  - id: checkout-${s}
    name: Checkout
    pod: ${PAY}
    template: delivery
`;

let stack: RestStack;
let payViewer: string;
let admin: string;

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** 30 events of pay (4 of them at one instant, told apart by insertion order) and 5 of ops. */
async function seedEvents(): Promise<void> {
  const base = Date.UTC(2025, 0, 1, 9, 0);
  const rows: [string, string, string][] = [];
  for (let i = 0; i < 26; i++) rows.push([PAY, i % 2 === 0 ? 'pr.opened' : 'pr.closed', new Date(base + i * 60_000).toISOString()]);
  for (let i = 0; i < 4; i++) rows.push([PAY, 'checks.completed', new Date(base + 100 * 60_000).toISOString()]);
  for (let i = 0; i < 5; i++) rows.push([OPS, 'pr.opened', new Date(base + i * 60_000).toISOString()]);
  for (const [pod, type, at] of rows) {
    await stack.pool.query(
      `INSERT INTO events (id, type, source, occurred_at, received_at, delivery_id, correlation_id, subject, payload, status)
       VALUES ($1, $2, 'github', $3, $3, $4, $4, $5, '{}', 'done')`,
      [randomUUID(), type, at, `delivery-${randomUUID()}`, JSON.stringify({ podId: pod })],
    );
  }
}

beforeAll(async () => {
  stack = await startRestStack({ closYml: CLOS_YML });
  payViewer = (await stack.issue('pay viewer', { [PAY]: 'viewer' })).token;
  admin = (await stack.issue('admin', { '*': 'admin' })).token;
  await seedEvents();
}, 60_000);

afterAll(async () => {
  await stack?.close();
});

async function all<T>(url: string, token: string, size = 7): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 50; pages++) {
    const response = await stack.call('GET', `${url}${url.includes('?') ? '&' : '?'}limit=${size}${cursor ? `&cursor=${cursor}` : ''}`, { token });
    expect(response.statusCode).toBe(200);
    const page = response.json<Page<T>>();
    items.push(...page.items);
    cursor = page.nextCursor;
    if (cursor === null) return items;
  }
  throw new Error('more pages than expected');
}

describe('cursor pagination', () => {
  it('walks the event log newest first, each event once, only of the pods the token sees', async () => {
    const events = await all<{ id: string; occurredAt: string; subject: { podId: string } }>('/api/events', payViewer);
    expect(events).toHaveLength(30);
    expect(new Set(events.map((e) => e.id)).size).toBe(30);
    expect(events.every((e) => e.subject.podId === PAY)).toBe(true);
    const times = events.map((e) => Date.parse(e.occurredAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    const everything = await all<{ id: string }>('/api/events', admin);
    expect(everything).toHaveLength(35);
  });

  it('filters events by type and time range, and pages the filtered list', async () => {
    const opened = await all<{ type: string }>(`/api/events?pod=${PAY}&type=pr.opened`, payViewer);
    expect(opened).toHaveLength(13);
    expect(new Set(opened.map((e) => e.type))).toEqual(new Set(['pr.opened']));

    const two = await all<{ type: string }>(`/api/events?type=pr.opened&type=checks.completed`, payViewer);
    expect(two).toHaveLength(17);
    expect((await all(`/api/events?type=pr.opened,checks.completed`, payViewer)).length).toBe(17);

    const window = await all<{ occurredAt: string }>('/api/events?from=2025-01-01T09:05:00Z&to=2025-01-01T09:10:00Z', payViewer);
    expect(window.map((e) => e.occurredAt)).toEqual(
      [9, 8, 7, 6, 5].map((m) => `2025-01-01T09:0${m}:00.000Z`),
    );
  });

  it('pages pods, people and tokens by id', async () => {
    const pods = await all<{ id: string }>('/api/pods', admin);
    expect(pods.map((p) => p.id)).toEqual([OPS, PAY]);
    const people = await all<{ id: string; memberships: { podId: string }[] }>('/api/people', payViewer);
    expect(people.map((p) => p.id)).toEqual(['alice', 'bob']);
    // bob is in both pods; a pay viewer sees his pay membership only.
    expect(people[1]!.memberships).toEqual([{ podId: PAY, role: 'member' }]);
    for (let i = 0; i < 8; i++) await stack.issue(`bulk-${i}`, {});
    const tokens = await all<{ id: string }>('/api/tokens', admin);
    expect(new Set(tokens.map((t) => t.id)).size).toBe(tokens.length);
    expect(tokens.length).toBeGreaterThanOrEqual(10);
  });

  it('refuses a cursor that is not base64url with 400 naming the cursor', async () => {
    const response = await stack.call('GET', `/api/events?cursor=${encodeURIComponent('!!!')}`, { token: payViewer });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { code: 'InvalidInput', message: expect.stringContaining('querystring.cursor') } });
  });

  it.each([
    ['a cursor of another listing', Buffer.from(JSON.stringify({ l: 'pods', k: ['x'] })).toString('base64url')],
    ['a cursor with the wrong key', Buffer.from(JSON.stringify({ l: 'events', k: ['x'] })).toString('base64url')],
  ])('answers %s 404 naming the cursor: a page that does not exist', async (_what, cursor) => {
    const response = await stack.call('GET', `/api/events?cursor=${encodeURIComponent(cursor)}`, { token: payViewer });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: { code: 'NotFound', message: expect.stringContaining('querystring.cursor') } });
  });
});

describe('standups, blockers, ideas and demos', () => {
  beforeAll(async () => {
    for (const [pod, person, day] of [
      [PAY, 'alice', '2025-01-02'],
      [PAY, 'bob', '2025-01-02'],
      [PAY, 'alice', '2025-01-03'],
      [OPS, 'olga', '2025-01-03'],
    ]) {
      await stack.pool.query(
        `INSERT INTO standups (pod_id, person_id, day, yesterday, today, blockers, confidence) VALUES ($1, $2, $3, 'y', 't', '', 4)`,
        [pod, person, day],
      );
    }
    await stack.pool.query(
      `INSERT INTO blockers (pod_id, person_id, description, normalized, resolved_at, resolved_by)
       VALUES ($1, 'bob', 'waiting on legal', 'waiting on legal', NULL, NULL), ($1, 'alice', 'staging down', 'staging down', now(), 'alice')`,
      [PAY],
    );
    for (const [title, impact] of [['Faster refunds', 9], ['Dark mode', 2], ['Retry queue', 6]] as const) {
      await stack.pool.query(
        `INSERT INTO ideas (pod_id, title, impact, confidence, ease, submitted_by) VALUES ($1, $2, $3, 5, 5, 'bob')`,
        [PAY, title, impact],
      );
    }
    await stack.pool.query(`INSERT INTO ideas (pod_id, title, impact, confidence, ease, submitted_by) VALUES ($1, 'Ops idea', 10, 10, 10, 'olga')`, [OPS]);
    for (const day of ['2025-02-10', '2025-01-20', '2025-03-01']) {
      await stack.pool.query(`INSERT INTO demos (project_id, pod_id, scheduled_for, scheduled_by) VALUES ($1, $2, $3, 'alice')`, [
        `checkout-${s}`,
        PAY,
        day,
      ]);
    }
  });

  it('pages standups newest day first, within a day range', async () => {
    const standups = await all<{ personId: string; day: string }>('/api/standups', payViewer, 1);
    expect(standups.map((x) => x.day)).toEqual(['2025-01-03', '2025-01-02', '2025-01-02']);
    const one = await all<{ personId: string }>('/api/standups?from=2025-01-03&to=2025-01-03', payViewer);
    expect(one.map((x) => x.personId)).toEqual(['alice']);
  });

  it('lists open blockers only when asked', async () => {
    const open = await all<{ description: string; resolvedAt: string | null }>('/api/blockers?open=true', payViewer, 1);
    expect(open).toEqual([expect.objectContaining({ description: 'waiting on legal', resolvedAt: null })]);
    expect(await all('/api/blockers', payViewer, 1)).toHaveLength(2);
  });

  it('ranks ideas by ICE score', async () => {
    const ideas = await all<{ title: string; iceScore: number }>('/api/ideas', payViewer, 1);
    expect(ideas.map((i) => [i.title, i.iceScore])).toEqual([
      ['Faster refunds', 225],
      ['Retry queue', 150],
      ['Dark mode', 50],
    ]);
  });

  it('lists demos as a calendar', async () => {
    const demos = await all<{ scheduledFor: string }>(`/api/demos?project=checkout-${s}&from=2025-01-01`, payViewer, 2);
    expect(demos.map((d) => d.scheduledFor)).toEqual(['2025-01-20', '2025-02-10', '2025-03-01']);
  });
});

describe('validation errors', () => {
  it.each([
    ['/api/events?limit=0', 'querystring.limit'],
    ['/api/events?limit=abc', 'querystring.limit'],
    ['/api/events?limit=1000', 'querystring.limit'],
    ['/api/events?from=yesterday', 'querystring.from'],
    ['/api/events?type=Not%20A%20Type', 'querystring.type'],
    ['/api/events?source=fax', 'querystring.source'],
    ['/api/pods?archived=maybe', 'querystring.archived'],
    ['/api/standups?from=2025-13-01', 'querystring.from'],
    ['/api/events?from=2025-02-01T00:00:00-17:00', 'querystring.from'],
    ['/api/demos?from=0000-01-01', 'querystring.from'],
    ['/api/pods/not%20an%20id', 'params.podId'],
    ['/api/work-items/PR-12', 'params.workItemId'],
  ])('GET %s answers 400 naming %s', async (url, field) => {
    const response = await stack.call('GET', url, { token: admin });
    expect(response.statusCode).toBe(400);
    const body = response.json<{ error: { code: string; message: string; details: { issues: { path: string }[] } } }>();
    expect(body.error.code).toBe('InvalidInput');
    expect(body.error.message).toContain(field);
    expect(body.error.details.issues.some((i) => i.path === field || i.path.startsWith(`${field}.`))).toBe(true);
  });

  it.each(['/api/events?from=2025-02-01T00:00:00Z&to=2025-01-01T00:00:00Z', '/api/demos?from=2025-02-01&to=2025-01-01'])(
    'GET %s (a range that ends before it starts) answers an empty page',
    async (url) => {
      const response = await stack.call('GET', url, { token: admin });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ items: [], nextCursor: null });
    },
  );

  it('DELETE /api/tokens/123 answers 400 naming params.tokenId', async () => {
    const response = await stack.call('DELETE', '/api/tokens/123', { token: admin });
    expect(response.statusCode).toBe(400);
    expect(response.json<{ error: { message: string } }>().error.message).toContain('params.tokenId');
  });

  it.each([
    [{ reason: 'why' }, 'body', 'at least one'],
    [{ limit: 2 }, 'body.reason', ''],
    [{ limit: -1, reason: 'x' }, 'body.limit', ''],
    [{ limit: 'three', reason: 'x' }, 'body.limit', ''],
    [{ mode: 'strict', reason: 'x' }, 'body.mode', ''],
    [{ limit: 2, reason: '   ' }, 'body.reason', 'must say why'],
    [{ limit: 2, reason: 'x', wip: 3 }, 'body', 'wip'],
  ])('PUT /api/pods/{podId}/policy with %j answers 400 naming %s', async (body, field, words) => {
    const response = await stack.call('PUT', `/api/pods/${PAY}/policy`, { token: admin, body });
    expect(response.statusCode).toBe(400);
    const message = response.json<{ error: { message: string } }>().error.message;
    expect(message).toContain(field);
    expect(message).toContain(words);
  });

  it('answers 400, not 500, to a body that is not JSON', async () => {
    const response = await stack.call('PUT', `/api/pods/${PAY}/policy`, {
      token: admin,
      headers: { 'content-type': 'application/json' },
      body: '{"limit": ',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { code: 'InvalidInput' } });
  });

  it('names an unknown evidence criterion and the ones its stage takes', async () => {
    const response = await stack.call('POST', `/api/projects/checkout-${s}/evidence`, {
      token: admin,
      body: { criterionId: 'vibes', value: 'good' },
    });
    expect(response.statusCode).toBe(404);
    const error = response.json<{ error: { message: string; details: { criteria: string[] } } }>().error;
    expect(error.message).toContain('criterionId');
    // Evidence counts for a stage: the project's current one (Idea) unless the body names another.
    expect(error.details).toMatchObject({ criteria: ['problem-statement'], stageId: 'idea' });
    const later = await stack.call('POST', `/api/projects/checkout-${s}/evidence`, {
      token: admin,
      body: { criterionId: 'vibes', value: 'good', stageId: 'build' },
    });
    expect(later.statusCode).toBe(404);
    expect(later.json<{ error: { details: { criteria: string[]; stageId: string } } }>().error.details).toMatchObject({ stageId: 'build' });
  });

  it('answers 404 with the error body for an unknown pod, project and route', async () => {
    for (const url of ['/api/pods/nowhere', '/api/projects/nothing', '/api/nothing']) {
      const response = await stack.call('GET', url, { token: admin });
      expect(response.statusCode).toBe(404);
      expect(response.json()).toMatchObject({ error: { code: 'NotFound' } });
    }
  });
});

describe('work items', () => {
  it('reads a work item by its URL-encoded id, with what it links to, within the token\'s pods', async () => {
    const id = `gh:acme/pay-${s}#12`;
    await stack.pool.query(
      `INSERT INTO work_items (id, kind, pod_id, state, title, repo, number, labels) VALUES ($1, 'pull_request', $2, 'open', 'Refunds', $3, 12, '{expedite}')`,
      [id, PAY, `acme/pay-${s}`],
    );
    await stack.pool.query(`INSERT INTO work_item_links (pull_request_id, linear_issue_id) VALUES ($1, 'lin:PAY-44')`, [id]);

    const response = await stack.call('GET', `/api/work-items/${encodeURIComponent(id)}`, { token: payViewer });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id, kind: 'pull_request', podId: PAY, number: 12, labels: ['expedite'], linked: ['lin:PAY-44'] });

    const opsViewer = (await stack.issue('ops viewer', { [OPS]: 'viewer' })).token;
    expect((await stack.call('GET', `/api/work-items/${encodeURIComponent(id)}`, { token: opsViewer })).statusCode).toBe(404);
    const listed = await stack.call('GET', `/api/work-items?pod=${PAY}&state=open`, { token: payViewer });
    expect(listed.json<Page<{ id: string }>>().items.map((w) => w.id)).toEqual([id]);
  });
});

describe('conditional reads', () => {
  it('answer 304 to a caller that holds the current ETag, and the new page once the log moves', async () => {
    const url = `/api/events?limit=5`;
    const first = await stack.call('GET', url, { token: payViewer });
    expect(first.statusCode).toBe(200);
    const tag = first.headers.etag as string;
    expect(tag).toMatch(/^W\/".+"$/);
    expect(first.headers['cache-control']).toBe('private, no-cache');

    const again = await stack.call('GET', url, { token: payViewer, headers: { 'if-none-match': tag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    // A list of tags, one of them current, is a match too.
    expect((await stack.call('GET', url, { token: payViewer, headers: { 'if-none-match': `"stale", ${tag}` } })).statusCode).toBe(304);

    // Holding the tag is no credential: without a valid token the answer is still 401.
    expect((await stack.call('GET', url, { token: 'clos_bogus', headers: { 'if-none-match': tag } })).statusCode).toBe(401);
    // Another reader's page differs (admin sees every pod), and so does its tag.
    const pods = await stack.call('GET', '/api/pods', { token: payViewer });
    const adminPods = await stack.call('GET', '/api/pods', { token: admin, headers: { 'if-none-match': pods.headers.etag as string } });
    expect(adminPods.statusCode).toBe(200);

    await stack.pool.query(
      `INSERT INTO events (id, type, source, occurred_at, received_at, delivery_id, correlation_id, subject, payload, status)
       VALUES ($1, 'pr.opened', 'github', now(), now(), $2, $2, $3, '{}', 'done')`,
      [randomUUID(), `delivery-${randomUUID()}`, JSON.stringify({ podId: PAY })],
    );
    // The read cache hears of the new event through the log's NOTIFY, a moment later.
    const moved = await eventually('the page to move on', async () => {
      const answer = await stack.call('GET', url, { token: payViewer, headers: { 'if-none-match': tag } });
      return answer.statusCode === 304 ? undefined : answer;
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.headers.etag).not.toBe(tag);
  });

  it('never answer 304 to a write', async () => {
    const read = await stack.call('GET', `/api/pods/${PAY}`, { token: admin });
    const write = await stack.call('PUT', `/api/pods/${PAY}/policy`, { token: admin, body: { limit: 3 }, headers: { 'if-none-match': read.headers.etag as string } });
    expect(write.statusCode).not.toBe(304);
  });
});
