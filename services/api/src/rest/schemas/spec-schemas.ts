import { z } from 'zod';
import { timestamp } from './common.js';

const checkState = z.object({
  name: z.string(),
  conclusion: z.string().nullable().describe('Latest conclusion reported for the check on the project; null: not reported yet'),
  green: z.boolean().describe('success, neutral or skipped'),
});

/**
 * The spec-driven state of a project: the state file a spec-driven run keeps, read from the
 * project's stage workflow. Phases are the template's stages; documents are its artifact
 * criteria (specs/<project>/research.md, requirements.md, design.md, tasks.md).
 */
export const specStateSchema = z.object({
  projectId: z.string(),
  podId: z.string(),
  templateId: z.string(),
  running: z.boolean().describe("false: the project's workflow has not started"),
  phase: z.string().nullable().describe('The current stage id (research, requirements, design, tasks, execution, done); null before the workflow starts'),
  phases: z.array(z.string()).describe("The template's stage ids in order"),
  documents: z.array(
    z.object({
      name: z.string().describe('The file name without .md, e.g. requirements'),
      phase: z.string().describe('The stage whose gate asks for it'),
      criterionId: z.string(),
      path: z.string(),
      present: z.boolean().describe('Seen on the default branch'),
    }),
  ),
  tasks: z.object({
    path: z.string(),
    found: z.boolean().describe('tasks.md was read from the default branch'),
    total: z.number().int(),
    done: z.number().int(),
    verify: z
      .array(z.object({ text: z.string(), done: z.boolean(), checks: z.array(checkState), green: z.boolean().describe('Every check it names is green') }))
      .describe('Each [VERIFY] task and the checks it names'),
  }),
  gate: z.object({
    passed: z.boolean(),
    criteria: z.array(z.object({ criterionId: z.string(), met: z.boolean(), detail: z.string() })),
  }),
  attempts: z.object({
    failedRequests: z.number().int().describe('Refused advance requests in the current stage'),
    escalateAfter: z.number().int(),
  }),
  escalation: z.object({
    escalated: z.boolean().describe('The gate escalated to the pod lead and is paused until a lead resumes it'),
    since: timestamp.nullable(),
  }),
  explainUrl: z.string().describe('The page the clos/stage-gate status links to'),
});
