import { z } from 'zod';
import { dayQuery as day, flagQuery, idSchema, pageQuerySchema, timestamp } from './common.js';

/** A person's daily standup. */
export const standupSchema = z.object({
  id: z.string(),
  podId: z.string(),
  personId: z.string(),
  day: z.string().describe('The day in the pod\'s time zone, YYYY-MM-DD'),
  yesterday: z.string(),
  today: z.string(),
  blockers: z.string(),
  confidence: z.number().int().describe('1-5'),
  submittedAt: timestamp,
  updatedAt: timestamp,
});

export const listStandupsQuerySchema = pageQuerySchema
  .extend({
    pod: idSchema.optional(),
    person: z.string().min(1).max(200).optional(),
    from: day.optional().describe('From this day (inclusive)'),
    to: day.optional().describe('To this day (inclusive)'),
  });

/** A blocker, tracked from the first standup naming it until it is resolved. */
export const blockerSchema = z.object({
  id: z.string(),
  podId: z.string(),
  personId: z.string(),
  description: z.string(),
  workItemId: z.string().nullable(),
  openedAt: timestamp,
  lastSeenAt: timestamp,
  escalatedAt: timestamp.nullable(),
  escalatedTo: z.array(z.string()),
  resolvedAt: timestamp.nullable(),
  resolvedBy: z.string().nullable(),
});

export const listBlockersQuerySchema = pageQuerySchema.extend({
  pod: idSchema.optional(),
  person: z.string().min(1).max(200).optional(),
  open: flagQuery.optional().describe('true: unresolved only; false: resolved only'),
});

/** An idea of the ledger, with its ICE score. */
export const ideaSchema = z.object({
  id: z.string(),
  podId: z.string().nullable(),
  title: z.string(),
  problem: z.string(),
  impact: z.number().int(),
  confidence: z.number().int(),
  ease: z.number().int(),
  iceScore: z.number().int().describe('impact x confidence x ease'),
  status: z.enum(['proposed', 'accepted', 'rejected']),
  submittedBy: z.string(),
  githubIssue: z.object({ repo: z.string(), number: z.number().int(), url: z.string().nullable(), state: z.string().nullable() }).nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});

export const listIdeasQuerySchema = pageQuerySchema.extend({
  pod: idSchema.optional(),
  status: z.enum(['proposed', 'accepted', 'rejected']).optional(),
});

/** A demo of a project. */
export const demoSchema = z.object({
  id: z.string(),
  projectId: z.string(),
  podId: z.string(),
  scheduledFor: z.string().describe('YYYY-MM-DD'),
  scheduledBy: z.string(),
  heldAt: timestamp.nullable(),
  heldBy: z.string().nullable(),
  evidenceSubmittedAt: timestamp.nullable(),
  createdAt: timestamp,
});

export const listDemosQuerySchema = pageQuerySchema
  .extend({
    pod: idSchema.optional(),
    project: idSchema.optional(),
    held: flagQuery.optional().describe('true: held demos only; false: not held yet'),
    from: day.optional().describe('Scheduled from this day (inclusive)'),
    to: day.optional().describe('Scheduled up to this day (inclusive)'),
  });
