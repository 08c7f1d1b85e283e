import { startRestStack, uniqueSuffix, type RestStack } from './rest-stack.js';

/**
 * The health scan on demand: `POST /api/health/scan` runs the scan workflow on the real
 * worker, and every pod has a score at once instead of at the next hourly run.
 */
const s = uniqueSuffix();
const PAY = `pay-${s}`;
const OPS = `ops-${s}`;

const CLOS_YML = `
org: acme
timezone: UTC
pods:
  - id: ${PAY}
    name: Payments
    wipLimit: 2
    repos: [acme/pay-${s}]
    members:
      - github: alice
        role: lead
  - id: ${OPS}
    name: Ops
    wipLimit: 3
    repos: [acme/ops-${s}]
    members:
      - github: olga
        role: member
`;

let stack: RestStack;
let admin: string;
let lead: string;

beforeAll(async () => {
  stack = await startRestStack({ closYml: CLOS_YML, workflows: true });
  admin = (await stack.issue('admin', { '*': 'admin' })).token;
  lead = (await stack.issue('lead', { [PAY]: 'lead' })).token;
});

afterAll(async () => {
  await stack?.close();
});

interface HealthOverview {
  pods: { podId: string; score: number | null; at: string | null; components: unknown[] }[];
}

test('an admin scans now: every pod has a score, the call is audited', async () => {
  const before = (await stack.call('GET', '/api/health', { token: admin })).json() as HealthOverview;
  expect(before.pods.map((p) => p.score)).toEqual([null, null]);

  const response = await stack.call('POST', '/api/health/scan', { token: admin });
  expect(response.statusCode).toBe(200);
  const scan = response.json() as { at: string; pods: { podId: string; score: number; failing: string[] }[] };
  expect(scan.pods.map((p) => p.podId).sort()).toEqual([OPS, PAY].sort());
  for (const pod of scan.pods) expect(pod.score).toBeGreaterThanOrEqual(0);

  const after = (await stack.call('GET', '/api/health', { token: admin })).json() as HealthOverview;
  for (const pod of after.pods) {
    expect(pod.score).toBe(scan.pods.find((p) => p.podId === pod.podId)?.score);
    expect(pod.at).toBe(scan.at);
    expect(pod.components.length).toBeGreaterThan(0);
  }
  const audit = (await stack.auditRows()).filter((r) => r.action === 'health.scan');
  expect(audit).toEqual([
    expect.objectContaining({ target: 'pods:all', details: expect.objectContaining({ outcome: 'done', result: { at: scan.at, pods: 2 } }) }),
  ]);
});

test('a lead is refused, and the refusal is audited', async () => {
  const response = await stack.call('POST', '/api/health/scan', { token: lead });
  expect(response.statusCode).toBe(403);
  const refused = (await stack.auditRows()).filter((r) => r.action === 'auth.forbidden' && r.details.operation === 'scanHealth');
  expect(refused).toHaveLength(1);
});
