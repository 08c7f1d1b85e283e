import { z } from 'zod';
import { WHEN_WELL_FORMED } from '../issue-path.js';
import { roleSchema } from '../roles.js';

/** Ids of stages, criteria and templates: lower-case letters, digits, `.`, `_` and `-`. */
export const idSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, {
    error: (issue) =>
      `expected an id of lower-case letters, digits, ".", "_" or "-" (at most 63), got ${JSON.stringify(issue.input)}`,
  });

/** Kinds of gate criteria. */
export const CRITERION_TYPES = ['artifact', 'checks', 'approvals', 'linearDone', 'evidence', 'signoff'] as const;

/** One of {@link CRITERION_TYPES}. */
export type CriterionType = (typeof CRITERION_TYPES)[number];

/** One condition of a stage gate. Which optional fields matter depends on `type`. */
export const criterionSchema = z
  .strictObject({
    id: idSchema,
    type: z.enum(CRITERION_TYPES),
    description: z.string().min(1).optional(),
    /** artifact: a file on the default branch; `{project}` stands for the project id. */
    path: z.string().min(1).optional(),
    /** checks: names of CI checks that must be green. */
    checks: z.array(z.string().min(1)).optional(),
    /** approvals: approving reviews needed (default 1); signoff: sign-offs needed (default 1). */
    count: z.number().int().min(1).optional(),
    /** approvals, evidence, signoff: the least role that counts (signoff defaults to lead). */
    role: roleSchema.optional(),
    /** checks: also require tasks.md fully checked and the checks its `[VERIFY]` tasks name. */
    fromTasks: z.boolean().optional(),
  })
  .superRefine((c, ctx) => {
    if (c.type === 'artifact' && c.path === undefined) {
      ctx.addIssue({ code: 'custom', path: ['path'], message: 'an artifact criterion needs a path' });
    }
    if (c.type === 'checks' && (c.checks ?? []).length === 0 && c.fromTasks !== true) {
      ctx.addIssue({ code: 'custom', path: ['checks'], message: 'a checks criterion needs check names or fromTasks: true' });
    }
  }, WHEN_WELL_FORMED);

/** A gate condition. */
export type Criterion = z.output<typeof criterionSchema>;

/** One stage of a template; its criteria are what it takes to leave it. */
export const stageDefSchema = z.strictObject({
  id: idSchema,
  name: z.string().min(1),
  criteria: z.array(criterionSchema).default([]),
  /** Days a project may stay in this stage before an alert is raised. */
  timeLimitDays: z.number().positive().optional(),
});

/** A stage of a template. */
export type StageDef = z.output<typeof stageDefSchema>;

/** A sequence of stages; the last one is terminal (the project is done) and has no criteria. */
export const stageTemplateSchema = z
  .strictObject({
    id: idSchema,
    name: z.string().min(1),
    stages: z.array(stageDefSchema).min(2, { error: 'a template needs at least two stages (the last one is terminal)' }),
  })
  .superRefine((t, ctx) => {
    const seen = new Set<string>();
    t.stages.forEach((stage, i) => {
      if (seen.has(stage.id)) ctx.addIssue({ code: 'custom', path: ['stages', i, 'id'], message: `duplicate stage id "${stage.id}"` });
      seen.add(stage.id);
      const criterionIds = new Set<string>();
      stage.criteria.forEach((c, j) => {
        if (criterionIds.has(c.id)) {
          ctx.addIssue({ code: 'custom', path: ['stages', i, 'criteria', j, 'id'], message: `duplicate criterion id "${c.id}" in stage "${stage.id}"` });
        }
        criterionIds.add(c.id);
      });
    });
    const last = t.stages.length - 1;
    if (last >= 0 && (t.stages[last]?.criteria.length ?? 0) > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['stages', last, 'criteria'],
        message: 'the last stage is terminal and cannot have criteria (they would never be evaluated)',
      });
    }
  }, WHEN_WELL_FORMED);

/** A stage template. */
export type StageTemplate = z.output<typeof stageTemplateSchema>;
