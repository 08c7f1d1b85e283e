import { z } from 'zod';
import { idSchema, pageQuerySchema, roleOutput, timestamp } from './common.js';

const projectStatus = z.enum(['active', 'paused', 'done', 'archived']);

/** A project as the record holds it. */
export const projectSchema = z.object({
  id: z.string(),
  name: z.string(),
  podId: z.string(),
  templateId: z.string(),
  linearProject: z.string().nullable(),
  stageTimeLimitDays: z.number().nullable(),
  currentStage: z.string().nullable().describe('As last recorded; the live stage is in /stage'),
  stageEnteredAt: timestamp.nullable(),
  status: projectStatus,
});

export const projectParamsSchema = z.object({ projectId: idSchema.describe('Project id') });

export const listProjectsQuerySchema = pageQuerySchema.extend({
  pod: idSchema.optional().describe('Only projects of this pod'),
  status: projectStatus.optional().describe('Only projects with this status'),
});

/** A recorded change of stage. */
export const transitionSchema = z.object({
  id: z.string(),
  from: z.string().nullable(),
  to: z.string(),
  kind: z.enum(['start', 'advance', 'override', 'reset']),
  actor: z.string().nullable(),
  reason: z.string().nullable(),
  at: timestamp,
});

/** Recorded evidence for a criterion. */
export const evidenceSchema = z.object({
  id: z.string(),
  stageId: z.string(),
  criterionId: z.string(),
  submittedBy: z.string(),
  role: roleOutput.nullable(),
  value: z.string(),
  submittedAt: timestamp,
});

const criterionType = z.enum(['artifact', 'checks', 'approvals', 'linearDone', 'evidence', 'signoff']);

/** A project's live stage and gate, from its workflow. */
export const stageStateSchema = z.object({
  projectId: z.string(),
  running: z.boolean().describe("false: the project's workflow has not started"),
  podId: z.string(),
  templateId: z.string(),
  stages: z.array(z.string()).describe("The template's stage ids in order: a client can tell whether the project is past a stage"),
  stage: z.object({ id: z.string(), name: z.string(), index: z.number().int(), terminal: z.boolean() }).nullable(),
  enteredAt: timestamp.nullable(),
  deadline: timestamp.nullable(),
  overdue: z.boolean(),
  paused: z.boolean(),
  pausedSince: timestamp.nullable(),
  failedRequests: z.number().int(),
  mode: z.enum(['observe', 'warn', 'enforce']),
  gate: z.object({
    passed: z.boolean(),
    criteria: z.array(z.object({ criterionId: z.string(), type: criterionType, met: z.boolean(), detail: z.string() })),
  }),
  verdict: z.object({ state: z.enum(['success', 'failure']), description: z.string() }).nullable(),
  evidence: z.array(z.object({ criterionId: z.string(), by: z.string(), role: roleOutput.nullable(), value: z.string(), at: timestamp })),
  transitions: z.array(
    z.object({
      from: z.string().nullable(),
      to: z.string(),
      kind: z.enum(['start', 'advance', 'override']),
      at: timestamp,
      actor: z.string().nullable(),
      reason: z.string().nullable(),
    }),
  ),
});

/** Answer of an advance, override or resume that moved the project. */
export const stageMoveSchema = z.object({
  projectId: z.string(),
  status: z.enum(['advanced', 'resumed', 'not_paused']),
  from: z.string().nullable(),
  to: z.string(),
});

export const overrideBodySchema = z
  .object({
    reason: z.string().trim().regex(/\S/, 'must not be blank').min(1, 'must say why').max(500).describe('Why the gate is overridden: recorded in the audit log'),
    toStageId: idSchema.optional().describe('Stage to move to; the next one when omitted'),
  })
  .strict();

export const resumeBodySchema = z
  .object({ reason: z.string().trim().regex(/\S/, 'must not be blank').min(1).max(500).optional().describe('Why the gate may go on') })
  .strict();

export const evidenceBodySchema = z
  .object({
    criterionId: idSchema.describe("Id of an evidence criterion of the project's template"),
    value: z.string().trim().regex(/\S/, 'must not be blank').min(1, 'must not be empty').max(2000).describe('A link or a text'),
    stageId: idSchema.optional().describe('Stage the evidence is for; the current stage when omitted'),
  })
  .strict();

/** Answer of POST /api/projects/{projectId}/evidence. */
export const evidenceAcceptedSchema = z.object({
  projectId: z.string(),
  criterionId: z.string(),
  status: z.literal('accepted').describe("Handed to the project's workflow, which records it and re-evaluates the gate"),
});
