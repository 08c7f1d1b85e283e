import { randomBytes, randomUUID } from 'node:crypto';
import { podWipStart } from '@clos/app';
import { verifyAuditChain } from '@clos/platform';
import { acquireWorkItem } from '@clos/workflows/client';
import { eventually } from './support/enforcement-stack.js';
import { startRestStack, uniqueSuffix, type RestStack } from './rest-stack.js';

/**
 * Every route of the REST API, allowed and refused: the allowed caller gets past the
 * access rule (the answer is the route's own), the refused one gets 403; anonymous and
 * bogus-token callers get 401 everywhere. Runs against real workflows.
 */
const s = uniqueSuffix();
const PAY = `pay-${s}`;
const OPS = `ops-${s}`;
const CHECKOUT = `checkout-${s}`;
const REFUNDS = `refunds-${s}`;
const REPO = `acme/pay-${s}`;

const CLOS_YML = `
org: acme
timezone: UTC
pods:
  - id: ${PAY}
    name: Payments
    wipLimit: 2
    repos: [${REPO}]
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
projects:
  - id: ${CHECKOUT}
    name: Checkout
    pod: ${PAY}
    template: delivery
  - id: ${REFUNDS}
    name: Refunds
    pod: ${PAY}
    template: delivery
`;

/**
 * Role holders act for nobody; `alice` and `bob` are tokens acting for that member, with no
 * role; `aliceViewer` acts for Alice with the viewer role in pod A.
 */
type Caller = 'noRole' | 'viewerA' | 'memberA' | 'leadA' | 'viewerB' | 'admin' | 'alice' | 'bob' | 'aliceViewer';

interface RouteCase {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The OpenAPI path this case covers. */
  path: string;
  url: () => string;
  body?: () => unknown;
  allow: Caller;
  status: number;
  /** A caller refused with 403; absent where every valid token is allowed. */
  deny?: Caller;
  /** An endless Server-Sent Events answer: read its head only. */
  stream?: boolean;
}

let stack: RestStack;
const tokens = {} as Record<Caller, string>;
let spareTokenId: string;
const WORK_ITEM = `gh:${REPO}#7`;
/** Alice's pull requests holding slots of pod A from beforeAll: one to swarm on and a lead releases, one she releases herself. */
const HELD = { swarmed: `gh:${REPO}#11`, own: `gh:${REPO}#13` };
const wipItem = (itemId: string, action: string) => `/api/pods/${PAY}/wip/${encodeURIComponent(itemId)}/${action}`;
/** Alice's leadership records, made in beforeAll: today's check-in (its local date), an open decision and delegation, projects, an active breaker. */
let today: string;
let decisionId: string;
let delegationId: string;
const leadershipProjects = {} as Record<'status' | 'complete' | 'kill', string>;
/** Bob's leadership record as exported before the table runs: what PUT /api/leadership/restore puts back. */
let bobArchive: { personId: string; tables: Record<string, unknown[]> };
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

const CASES: RouteCase[] = [
  { method: 'GET', path: '/api/pods', url: () => '/api/pods', allow: 'viewerA', status: 200, deny: 'noRole' },
  { method: 'GET', path: '/api/pods/{podId}', url: () => `/api/pods/${PAY}`, allow: 'viewerA', status: 200, deny: 'viewerB' },
  { method: 'GET', path: '/api/pods/{podId}/wip', url: () => `/api/pods/${PAY}/wip`, allow: 'viewerA', status: 200, deny: 'viewerB' },
  {
    method: 'PUT',
    path: '/api/pods/{podId}/policy',
    url: () => `/api/pods/${PAY}/policy`,
    body: () => ({ limit: 3, reason: 'two people joined' }),
    allow: 'leadA',
    status: 200,
    deny: 'memberA',
  },
  // A member swarms on Alice's item, then a lead frees its slot; Alice frees her other one herself (another's is refused).
  {
    method: 'POST',
    path: '/api/pods/{podId}/wip/{itemId}/swarm',
    url: () => wipItem(HELD.swarmed, 'swarm'),
    allow: 'memberA',
    status: 200,
    deny: 'viewerA',
  },
  {
    method: 'POST',
    path: '/api/pods/{podId}/wip/{itemId}/release',
    url: () => wipItem(HELD.swarmed, 'release'),
    allow: 'leadA',
    status: 200,
    deny: 'memberA',
  },
  {
    method: 'POST',
    path: '/api/pods/{podId}/wip/{itemId}/release-own',
    url: () => wipItem(HELD.own, 'release-own'),
    allow: 'aliceViewer',
    status: 200,
    deny: 'viewerA',
  },
  { method: 'GET', path: '/api/people', url: () => '/api/people', allow: 'viewerA', status: 200, deny: 'noRole' },
  { method: 'GET', path: '/api/people/{personId}', url: () => '/api/people/alice', allow: 'viewerA', status: 200, deny: 'noRole' },
  { method: 'GET', path: '/api/projects', url: () => '/api/projects', allow: 'viewerA', status: 200, deny: 'noRole' },
  { method: 'GET', path: '/api/projects/{projectId}', url: () => `/api/projects/${CHECKOUT}`, allow: 'viewerA', status: 200, deny: 'viewerB' },
  { method: 'GET', path: '/api/projects/{projectId}/stage', url: () => `/api/projects/${CHECKOUT}/stage`, allow: 'viewerA', status: 200, deny: 'viewerB' },
  // Checkout follows the delivery template: the spec route names that it is not spec-driven (rest-spec.test.ts reads a spec).
  { method: 'GET', path: '/api/projects/{projectId}/spec', url: () => `/api/projects/${CHECKOUT}/spec`, allow: 'viewerA', status: 404, deny: 'viewerB' },
  {
    method: 'GET',
    path: '/api/projects/{projectId}/transitions',
    url: () => `/api/projects/${CHECKOUT}/transitions`,
    allow: 'viewerA',
    status: 200,
    deny: 'viewerB',
  },
  {
    method: 'GET',
    path: '/api/projects/{projectId}/evidence',
    url: () => `/api/projects/${CHECKOUT}/evidence`,
    allow: 'viewerA',
    status: 200,
    deny: 'viewerB',
  },
  // The gate of the first stage is not met yet: the member gets past the rule and the gate answers.
  { method: 'POST', path: '/api/projects/{projectId}/advance', url: () => `/api/projects/${CHECKOUT}/advance`, allow: 'memberA', status: 409, deny: 'viewerA' },
  {
    method: 'POST',
    path: '/api/projects/{projectId}/evidence',
    url: () => `/api/projects/${CHECKOUT}/evidence`,
    body: () => ({ criterionId: 'problem-statement', value: 'https://docs.example/checkout-problem' }),
    allow: 'memberA',
    status: 202,
    deny: 'viewerA',
  },
  {
    method: 'POST',
    path: '/api/projects/{projectId}/signoff',
    url: () => `/api/projects/${CHECKOUT}/signoff`,
    allow: 'leadA',
    status: 202,
    deny: 'viewerA',
  },
  {
    method: 'POST',
    path: '/api/projects/{projectId}/override',
    url: () => `/api/projects/${REFUNDS}/override`,
    body: () => ({ reason: 'discovery done offline' }),
    allow: 'leadA',
    status: 200,
    deny: 'memberA',
  },
  { method: 'POST', path: '/api/projects/{projectId}/resume', url: () => `/api/projects/${REFUNDS}/resume`, allow: 'leadA', status: 200, deny: 'memberA' },
  { method: 'GET', path: '/api/work-items', url: () => '/api/work-items', allow: 'viewerA', status: 200, deny: 'noRole' },
  {
    method: 'GET',
    path: '/api/work-items/{workItemId}',
    url: () => `/api/work-items/${encodeURIComponent(WORK_ITEM)}`,
    allow: 'viewerA',
    status: 200,
    deny: 'noRole',
  },
  { method: 'GET', path: '/api/events', url: () => '/api/events', allow: 'viewerA', status: 200, deny: 'noRole' },
  { method: 'GET', path: '/api/standups', url: () => `/api/standups?pod=${PAY}`, allow: 'viewerA', status: 200, deny: 'viewerB' },
  { method: 'GET', path: '/api/blockers', url: () => `/api/blockers?pod=${PAY}`, allow: 'viewerA', status: 200, deny: 'viewerB' },
  { method: 'GET', path: '/api/ideas', url: () => `/api/ideas?pod=${PAY}`, allow: 'viewerA', status: 200, deny: 'viewerB' },
  { method: 'GET', path: '/api/demos', url: () => `/api/demos?project=${CHECKOUT}`, allow: 'viewerA', status: 200, deny: 'viewerB' },
  { method: 'GET', path: '/api/health', url: () => '/api/health', allow: 'viewerA', status: 200, deny: 'noRole' },
  { method: 'POST', path: '/api/health/scan', url: () => '/api/health/scan', allow: 'admin', status: 200, deny: 'leadA' },
  { method: 'GET', path: '/api/pods/{podId}/health', url: () => `/api/pods/${PAY}/health`, allow: 'viewerA', status: 200, deny: 'viewerB' },
  { method: 'GET', path: '/api/pods/{podId}/flow', url: () => `/api/pods/${PAY}/flow`, allow: 'viewerA', status: 200, deny: 'viewerB' },
  { method: 'GET', path: '/api/funnel', url: () => '/api/funnel', allow: 'viewerA', status: 200, deny: 'noRole' },
  { method: 'GET', path: '/api/stream', url: () => `/api/stream?podId=${PAY}`, allow: 'viewerA', status: 200, deny: 'viewerB', stream: true },
  { method: 'GET', path: '/api/events/dead', url: () => '/api/events/dead', allow: 'admin', status: 200, deny: 'leadA' },
  {
    method: 'POST',
    path: '/api/events/dead/requeue',
    url: () => '/api/events/dead/requeue',
    body: () => ({ all: true }),
    allow: 'admin',
    status: 200,
    deny: 'leadA',
  },
  { method: 'GET', path: '/api/audit', url: () => '/api/audit', allow: 'admin', status: 200, deny: 'leadA' },
  { method: 'GET', path: '/api/audit/verify', url: () => '/api/audit/verify', allow: 'admin', status: 200, deny: 'leadA' },
  { method: 'GET', path: '/api/tokens', url: () => '/api/tokens', allow: 'admin', status: 200, deny: 'leadA' },
  {
    method: 'POST',
    path: '/api/tokens',
    url: () => '/api/tokens',
    body: () => ({ name: `bot-${randomUUID()}`, roles: { [PAY]: 'viewer' } }),
    allow: 'admin',
    status: 201,
    deny: 'leadA',
  },
  { method: 'DELETE', path: '/api/tokens/{tokenId}', url: () => `/api/tokens/${spareTokenId}`, allow: 'admin', status: 200, deny: 'leadA' },
  {
    method: 'GET',
    path: '/api/search',
    url: () => `/api/search?q=checkout&pod=${PAY}`,
    allow: 'viewerA',
    status: 200,
    deny: 'viewerB',
  },
  { method: 'GET', path: '/api/plan', url: () => '/api/plan?person=alice', allow: 'viewerA', status: 200, deny: 'noRole' },
  { method: 'GET', path: '/api/assess', url: () => `/api/assess?pod=${PAY}&period=week`, allow: 'viewerA', status: 200, deny: 'viewerB' },
  { method: 'GET', path: '/api/metrics', url: () => '/api/metrics?weeks=4', allow: 'viewerA', status: 200, deny: 'noRole' },
  // A digest is run or read by the person or a lead of their pod. Bob has no Slack id: the run is skipped.
  {
    method: 'POST',
    path: '/api/digests',
    url: () => '/api/digests',
    body: () => ({ personId: 'bob', kind: 'morning' }),
    allow: 'leadA',
    status: 200,
    deny: 'memberA',
  },
  { method: 'GET', path: '/api/digests', url: () => '/api/digests?personId=bob', allow: 'leadA', status: 200, deny: 'memberA' },

  // Leadership records are personal: any token passes the rule, and one acting for nobody
  // (the organisation admin's included) is refused with 403 by the service.
  {
    method: 'POST',
    path: '/api/checkins',
    url: () => '/api/checkins',
    body: () => ({ energy: 'high', stress: 3, mission: 'Close the refunds gap' }),
    allow: 'bob',
    status: 201,
    deny: 'admin',
  },
  { method: 'GET', path: '/api/checkins', url: () => '/api/checkins', allow: 'alice', status: 200, deny: 'admin' },
  { method: 'GET', path: '/api/checkins/{date}', url: () => `/api/checkins/${today}`, allow: 'alice', status: 200, deny: 'admin' },
  { method: 'GET', path: '/api/today', url: () => '/api/today', allow: 'alice', status: 200, deny: 'admin' },
  {
    method: 'PUT',
    path: '/api/today/mission',
    url: () => '/api/today/mission',
    body: () => ({ mission: 'Agree the payments provider' }),
    allow: 'alice',
    status: 200,
    deny: 'admin',
  },
  {
    method: 'POST',
    path: '/api/today/completion',
    url: () => '/api/today/completion',
    body: () => ({ type: 'delivered' }),
    allow: 'alice',
    status: 200,
    deny: 'admin',
  },
  {
    method: 'PUT',
    path: '/api/today/reflection',
    url: () => '/api/today/reflection',
    body: () => ({ text: 'Deciding early freed the afternoon.' }),
    allow: 'alice',
    status: 200,
    deny: 'admin',
  },
  {
    method: 'POST',
    path: '/api/paralysis',
    url: () => '/api/paralysis',
    body: () => ({ decision: 'Which provider to drop', fear: 'Breaking the checkout', decisionId }),
    allow: 'alice',
    status: 201,
    deny: 'admin',
  },
  {
    method: 'POST',
    path: '/api/decisions',
    url: () => '/api/decisions',
    body: () => ({ text: 'Move the retries to the queue', type: 'reversible_low' }),
    allow: 'alice',
    status: 201,
    deny: 'admin',
  },
  {
    method: 'POST',
    path: '/api/decisions/{decisionId}/decide',
    url: () => `/api/decisions/${decisionId}/decide`,
    body: () => ({ rationale: 'Lower fees at the same uptime', told: ['bob'] }),
    allow: 'alice',
    status: 200,
    deny: 'admin',
  },
  { method: 'GET', path: '/api/decisions', url: () => '/api/decisions?open=true', allow: 'alice', status: 200, deny: 'admin' },
  {
    method: 'POST',
    path: '/api/delegations',
    url: () => '/api/delegations',
    body: () => ({ task: 'Write the incident review', to: 'bob', control: 4 }),
    allow: 'alice',
    status: 201,
    deny: 'admin',
  },
  {
    method: 'POST',
    path: '/api/delegations/{delegationId}/outcome',
    url: () => `/api/delegations/${delegationId}/outcome`,
    body: () => ({ outcome: 'owned', handoff: true }),
    allow: 'alice',
    status: 200,
    deny: 'admin',
  },
  { method: 'GET', path: '/api/delegations', url: () => '/api/delegations', allow: 'alice', status: 200, deny: 'admin' },
  {
    method: 'POST',
    path: '/api/leadership/projects',
    url: () => '/api/leadership/projects',
    body: () => ({ name: 'Hiring plan', criteria: 'Two offers accepted', deadline: inDays(60), eac: inDays(70) }),
    allow: 'alice',
    status: 201,
    deny: 'admin',
  },
  { method: 'GET', path: '/api/leadership/projects', url: () => '/api/leadership/projects?active=true', allow: 'alice', status: 200, deny: 'admin' },
  {
    method: 'POST',
    path: '/api/leadership/projects/{projectId}/status',
    url: () => `/api/leadership/projects/${leadershipProjects.status}/status`,
    body: () => ({ status: 'yellow', eac: inDays(45) }),
    allow: 'alice',
    status: 200,
    deny: 'admin',
  },
  {
    method: 'POST',
    path: '/api/leadership/projects/{projectId}/complete',
    url: () => `/api/leadership/projects/${leadershipProjects.complete}/complete`,
    body: () => ({ early: true }),
    allow: 'alice',
    status: 200,
    deny: 'admin',
  },
  {
    method: 'POST',
    path: '/api/leadership/projects/{projectId}/kill',
    url: () => `/api/leadership/projects/${leadershipProjects.kill}/kill`,
    body: () => ({ reason: 'The vendor closed the programme' }),
    allow: 'alice',
    status: 200,
    deny: 'admin',
  },
  { method: 'GET', path: '/api/emergency', url: () => '/api/emergency', allow: 'alice', status: 200, deny: 'admin' },
  {
    method: 'POST',
    path: '/api/emergency',
    url: () => '/api/emergency',
    body: () => ({ reason: 'On call all week' }),
    allow: 'bob',
    status: 201,
    deny: 'admin',
  },
  { method: 'DELETE', path: '/api/emergency', url: () => '/api/emergency', allow: 'alice', status: 200, deny: 'admin' },
  { method: 'GET', path: '/api/emergency/history', url: () => '/api/emergency/history', allow: 'alice', status: 200, deny: 'admin' },
  { method: 'GET', path: '/api/reviews/{kind}', url: () => '/api/reviews/weekly', allow: 'alice', status: 200, deny: 'admin' },
  {
    method: 'PUT',
    path: '/api/reviews/weekly/focus',
    url: () => '/api/reviews/weekly/focus',
    body: () => ({ focus: 'The payments provider', secondary: ['Hiring plan'] }),
    allow: 'alice',
    status: 200,
    deny: 'admin',
  },
  { method: 'GET', path: '/api/analytics/{kind}', url: () => '/api/analytics/patterns?period=30days', allow: 'alice', status: 200, deny: 'admin' },
  { method: 'GET', path: '/api/leadership/export', url: () => '/api/leadership/export', allow: 'alice', status: 200, deny: 'admin' },
  { method: 'GET', path: '/api/leadership/digest', url: () => '/api/leadership/digest', allow: 'alice', status: 200, deny: 'admin' },
  // Only the person the backup belongs to may restore it: Alice is refused Bob's.
  {
    method: 'PUT',
    path: '/api/leadership/restore',
    url: () => '/api/leadership/restore',
    body: () => bobArchive,
    allow: 'bob',
    status: 200,
    deny: 'alice',
  },
  // The pod view shows aggregates only, to the pod's viewers.
  { method: 'GET', path: '/api/pods/{podId}/leadership', url: () => `/api/pods/${PAY}/leadership?days=7`, allow: 'viewerA', status: 200, deny: 'viewerB' },

  { method: 'GET', path: '/api/me', url: () => '/api/me', allow: 'noRole', status: 200 },
  // Any caller passes the access rule; a bearer token is told that only a browser session ends here.
  { method: 'DELETE', path: '/api/session', url: () => '/api/session', allow: 'noRole', status: 200 },
];

beforeAll(async () => {
  stack = await startRestStack({
    closYml: CLOS_YML,
    workflows: true,
    dataKeys: { currentId: 'test', keys: new Map([['test', randomBytes(32)]]) },
  });
  const roles: Record<Exclude<Caller, 'alice' | 'bob' | 'aliceViewer'>, Record<string, 'viewer' | 'member' | 'lead' | 'admin'>> = {
    noRole: {},
    viewerA: { [PAY]: 'viewer' },
    memberA: { [PAY]: 'member' },
    leadA: { [PAY]: 'lead' },
    viewerB: { [OPS]: 'viewer' },
    admin: { '*': 'admin' },
  };
  for (const [caller, r] of Object.entries(roles)) tokens[caller as Caller] = (await stack.issue(caller, r)).token;
  for (const person of ['alice', 'bob'] as const) tokens[person] = (await stack.issue(person, {}, null, person)).token;
  tokens.aliceViewer = (await stack.issue('alice-viewer', { [PAY]: 'viewer' }, null, 'alice')).token;
  const start = { ...podWipStart(stack.enforcement!.config.current(), PAY)!, taskQueue: stack.enforcement!.taskQueue };
  for (const [number, itemId] of [[11, HELD.swarmed], [13, HELD.own]] as const) {
    const granted = await acquireWorkItem(
      stack.temporal,
      PAY,
      { id: itemId, personId: 'alice', title: `Change ${number}`, pullRequests: [{ repo: REPO, number, headSha: `${s}${number}`.padEnd(40, '0') }] },
      start,
    );
    if (granted.status !== 'granted') throw new Error(`set-up: ${itemId} was ${granted.status}`);
  }
  spareTokenId = (await stack.issue('spare', { [PAY]: 'viewer' })).id;
  await stack.pool.query(
    `INSERT INTO work_items (id, kind, pod_id, state, title, repo, number) VALUES ($1, 'pull_request', $2, 'open', 'Retry payments', $3, 7)`,
    [WORK_ITEM, PAY, REPO],
  );

  const made = async <T>(caller: Caller, method: 'GET' | 'POST', url: string, status: number, body?: unknown): Promise<T> => {
    const response = await stack.call(method, url, { token: tokens[caller], ...(body !== undefined ? { body } : {}) });
    if (response.statusCode !== status) throw new Error(`set-up ${method} ${url}: ${response.statusCode} ${response.body}`);
    return response.json<T>();
  };
  today = (await made<{ date: string }>('alice', 'POST', '/api/checkins', 201, { energy: 'medium', stress: 5, mission: 'Pick the payments provider' })).date;
  decisionId = (await made<{ id: string }>('alice', 'POST', '/api/decisions', 201, { text: 'Pick the payments provider', type: 'reversible_high' })).id;
  delegationId = (await made<{ id: string }>('alice', 'POST', '/api/delegations', 201, { task: 'Run the retro', to: 'bob', control: 6 })).id;
  for (const use of ['status', 'complete', 'kill'] as const) {
    const project = { name: `Leadership ${use}`, criteria: 'Agreed by the pod', deadline: inDays(30), eac: inDays(40) };
    leadershipProjects[use] = (await made<{ id: string }>('alice', 'POST', '/api/leadership/projects', 201, project)).id;
  }
  await made('alice', 'POST', '/api/emergency', 201, { reason: 'Three late nights in a row' });
  const { personId, tables } = await made<typeof bobArchive>('bob', 'GET', '/api/leadership/export', 200);
  bobArchive = { personId, tables };
}, 180_000);

afterAll(async () => {
  await stack?.close();
});

describe('every route, allowed and refused', () => {
  it('covers every operation of the OpenAPI document', async () => {
    const doc = (await stack.call('GET', '/openapi.json')).json<{ paths: Record<string, Record<string, unknown>> }>();
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(CASES.map((c) => `${c.method} ${c.path}`).sort()).toEqual(documented.sort());
  });

  describe.each(CASES)('$method $path', (route) => {
    const call = (token: string | undefined) =>
      stack.call(route.method, route.url(), { ...(token !== undefined ? { token } : {}), ...(route.body ? { body: route.body() } : {}) });

    it('answers 401 to an anonymous caller and to a bogus token', async () => {
      expect((await call(undefined)).statusCode).toBe(401);
      expect((await stack.call(route.method, route.url(), { headers: { authorization: 'Bearer bogus' } })).statusCode).toBe(401);
    });

    if (route.deny !== undefined) {
      it(`answers 403 to ${route.deny}`, async () => {
        const response = await call(tokens[route.deny!]);
        expect(response.statusCode).toBe(403);
        expect(response.json<{ error: { code: string } }>().error.code).toBe('Forbidden');
      });
    }

    it(`lets ${route.allow} through (${route.status})`, async () => {
      if (route.stream === true) {
        const response = await stack.app.inject({
          method: route.method,
          url: route.url(),
          headers: { authorization: `Bearer ${tokens[route.allow]}` },
          payloadAsStream: true,
        });
        expect({ status: response.statusCode, type: response.headers['content-type'] }).toEqual({
          status: route.status,
          type: 'text/event-stream; charset=utf-8',
        });
        response.stream().destroy();
        return;
      }
      const response = await call(tokens[route.allow]);
      expect({ status: response.statusCode, body: response.json<unknown>() }).toMatchObject({ status: route.status });
    });
  });
});

describe('a paralysis episode names a decision of the caller’s own log only', () => {
  const record = (caller: Caller, body: Record<string, unknown>) =>
    stack.call('POST', '/api/paralysis', { token: tokens[caller], body: { decision: 'Which provider to drop', fear: 'Breaking the checkout', ...body } });

  it('links Alice’s episode to her decision and shows the link in her day', async () => {
    const made = await record('alice', { decisionId });
    expect(made.statusCode).toBe(201);
    const episode = made.json<{ id: string; decisionId: string | null }>();
    expect(episode.decisionId).toBe(decisionId);
    const day = (await stack.call('GET', '/api/today', { token: tokens.alice })).json<{ paralysis: { id: string; decisionId: string | null }[] }>();
    expect(day.paralysis).toContainEqual(expect.objectContaining({ id: episode.id, decisionId }));
    expect((await record('alice', {})).json()).toMatchObject({ decisionId: null });
  });

  it('refuses Bob Alice’s decision exactly as a decision nobody has: 404 naming the field, nothing written', async () => {
    for (const id of [decisionId, randomUUID()]) {
      const refused = await record('bob', { decisionId: id });
      expect(refused.statusCode).toBe(404);
      expect(refused.json()).toEqual({ error: { code: 'NotFound', message: expect.stringMatching(new RegExp(`^decisionId: you have no decision ${id}`)), details: { decisionId: id } } });
    }
    const malformed = await record('bob', { decisionId: 'DEC-1' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ error: { code: 'InvalidInput', details: { issues: [{ path: 'body.decisionId', message: 'must be an id (UUID)' }] } } });
    const { rows } = await stack.pool.query(`SELECT 1 FROM leadership_paralysis WHERE person_id = 'bob'`);
    expect(rows).toEqual([]);
  });

  it('documents decisionId as an optional id in /openapi.json', async () => {
    const doc = (await stack.call('GET', '/openapi.json')).json<{
      paths: Record<string, Record<string, { requestBody: { content: Record<string, { schema: { properties: Record<string, unknown>; required: string[] } }> } }>>;
    }>();
    const body = doc.paths['/api/paralysis']!.post!.requestBody.content['application/json']!.schema;
    expect(body.properties.decisionId).toMatchObject({ type: 'string', format: 'uuid' });
    expect(body.required).not.toContain('decisionId');
  });
});

describe('the lead mutations reach the workflows', () => {
  it('a policy change shows in the live WIP state', async () => {
    const changed = await stack.call('PUT', `/api/pods/${PAY}/policy`, {
      token: tokens.leadA,
      body: { limit: 4, mode: 'warn', reason: 'quarter planning' },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ podId: PAY, policy: { limit: 4, mode: 'warn' }, policyVersion: expect.any(Number) });
    // The change is a new version of the live policy, audited with its diff.
    const { policyVersion } = changed.json<{ policyVersion: number }>();
    const audited = (await stack.auditRows()).filter((row) => row.action === 'policy.change' && row.target === `policy:${policyVersion}`);
    expect(audited).toHaveLength(1);
    expect(audited[0]!.details).toMatchObject({
      version: policyVersion,
      source: 'api',
      reason: 'quarter planning',
      diff: expect.arrayContaining([{ path: `pods[${PAY}].wipLimit`, from: expect.any(Number), to: 4 }]),
    });
    const { rows } = await stack.pool.query<{ wip_limit: number; mode: string }>('SELECT wip_limit, mode FROM pods WHERE id = $1', [PAY]);
    expect(rows[0]).toEqual({ wip_limit: 4, mode: 'warn' });

    const wip = await stack.call('GET', `/api/pods/${PAY}/wip`, { token: tokens.viewerA });
    expect(wip.json()).toMatchObject({ podId: PAY, running: true, policy: { limit: 4, mode: 'warn' }, holders: [], queue: [] });

    // Prometheus sees the live policy too, asked of the pod's workflow at scrape time.
    const metrics = (await stack.call('GET', '/metrics')).body;
    expect(metrics).toContain(`clos_wip_limit{pod="${PAY}"} 4`);
    expect(metrics).toContain(`clos_wip_utilisation{pod="${PAY}"} 0`);
    expect(metrics).toContain(`clos_wip_holders{pod="${PAY}",lane="regular"} 0`);
  });

  it('evidence and a lead sign-off meet the idea gate; the next advance names what discovery misses', async () => {
    const project = `/api/projects/${CHECKOUT}`;
    // The table above submitted the problem statement (member) and signed the stage off (lead).
    const moved = await eventually('checkout to reach discovery', async () => {
      const stage = (await stack.call('GET', `${project}/stage`, { token: tokens.viewerA })).json<{ stage: { id: string } | null }>();
      return stage.stage?.id === 'discovery' ? stage : undefined;
    });
    expect(moved).toMatchObject({ running: true, podId: PAY, templateId: 'delivery', gate: { passed: false } });

    const blocked = await stack.call('POST', `${project}/advance`, { token: tokens.memberA });
    expect(blocked.statusCode).toBe(409);
    const error = blocked.json<{ error: { code: string; message: string; details: { stageId: string; missing: { criterionId: string }[] } } }>().error;
    expect(error).toMatchObject({ code: 'GateNotMet', details: { stageId: 'discovery' } });
    expect(error.details.missing.map((m) => m.criterionId)).toEqual(expect.arrayContaining(['brief', 'brief-approved']));

    const evidence = await eventually('the evidence to be recorded', async () => {
      const page = (await stack.call('GET', `${project}/evidence`, { token: tokens.viewerA })).json<{ items: { criterionId: string }[] }>();
      return page.items.length > 0 ? page.items : undefined;
    });
    expect(evidence[0]).toMatchObject({ criterionId: 'problem-statement', stageId: 'idea', value: 'https://docs.example/checkout-problem' });
  });

  it('an override moves the project with its reason on record', async () => {
    const stage = (await stack.call('GET', `/api/projects/${REFUNDS}/stage`, { token: tokens.viewerA })).json<{
      stage: { id: string };
      transitions: { kind: string; actor: string | null; reason: string | null }[];
    }>();
    expect(stage.stage.id).toBe('discovery');
    expect(stage.transitions).toContainEqual(expect.objectContaining({ kind: 'override', reason: 'discovery done offline', actor: expect.stringMatching(/^token:/) }));
    const recorded = await eventually('the override to be recorded', async () => {
      const page = (await stack.call('GET', `/api/projects/${REFUNDS}/transitions`, { token: tokens.viewerA })).json<{ items: { kind: string }[] }>();
      return page.items.some((t) => t.kind === 'override') ? page.items : undefined;
    });
    expect(recorded.map((t) => t.kind)).toEqual(['start', 'override']);
  });
});

describe('the audit log after mutations and refusals', () => {
  it('holds one entry per mutation and refusal, and its chain is intact', async () => {
    const rows = await stack.auditRows();
    const actions = new Set(rows.map((r) => r.action));
    for (const action of ['auth.refused', 'auth.forbidden', 'pod.policy.set', 'wip.swarm', 'wip.release', 'stage.advance', 'stage.evidence', 'stage.signoff', 'stage.override', 'stage.resume', 'token.create', 'token.revoke']) {
      expect(actions).toContain(action);
    }
    const policy = rows.find((r) => r.action === 'pod.policy.set' && (r.details as { outcome?: string }).outcome === 'done');
    expect(policy).toMatchObject({ target: `pod:${PAY}`, details: { input: { reason: expect.any(String) }, role: 'lead' } });
    const refusedAdvance = rows.find((r) => r.action === 'stage.advance');
    expect(refusedAdvance).toMatchObject({ details: { outcome: 'refused', error: { code: 'GateNotMet' } } });
    expect(await verifyAuditChain(stack.pool)).toEqual([]);
  });
});
