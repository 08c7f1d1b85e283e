import type { PullRequestFixture } from '../../services/api/test/support/github-payloads.js';
import { sha } from '../load/deliveries.js';
import { repoOfPod } from '../stack/clos-yml.js';

/** A synchronize follows its PR's opening by this many openings; a merge by twice as many. */
const LAG = 20;

/** One delivery of the mix. */
export interface MixStep {
  fixture: PullRequestFixture;
  /** The new head SHA of an opening or a push. */
  newHead?: string;
}

/**
 * The deliveries of the sustained run, in the order they are sent: a third open a pull
 * request, a third push to one opened about `LAG` openings before (`synchronize`, a new
 * head SHA), a third merge one opened `2 × LAG` openings before — so pull requests keep
 * arriving, changing and leaving, each pod's queue stays bounded and merges keep
 * promoting queued ones. While there is nothing old enough to push to or merge yet, the
 * slot opens another pull request instead.
 */
export class LifecycleMix {
  private readonly opened: number[] = [];
  private readonly heads = new Map<number, string>();
  private nextNumber: number;

  constructor(
    private readonly pods: number,
    firstNumber: number,
  ) {
    this.nextNumber = firstNumber;
  }

  next(index: number): MixStep {
    const now = new Date().toISOString();
    const back = index % 3 === 1 ? LAG : index % 3 === 2 ? 2 * LAG : 0;
    const target = back > 0 ? this.opened[this.opened.length - 1 - back] : undefined;
    if (target === undefined) {
      const number = this.nextNumber++;
      this.opened.push(number);
      const headSha = sha(`mix-${number}-0`);
      this.heads.set(number, headSha);
      return { fixture: this.fixture(number, 'opened', headSha, now), newHead: headSha };
    }
    if (back === LAG) {
      const headSha = sha(`mix-${target}-1`);
      this.heads.set(target, headSha);
      return { fixture: this.fixture(target, 'synchronize', headSha, now), newHead: headSha };
    }
    const head = this.heads.get(target) ?? sha(`mix-${target}-0`);
    this.heads.delete(target);
    return { fixture: { ...this.fixture(target, 'closed', head, now), merged: true } };
  }

  /** Pull requests still open, with their current head SHA. */
  openHeads(): string[] {
    return [...this.heads.values()];
  }

  private fixture(number: number, action: PullRequestFixture['action'], headSha: string, updatedAt: string): PullRequestFixture {
    return { repo: repoOfPod(number % this.pods), number, headSha, action, author: `dev-${number % 7}`, updatedAt };
  }
}
