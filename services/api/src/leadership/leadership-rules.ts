import type { AccessRule, AccessRules } from '@clos/app';
import type { LeadershipServices } from './leadership-services.js';

/** Any token or session may call; the service then acts only on the person it carries. */
const own = { kind: 'token' } as const;

/**
 * An audited personal mutation. The audit log is the organisation admin's to read, so it
 * records that the call happened and its outcome, never what the person wrote or rated.
 */
function personal<I, O>(action: string): AccessRule<I, O> {
  return { requires: own, audit: { action, target: () => 'leadership:self', details: () => ({}) } };
}

/**
 * Who may call the leadership services. A person's records need no role: every method
 * reads and writes only the record of the person the caller's token acts for, so an
 * admin's token reaches the admin's own record and nobody else's. The pod view needs the
 * viewer role in that pod and shows aggregates only.
 */
export const LEADERSHIP_ACCESS_RULES: AccessRules<LeadershipServices> = {
  checkIn: personal('leadership.checkin'),
  setMission: personal('leadership.mission'),
  completeMission: personal('leadership.mission.complete'),
  reflect: personal('leadership.reflect'),
  recordParalysis: personal('leadership.paralysis'),
  showDay: { requires: own },
  listCheckins: { requires: own },
  getCheckin: { requires: own },

  addDecision: personal('leadership.decision.add'),
  decideDecision: personal('leadership.decision.decide'),
  listDecisions: { requires: own },
  addDelegation: personal('leadership.delegation.add'),
  closeDelegation: personal('leadership.delegation.close'),
  listDelegations: { requires: own },

  addLeadershipProject: personal('leadership.project.add'),
  listLeadershipProjects: { requires: own },
  updateLeadershipProject: personal('leadership.project.update'),
  completeLeadershipProject: personal('leadership.project.complete'),
  killLeadershipProject: personal('leadership.project.kill'),

  checkBreaker: { requires: own },
  activateBreaker: personal('leadership.breaker.activate'),
  deactivateBreaker: personal('leadership.breaker.deactivate'),
  breakerHistory: { requires: own },

  getReview: { requires: own },
  setWeeklyFocus: personal('leadership.review.focus'),
  analyze: { requires: own },

  exportLeadership: personal('leadership.export'),
  leadershipDigest: { requires: own },
  restoreLeadership: personal('leadership.restore'),

  podLeadership: { requires: { kind: 'pod', role: 'viewer', podOf: (i) => i.podId } },
};
