import { repoNameSchema } from '@clos/domain';
import { z } from 'zod';

/*
 * The slices of GitHub webhook payloads CLOS reads. Anything not named here is ignored,
 * so GitHub adding fields never breaks ingestion; a field we need going missing does,
 * loudly, with its path.
 */


export const repositorySchema = z.object({
  full_name: repoNameSchema,
  default_branch: z.string().min(1).optional(),
});

const userSchema = z.object({ login: z.string().min(1) });
const labelSchema = z.object({ name: z.string() });

export const pullRequestSchema = z.object({
  number: z.number().int().positive(),
  title: z.string(),
  body: z.string().nullable().optional(),
  html_url: z.string().min(1),
  state: z.enum(['open', 'closed']),
  // Older payloads (and review payloads) omit `draft` and `merged`; see toPullRequestRef.
  draft: z.boolean().optional(),
  merged: z.boolean().nullable().optional(),
  merged_at: z.string().nullable().optional(),
  created_at: z.string().optional(),
  updated_at: z.string().optional(),
  closed_at: z.string().nullable().optional(),
  user: userSchema,
  labels: z.array(labelSchema).optional(),
  head: z.object({ sha: z.string().min(1), ref: z.string().min(1) }),
  base: z.object({ ref: z.string().min(1) }),
});
export type GithubPullRequest = z.infer<typeof pullRequestSchema>;

export const pullRequestEventSchema = z.object({
  action: z.string(),
  pull_request: pullRequestSchema,
  repository: repositorySchema,
  label: labelSchema.optional(),
});

export const pullRequestLabelEventSchema = pullRequestEventSchema.extend({ label: labelSchema });

export const pullRequestReviewEventSchema = z.object({
  action: z.string(),
  pull_request: pullRequestSchema,
  repository: repositorySchema,
  review: z.object({
    user: userSchema,
    state: z.string().min(1),
    submitted_at: z.string().nullable().optional(),
  }),
});

const linkedPullRequestSchema = z.object({ number: z.number().int().positive() });

export const checkRunEventSchema = z.object({
  action: z.string(),
  repository: repositorySchema,
  check_run: z.object({
    name: z.string().min(1),
    head_sha: z.string().min(1),
    conclusion: z.string().nullable(),
    completed_at: z.string().nullable().optional(),
    pull_requests: z.array(linkedPullRequestSchema),
  }),
});

export const checkSuiteEventSchema = z.object({
  action: z.string(),
  repository: repositorySchema,
  check_suite: z.object({
    head_sha: z.string().min(1),
    conclusion: z.string().nullable(),
    updated_at: z.string().nullable().optional(),
    pull_requests: z.array(linkedPullRequestSchema),
    app: z.object({ name: z.string().min(1) }),
  }),
});

export const statusEventSchema = z.object({
  repository: repositorySchema,
  sha: z.string().min(1),
  context: z.string().min(1),
  state: z.enum(['pending', 'success', 'failure', 'error']),
  updated_at: z.string().optional(),
});

const pushCommitSchema = z.object({
  added: z.array(z.string()).optional(),
  removed: z.array(z.string()).optional(),
  modified: z.array(z.string()).optional(),
});

export const pushEventSchema = z.object({
  ref: z.string().min(1),
  before: z.string().min(1),
  after: z.string().min(1),
  deleted: z.boolean().optional(),
  repository: repositorySchema.extend({
    default_branch: z.string().min(1),
    pushed_at: z.union([z.number(), z.string()]).nullable().optional(),
  }),
  commits: z.array(pushCommitSchema),
});
export type GithubPushCommit = z.infer<typeof pushCommitSchema>;

export const mergeGroupEventSchema = z.object({
  action: z.string(),
  repository: repositorySchema,
  merge_group: z.object({
    head_sha: z.string().min(1),
    head_ref: z.string().min(1),
    base_ref: z.string().min(1),
  }),
});

const installationAccountSchema = z
  .object({ login: z.string().min(1).optional(), slug: z.string().min(1).optional() })
  .refine((account) => account.login !== undefined || account.slug !== undefined, {
    message: 'account needs a login or a slug',
  });

const installedRepoSchema = z.object({ full_name: repoNameSchema });

export const installationEventSchema = z.object({
  action: z.string().min(1),
  installation: z.object({ account: installationAccountSchema }),
  repositories: z.array(installedRepoSchema).optional(),
});

export const installationRepositoriesEventSchema = z.object({
  action: z.enum(['added', 'removed']),
  installation: z.object({ account: installationAccountSchema }),
  repositories_added: z.array(installedRepoSchema),
  repositories_removed: z.array(installedRepoSchema),
});

export const deploymentStatusEventSchema = z.object({
  action: z.string(),
  repository: repositorySchema,
  deployment_status: z.object({
    state: z.string().min(1),
    environment: z.string().min(1).optional(),
    updated_at: z.string().optional(),
  }),
  deployment: z.object({
    id: z.number().int(),
    sha: z.string().min(1),
    environment: z.string().min(1),
  }),
});

/** `issues` deliveries CLOS follows: an accepted idea's issue opening, closing, reopening or going away. */
export const issuesEventSchema = z.object({
  action: z.enum(['opened', 'closed', 'reopened', 'deleted']),
  repository: repositorySchema,
  issue: z.object({
    number: z.number().int().positive(),
    state: z.enum(['open', 'closed']).optional(),
    state_reason: z.string().nullable().optional(),
    html_url: z.string().url().nullable().optional(),
    updated_at: z.string().optional(),
  }),
});
