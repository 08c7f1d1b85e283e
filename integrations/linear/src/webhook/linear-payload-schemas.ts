import { LINEAR_STATE_TYPES } from '@clos/domain';
import { z } from 'zod';

/*
 * The slices of Linear's entity webhook payloads CLOS reads
 * (https://linear.app/developers/webhooks): `{ action, type, createdAt, data, url,
 * webhookTimestamp, ... }` with `data` the entity as Linear serialises it.
 */

export const linearEnvelopeSchema = z.object({
  action: z.string().min(1),
  type: z.string().min(1),
  createdAt: z.string().optional(),
  data: z.unknown(),
});

const userSchema = z.object({
  id: z.string().min(1),
  name: z.string().nullable().optional(),
  email: z.string().nullable().optional(),
});

export const linearIssueSchema = z.object({
  id: z.string().min(1),
  identifier: z.string().regex(/^[A-Za-z][A-Za-z0-9]*-[1-9][0-9]*$/, 'expected an issue key such as PAY-44'),
  title: z.string(),
  url: z.string().min(1),
  updatedAt: z.string().optional(),
  team: z.object({ key: z.string().min(1) }).nullable().optional(),
  state: z.object({
    name: z.string(),
    type: z.enum(LINEAR_STATE_TYPES),
  }),
  projectId: z.string().nullable().optional(),
  project: z.object({ id: z.string().min(1), name: z.string() }).nullable().optional(),
  assigneeId: z.string().nullable().optional(),
  assignee: userSchema.nullable().optional(),
});
export type LinearIssueData = z.infer<typeof linearIssueSchema>;

export const linearIssueEventSchema = linearEnvelopeSchema.extend({
  action: z.enum(['create', 'update', 'remove']),
  data: linearIssueSchema,
});

export const linearProjectEventSchema = linearEnvelopeSchema.extend({
  action: z.enum(['create', 'update']),
  data: z.object({
    id: z.string().min(1),
    name: z.string().min(1),
    updatedAt: z.string().optional(),
    // Current payloads carry the status object; older ones a plain `state` string.
    status: z.object({ type: z.string().min(1), name: z.string().optional() }).nullable().optional(),
    state: z.string().nullable().optional(),
  }),
});
