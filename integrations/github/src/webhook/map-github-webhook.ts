import { githubWorkItemId, jsonFieldsOf, parseEventPayload } from '@clos/domain';
import type { DomainEvent, EventPayload, EventType, JsonFields, Subject } from '@clos/domain';
import { z } from 'zod';
import { aggregatePushFiles } from './aggregate-push-files.js';
import {
  checkRunEventSchema,
  checkSuiteEventSchema,
  deploymentStatusEventSchema,
  installationEventSchema,
  installationRepositoriesEventSchema,
  issuesEventSchema,
  mergeGroupEventSchema,
  pullRequestEventSchema,
  pullRequestLabelEventSchema,
  pullRequestReviewEventSchema,
  pushEventSchema,
  statusEventSchema,
} from './github-payload-schemas.js';
import { parsePayload, toIsoTimestamp } from './parse-payload.js';
import { toCheckConclusion, toReviewState } from './github-states.js';
import { toPullRequestRef } from './to-pull-request-ref.js';

/** One GitHub delivery as the api received it, plus what the envelope needs from outside. */
export interface GithubWebhookInput {
  /** The `X-GitHub-Event` header. */
  name: string;
  /** The `X-GitHub-Delivery` header. */
  deliveryId: string;
  /** The parsed JSON body. */
  payload: unknown;
  /** ISO-8601 time the api received the delivery. */
  receivedAt: string;
  correlationId: string;
  /** Id source for the events (kept outside so the mapper stays pure and testable). */
  newId: () => string;
}

type PrAction = 'opened' | 'reopened' | 'ready_for_review' | 'converted_to_draft' | 'synchronize' | 'closed';

const PR_EVENT_TYPES = {
  opened: 'pr.opened',
  reopened: 'pr.reopened',
  ready_for_review: 'pr.ready_for_review',
  converted_to_draft: 'pr.converted_to_draft',
  synchronize: 'pr.synchronized',
  closed: 'pr.closed',
} as const satisfies Record<PrAction, EventType>;

const CHECK_CONCLUDED_ACTIONS = new Set(['completed']);

const ACTION_DRIVEN = new Set(['pull_request', 'pull_request_review', 'check_run', 'check_suite', 'merge_group', 'installation', 'installation_repositories', 'deployment_status']);
const actionSchema = z.object({ action: z.string().min(1) });

/**
 * Every payload schema {@link mapGithubWebhook} may read, by event: the fields the api
 * decodes of a delivery's body ({@link githubPayloadFields}). A schema read below and
 * missing here leaves its fields undecoded, and the mapper refuses the delivery as
 * malformed — `map-github-webhook.fields.test.ts` maps every GitHub example both ways.
 */
const SCHEMAS_READ: Readonly<Record<string, readonly z.ZodType[]>> = {
  pull_request: [pullRequestEventSchema, pullRequestLabelEventSchema],
  pull_request_review: [pullRequestReviewEventSchema],
  check_run: [checkRunEventSchema],
  check_suite: [checkSuiteEventSchema],
  status: [statusEventSchema],
  push: [pushEventSchema],
  merge_group: [mergeGroupEventSchema],
  installation: [installationEventSchema],
  installation_repositories: [installationRepositoriesEventSchema],
  deployment_status: [deploymentStatusEventSchema],
  issues: [issuesEventSchema],
};

const FIELDS_READ = new Map(Object.entries(SCHEMAS_READ).map(([name, schemas]) => [name, jsonFieldsOf(actionSchema, ...schemas)]));
const ACTION_ONLY = jsonFieldsOf(actionSchema);

/**
 * The parts of a `name` delivery's payload {@link mapGithubWebhook} reads: mapping the
 * payload kept to these fields gives the same events, or the same refusal, as mapping all
 * of it. Events CLOS does not act on are read for their `action` only.
 */
export function githubPayloadFields(name: string): JsonFields {
  return FIELDS_READ.get(name) ?? ACTION_ONLY;
}

/**
 * Normalises one GitHub delivery into domain events. Pure: the same input always gives the
 * same events (ids come from `newId`). Deliveries CLOS does not act on become a single
 * `webhook.unhandled` so they are still recorded; a handled delivery missing a field it
 * needs throws `InvalidInput` naming the path. Pod and project mapping happen later, from
 * clos.yml, so only `subject.workItemId` is set here (for pull-request events).
 */
export function mapGithubWebhook(input: GithubWebhookInput): DomainEvent[] {
  const { name, payload } = input;
  // These events mean nothing without their action, so a delivery lacking one is malformed.
  const action = ACTION_DRIVEN.has(name) ? parsePayload(actionSchema, payload, name).action : readAction(payload);
  const make = eventFactory(input);
  const unhandled = (): DomainEvent[] => [
    make('webhook.unhandled', input.receivedAt, {}, { vendor: 'github', event: name, action }),
  ];

  switch (name) {
    case 'pull_request': {
      if (action === 'labeled' || action === 'unlabeled') {
        const body = parsePayload(pullRequestLabelEventSchema, payload, `pull_request.${action}`);
        const pullRequest = toPullRequestRef(body.repository.full_name, body.pull_request);
        return [
          make(
            action === 'labeled' ? 'pr.labeled' : 'pr.unlabeled',
            toIsoTimestamp(body.pull_request.updated_at, input.receivedAt),
            prSubject(pullRequest.repo, pullRequest.number),
            { pullRequest, label: body.label.name },
          ),
        ];
      }
      if (action === null || !Object.hasOwn(PR_EVENT_TYPES, action)) return unhandled();
      const body = parsePayload(pullRequestEventSchema, payload, `pull_request.${action}`);
      const pullRequest = toPullRequestRef(body.repository.full_name, body.pull_request);
      return [
        make(
          PR_EVENT_TYPES[action as PrAction],
          toIsoTimestamp(body.pull_request.updated_at, input.receivedAt),
          prSubject(pullRequest.repo, pullRequest.number),
          { pullRequest },
        ),
      ];
    }

    case 'pull_request_review': {
      if (action !== 'submitted' && action !== 'dismissed') return unhandled();
      const body = parsePayload(pullRequestReviewEventSchema, payload, `pull_request_review.${action}`);
      const pullRequest = toPullRequestRef(body.repository.full_name, body.pull_request);
      const state = action === 'dismissed' ? 'dismissed' : toReviewState(body.review.state);
      // A review state GitHub may add later (or `pending`) is not a decision; record it only.
      if (state === null) return unhandled();
      return [
        make(
          'pr.review_submitted',
          action === 'dismissed' ? input.receivedAt : toIsoTimestamp(body.review.submitted_at, input.receivedAt),
          prSubject(pullRequest.repo, pullRequest.number),
          { pullRequest, review: { reviewer: body.review.user.login, state } },
        ),
      ];
    }

    case 'check_run': {
      if (action === null || !CHECK_CONCLUDED_ACTIONS.has(action)) return unhandled();
      const body = parsePayload(checkRunEventSchema, payload, 'check_run.completed');
      const run = body.check_run;
      return [
        make('checks.completed', toIsoTimestamp(run.completed_at, input.receivedAt), {}, {
          repo: body.repository.full_name,
          headSha: run.head_sha,
          name: run.name,
          conclusion: toCheckConclusion(run.conclusion),
          kind: 'check_run',
          pullRequestNumbers: run.pull_requests.map((pr) => pr.number),
        }),
      ];
    }

    case 'check_suite': {
      if (action === null || !CHECK_CONCLUDED_ACTIONS.has(action)) return unhandled();
      const body = parsePayload(checkSuiteEventSchema, payload, 'check_suite.completed');
      const suite = body.check_suite;
      return [
        make('checks.completed', toIsoTimestamp(suite.updated_at, input.receivedAt), {}, {
          repo: body.repository.full_name,
          headSha: suite.head_sha,
          name: suite.app.name,
          conclusion: toCheckConclusion(suite.conclusion),
          kind: 'check_suite',
          pullRequestNumbers: suite.pull_requests.map((pr) => pr.number),
        }),
      ];
    }

    case 'status': {
      const body = parsePayload(statusEventSchema, payload, 'status');
      return [
        make('checks.completed', toIsoTimestamp(body.updated_at, input.receivedAt), {}, {
          repo: body.repository.full_name,
          headSha: body.sha,
          name: body.context,
          conclusion: body.state,
          kind: 'status',
          // Commit statuses name no pull request; consumers match on the head SHA.
          pullRequestNumbers: [],
        }),
      ];
    }

    case 'push': {
      const body = parsePayload(pushEventSchema, payload, 'push');
      const onDefaultBranch = body.ref === `refs/heads/${body.repository.default_branch}`;
      // Tags, other branches and deleting the default branch change no gate facts.
      if (!onDefaultBranch || body.deleted === true) return unhandled();
      const files = aggregatePushFiles(body.commits);
      return [
        make('push.default_branch', toIsoTimestamp(body.repository.pushed_at, input.receivedAt), {}, {
          repo: body.repository.full_name,
          ref: body.ref,
          before: body.before,
          after: body.after,
          ...files,
        }),
      ];
    }

    case 'merge_group': {
      if (action !== 'checks_requested') return unhandled();
      const body = parsePayload(mergeGroupEventSchema, payload, 'merge_group.checks_requested');
      return [
        make('merge_group.checks_requested', input.receivedAt, {}, {
          repo: body.repository.full_name,
          headSha: body.merge_group.head_sha,
          baseRef: body.merge_group.base_ref,
          headRef: body.merge_group.head_ref,
        }),
      ];
    }

    case 'installation': {
      const body = parsePayload(installationEventSchema, payload, 'installation');
      return [
        make('installation.changed', input.receivedAt, {}, {
          action: body.action,
          account: accountName(body.installation.account),
          repos: (body.repositories ?? []).map((repo) => repo.full_name),
        }),
      ];
    }

    case 'installation_repositories': {
      const body = parsePayload(installationRepositoriesEventSchema, payload, 'installation_repositories');
      const repos = body.action === 'added' ? body.repositories_added : body.repositories_removed;
      return [
        make('installation.changed', input.receivedAt, {}, {
          action: `repositories_${body.action}`,
          account: accountName(body.installation.account),
          repos: repos.map((repo) => repo.full_name),
        }),
      ];
    }

    case 'deployment_status': {
      const body = parsePayload(deploymentStatusEventSchema, payload, 'deployment_status');
      return [
        make('deployment.status_changed', toIsoTimestamp(body.deployment_status.updated_at, input.receivedAt), {}, {
          repo: body.repository.full_name,
          environment: body.deployment_status.environment ?? body.deployment.environment,
          state: body.deployment_status.state,
          sha: body.deployment.sha,
          deploymentId: body.deployment.id,
        }),
      ];
    }

    case 'issues': {
      if (action === null || !ISSUE_ACTIONS.has(action)) return unhandled();
      const body = parsePayload(issuesEventSchema, payload, 'issues');
      return [
        make('issue.changed', toIsoTimestamp(body.issue.updated_at, input.receivedAt), {}, {
          repo: body.repository.full_name,
          number: body.issue.number,
          action: body.action,
          state: body.action === 'closed' || body.action === 'deleted' ? 'closed' : (body.issue.state ?? 'open'),
          stateReason: body.issue.state_reason ?? null,
          url: body.issue.html_url ?? null,
        }),
      ];
    }

    default:
      return unhandled();
  }
}

/** The `issues` actions that change what CLOS knows of an issue; the rest are recorded only. */
const ISSUE_ACTIONS = new Set(['opened', 'closed', 'reopened', 'deleted']);

function readAction(payload: unknown): string | null {
  if (typeof payload !== 'object' || payload === null) return null;
  const action = (payload as { action?: unknown }).action;
  return typeof action === 'string' ? action : null;
}

function prSubject(repo: string, number: number): Subject {
  return { workItemId: githubWorkItemId(repo, number) };
}

function accountName(account: { login?: string | undefined; slug?: string | undefined }): string {
  // The schema guarantees one of the two.
  return account.login ?? account.slug ?? '';
}

function eventFactory(input: GithubWebhookInput) {
  return <T extends EventType>(type: T, occurredAt: string, subject: Subject, payload: EventPayload<T>): DomainEvent<T> => ({
    id: input.newId(),
    type,
    source: 'github',
    occurredAt,
    receivedAt: input.receivedAt,
    deliveryId: input.deliveryId,
    correlationId: input.correlationId,
    subject,
    // Checked against the catalogue so nothing the bus would later refuse leaves the edge.
    payload: parseEventPayload(type, payload),
  });
}
