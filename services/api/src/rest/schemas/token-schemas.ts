import { z } from 'zod';
import { DEFAULT_TOKEN_LIFETIME, LIFETIME_PATTERN } from '../../auth/expiry.js';
import { podRolesSchema } from '@clos/app';
import { dateTimeQuery, flagQuery, pageQuerySchema, roleOutput, timestamp } from './common.js';

/** An API token as listed: never its secret. */
export const tokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string().nullable().describe('The start of the token, to tell tokens apart'),
  roles: z.record(z.string(), roleOutput).describe('Role per pod id; "*" is every pod'),
  status: z.enum(['active', 'expired', 'revoked']),
  createdBy: z.string().nullable(),
  createdAt: timestamp,
  expiresAt: timestamp.nullable(),
  revokedAt: timestamp.nullable(),
  lastUsedAt: timestamp.nullable(),
});

/** A token just issued: the only time its secret is shown. */
export const issuedTokenSchema = tokenSchema.extend({
  token: z.string().describe('The secret: shown this once, stored only as a hash'),
});

export const createTokenBodySchema = z
  .object({
    name: z.string().trim().regex(/\S/, 'must not be blank').min(1, 'must not be empty').max(200),
    roles: podRolesSchema.describe('Role per pod id, "*" for every pod; admin only as {"*": "admin"}'),
    expiresIn: z
      .union([z.literal('never'), z.string().regex(LIFETIME_PATTERN, 'must be a lifetime such as 30d, 12h or 90m')])
      .optional()
      .describe(`Lifetime (default ${DEFAULT_TOKEN_LIFETIME})`),
    expiresAt: dateTimeQuery.optional().describe('Expiry as a date-time, instead of expiresIn'),
  })
  .strict()
  .refine((b) => b.expiresIn === undefined || b.expiresAt === undefined, {
    path: ['expiresAt'],
    message: 'give expiresIn or expiresAt, not both',
  })
  // The published schema states the rule too.
  .meta({ not: { required: ['expiresIn', 'expiresAt'] } });

export const tokenParamsSchema = z.object({ tokenId: z.uuid('must be a token id (a UUID)') });

export const listTokensQuerySchema = pageQuerySchema.extend({
  active: flagQuery.optional().describe('true: only tokens that can still be used'),
});

/** Who the caller is. */
export const meSchema = z.object({
  actor: z.string(),
  via: z.enum(['token', 'session', 'slack']).describe('An API token, a browser session, or a Slack user clos.yml lists'),
  csrfToken: z.string().nullable().describe("A session's CSRF token: send it as X-CSRF-Token on POST, PUT and DELETE"),
  tokenId: z.string(),
  name: z.string(),
  roles: z.record(z.string(), roleOutput),
  expiresAt: timestamp.nullable(),
});
