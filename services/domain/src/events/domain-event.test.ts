import { ClosError } from '../errors.js';
import { EVENT_TYPES, isEventType } from './event-types.js';
import { domainEventSchema, parseDomainEvent, parseEventPayload, type AnyDomainEvent, type DomainEvent } from './domain-event.js';
import { eventPayloadSchemas, type EventPayload, type EventType, type PullRequestRef } from '../index.js';

const pullRequest: PullRequestRef = {
  repo: 'acme/payments-api',
  number: 12,
  title: 'PAY-44 Checkout button',
  body: null,
  url: 'https://github.com/acme/payments-api/pull/12',
  headSha: 'a'.repeat(40),
  headRef: 'alice/pay-44',
  baseRef: 'main',
  author: 'alice',
  draft: false,
  labels: ['project:checkout-v2'],
  state: 'open',
  merged: false,
};

/** One valid payload per event type, so every schema is exercised. */
const samplePayloads: { [K in EventType]: EventPayload<K> } = {
  'pr.opened': { pullRequest },
  'pr.reopened': { pullRequest },
  'pr.ready_for_review': { pullRequest },
  'pr.converted_to_draft': { pullRequest: { ...pullRequest, draft: true } },
  'pr.synchronized': { pullRequest },
  'pr.closed': { pullRequest: { ...pullRequest, state: 'closed', merged: true } },
  'pr.labeled': { pullRequest, label: 'expedite' },
  'pr.unlabeled': { pullRequest, label: 'expedite' },
  'pr.review_submitted': { pullRequest, review: { reviewer: 'bob', state: 'approved' } },
  'checks.completed': {
    repo: 'acme/payments-api',
    headSha: 'a'.repeat(40),
    name: 'ci/test',
    conclusion: 'success',
    kind: 'check_run',
    pullRequestNumbers: [12],
  },
  'push.default_branch': {
    repo: 'acme/payments-api',
    ref: 'refs/heads/main',
    before: 'b'.repeat(40),
    after: 'c'.repeat(40),
    added: ['specs/checkout-v2/research.md'],
    modified: [],
    removed: [],
  },
  'merge_group.checks_requested': { repo: 'acme/payments-api', headSha: 'd'.repeat(40), baseRef: 'main', headRef: 'gh-readonly-queue/main/pr-12' },
  'installation.changed': { action: 'created', account: 'acme', repos: ['acme/payments-api'] },
  'issue.changed': { repo: 'acme/payments-api', number: 42, action: 'closed', state: 'closed', stateReason: 'completed', url: 'https://github.com/acme/payments-api/issues/42' },
  'deployment.status_changed': { repo: 'acme/payments-api', environment: 'production', state: 'success', sha: 'e'.repeat(40), deploymentId: 99 },
  'linear.issue.changed': {
    action: 'update',
    issue: {
      id: 'uuid-1',
      identifier: 'PAY-44',
      title: 'Checkout button',
      url: 'https://linear.app/acme/issue/PAY-44',
      teamKey: 'PAY',
      stateType: 'started',
      stateName: 'In Progress',
      projectId: 'proj-1',
      projectName: 'Checkout v2',
      assigneeId: 'user-1',
      assigneeName: 'Alice',
      assigneeEmail: 'alice@acme.test',
    },
  },
  'linear.project.changed': { action: 'update', project: { id: 'proj-1', name: 'Checkout v2', state: 'started' } },
  'webhook.unhandled': { vendor: 'github', event: 'star', action: 'created' },
  'wip.granted': { lane: 'regular' },
  'wip.promoted': { lane: 'expedite' },
  'wip.queued': { position: 1, reason: 'pod_limit', holders: ['gh:acme/payments-api#11'] },
  'wip.released': { reason: 'merged', promoted: [] },
  'wip.draft': {},
  'wip.policy_changed': { before: { limit: 3 }, after: { limit: 2 }, actor: 'alice', reason: 'focus' },
  'stage.started': { stageId: 'discovery' },
  'stage.advanced': { from: 'discovery', to: 'build', actor: 'clos' },
  'stage.overridden': { from: 'discovery', to: 'build', actor: 'alice', reason: 'customer escalation' },
  'stage.advance_refused': { stageId: 'discovery', by: 'bob', failedRequests: 1, missing: ['spec'] },
  'stage.escalated': { stageId: 'discovery', by: 'bob', failedRequests: 3, missing: ['spec'] },
  'stage.resumed': { stageId: 'discovery', by: 'alice' },
  'stage.time_limit_exceeded': { stageId: 'discovery', enteredAt: '2024-05-01T00:00:00.000Z', deadline: '2024-05-15T00:00:00.000Z' },
  'stage.evidence_submitted': { stageId: 'discovery', criterionId: 'spec' },
  'linear.comment_created': { identifier: 'PAY-44', commentId: 'comment-1' },
  'health.breaker_tripped': { reason: '2 metrics failing', failing: ['wipViolations', 'escalations'], score: 41, limitBefore: 4, limit: 3 },
  'health.breaker_recovered': { reason: '3 healthy scans', failing: [], score: 88, limitBefore: 3, limit: 4 },
};

function event<T extends EventType>(type: T, payload: EventPayload<T> = samplePayloads[type]): DomainEvent<T> {
  return {
    id: `evt-${type}`,
    type,
    source: type.startsWith('linear.') ? 'linear' : 'github',
    occurredAt: '2024-05-01T12:00:00Z',
    receivedAt: '2024-05-01T12:00:00.250Z',
    deliveryId: 'delivery-1',
    correlationId: 'corr-1',
    subject: { podId: 'payments', workItemId: 'gh:acme/payments-api#12' },
    payload,
  };
}

function issuesOf(fn: () => unknown): { path: string; message: string }[] {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ClosError);
    expect((error as ClosError).code).toBe('InvalidInput');
    return ((error as ClosError).details as { issues: { path: string; message: string }[] }).issues;
  }
  throw new Error('expected a ClosError');
}

describe('the event catalogue', () => {
  it('has a payload schema for every type and nothing else', () => {
    expect(Object.keys(eventPayloadSchemas).sort()).toEqual([...EVENT_TYPES].sort());
    expect(new Set(EVENT_TYPES).size).toBe(EVENT_TYPES.length);
  });

  it.each(EVENT_TYPES)('accepts a valid %s event and returns it unchanged', (type) => {
    const input = event(type);
    const parsed = parseDomainEvent(JSON.parse(JSON.stringify(input)));
    expect(parsed).toEqual(input);
    expect(domainEventSchema.parse(input)).toEqual(input);
  });

  it('narrows the payload by type', () => {
    const parsed: AnyDomainEvent = parseDomainEvent(event('pr.labeled'));
    if (parsed.type !== 'pr.labeled') throw new Error('unexpected type');
    expect(parsed.payload.label).toBe('expedite');
  });

  it('knows its types', () => {
    expect(isEventType('pr.opened')).toBe(true);
    expect(isEventType('pr.merged')).toBe(false);
    expect(isEventType(42)).toBe(false);
  });
});

describe('parseDomainEvent', () => {
  it('names the path of a bad payload field', () => {
    const bad = event('pr.opened', { pullRequest: { ...pullRequest, number: -1 } });
    const issues = issuesOf(() => parseDomainEvent(bad));
    expect(issues).toEqual([{ path: 'payload.pullRequest.number', message: expect.stringMatching(/>0|positive/) }]);
  });

  it('names a missing field as required', () => {
    const { deliveryId: _omitted, ...bad } = event('pr.opened');
    expect(issuesOf(() => parseDomainEvent(bad))).toEqual([{ path: 'deliveryId', message: 'required (string)' }]);
  });

  it('refuses an unknown type by name', () => {
    expect(() => parseDomainEvent({ ...event('pr.opened'), type: 'pr.merged' })).toThrow(/type: unknown event type "pr.merged"/);
  });

  it('refuses timestamps that are not ISO-8601 UTC', () => {
    const issues = issuesOf(() => parseDomainEvent({ ...event('pr.opened'), occurredAt: '2024-05-01 12:00' }));
    expect(issues.map((i) => i.path)).toEqual(['occurredAt']);
  });

  it('refuses a payload of another type', () => {
    const issues = issuesOf(() => parseDomainEvent({ ...event('pr.labeled'), payload: samplePayloads['pr.opened'] }));
    expect(issues).toEqual([{ path: 'payload.label', message: 'required (string)' }]);
  });

  it('refuses enum values outside the vocabulary', () => {
    const payload = { ...samplePayloads['checks.completed'], conclusion: 'green' };
    expect(issuesOf(() => parseDomainEvent({ ...event('checks.completed'), payload })).map((i) => i.path)).toEqual([
      'payload.conclusion',
    ]);
  });

  it('drops unknown keys so older consumers read newer events', () => {
    const parsed = parseDomainEvent({ ...event('webhook.unhandled'), extra: 1, payload: { ...samplePayloads['webhook.unhandled'], more: 2 } });
    expect(parsed).toEqual(event('webhook.unhandled'));
  });

  it('refuses what is not an object', () => {
    expect(() => parseDomainEvent('pr.opened')).toThrow(/Invalid domain event/);
    expect(() => parseDomainEvent(null)).toThrow(ClosError);
  });
});

describe('parseEventPayload', () => {
  it('validates one payload for producers', () => {
    expect(parseEventPayload('pr.review_submitted', samplePayloads['pr.review_submitted'])).toEqual(samplePayloads['pr.review_submitted']);
    expect(() => parseEventPayload('pr.review_submitted', { pullRequest, review: { reviewer: 'bob', state: 'lgtm' } })).toThrow(
      /payload\.review\.state/,
    );
  });
});
