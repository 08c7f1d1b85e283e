import { z } from 'zod';
import { idSchema, pageQuerySchema, timestamp } from './common.js';

/** A pull request or Linear issue: what occupies a WIP slot. */
export const workItemSchema = z.object({
  id: z.string().describe('gh:owner/repo#12 or lin:PAY-44'),
  kind: z.enum(['pull_request', 'linear_issue']),
  podId: z.string().nullable(),
  projectId: z.string().nullable(),
  personId: z.string().nullable(),
  state: z.string(),
  title: z.string().nullable(),
  url: z.string().nullable(),
  repo: z.string().nullable(),
  number: z.number().int().nullable(),
  linearIdentifier: z.string().nullable(),
  headSha: z.string().nullable(),
  labels: z.array(z.string()),
  openedAt: timestamp.nullable(),
  closedAt: timestamp.nullable(),
  mergedAt: timestamp.nullable(),
  updatedAt: timestamp,
  linked: z.array(z.string()).describe('Linear issues a PR names, or PRs naming a Linear issue'),
});

export const workItemParamsSchema = z.object({
  workItemId: z
    .string()
    .max(300)
    .regex(/^(gh:[^/\s]+\/[^/\s#]+#[0-9]+|lin:[A-Z][A-Z0-9_]*-[0-9]+)$/, 'must be gh:owner/repo#12 or lin:PAY-44 (URL-encoded)')
    .describe('Work item id, URL-encoded (gh%3Aacme%2Fapi%2312)'),
});

export const listWorkItemsQuerySchema = pageQuerySchema.extend({
  pod: idSchema.optional().describe('Only work items of this pod'),
  project: idSchema.optional().describe('Only work items of this project'),
  person: z.string().min(1).max(200).optional().describe('Only work items of this person'),
  state: z.string().min(1).max(50).optional().describe('Only work items in this state (open, closed, merged, started, …)'),
  kind: z.enum(['pull_request', 'linear_issue']).optional(),
});
