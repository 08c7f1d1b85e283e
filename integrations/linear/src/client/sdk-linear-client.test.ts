import { ClosError } from '@clos/domain';
import { startFakeLinear, type FakeLinear } from '../testing/index.js';
import type { LinearClient } from './linear-client.js';
import { createSdkLinearClient } from './sdk-linear-client.js';

const API_KEY = 'lin_api_test_0123456789';

async function caught(promise: Promise<unknown>): Promise<ClosError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ClosError);
    return error as ClosError;
  }
  throw new Error('expected a ClosError');
}

describe('createSdkLinearClient against the local Linear stand-in', () => {
  let fake: FakeLinear;
  let linear: LinearClient;

  beforeAll(async () => {
    fake = await startFakeLinear({ apiKeys: [API_KEY] });
    const project = fake.addProject({ name: 'Payout reliability', id: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d' });
    const other = fake.addProject({ name: 'Onboarding' });
    fake.addIssue({ identifier: 'PAY-44', title: 'Retry failed payouts', stateType: 'started', projectId: project.id });
    fake.addIssue({ identifier: 'PAY-45', stateType: 'completed', projectId: project.id });
    fake.addIssue({ identifier: 'PAY-46', stateType: 'canceled', projectId: project.id });
    fake.addIssue({ identifier: 'ONB-1', stateType: 'started', projectId: other.id });
    fake.addLabel({ name: 'over-wip' });
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.clearRequests();
    linear = createSdkLinearClient({ apiKey: API_KEY, apiUrl: fake.url });
  });

  it('comments on an issue by identifier through the SDK\u2019s createComment mutation', async () => {
    const { id } = await linear.createComment('PAY-44', 'Started over the WIP limit (3/3): finish #12 or PAY-40 first.');
    expect(fake.comments('PAY-44')).toEqual([expect.objectContaining({ id, body: 'Started over the WIP limit (3/3): finish #12 or PAY-40 first.' })]);
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]).toMatchObject({
      operationName: 'createComment',
      variables: { input: { issueId: 'PAY-44', body: 'Started over the WIP limit (3/3): finish #12 or PAY-40 first.' } },
      headers: { authorization: API_KEY },
    });
    expect(fake.requests[0]?.query).toContain('commentCreate(input: $input)');
  });

  it('lists a project\u2019s issues with their state type, by name or by id', async () => {
    const expected = [
      { id: expect.any(String), identifier: 'PAY-44', title: 'Retry failed payouts', stateType: 'started' },
      { id: expect.any(String), identifier: 'PAY-45', title: 'Issue PAY-45', stateType: 'completed' },
      { id: expect.any(String), identifier: 'PAY-46', title: 'Issue PAY-46', stateType: 'canceled' },
    ];
    expect(await linear.listProjectIssues('payout reliability')).toEqual(expected);
    expect(fake.requests[0]?.variables).toMatchObject({ filter: { project: { name: { eqIgnoreCase: 'payout reliability' } } } });
    expect(await linear.listProjectIssues('9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d')).toEqual(expected);
    expect(fake.requests[1]?.variables).toMatchObject({ filter: { project: { id: { eq: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d' } } } });
    expect(await linear.listProjectIssues('No such project')).toEqual([]);
  });

  it('follows pages for a large project', async () => {
    const big = fake.addProject({ name: 'Migration' });
    for (let n = 1; n <= 230; n++) fake.addIssue({ identifier: `MIG-${n}`, stateType: n % 2 === 0 ? 'completed' : 'started', projectId: big.id });
    const issues = await linear.listProjectIssues('Migration');
    expect(issues).toHaveLength(230);
    expect(new Set(issues.map((i) => i.identifier)).size).toBe(230);
    expect(fake.requests.map((r) => r.operationName)).toEqual(['ClosProjectIssues', 'ClosProjectIssues', 'ClosProjectIssues']);
  });

  it('adds a label found by name', async () => {
    await linear.addLabel('PAY-44', 'Over-WIP');
    expect(fake.requests.map((r) => r.operationName)).toEqual(['issueLabels', 'issueAddLabel']);
    const label = fake.state.labels.find((l) => l.name === 'over-wip');
    expect(fake.state.findIssue('PAY-44')?.labelIds).toEqual([label?.id]);
    expect((await caught(linear.addLabel('PAY-44', 'nope'))).code).toBe('NotFound');
  });

  it('maps Linear\u2019s refusals to coded errors', async () => {
    expect((await caught(linear.createComment('PAY-999', 'hi'))).code).toBe('InvalidInput');
    const stranger = createSdkLinearClient({ apiKey: 'lin_api_wrong', apiUrl: fake.url });
    expect((await caught(stranger.createComment('PAY-44', 'hi'))).code).toBe('Unauthorized');
  });

  it('reports a rate limit with when to retry', async () => {
    fake.failNext({ kind: 'ratelimited', retryAfterSeconds: 7 });
    const error = await caught(linear.createComment('PAY-44', 'hi'));
    expect(error.code).toBe('RateLimited');
    expect(error.details).toMatchObject({ retryAfterSeconds: 7, operation: 'createComment' });
    fake.failNext({ kind: 'server' });
    expect((await caught(linear.listProjectIssues('Onboarding'))).code).toBe('Unavailable');
  });
});
