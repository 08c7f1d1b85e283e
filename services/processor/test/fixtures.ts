import { parseClosConfig, type DomainEvent, type EventPayload, type EventType, type PullRequestRef, type Subject } from '@clos/domain';

/** The organisation the processor tests route for. */
export const CONFIG = parseClosConfig(
  `
org: acme
timezone: UTC
configRepo: acme/policy
pods:
  - id: payments
    name: Payments
    wipLimit: 2
    repos: [acme/pay-api, acme/pay-web]
    linearTeams: [PAY]
    expedite: { label: hotfix, quota: 1 }
    members:
      - github: alice
        linear: alice@example.com
        role: lead
      - github: bob
        role: member
  - id: growth
    name: Growth
    wipLimit: 3
    repos: [acme/growth]
projects:
  - id: checkout
    name: Checkout
    pod: payments
    template: delivery
    linearProject: Checkout v2
  - id: payouts
    name: Payouts
    pod: payments
    template: spec
`,
  'clos.yml',
);

let counter = 0;

/** A domain event as the api publishes it. */
export function event<T extends EventType>(type: T, payload: EventPayload<T>, options: { subject?: Subject; occurredAt?: string } = {}): DomainEvent<T> {
  counter += 1;
  const id = `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`;
  const at = options.occurredAt ?? '2025-06-02T09:00:00.000Z';
  return {
    id,
    type,
    source: type.startsWith('linear') ? 'linear' : 'github',
    occurredAt: at,
    receivedAt: at,
    deliveryId: `delivery-${counter}`,
    correlationId: `github:delivery-${counter}`,
    subject: options.subject ?? {},
    payload,
  };
}

/** A pull request of `acme/pay-api` unless told otherwise. */
export function pullRequest(overrides: Partial<PullRequestRef> = {}): PullRequestRef {
  const number = overrides.number ?? 12;
  return {
    repo: 'acme/pay-api',
    number,
    title: `Change ${number}`,
    body: null,
    url: `https://github.com/acme/pay-api/pull/${number}`,
    headSha: 'a'.repeat(40),
    headRef: `feature-${number}`,
    baseRef: 'main',
    author: 'alice',
    draft: false,
    labels: [],
    state: 'open',
    merged: false,
    ...overrides,
  };
}
