import type { EventPayload } from '@clos/domain';
import { event } from '../../test/fixtures.js';
import { routeLinearIssue } from './route-linear.js';

type Issue = EventPayload<'linear.issue.changed'>['issue'];

function issue(overrides: Partial<Issue> = {}): Issue {
  return {
    id: 'issue-1',
    identifier: 'PAY-44',
    title: 'Retry failed payouts',
    url: 'https://linear.app/acme/issue/PAY-44',
    teamKey: 'PAY',
    stateType: 'started',
    stateName: 'In Progress',
    projectId: null,
    projectName: null,
    assigneeId: null,
    assigneeName: null,
    assigneeEmail: null,
    ...overrides,
  };
}

describe('routeLinearIssue', () => {
  const subject = { podId: 'payments', personId: 'alice', workItemId: 'lin:PAY-44' };

  it('asks for a slot when an issue is started', async () => {
    const started = event('linear.issue.changed', { action: 'update', issue: issue() }, { subject });
    expect(await routeLinearIssue(started, undefined)).toEqual([
      {
        target: 'pod',
        podId: 'payments',
        key: `${started.id}:wip`,
        op: {
          type: 'acquire',
          input: {
            id: 'lin:PAY-44',
            title: 'PAY-44 Retry failed payouts',
            url: 'https://linear.app/acme/issue/PAY-44',
            linearKeys: ['PAY-44'],
            occurredAt: started.occurredAt,
            personId: 'alice',
          },
        },
      },
    ]);
  });

  it.each([
    ['completed', 'update', 'completed'],
    ['canceled', 'update', 'canceled'],
    ['started', 'remove', 'removed'],
    ['backlog', 'update', 'manual'],
  ] as const)('lets go when the issue is %s (%s)', async (stateType, action, reason) => {
    const changed = event('linear.issue.changed', { action, issue: issue({ stateType }) }, { subject });
    expect((await routeLinearIssue(changed, undefined))[0]?.op).toEqual({
      type: 'release',
      input: { id: 'lin:PAY-44', reason, occurredAt: changed.occurredAt },
    });
  });

  it('recounts the project\'s Linear progress when the issue belongs to a mapped project', async () => {
    const changed = event('linear.issue.changed', { action: 'update', issue: issue({ stateType: 'completed' }) }, { subject: { ...subject, projectId: 'checkout' } });
    expect((await routeLinearIssue(changed, undefined)).map((r) => r.op.type)).toEqual(['release', 'linearRefresh']);
  });

  it('does nothing for the WIP of a team no pod owns', async () => {
    const changed = event('linear.issue.changed', { action: 'update', issue: issue({ teamKey: 'OPS', identifier: 'OPS-1' }) });
    expect(await routeLinearIssue(changed, undefined)).toEqual([]);
  });
});
