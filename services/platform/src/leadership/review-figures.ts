import type { Checkin } from './records/checkins-records.js';
import type { Decision } from './records/decisions-records.js';
import type { Delegation } from './records/delegations-records.js';
import type { LeadershipProject } from './records/projects-records.js';
import { DECISION_TARGET_HOURS } from './records/decisions-records.js';
import { localDate } from './local-date.js';

/** What a weekly or monthly review shows. */
export interface ReviewFigures {
  from: string;
  to: string;
  checkins: number;
  /** Missions delivered or delegated, of check-ins with a mission; null without any. */
  completionRate: number | null;
  completions: { delivered: number; delegated: number; live: number; open: number };
  energy: { high: number; medium: number; low: number };
  averageStress: number | null;
  decisionsMade: number;
  /** Of the decisions made, the share made within 48 hours; null without any. */
  decidedWithin48h: number | null;
  delegations: { made: number; owned: number; reEngaged: number; boomeranged: number; open: number; successRate: number | null };
  projects: { early: number; onTime: number; late: number; killed: number };
  paralysisEpisodes: number;
}

const ratio = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 100) / 100);

/** The review figures of a period from the records that fall in it. */
export function reviewFigures(input: {
  from: string;
  to: string;
  /** Whose local days `from`, `to` and the projects' deadlines are. */
  timeZone: string;
  checkins: readonly Checkin[];
  decisions: readonly Decision[];
  delegations: readonly Delegation[];
  projects: readonly LeadershipProject[];
  paralysisEpisodes: number;
}): ReviewFigures {
  const { checkins } = input;
  const withMission = checkins.filter((c) => c.mission !== null);
  const count = (type: string) => checkins.filter((c) => c.completion === type).length;
  const made = input.decisions.filter((d) => d.decidedAt !== null);
  const closed = input.delegations.filter((d) => d.outcome !== null);
  const day = (at: string) => localDate(new Date(at), input.timeZone);
  const inPeriod = (at: string | null) => at !== null && day(at) >= input.from && day(at) <= input.to;
  const finished = input.projects.filter((p) => inPeriod(p.completedAt));
  return {
    from: input.from,
    to: input.to,
    checkins: checkins.length,
    completionRate: ratio(count('delivered') + count('delegated'), withMission.length),
    completions: { delivered: count('delivered'), delegated: count('delegated'), live: count('live'), open: withMission.filter((c) => c.completion === null).length },
    energy: { high: checkins.filter((c) => c.energy === 'high').length, medium: checkins.filter((c) => c.energy === 'medium').length, low: checkins.filter((c) => c.energy === 'low').length },
    averageStress: checkins.length === 0 ? null : Math.round((checkins.reduce((s, c) => s + c.stress, 0) / checkins.length) * 10) / 10,
    decisionsMade: made.length,
    decidedWithin48h: ratio(made.filter((d) => (d.hoursToDecide ?? Infinity) <= DECISION_TARGET_HOURS).length, made.length),
    delegations: {
      made: input.delegations.length,
      owned: closed.filter((d) => d.outcome === 'owned').length,
      reEngaged: closed.filter((d) => d.outcome === 're_engaged').length,
      boomeranged: closed.filter((d) => d.outcome === 'boomeranged').length,
      open: input.delegations.length - closed.length,
      successRate: ratio(closed.filter((d) => d.outcome === 'owned').length, closed.length),
    },
    projects: {
      early: finished.filter((p) => p.shippedEarly === true).length,
      onTime: finished.filter((p) => p.shippedEarly !== true && day(p.completedAt!) <= p.deadline).length,
      late: finished.filter((p) => p.shippedEarly !== true && day(p.completedAt!) > p.deadline).length,
      killed: input.projects.filter((p) => inPeriod(p.killedAt)).length,
    },
    paralysisEpisodes: input.paralysisEpisodes,
  };
}
