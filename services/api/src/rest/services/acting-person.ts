import type { CallContext } from '@clos/app';
import { forbidden } from '@clos/domain';
import type { ServiceDependencies } from './service-context.js';

/**
 * The person a call acts for: a Slack caller's person id (the clos.yml member listing their
 * Slack id), the person an API token was issued for; `null` for a token or session acting
 * for nobody, and for a Slack id the policy does not list.
 */
export async function actingPerson(deps: Pick<ServiceDependencies, 'pool'>, ctx: CallContext): Promise<string | null> {
  if (ctx.principal.via === 'slack') return ctx.principal.actor.startsWith('slack:') ? null : ctx.principal.actor;
  const { rows } = await deps.pool.query<{ person_id: string | null }>(`SELECT to_jsonb(t) ->> 'person_id' AS person_id FROM api_tokens t WHERE t.id::text = $1`, [
    ctx.principal.tokenId,
  ]);
  return rows[0]?.person_id ?? null;
}

/** Like {@link actingPerson}, refusing a caller who acts for nobody: `what` is someone's own record. */
export async function requireActingPerson(deps: Pick<ServiceDependencies, 'pool'>, ctx: CallContext, what: string): Promise<string> {
  const person = await actingPerson(deps, ctx);
  if (person === null) {
    throw forbidden(`"${ctx.principal.name}" acts for no person, and ${what} is a person's own; use a token issued with "clos token create --person <member>"`, {
      reason: 'no_person',
    });
  }
  return person;
}
