import { notFound } from '@clos/domain';
import { z } from 'zod';
import type { CallContext } from '@clos/app';
import { DEFAULT_TOKEN_LIFETIME, expiryFrom } from '../../auth/expiry.js';
import { issueToken } from '../../auth/issue-token.js';
import { listTokens, revokeToken, tokenStatus, type TokenRecord } from '../../auth/token-store.js';
import { decodeCursor, pageOf, type Page } from '../pagination.js';
import { isoOrNull } from '../schemas/common.js';
import type { createTokenBodySchema, issuedTokenSchema, listTokensQuerySchema, meSchema, tokenSchema } from '../schemas/token-schemas.js';
import type { ServiceDependencies } from './service-context.js';

type TokenDto = z.output<typeof tokenSchema>;

/** Revocation takes effect on a token's next request to this api (its cached verification is dropped). */
export function tokensService(deps: ServiceDependencies) {
  const toDto = (r: TokenRecord): TokenDto => ({
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    roles: { ...r.roles },
    status: tokenStatus(r, deps.now()),
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
    expiresAt: isoOrNull(r.expiresAt),
    revokedAt: isoOrNull(r.revokedAt),
    lastUsedAt: isoOrNull(r.lastUsedAt),
  });

  return {
    /** Issues a token; its secret is in this answer and nowhere else. */
    async createToken(ctx: CallContext, input: z.output<typeof createTokenBodySchema>): Promise<z.output<typeof issuedTokenSchema>> {
      const now = deps.now();
      const expiresAt = input.expiresAt !== undefined ? new Date(input.expiresAt) : expiryFrom(input.expiresIn ?? DEFAULT_TOKEN_LIFETIME, now);
      const issued = await issueToken(deps.pool, { name: input.name, roles: input.roles, expiresAt, createdBy: ctx.actor }, now);
      return { ...toDto(issued.record), token: issued.token };
    },

    /** Tokens, newest first. */
    async listTokens(_ctx: CallContext, input: z.output<typeof listTokensQuerySchema>): Promise<Page<TokenDto>> {
      const after = input.cursor === undefined ? undefined : decodeCursor('tokens', input.cursor, z.tuple([z.string(), z.uuid()]));
      const rows = await listTokens(deps.pool, {
        limit: input.limit + 1,
        ...(after !== undefined ? { after: { createdAtKey: after[0], id: after[1] } } : {}),
        ...(input.active === true ? { activeOnly: true } : {}),
      });
      return pageOf(rows, input.limit, 'tokens', (r) => [r.createdAtKey, r.id], toDto);
    },

    /** Revokes a token at once; revoking it again changes nothing. */
    async revokeToken(_ctx: CallContext, input: { tokenId: string }): Promise<TokenDto> {
      const result = await revokeToken(deps.pool, input.tokenId);
      if (result === undefined) throw notFound(`No token ${input.tokenId}`, { tokenId: input.tokenId });
      deps.onTokenRevoked?.(input.tokenId);
      return toDto(result.record);
    },

    /** The calling token. */
    async whoAmI(ctx: CallContext, _input: Record<string, never>): Promise<z.output<typeof meSchema>> {
      const p = ctx.principal;
      return {
        actor: p.actor,
        via: p.via,
        csrfToken: p.csrfToken ?? null,
        tokenId: p.tokenId,
        name: p.name,
        roles: { ...p.roles },
        expiresAt: isoOrNull(p.expiresAt),
      };
    },

    /**
     * Ends the calling browser session. A caller with an API token has no session: nothing
     * ends (`ended: false`) and the token stays valid — it is revoked through the tokens routes.
     */
    async endSession(ctx: CallContext, _input: Record<string, never>): Promise<{ ended: boolean }> {
      if (ctx.principal.via !== 'session') return { ended: false };
      const result = await revokeToken(deps.pool, ctx.principal.tokenId);
      deps.onTokenRevoked?.(ctx.principal.tokenId);
      return { ended: result?.changed === true };
    },
  };
}
