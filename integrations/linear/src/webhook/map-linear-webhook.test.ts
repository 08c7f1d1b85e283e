import { ClosError, parseDomainEvent, type DomainEvent } from '@clos/domain';
import { linearCommentWebhook, linearIssueWebhook, linearProjectWebhook } from '../testing/index.js';
import { mapLinearWebhook } from './map-linear-webhook.js';

let counter = 0;
function map(payload: unknown): DomainEvent {
  const events = mapLinearWebhook({
    deliveryId: 'lin-delivery-1',
    payload,
    receivedAt: '2025-03-04T10:15:31.000Z',
    correlationId: 'corr-1',
    newId: () => `evt-${++counter}`,
  });
  expect(events).toHaveLength(1);
  const event = events[0] as DomainEvent;
  expect(parseDomainEvent(event)).toEqual(event);
  return event;
}

function mapError(payload: unknown): ClosError {
  try {
    map(payload);
  } catch (error) {
    expect(error).toBeInstanceOf(ClosError);
    return error as ClosError;
  }
  throw new Error('expected the mapper to throw');
}

describe('mapLinearWebhook', () => {
  it('maps an issue moved to started, with its project and assignee', () => {
    const event = map(linearIssueWebhook({ action: 'update', stateType: 'started', createdAt: '2025-03-04T10:15:30.123Z' }));
    expect(event).toEqual({
      id: expect.stringMatching(/^evt-/),
      type: 'linear.issue.changed',
      source: 'linear',
      occurredAt: '2025-03-04T10:15:30.123Z',
      receivedAt: '2025-03-04T10:15:31.000Z',
      deliveryId: 'lin-delivery-1',
      correlationId: 'corr-1',
      subject: { workItemId: 'lin:PAY-44' },
      payload: {
        action: 'update',
        issue: {
          id: '2b1f1b8e-4c3d-4e5f-8a9b-000000000044',
          identifier: 'PAY-44',
          title: 'Retry failed payouts',
          url: 'https://linear.app/acme/issue/PAY-44/retry-failed-payouts',
          teamKey: 'PAY',
          stateType: 'started',
          stateName: 'In Progress',
          projectId: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
          projectName: 'Payout reliability',
          assigneeId: 'c1f4e2d3-7a8b-4c9d-8e0f-1a2b3c4d5e6f',
          assigneeName: 'Ada Lovelace',
          assigneeEmail: 'ada@example.com',
        },
      },
    });
  });

  it.each(['create', 'update', 'remove'] as const)('maps issue %s', (action) => {
    expect(map(linearIssueWebhook({ action })).payload).toMatchObject({ action });
  });

  it.each(['triage', 'backlog', 'unstarted', 'started', 'completed', 'canceled'] as const)('carries state type %s', (stateType) => {
    expect(map(linearIssueWebhook({ stateType })).payload).toMatchObject({ issue: { stateType } });
  });

  it('maps an issue outside any project and unassigned to nulls', () => {
    expect(map(linearIssueWebhook({ project: null, assignee: null, identifier: 'OPS-7' }))).toMatchObject({
      subject: { workItemId: 'lin:OPS-7' },
      payload: { issue: { identifier: 'OPS-7', teamKey: 'OPS', projectId: null, projectName: null, assigneeId: null, assigneeName: null, assigneeEmail: null } },
    });
  });

  it('falls back to ids and the identifier when nested objects are left out', () => {
    const payload = linearIssueWebhook();
    const data = payload.data as Record<string, unknown>;
    delete data.project;
    delete data.assignee;
    delete data.team;
    expect(map(payload).payload).toMatchObject({
      issue: { teamKey: 'PAY', projectId: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d', projectName: null, assigneeId: 'c1f4e2d3-7a8b-4c9d-8e0f-1a2b3c4d5e6f' },
    });
  });

  it('maps project create and update with the status category', () => {
    expect(map(linearProjectWebhook({ action: 'create', statusType: 'planned', createdAt: '2025-03-04T10:00:00.000Z' }))).toMatchObject({
      type: 'linear.project.changed',
      occurredAt: '2025-03-04T10:00:00.000Z',
      subject: {},
      payload: { action: 'create', project: { id: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d', name: 'Payout reliability', state: 'planned' } },
    });
    expect(map(linearProjectWebhook({ action: 'update', statusType: 'completed' })).payload).toMatchObject({ project: { state: 'completed' } });
  });

  it('reads the legacy project state field', () => {
    const payload = linearProjectWebhook();
    const data = payload.data as Record<string, unknown>;
    delete data.status;
    data.state = 'paused';
    expect(map(payload).payload).toMatchObject({ project: { state: 'paused' } });
  });

  it('records other entities and actions as webhook.unhandled', () => {
    expect(map(linearCommentWebhook()).payload).toEqual({ vendor: 'linear', event: 'Comment', action: 'create' });
    expect(map(linearProjectWebhook({ action: 'remove' })).payload).toEqual({ vendor: 'linear', event: 'Project', action: 'remove' });
    expect(map({ action: 'create', type: 'Reaction', data: { emoji: '+1' } })).toMatchObject({ type: 'webhook.unhandled', subject: {} });
  });

  it('names the missing path of a malformed issue', () => {
    const payload = linearIssueWebhook();
    delete ((payload.data as Record<string, unknown>).state as Record<string, unknown>).type;
    const error = mapError(payload);
    expect(error.code).toBe('InvalidInput');
    expect(error.message).toContain('data.state.type');
    expect(error.details).toEqual({ issues: [expect.objectContaining({ path: 'data.state.type' })] });
  });

  it('names bad values and missing envelope fields', () => {
    const badState = linearIssueWebhook();
    ((badState.data as Record<string, unknown>).state as Record<string, unknown>).type = 'doing';
    expect(mapError(badState).message).toContain('data.state.type');

    const badKey = linearIssueWebhook();
    (badKey.data as Record<string, unknown>).identifier = 'not a key';
    expect(mapError(badKey).message).toContain('data.identifier');

    const noType = linearIssueWebhook();
    delete noType.type;
    expect(mapError(noType).message).toContain('type');
    expect(mapError('[]').message).toContain('(root)');
  });
});
