import { z } from 'zod';
import { healthThresholdsSchema } from '../health/health-metrics.js';
import { WHEN_WELL_FORMED } from '../issue-path.js';
import { repoNameSchema } from '../repo-name.js';
import { roleSchema } from '../roles.js';
import { idSchema, stageTemplateSchema } from '../stage/stage-schema.js';
import { crossCheckConfig } from './cross-checks.js';
import { memberDigestsSchema } from '../digests/digest-schedule.js';

/** Whether the runtime knows `name` as an IANA time zone (`Europe/Berlin`, `UTC`). */
export function isIanaTimeZone(name: string): boolean {
  // Offsets such as "+02:00" are accepted by newer runtimes but are not IANA zone names.
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const timeZoneSchema = z.string().refine(isIanaTimeZone, {
  error: (issue) => `expected an IANA time zone such as Europe/Berlin, got ${JSON.stringify(issue.input)}`,
});

const githubLoginSchema = z
  .string()
  .regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/, { error: (issue) => `expected a GitHub login, got ${JSON.stringify(issue.input)}` });

/** How hard a pod's limits bite: record only, say so, or block (the default). */
export const WIP_MODES = ['observe', 'warn', 'enforce'] as const;

/** One of {@link WIP_MODES}. */
export type WipMode = (typeof WIP_MODES)[number];

/** A person in a pod, known by at least one identity. */
export const memberSchema = z
  .strictObject({
    github: githubLoginSchema.optional(),
    /** Slack user id (`U0ALICE`). */
    slack: z.string().min(1).optional(),
    /** Linear user email or id. */
    linear: z.string().min(1).optional(),
    name: z.string().min(1).optional(),
    role: roleSchema,
    /** IANA time zone of the person's digests; the organisation's when unset. */
    timezone: timeZoneSchema.optional(),
    /** When the person's digests arrive (local times, or `off`); defaults 08:00, 12:30, 17:30, Monday 09:00. */
    digests: memberDigestsSchema.optional(),
  })
  .refine((m) => m.github !== undefined || m.slack !== undefined || m.linear !== undefined, {
    error: 'a member needs at least one of github, slack or linear',
  });

/** A member of a pod. */
export type PodMember = z.output<typeof memberSchema>;

/** A pod: a small team with a WIP limit over its repositories and Linear teams. */
export const podSchema = z.strictObject({
  id: idSchema,
  name: z.string().min(1),
  wipLimit: z.number().int().min(1),
  perPersonWipLimit: z.number().int().min(1).optional(),
  mode: z.enum(WIP_MODES).default('enforce'),
  /** A label that takes a slot from a separate small quota, so a hotfix never waits. */
  expedite: z
    .strictObject({
      label: z.string().min(1).default('expedite'),
      quota: z.number().int().min(0).default(1),
    })
    .default({ label: 'expedite', quota: 1 }),
  repos: z.array(repoNameSchema).default([]),
  /** Linear team keys (`PAY`). */
  linearTeams: z.array(z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/, { error: 'expected a Linear team key such as PAY' })).default([]),
  slackChannel: z.string().min(1).optional(),
  healthThresholds: healthThresholdsSchema.optional(),
  members: z.array(memberSchema).default([]),
});

/** A pod as configured (defaults applied). */
export type PodConfig = z.output<typeof podSchema>;

/** A project: moves through the stages of its template, owned by one pod. */
export const projectSchema = z.strictObject({
  id: idSchema,
  name: z.string().min(1),
  pod: idSchema,
  /** A built-in template (`delivery`, `spec`) or one under `templates`. */
  template: idSchema,
  /** Name or id of the Linear project whose issues belong to this project. */
  linearProject: z.string().min(1).optional(),
  /** Default time limit of every stage that sets none. */
  stageTimeLimitDays: z.number().positive().optional(),
});

/** A project as configured. */
export type ProjectConfig = z.output<typeof projectSchema>;

/** The organisation's policy: the whole of clos.yml. */
export const closConfigSchema = z
  .strictObject({
    org: z.string().min(1),
    timezone: timeZoneSchema,
    /** The repository (`owner/name`) holding this clos.yml; a push to it reloads the policy. */
    configRepo: repoNameSchema.optional(),
    /** Slack channel of the people who run CLOS: told when something could not be delivered. */
    alertsChannel: z.string().min(1).optional(),
    pods: z.array(podSchema),
    templates: z.array(stageTemplateSchema).default([]),
    projects: z.array(projectSchema).default([]),
  })
  .superRefine((cfg, ctx) => {
    for (const issue of crossCheckConfig(cfg)) ctx.addIssue({ code: 'custom', ...issue });
  }, WHEN_WELL_FORMED);

/** A validated clos.yml with defaults applied. */
export type ClosConfig = z.output<typeof closConfigSchema>;

/** clos.yml as written, before defaults (what editors and the API accept). */
export type ClosConfigInput = z.input<typeof closConfigSchema>;
