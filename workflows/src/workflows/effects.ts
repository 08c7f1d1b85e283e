import { log, patched, proxyActivities } from '@temporalio/workflow';
import type {
  ClosActivities,
  LinearCommentInput,
  Notification,
  NotifyInput,
  PostCommitStatusInput,
  RecordEntry,
  StatusLink,
} from '../activities/types.js';
import type { OutboxSnapshot } from '../shared/workflow-inputs.js';

/**
 * Side effects leave a workflow through activities, which run at least once; each call
 * carries an idempotency key so a retry changes nothing twice. Writes give up after a
 * bounded time and are logged: the enforcement state must never wait on the record, and
 * the reconciler re-posts any status that was lost.
 */
const outbound = proxyActivities<ClosActivities>({
  // GitHub asks for writes about a second apart, so a pod-wide change queues in the client;
  // the heartbeat, not this, is what notices a worker that died mid-call.
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 30 },
});

function correlated(entry: RecordEntry, correlationId: string): RecordEntry {
  if (entry.kind === 'event') return { ...entry, event: { ...entry.event, correlationId } };
  if (entry.kind === 'audit') return { ...entry, audit: { ...entry.audit, details: { ...entry.audit.details, correlationId } } };
  return entry;
}

/** Facts, notifications and comments waiting to be sent, in the order they happened. */
export class Outbox {
  private records: RecordEntry[];
  private notifications: NotifyInput[];
  private comments: LinearCommentInput[];
  /** The correlation id of the command being applied; stamped on the events and audit entries it records. */
  private correlationId: string | undefined;

  constructor(
    private readonly keyPrefix: string,
    private seq: number,
    unsent?: OutboxSnapshot,
  ) {
    this.records = [...(unsent?.records ?? [])];
    this.notifications = [...(unsent?.notifications ?? [])];
    this.comments = [...(unsent?.comments ?? [])];
  }

  /** Everything not sent yet, for the next run to send; the outbox is left empty. */
  handOver(): OutboxSnapshot {
    return { records: this.records.splice(0), notifications: this.notifications.splice(0), comments: this.comments.splice(0) };
  }

  /** The next idempotency key; deterministic, so a replay derives the same one. */
  nextKey(): string {
    this.seq += 1;
    return `${this.keyPrefix}:${this.seq}`;
  }

  get sequence(): number {
    return this.seq;
  }

  get pending(): boolean {
    return this.records.length > 0 || this.notifications.length > 0 || this.comments.length > 0;
  }

  record(entry: RecordEntry): void {
    this.records.push(this.correlationId === undefined ? entry : correlated(entry, this.correlationId));
  }

  /**
   * Runs `work` (synchronous: a handler applying one command) with `correlationId` stamped on
   * every event and audit entry it records, so the event log and the audit log show one chain
   * from the delivery that caused it.
   */
  within<T>(correlationId: string | undefined, work: () => T): T {
    const previous = this.correlationId;
    this.correlationId = correlationId;
    try {
      return work();
    } finally {
      this.correlationId = previous;
    }
  }

  notify(notification: Notification): void {
    this.notifications.push({ ...notification, key: notification.key ?? this.nextKey() });
  }

  commentOnLinear(identifier: string, body: string): void {
    this.comments.push({ key: this.nextKey(), identifier, body });
  }

  /** Sends everything queued so far: the record first, then messages in parallel. */
  async flush(): Promise<void> {
    const records = this.records.splice(0);
    const notifications = this.notifications.splice(0);
    const comments = this.comments.splice(0);
    if (records.length > 0) {
      await outbound.record({ entries: records }).catch((error: unknown) => {
        log.error('recording failed; the facts are dropped from the record', { error: String(error), count: records.length });
      });
    }
    await Promise.all([
      ...notifications.map((n) =>
        outbound.notify(n).catch((error: unknown) => log.warn('notification failed', { error: String(error), kind: n.kind })),
      ),
      ...comments.map((c) =>
        outbound
          .commentOnLinearIssue(c)
          .catch((error: unknown) => log.warn('Linear comment failed', { error: String(error), identifier: c.identifier })),
      ),
    ]);
  }
}

/** A commit status a workflow wants on a SHA. */
export interface DesiredStatus {
  repo: string;
  sha: string;
  state: PostCommitStatusInput['state'];
  description: string;
  link?: StatusLink;
  /**
   * What the status means beyond its state (`enforce:held`, `draft`, …): a new kind is worth a
   * write even when the state stays; a description that only counts differently is not.
   */
  kind?: string;
}

/** Histories from before it re-posted a status whenever its description changed (a queue position, a count). */
export const STATE_CHANGE_STATUSES_PATCH = 'statuses-on-state-change';

/**
 * Brings GitHub in line with `desired`, writing only where the state or kind differs from
 * what this workflow last wrote (`posted`, keyed `repo@sha`, updated in place). A description
 * that changes with the same state and kind (a queue position, a count) is not worth a write:
 * at a thousand pods those writes would spend the GitHub budget that status changes depend on,
 * and the status links to a page that is always current (ADR 0011). The activity compares
 * with GitHub's current status, so a status deleted or changed behind our back is repaired
 * when `posted` is cleared (refresh) without rewriting the ones that only aged.
 */
export async function syncStatuses(context: string, desired: DesiredStatus[], posted: Record<string, string>): Promise<void> {
  const byStateAndKind = patched(STATE_CHANGE_STATUSES_PATCH);
  const wantedOf = (s: DesiredStatus): string => (byStateAndKind ? `${s.state}|${s.kind ?? ''}` : `${s.state}|${s.description}`);
  const work = desired.filter((s) => posted[`${s.repo}@${s.sha}`] !== wantedOf(s));
  await Promise.all(
    work.map(async (s) => {
      // Nothing known of this SHA (new, or a refresh): GitHub's state is enough to leave it be.
      const compare = byStateAndKind && posted[`${s.repo}@${s.sha}`] === undefined ? 'state' : undefined;
      try {
        await outbound.postCommitStatus({
          repo: s.repo,
          sha: s.sha,
          context,
          state: s.state,
          description: s.description,
          ...(s.link !== undefined ? { link: s.link } : {}),
          ...(compare !== undefined ? { compare } : {}),
        });
        posted[`${s.repo}@${s.sha}`] = wantedOf(s);
      } catch (error) {
        log.warn('posting a commit status failed; the reconciler will retry', { error: String(error), repo: s.repo, sha: s.sha, context });
      }
    }),
  );
}
