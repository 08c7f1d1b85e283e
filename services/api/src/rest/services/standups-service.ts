import type { CallContext } from '@clos/app';
import { forbidden, invalidInput, notFound, podById } from '@clos/domain';
import { createPgStandupStore, type BlockerRecord, type StandupSaved } from '@clos/platform';
import { isDay, parseBlockerLines } from '@clos/slack';
import { actingPerson, requireActingPerson } from './acting-person.js';
import type { ServiceDependencies } from './service-context.js';

/** A person's standup of a pod's day, as they answer it. */
export interface StandupAnswer {
  podId: string;
  /** The pod's calendar day, `YYYY-MM-DD`. */
  day: string;
  yesterday: string;
  today: string;
  /** One blocker a line; each is tracked until it is left out or resolved. */
  blockers: string;
  /** 1 (unlikely) to 5 (certain) that today's plan holds. */
  confidence: number;
  /** The Slack user who answered, kept with the standup for reminders. */
  slackUserId?: string;
}

/** A blocker and whether this call resolved it (`false`: it was resolved already). */
export interface BlockerResolution {
  blocker: BlockerRecord;
  resolved: boolean;
}

/** Standups and their blockers: what a member writes about their day, and who may resolve a blocker. */
export function standupsService(deps: ServiceDependencies) {
  const standups = createPgStandupStore(deps.pool);

  const blockerOf = async (input: { podId: string; blockerId: number }): Promise<BlockerRecord> => {
    const blocker = await standups.blocker(input.blockerId);
    if (blocker?.podId !== input.podId) throw notFound(`Blocker ${input.blockerId} does not exist in pod ${input.podId}.`, input);
    return blocker;
  };
  const resolve = async (ctx: CallContext, blocker: BlockerRecord): Promise<BlockerResolution> => {
    const by = (await actingPerson(deps, ctx)) ?? ctx.actor;
    const resolved = await standups.resolveBlocker(blocker.id, by);
    return resolved === undefined ? { blocker, resolved: false } : { blocker: resolved, resolved: true };
  };

  return {
    /**
     * Saves (or replaces) the caller's standup of the day and reconciles their blockers in the
     * same transaction: named again stays open with its age, new opens, left out resolves.
     */
    async saveStandup(ctx: CallContext, input: StandupAnswer): Promise<StandupSaved> {
      const personId = await requireActingPerson(deps, ctx, 'a standup');
      const pod = podById(deps.config.current(), input.podId);
      if (pod === undefined) throw notFound(`No pod "${input.podId}" in clos.yml`, { podId: input.podId });
      if (!isDay(input.day)) throw invalidInput(`day: "${input.day}" is not a day (YYYY-MM-DD)`);
      if (input.today.trim() === '') throw invalidInput('today: say what you will do today');
      if (!Number.isInteger(input.confidence) || input.confidence < 1 || input.confidence > 5) throw invalidInput('confidence: a whole number from 1 to 5');
      return standups.save(
        {
          podId: pod.id,
          personId,
          day: input.day,
          yesterday: input.yesterday,
          today: input.today,
          blockers: input.blockers,
          confidence: input.confidence,
          ...(input.slackUserId !== undefined ? { slackUserId: input.slackUserId } : {}),
        },
        parseBlockerLines(input.blockers, pod),
      );
    },

    /** Resolves someone's blocker: a lead's call. */
    async resolveBlocker(ctx: CallContext, input: { podId: string; blockerId: number }): Promise<BlockerResolution> {
      return resolve(ctx, await blockerOf(input));
    },

    /** Resolves the caller's own blocker: any role in the pod will do for one's own. */
    async resolveOwnBlocker(ctx: CallContext, input: { podId: string; blockerId: number }): Promise<BlockerResolution> {
      const blocker = await blockerOf(input);
      if (blocker.personId !== (await actingPerson(deps, ctx))) {
        throw forbidden(`Blocker ${blocker.id} is not yours to resolve`, { podId: input.podId, blockerId: blocker.id, owner: blocker.personId });
      }
      return resolve(ctx, blocker);
    },
  };
}
