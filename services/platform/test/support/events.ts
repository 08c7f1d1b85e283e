import { randomUUID } from 'node:crypto';
import type { DomainEvent } from '@clos/domain';

/** A valid `pr.opened` event for PR `number` of acme/payments-api. */
export function prOpened(number: number, overrides: Partial<DomainEvent> = {}): DomainEvent {
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
    ...overrides,
  } as DomainEvent;
}

/** Resolves when `check` returns true, polling every 20 ms; rejects after `timeoutMs`. */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 15_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The environment variable a system test needs, or a clear failure naming it. */
export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests through the jest global setup (npm test)`);
  return value;
}
