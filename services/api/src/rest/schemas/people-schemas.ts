import { z } from 'zod';
import { pageQuerySchema, roleOutput, idSchema } from './common.js';

/** A person of the organisation and the pods they are in. */
export const personSchema = z.object({
  id: z.string().describe('GitHub login, else Slack user id, else Linear identity'),
  name: z.string().nullable(),
  github: z.string().nullable(),
  slack: z.string().nullable(),
  linear: z.string().nullable(),
  memberships: z.array(z.object({ podId: z.string(), role: roleOutput })),
});

export const personParamsSchema = z.object({ personId: z.string().min(1).max(200).describe('Person id') });

export const listPeopleQuerySchema = pageQuerySchema.extend({
  pod: idSchema.optional().describe('Only members of this pod'),
});
