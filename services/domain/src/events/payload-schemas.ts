import { z } from 'zod';
import { repoNameSchema } from '../repo-name.js';
import type { EventType } from './event-types.js';
import { recordedPayloadSchemas } from './recorded-payload-schemas.js';

const nonEmpty = z.string().min(1);
const httpUrl = z.string().regex(/^https?:\/\/\S+$/, { error: 'expected an http(s) URL' });
const prNumber = z.number().int().positive();

/** A pull request as the domain sees it; the same shape in every `pr.*` event. */
export const pullRequestRefSchema = z.object({
  /** `owner/name`. */
  repo: repoNameSchema,
  number: prNumber,
  title: z.string(),
  body: z.string().nullable(),
  url: httpUrl,
  headSha: nonEmpty,
  headRef: nonEmpty,
  baseRef: nonEmpty,
  /** GitHub login of the author. */
  author: nonEmpty,
  draft: z.boolean(),
  labels: z.array(z.string()),
  state: z.enum(['open', 'closed']),
  merged: z.boolean(),
  /**
   * When GitHub last changed the PR, as GitHub's REST API reports it. Read from the API only
   * (webhook events carry the same instant as their `occurredAt`): the reconciler orders what
   * it learns from a listing against what the webhooks said.
   */
  updatedAt: z.string().optional(),
  /** When the PR was opened (GitHub's `created_at`). */
  createdAt: z.string().optional(),
  /** When the PR was closed or merged (GitHub's `closed_at`). */
  closedAt: z.string().optional(),
  /** When the PR was merged (GitHub's `merged_at`); absent while it is not. */
  mergedAt: z.string().optional(),
});

/** A pull request as the domain sees it. */
export type PullRequestRef = z.output<typeof pullRequestRefSchema>;

const pullRequestPayload = z.object({ pullRequest: pullRequestRefSchema });
const labelPayload = pullRequestPayload.extend({ label: z.string() });
const reviewPayload = pullRequestPayload.extend({
  review: z.object({
    /** GitHub login of the reviewer. */
    reviewer: nonEmpty,
    state: z.enum(['approved', 'changes_requested', 'commented', 'dismissed']),
  }),
});

/** Conclusions of check runs and suites, and states of commit statuses, in one vocabulary. */
export const CHECK_CONCLUSIONS = [
  'success',
  'failure',
  'neutral',
  'cancelled',
  'skipped',
  'timed_out',
  'action_required',
  'stale',
  'pending',
  'error',
] as const;

/** One of {@link CHECK_CONCLUSIONS}. */
export type CheckConclusion = (typeof CHECK_CONCLUSIONS)[number];

const checksCompletedPayload = z.object({
  repo: repoNameSchema,
  headSha: nonEmpty,
  /** Check run name, check suite app name, or commit status context. */
  name: nonEmpty,
  conclusion: z.enum(CHECK_CONCLUSIONS),
  kind: z.enum(['check_run', 'check_suite', 'status']),
  pullRequestNumbers: z.array(prNumber),
});

const pushPayload = z.object({
  repo: repoNameSchema,
  ref: nonEmpty,
  before: nonEmpty,
  after: nonEmpty,
  added: z.array(z.string()),
  modified: z.array(z.string()),
  removed: z.array(z.string()),
});

const mergeGroupPayload = z.object({ repo: repoNameSchema, headSha: nonEmpty, baseRef: nonEmpty, headRef: nonEmpty });

const installationPayload = z.object({ action: nonEmpty, account: nonEmpty, repos: z.array(repoNameSchema) });

const deploymentPayload = z.object({
  repo: repoNameSchema,
  environment: nonEmpty,
  state: nonEmpty,
  sha: nonEmpty,
  deploymentId: z.number().int(),
});

/** A GitHub issue closed or reopened (an accepted idea's issue syncs its state back). */
const issuePayload = z.object({
  repo: repoNameSchema,
  number: z.number().int().positive(),
  action: z.enum(['opened', 'closed', 'reopened', 'deleted']),
  state: z.enum(['open', 'closed']),
  /** GitHub's `state_reason`: completed, not_planned, reopened; null when it gives none. */
  stateReason: z.string().nullable(),
  url: z.string().url().nullable(),
});

/** Linear workflow state types, in the order an issue usually moves through them. */
export const LINEAR_STATE_TYPES = ['triage', 'backlog', 'unstarted', 'started', 'completed', 'canceled'] as const;

/** One of {@link LINEAR_STATE_TYPES}. */
export type LinearStateType = (typeof LINEAR_STATE_TYPES)[number];

const linearAction = z.enum(['create', 'update', 'remove']);

const linearIssuePayload = z.object({
  action: linearAction,
  issue: z.object({
    id: nonEmpty,
    /** `PAY-44`. */
    identifier: nonEmpty,
    title: z.string(),
    url: httpUrl,
    teamKey: nonEmpty,
    stateType: z.enum(LINEAR_STATE_TYPES),
    stateName: z.string(),
    projectId: z.string().nullable(),
    projectName: z.string().nullable(),
    assigneeId: z.string().nullable(),
    assigneeName: z.string().nullable(),
    assigneeEmail: z.string().nullable(),
  }),
});

/** The Linear issue carried by `linear.issue.changed`. */
export type LinearIssueRef = z.output<typeof linearIssuePayload>['issue'];

const linearProjectPayload = z.object({
  action: linearAction,
  project: z.object({ id: nonEmpty, name: z.string(), state: z.string() }),
});

const unhandledPayload = z.object({
  vendor: z.enum(['github', 'linear']),
  event: nonEmpty,
  action: z.string().nullable(),
});

/**
 * The payload schema of every event type. Unknown keys are stripped rather than refused so
 * that a consumer one release behind still reads events a newer producer wrote.
 */
export const eventPayloadSchemas = {
  'pr.opened': pullRequestPayload,
  'pr.reopened': pullRequestPayload,
  'pr.ready_for_review': pullRequestPayload,
  'pr.converted_to_draft': pullRequestPayload,
  'pr.synchronized': pullRequestPayload,
  'pr.closed': pullRequestPayload,
  'pr.labeled': labelPayload,
  'pr.unlabeled': labelPayload,
  'pr.review_submitted': reviewPayload,
  'checks.completed': checksCompletedPayload,
  'push.default_branch': pushPayload,
  'merge_group.checks_requested': mergeGroupPayload,
  'installation.changed': installationPayload,
  'deployment.status_changed': deploymentPayload,
  'issue.changed': issuePayload,
  'linear.issue.changed': linearIssuePayload,
  'linear.project.changed': linearProjectPayload,
  'webhook.unhandled': unhandledPayload,
  ...recordedPayloadSchemas,
} as const satisfies Record<EventType, z.ZodType>;

/** Payload type of each event type. */
export type EventPayloadMap = { [K in EventType]: z.output<(typeof eventPayloadSchemas)[K]> };

/** The payload of events of type `T` (a union when `T` is a union). */
export type EventPayload<T extends EventType = EventType> = EventPayloadMap[T];
