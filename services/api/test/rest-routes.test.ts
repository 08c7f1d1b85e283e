import { randomUUID } from 'node:crypto';
import { verifyAuditChain } from '@clos/platform';
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

type Caller = 'noRole' | 'viewerA' | 'memberA' | 'leadA' | 'viewerB' | 'admin';

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
  { method: 'GET', path: '/api/people', url: () => '/api/people', allow: 'viewerA', status: 200, deny: 'noRole' },
  { method: 'GET', path: '/api/people/{personId}', url: () => '/api/people/alice', allow: 'viewerA', status: 200, deny: 'noRole' },
  { method: 'GET', path: '/api/projects', url: () => '/api/projects', allow: 'viewerA', status: 200, deny: 'noRole' },
  { method: 'GET', path: '/api/projects/{projectId}', url: () => `/api/projects/${CHECKOUT}`, allow: 'viewerA', status: 200, deny: 'viewerB' },
  { method: 'GET', path: '/api/projects/{projectId}/stage', url: () => `/api/projects/${CHECKOUT}/stage`, allow: 'viewerA', status: 200, deny: 'viewerB' },
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
  { method: 'GET', path: '/api/me', url: () => '/api/me', allow: 'noRole', status: 200 },
  // Any caller passes the access rule; a bearer token is told that only a browser session ends here.
  { method: 'DELETE', path: '/api/session', url: () => '/api/session', allow: 'noRole', status: 200 },
];

beforeAll(async () => {
  stack = await startRestStack({ closYml: CLOS_YML, workflows: true });
  const roles: Record<Caller, Record<string, 'viewer' | 'member' | 'lead' | 'admin'>> = {
    noRole: {},
    viewerA: { [PAY]: 'viewer' },
    memberA: { [PAY]: 'member' },
    leadA: { [PAY]: 'lead' },
    viewerB: { [OPS]: 'viewer' },
    admin: { '*': 'admin' },
  };
  for (const [caller, r] of Object.entries(roles)) tokens[caller as Caller] = (await stack.issue(caller, r)).token;
  spareTokenId = (await stack.issue('spare', { [PAY]: 'viewer' })).id;
  await stack.pool.query(
    `INSERT INTO work_items (id, kind, pod_id, state, title, repo, number) VALUES ($1, 'pull_request', $2, 'open', 'Retry payments', $3, 7)`,
    [WORK_ITEM, PAY, REPO],
  );
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
    for (const action of ['auth.refused', 'auth.forbidden', 'pod.policy.set', 'stage.advance', 'stage.evidence', 'stage.signoff', 'stage.override', 'stage.resume', 'token.create', 'token.revoke']) {
      expect(actions).toContain(action);
    }
    const policy = rows.find((r) => r.action === 'pod.policy.set' && (r.details as { outcome?: string }).outcome === 'done');
    expect(policy).toMatchObject({ target: `pod:${PAY}`, details: { input: { reason: expect.any(String) }, role: 'lead' } });
    const refusedAdvance = rows.find((r) => r.action === 'stage.advance');
    expect(refusedAdvance).toMatchObject({ details: { outcome: 'refused', error: { code: 'GateNotMet' } } });
    expect(await verifyAuditChain(stack.pool)).toEqual([]);
  });
});
