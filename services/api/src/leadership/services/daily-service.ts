import { conflict, notFound } from '@clos/domain';
import type { CallContext } from '@clos/app';
import type { ServiceDependencies } from '../../rest/services/service-context.js';
import { addDays, breakerRecords, checkinRecords, type Checkin, type CompletionType, type Energy, decisionRecords, paralysisRecords } from '@clos/platform';
import { BREAKER_WARN_SIGNALS, healthSignals } from './health-signals.js';
import { leadershipCallers } from './leadership-context.js';

/** The daily rhythm: check-in, mission, paralysis, completion, reflection, and the day at a glance. */
export function dailyService(deps: ServiceDependencies) {
  const caller = leadershipCallers(deps);
  const today = async (ctx: CallContext) => {
    const c = await caller(ctx);
    return { c, checkins: checkinRecords(deps.pool, c.cipher, c.personId) };
  };

  return {
    /** The morning check-in: one per person per local day. */
    async checkIn(ctx: CallContext, input: { energy: Energy; stress: number; tension: boolean; circular: boolean; mission?: string | undefined }): Promise<Checkin> {
      const { c, checkins } = await today(ctx);
      return checkins.insert({ date: c.today, ...input, mission: input.mission ?? null });
    },

    async setMission(ctx: CallContext, input: { mission: string }): Promise<Checkin> {
      const { c, checkins } = await today(ctx);
      return checkins.setMission(c.today, input.mission);
    },

    async completeMission(ctx: CallContext, input: { type: CompletionType }): Promise<Checkin> {
      const { c, checkins } = await today(ctx);
      const day = await checkins.find(c.today);
      if (day?.mission === null) throw conflict('Today has no mission to complete: set one with "clos daily mission TEXT"');
      return checkins.setCompletion(c.today, input.type, c.now);
    },

    async reflect(ctx: CallContext, input: { text: string }): Promise<Checkin> {
      const { c, checkins } = await today(ctx);
      return checkins.setReflection(c.today, input.text);
    },

    /**
     * Records being stuck, with today's stress and energy as context when checked in, and the
     * decision of the person's own log it is about when `decisionId` names one.
     */
    async recordParalysis(ctx: CallContext, input: { decision: string; fear: string; decisionId?: string | undefined }) {
      const { c, checkins } = await today(ctx);
      const day = await checkins.find(c.today);
      return paralysisRecords(deps.pool, c.cipher, c.personId).insert({
        date: c.today,
        decision: input.decision,
        fear: input.fear,
        stress: day?.stress ?? null,
        energy: day?.energy ?? null,
        decisionId: input.decisionId ?? null,
      });
    },

    /** Today: the check-in, decisions due, the breaker and the health signals. */
    async showDay(ctx: CallContext, _input: Record<string, never>) {
      const { c, checkins } = await today(ctx);
      const recent = await checkins.list(addDays(c.today, -13), c.today);
      const open = await decisionRecords(deps.pool, c.cipher, c.personId).list({ open: true, limit: 200 }, c.now);
      const signals = healthSignals(recent, open);
      const failing = signals.filter((s) => s.failing).map((s) => s.name);
      const breaker = await breakerRecords(deps.pool, c.cipher, c.personId).active();
      return {
        date: c.today,
        personId: c.personId,
        checkin: recent.find((r) => r.date === c.today) ?? null,
        decisionsDue: open,
        paralysis: await paralysisRecords(deps.pool, c.cipher, c.personId).list(c.today, c.today),
        signals,
        warning: failing.length >= BREAKER_WARN_SIGNALS ? `${failing.length} health signals failing (${failing.join(', ')}): consider "clos emergency activate"` : null,
        breaker: breaker ?? null,
      };
    },

    /** Check-ins between two local dates (default the last 30 days); none when `from` is after `to`. */
    async listCheckins(ctx: CallContext, input: { from?: string | undefined; to?: string | undefined }): Promise<{ items: Checkin[] }> {
      const { c, checkins } = await today(ctx);
      const to = input.to ?? c.today;
      const from = input.from ?? addDays(to, -29);
      return { items: from > to ? [] : await checkins.list(from, to) };
    },

    /** The check-in of one local date. */
    async getCheckin(ctx: CallContext, input: { date: string }): Promise<Checkin> {
      const { checkins } = await today(ctx);
      const found = await checkins.find(input.date);
      if (found === undefined) throw notFound(`You have no check-in on ${input.date}`, { date: input.date });
      return found;
    },
  };
}
