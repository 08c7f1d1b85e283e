import type { ClosConfig, PullRequestRef } from '@clos/domain';
import type { Client } from '@temporalio/client';
import type {
  AuditRecord,
  EventRecord,
  EvidenceRecord,
  Notification,
  ProjectStageRecord,
  StageTransitionRecord,
  StatusLink,
  WorkItemRecord,
} from './types.js';

/**
 * The durable record the workflows write: work items, stage transitions, evidence, the
 * event log and the audit log. Every write is idempotent — events, audit entries,
 * transitions and evidence by their `key`, work items and project stages by id — so an
 * activity retried after a lost answer changes nothing twice.
 */
export interface RecordStore {
  upsertWorkItem(item: WorkItemRecord): Promise<void>;
  /** False when an event with this key was already there. */
  appendEvent(event: EventRecord): Promise<boolean>;
  /** Whether an event with this key exists. */
  hasEvent(key: string): Promise<boolean>;
  /** False when an entry with this key was already there. */
  appendAudit(entry: AuditRecord): Promise<boolean>;
  /** False when already recorded, or when the project is not in the record. */
  recordStageTransition(transition: StageTransitionRecord): Promise<boolean>;
  /** False when already recorded, or when the project is not in the record. */
  recordEvidence(evidence: EvidenceRecord): Promise<boolean>;
  /** False when the project is not in the record. */
  updateProjectStage(project: ProjectStageRecord): Promise<boolean>;
}

/** Sends messages to people (Slack later; a logging adapter until then). */
export interface Notifier {
  notify(notification: Notification): Promise<void>;
}

/** Shaped like pino's `(fields, message)` so the platform logger fits as is. */
export interface ActivityLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

/** What the activities need from GitHub (a subset of `GithubClient` of @clos/github). */
export interface GithubPort {
  setCommitStatus(input: {
    repo: string;
    sha: string;
    context: string;
    state: 'error' | 'failure' | 'pending' | 'success';
    description: string;
    targetUrl?: string | null;
  }): Promise<void>;
  listCommitStatuses(
    repo: string,
    sha: string,
  ): Promise<{ context: string; state: string; description: string | null; targetUrl: string | null }[]>;
  getFileContent(repo: string, path: string, ref: string): Promise<string | null>;
  /** Only the reconciler needs it (lost webhooks); a port without it adopts nothing. */
  listOpenPullRequests?(repo: string): Promise<PullRequestRef[]>;
  /** Only the reconciler needs it (lost `closed` webhooks); a port without it releases nothing. */
  getPullRequest?(repo: string, number: number): Promise<PullRequestRef | null>;
}

/**
 * Where live views go (a subset of `ProjectionStore` of @clos/platform): `put` lands only
 * when `version` is higher than the stored one, and answers false otherwise.
 */
export interface ProjectionPort {
  put(pk: string, sk: string, doc: Record<string, unknown>, options: { version: number }): Promise<boolean>;
}

/** What the activities need from Linear (a subset of `LinearClient` of @clos/linear). */
export interface LinearPort {
  createComment(issueId: string, body: string): Promise<{ id: string }>;
  listProjectIssues(projectIdOrName: string): Promise<{ identifier: string; stateType: string }[]>;
}

/** Dependencies of {@link createActivities}. */
export interface ActivityDependencies {
  github: GithubPort;
  linear: LinearPort;
  notifier: Notifier;
  store: RecordStore;
  /** Time for records; the system clock when omitted. */
  clock?: () => Date;
  logger?: ActivityLogger;
  /** Needed by the reconciler to list running workflows. */
  temporal?: Pick<Client, 'workflow'>;
  /** The page a status's `target_url` opens; none when omitted. */
  explainUrl?: (link: StatusLink) => string | undefined;
  /** Live views for the Slack bot and the dashboard (DynamoDB); not written when omitted. */
  projections?: ProjectionPort;
  /** The organisation (clos.yml), for the reconciler to find the open PRs of mapped repos. */
  config?: () => ClosConfig | undefined;
}
