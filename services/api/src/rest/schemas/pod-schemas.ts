import { z } from 'zod';
import { workItemParamsSchema } from './work-item-schemas.js';
import { idSchema, pageQuerySchema, roleOutput, flagQuery, timestamp } from './common.js';

const wipMode = z.enum(['observe', 'warn', 'enforce']);

/** A pod as the record holds it (clos.yml's copy). */
export const podSchema = z.object({
  id: z.string(),
  name: z.string(),
  wipLimit: z.number().int().describe('The limit clos.yml declares; the live one is in /wip'),
  perPersonWipLimit: z.number().int().nullable(),
  mode: wipMode,
  expedite: z.object({ label: z.string(), quota: z.number().int() }),
  linearTeams: z.array(z.string()),
  slackChannel: z.string().nullable(),
  repos: z.array(z.string()),
  memberCount: z.number().int(),
  archived: z.boolean(),
});

/** A pod with its members and projects. */
export const podDetailSchema = podSchema.extend({
  members: z.array(z.object({ personId: z.string(), name: z.string().nullable(), role: roleOutput })),
  projects: z.array(
    z.object({ id: z.string(), name: z.string(), templateId: z.string(), currentStage: z.string().nullable(), status: z.string() }),
  ),
});

export const podParamsSchema = z.object({ podId: idSchema.describe('Pod id') });

export const listPodsQuerySchema = pageQuerySchema.extend({
  archived: flagQuery.optional().describe('true: also pods clos.yml no longer declares'),
});

const workItemRef = {
  id: z.string(),
  personId: z.string().nullable(),
  title: z.string().nullable(),
  url: z.string().nullable(),
};

/** The live WIP state of a pod, from its workflow. */
export const wipStateSchema = z.object({
  podId: z.string(),
  running: z.boolean().describe("false: the pod's workflow has not started; policy is clos.yml's"),
  policy: z.object({
    limit: z.number().int(),
    perPersonLimit: z.number().int().nullable(),
    expediteQuota: z.number().int(),
    mode: wipMode,
  }),
  usage: z.object({
    regular: z.number().int().describe('Slots held in the regular lane'),
    expedite: z.number().int().describe('Slots held in the expedite lane'),
    queued: z.number().int(),
    utilisation: z.number().describe('regular / limit (0 when the limit is 0)'),
  }),
  holders: z.array(z.object({ ...workItemRef, lane: z.enum(['regular', 'expedite']), since: timestamp })),
  queue: z.array(
    z.object({
      ...workItemRef,
      position: z.number().int().describe('1-based'),
      reason: z.enum(['pod_limit', 'person_limit', 'expedite_quota']),
      enqueuedAt: timestamp,
      status: z
        .object({ state: z.enum(['success', 'failure']), description: z.string() })
        .nullable()
        .describe('Its clos/wip commit status as posted (red in enforce mode, with what to finish first); null before one is'),
    }),
  ),
});

/** Body of PUT /api/pods/{podId}/policy. */
export const setPolicyBodySchema = z
  .object({
    limit: z.number().int().min(1).max(1000).optional().describe('Pod WIP limit'),
    perPersonLimit: z.number().int().min(1).max(1000).optional().describe('Per-person WIP limit'),
    expediteQuota: z.number().int().min(0).max(100).optional().describe('Expedite slots on top of the limit'),
    mode: wipMode.optional().describe('observe, warn or enforce'),
    reason: z.string().trim().regex(/\S/, 'must not be blank').min(1, 'must say why').max(500).describe('Why: recorded in the audit log'),
  })
  .strict()
  .refine((b) => b.limit !== undefined || b.perPersonLimit !== undefined || b.expediteQuota !== undefined || b.mode !== undefined, {
    message: 'give at least one of limit, perPersonLimit, expediteQuota, mode',
  })
  // The published schema states the rule too.
  .meta({ anyOf: ['limit', 'perPersonLimit', 'expediteQuota', 'mode'].map((name) => ({ required: [name] })) });

/** Answer of PUT /api/pods/{podId}/policy. */
export const setPolicyResultSchema = z.object({
  podId: z.string(),
  policy: wipStateSchema.shape.policy,
  promoted: z.array(z.string()).describe('Work items the change let in from the queue'),
  policyVersion: z.number().int().describe('The policy version now in force in every process (the change is audited under it)'),
});

/** A work item in a pod's WIP: the path of the release and swarm routes. */
export const wipItemParamsSchema = podParamsSchema.extend({
  itemId: workItemParamsSchema.shape.workItemId.describe('The work item: gh:owner/repo#12 or lin:PAY-44 (URL-encoded)'),
});

/** Answer of a release: `released` with what the freed slot let in, or why nothing changed. */
export const workItemReleaseSchema = z.object({
  podId: z.string(),
  itemId: z.string(),
  status: z
    .enum(['released', 'detached', 'unknown', 'stale'])
    .describe('released: the slot is free; detached: other open pull requests of the item keep it; unknown, stale: nothing changed'),
  promoted: z.array(z.string()).describe('Work items the freed slot let in from the queue'),
  by: z.string().describe('Who released it, as the audit log names them'),
});

/** Answer of a swarm: the holder the caller joins. */
export const workItemSwarmSchema = z.object({
  podId: z.string(),
  holder: wipStateSchema.shape.holders.element,
});
