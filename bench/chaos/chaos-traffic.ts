import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { pullRequestPayload, sha, signedDelivery, type PullRequestFixture } from '../../services/api/test/support/github-payloads.js';
import { CHAOS_GITHUB_SECRET } from './chaos-cluster.js';

/** One delivery of the run: what it says about which pull request, and what became of it. */
export interface ChaosDelivery {
  deliveryId: string;
  repo: string;
  number: number;
  action: 'opened' | 'synchronize' | 'closed';
  headSha: string;
  /** When it was first sent: when the change happened on GitHub (epoch ms). */
  firstSentAt: number;
  /** When the api first answered 2xx, if it ever did. */
  ackedAt?: number;
  attempts: number;
}

/** How long a delivery is re-sent while the api does not acknowledge it (GitHub's redeliver). */
const REDELIVER_FOR_MS = 90_000;
const REDELIVER_EVERY_MS = 1_000;

/** Signs and posts one delivery until the api acknowledges it or the redelivery window ends. */
export async function deliver(apiUrl: string, delivery: ChaosDelivery, fixture: PullRequestFixture): Promise<void> {
  const { body, headers } = signedDelivery({
    event: 'pull_request',
    payload: pullRequestPayload(fixture),
    deliveryId: delivery.deliveryId,
    secret: CHAOS_GITHUB_SECRET,
    userAgent: 'GitHub-Hookshot/clos-chaos',
  });
  const giveUpAt = Date.now() + REDELIVER_FOR_MS;
  for (;;) {
    delivery.attempts++;
    try {
      const response = await fetch(`${apiUrl}/webhooks/github`, { method: 'POST', headers, body, signal: AbortSignal.timeout(15_000) });
      await response.arrayBuffer();
      if (response.status >= 200 && response.status < 300) {
        delivery.ackedAt = Date.now();
        return;
      }
    } catch {
      // The api is down or restarting: GitHub would mark the delivery failed and redeliver.
    }
    if (Date.now() > giveUpAt) return;
    await sleep(REDELIVER_EVERY_MS);
  }
}

/** A pull request of the run and what CLOS should believe of it once every acknowledged delivery is applied. */
export interface ChaosPullRequest {
  repo: string;
  pod: string;
  number: number;
  /** The current head SHA. */
  head: string;
  /** Every head it had, oldest first: statuses name the head they were written on. */
  heads: string[];
  /** Set once its `closed` delivery was sent. */
  closedAt?: number;
}

/**
 * The deliveries of the run: pull requests open, get pushed to and merge, spread over the
 * pods, so queues form and merges keep promoting queued pull requests.
 */
export class ChaosTraffic {
  readonly deliveries: ChaosDelivery[] = [];
  readonly pullRequests = new Map<string, ChaosPullRequest>();
  private readonly open: ChaosPullRequest[] = [];
  private nextNumber = 1;

  constructor(
    private readonly pods: readonly { id: string; repo: string }[],
    /** Open pull requests per pod the mix aims for: above the limit, so queues form. */
    private readonly openPerPod: number,
  ) {}

  /** The next delivery to send. */
  next(index: number): { delivery: ChaosDelivery; fixture: PullRequestFixture } {
    const now = Date.now();
    const target = this.open.length > 0 ? this.open[index % this.open.length] : undefined;
    const capacity = this.pods.length * this.openPerPod;
    // Open until the pods are full, then keep them between three quarters full and full: a
    // merge only when enough are open, an opening only when there is room.
    const kind = index % 3 === 0 ? 'open' : index % 3 === 1 ? 'push' : 'merge';
    if (target === undefined || (kind === 'open' && this.open.length < capacity) || (kind === 'merge' && this.open.length < capacity * 0.75)) {
      return this.opening(now);
    }
    if (kind !== 'merge') {
      target.head = sha(`chaos-${target.repo}-${target.number}-${index}`);
      target.heads.push(target.head);
      return this.change(target, 'synchronize', now);
    }
    // Merge the oldest open pull request of the pod, as a holder finishing its work.
    const oldest = this.open.find((pr) => pr.pod === target.pod) ?? target;
    this.open.splice(this.open.indexOf(oldest), 1);
    oldest.closedAt = now;
    return this.change(oldest, 'closed', now);
  }

  /** Pull requests still open (their `closed` never sent). */
  openPullRequests(): ChaosPullRequest[] {
    return [...this.open];
  }

  private opening(now: number): { delivery: ChaosDelivery; fixture: PullRequestFixture } {
    const pod = this.pods[this.nextNumber % this.pods.length]!;
    const number = this.nextNumber++;
    const head = sha(`chaos-${pod.repo}-${number}-0`);
    const pr: ChaosPullRequest = { repo: pod.repo, pod: pod.id, number, head, heads: [head] };
    this.pullRequests.set(keyOf(pr.repo, number), pr);
    this.open.push(pr);
    return this.change(pr, 'opened', now);
  }

  private change(pr: ChaosPullRequest, action: ChaosDelivery['action'], now: number): { delivery: ChaosDelivery; fixture: PullRequestFixture } {
    const delivery: ChaosDelivery = { deliveryId: randomUUID(), repo: pr.repo, number: pr.number, action, headSha: pr.head, firstSentAt: now, attempts: 0 };
    this.deliveries.push(delivery);
    const fixture: PullRequestFixture = {
      repo: pr.repo,
      number: pr.number,
      headSha: pr.head,
      action,
      author: `dev-${pr.number % 5}`,
      updatedAt: new Date(now).toISOString(),
      ...(action === 'closed' ? { merged: true } : {}),
    };
    return { delivery, fixture };
  }
}

/** `owner/repo#number`. */
export function keyOf(repo: string, number: number): string {
  return `${repo}#${number}`;
}
