import { ClosError, forbidden, invalidInput, personId as memberPersonId, type ClosConfig } from '@clos/domain';
import type { CallContext } from '@clos/app';
import type { ServiceDependencies } from '../../rest/services/service-context.js';
import { createFieldCipher, type FieldCipher, localDate, periodDays } from '@clos/platform';

/** Who a leadership call acts for, and how to read and write their text. */
export interface LeadershipCaller {
  personId: string;
  cipher: FieldCipher;
  timeZone: string;
  now: Date;
  /** The caller's local date now. */
  today: string;
}

/**
 * Resolves the person a call acts for from the token or session it came with. Every
 * leadership read and write is keyed by this id and nothing the caller sends, so no role,
 * admin included, can reach another person's record.
 */
export function leadershipCallers(deps: ServiceDependencies) {
  let cipher: FieldCipher | undefined;
  return async function caller(ctx: CallContext): Promise<LeadershipCaller> {
    if (deps.dataKeys === undefined) {
      throw new ClosError('Unavailable', 'Leadership records are encrypted at rest and this api has no key: set CLOS_DATA_KEY (32 bytes, base64)');
    }
    cipher ??= createFieldCipher(deps.dataKeys);
    const personId = ctx.principal.via === 'slack' ? slackPerson(deps.config.current(), ctx.principal.tokenId) : await tokenPerson(deps, ctx.principal.tokenId);
    if (personId === null) {
      throw forbidden(
        `"${ctx.principal.name}" acts for no person: leadership records are personal; use a token issued with "clos token create --person <member>"`,
        { reason: 'no_person' },
      );
    }
    const now = deps.now();
    const timeZone = deps.config.current().timezone;
    return { personId, cipher, timeZone, now, today: localDate(now, timeZone) };
  };
}

/** The person an API token or browser session acts for, `null` for none. */
async function tokenPerson(deps: ServiceDependencies, tokenId: string): Promise<string | null> {
  const { rows } = await deps.pool.query<{ person_id: string | null }>('SELECT person_id FROM api_tokens WHERE id = $1', [tokenId]);
  return rows[0]?.person_id ?? null;
}

/**
 * The person a Slack caller is: the clos.yml member listing that Slack user id, as the
 * policy in force says now (a Slack id is verified by Slack's signature, not issued by us).
 */
function slackPerson(cfg: ClosConfig, slackUserId: string): string | null {
  for (const pod of cfg.pods) {
    const member = pod.members.find((m) => m.slack === slackUserId);
    if (member !== undefined) return memberPersonId(member);
  }
  return null;
}

/** The start of a period such as `3months` before `now`; InvalidInput naming `period` otherwise. */
export function periodStart(period: string | undefined, now: Date): Date {
  const days = periodDays(period);
  if (!Number.isFinite(days) || days <= 0) throw invalidInput(`period: "${period}" is not a period such as 30days, 6weeks, 3months or 1year`);
  return new Date(now.getTime() - days * 86_400_000);
}
