import { DIGEST_ACCESS_RULES, HEALTH_SCAN_ACCESS_RULES } from '@clos/app';
import type { AccessRules } from '@clos/app';
import { LEADERSHIP_ACCESS_RULES } from '../leadership/leadership-rules.js';
import type { ClosServices } from './services/clos-services.js';

/**
 * Who may do what: the one table of access rules, applied by `authorizeServices` around
 * every service call. Reading needs viewer; submitting evidence, signing off and asking
 * a gate to advance, standups, ideas and demos need member; changing a pod's policy,
 * overriding or resuming a gate, releasing someone else's slot or blocker and deciding
 * ideas need lead (one's own slot, blocker or idea score needs any role); the audit log and
 * tokens need the organisation admin. Mutations name their audit action.
 */
export const ACCESS_RULES: AccessRules<ClosServices> = {
  listPods: { requires: { kind: 'somePod', role: 'viewer' } },
  getPod: { requires: { kind: 'pod', role: 'viewer', podOf: (i) => i.podId } },
  getWip: { requires: { kind: 'pod', role: 'viewer', podOf: (i) => i.podId } },
  setPodPolicy: {
    requires: { kind: 'pod', role: 'lead', podOf: (i) => i.podId },
    audit: { action: 'pod.policy.set', target: (i) => `pod:${i.podId}`, outcome: (r) => ({ policy: r.policy, promoted: r.promoted }) },
  },
  releaseWorkItem: {
    requires: { kind: 'pod', role: 'lead', podOf: (i) => i.podId },
    audit: { action: 'wip.release', target: (i) => i.itemId, outcome: (r) => ({ status: r.status, promoted: r.promoted }) },
  },
  releaseOwnWorkItem: {
    requires: { kind: 'pod', role: 'viewer', podOf: (i) => i.podId },
    audit: { action: 'wip.release', target: (i) => i.itemId, outcome: (r) => ({ status: r.status, promoted: r.promoted, own: true }) },
  },
  swarmWorkItem: {
    requires: { kind: 'pod', role: 'member', podOf: (i) => i.podId },
    audit: { action: 'wip.swarm', target: (i) => i.itemId, outcome: (r) => ({ holder: r.holder.personId ?? null }) },
  },

  listPeople: { requires: { kind: 'somePod', role: 'viewer', podOf: (i) => i.pod } },
  getPerson: { requires: { kind: 'somePod', role: 'viewer' } },

  listProjects: { requires: { kind: 'somePod', role: 'viewer', podOf: (i) => i.pod } },
  getProject: { requires: { kind: 'project', role: 'viewer', projectOf: (i) => i.projectId } },
  listTransitions: { requires: { kind: 'project', role: 'viewer', projectOf: (i) => i.projectId } },
  listEvidence: { requires: { kind: 'project', role: 'viewer', projectOf: (i) => i.projectId } },
  getStage: { requires: { kind: 'project', role: 'viewer', projectOf: (i) => i.projectId } },
  getSpec: { requires: { kind: 'project', role: 'viewer', projectOf: (i) => i.projectId } },
  whyBlocked: { requires: { kind: 'repo', role: 'viewer', repoOf: (i) => i.repo } },
  advanceProject: {
    requires: { kind: 'project', role: 'member', projectOf: (i) => i.projectId },
    audit: { action: 'stage.advance', target: (i) => `project:${i.projectId}`, outcome: (r) => ({ from: r.from, to: r.to }) },
  },
  overrideStage: {
    requires: { kind: 'project', role: 'lead', projectOf: (i) => i.projectId },
    audit: { action: 'stage.override', target: (i) => `project:${i.projectId}`, outcome: (r) => ({ from: r.from, to: r.to }) },
  },
  resumeProject: {
    requires: { kind: 'project', role: 'lead', projectOf: (i) => i.projectId },
    audit: { action: 'stage.resume', target: (i) => `project:${i.projectId}`, outcome: (r) => ({ status: r.status }) },
  },
  submitEvidence: {
    requires: { kind: 'project', role: 'member', projectOf: (i) => i.projectId },
    audit: { action: 'stage.evidence', target: (i) => `project:${i.projectId}` },
  },
  signoffStage: {
    requires: { kind: 'project', role: 'member', projectOf: (i) => i.projectId },
    audit: { action: 'stage.signoff', target: (i) => `project:${i.projectId}` },
  },

  listWorkItems: {
    requires: { kind: 'somePod', role: 'viewer', podOf: (i) => i.pod, projectOf: (i) => i.project },
  },
  getWorkItem: { requires: { kind: 'somePod', role: 'viewer' } },
  listEvents: { requires: { kind: 'somePod', role: 'viewer', podOf: (i) => i.pod, projectOf: (i) => i.project } },
  listStandups: { requires: { kind: 'somePod', role: 'viewer', podOf: (i) => i.pod } },
  listBlockers: { requires: { kind: 'somePod', role: 'viewer', podOf: (i) => i.pod } },
  listIdeas: { requires: { kind: 'somePod', role: 'viewer', podOf: (i) => i.pod } },
  listDemos: { requires: { kind: 'somePod', role: 'viewer', podOf: (i) => i.pod, projectOf: (i) => i.project } },
  saveStandup: {
    requires: { kind: 'pod', role: 'member', podOf: (i) => i.podId },
    audit: {
      action: 'standup.save',
      target: (i) => `pod:${i.podId}`,
      // What people wrote stays in the standup; the log names the day and the confidence.
      details: (i) => ({ podId: i.podId, day: i.day, confidence: i.confidence }),
      outcome: (r) => ({ standupId: r.standup.id, opened: r.opened.length, carried: r.carried.length, resolved: r.resolved.length }),
    },
  },
  resolveBlocker: {
    requires: { kind: 'pod', role: 'lead', podOf: (i) => i.podId },
    audit: { action: 'blocker.resolve', target: (i) => `blocker:${i.blockerId}`, outcome: (r) => ({ resolved: r.resolved, owner: r.blocker.personId }) },
  },
  resolveOwnBlocker: {
    requires: { kind: 'pod', role: 'viewer', podOf: (i) => i.podId },
    audit: { action: 'blocker.resolve', target: (i) => `blocker:${i.blockerId}`, outcome: (r) => ({ resolved: r.resolved, own: true }) },
  },
  // An idea without a pod (or whose pod clos.yml no longer lists) is judged by a role in any pod.
  submitIdea: {
    requires: { kind: 'somePod', role: 'member', podOf: (i) => i.podId },
    audit: {
      action: 'idea.submit',
      target: (i) => (i.podId !== undefined ? `pod:${i.podId}` : 'ideas'),
      details: (i) => ({ podId: i.podId ?? null, title: i.title, impact: i.impact, confidence: i.confidence, ease: i.ease }),
      outcome: (r) => ({ ideaId: r.idea.id, iceScore: r.idea.iceScore, created: r.created }),
    },
  },
  rescoreIdea: {
    requires: { kind: 'somePod', role: 'lead', podOf: (i) => i.podId },
    audit: { action: 'idea.rescore', target: (i) => `idea:${i.ideaId}`, outcome: (r) => ({ from: r.before.iceScore, to: r.idea.iceScore }) },
  },
  rescoreOwnIdea: {
    requires: { kind: 'somePod', role: 'viewer', podOf: (i) => i.podId },
    audit: { action: 'idea.rescore', target: (i) => `idea:${i.ideaId}`, outcome: (r) => ({ from: r.before.iceScore, to: r.idea.iceScore, own: true }) },
  },
  decideIdea: {
    requires: { kind: 'somePod', role: 'lead', podOf: (i) => i.podId },
    audit: { action: 'idea.decide', target: (i) => `idea:${i.ideaId}`, outcome: (r) => ({ status: r.idea.status, changed: r.changed }) },
  },
  openIdeaIssue: {
    requires: { kind: 'somePod', role: 'lead', podOf: (i) => i.podId },
    audit: { action: 'idea.issue', target: (i) => `idea:${i.ideaId}`, outcome: (r) => ({ opened: r.opened, repo: r.issue.repo, number: r.issue.number }) },
  },
  scheduleDemo: {
    requires: { kind: 'project', role: 'member', projectOf: (i) => i.projectId },
    audit: { action: 'demo.schedule', target: (i) => `project:${i.projectId}`, outcome: (r) => ({ demoId: r.demo.id, day: r.demo.day, created: r.created }) },
  },
  markDemoHeld: {
    requires: { kind: 'pod', role: 'member', podOf: (i) => i.podId },
    audit: { action: 'demo.held', target: (i) => `demo:${i.demoId}`, outcome: (r) => ({ changed: r.changed, evidence: r.evidence }) },
  },

  getHealth: { requires: { kind: 'somePod', role: 'viewer' } },
  ...HEALTH_SCAN_ACCESS_RULES,
  getPodHealth: { requires: { kind: 'pod', role: 'viewer', podOf: (i) => i.podId } },
  getPodFlow: { requires: { kind: 'pod', role: 'viewer', podOf: (i) => i.podId } },
  getFunnel: { requires: { kind: 'somePod', role: 'viewer' } },
  openStream: { requires: { kind: 'somePod', role: 'viewer', podOf: (i) => i.podId } },

  search: { requires: { kind: 'somePod', role: 'viewer', podOf: (i) => i.pod } },
  getPlan: { requires: { kind: 'somePod', role: 'viewer' } },
  assess: { requires: { kind: 'somePod', role: 'viewer', podOf: (i) => i.pod } },
  getMetricsSummary: { requires: { kind: 'somePod', role: 'viewer' } },

  listDeadEvents: { requires: { kind: 'org', role: 'admin' } },
  requeueDeadEvents: {
    requires: { kind: 'org', role: 'admin' },
    audit: {
      action: 'events.requeue',
      target: (i) => (i.ids !== undefined ? `events:${i.ids.length}` : 'events:all-dead'),
      outcome: (r) => ({ mode: r.mode, requeued: r.requeued, ids: r.ids, queues: r.queues }),
    },
  },

  listAudit: { requires: { kind: 'org', role: 'admin' } },
  verifyAudit: { requires: { kind: 'org', role: 'admin' } },
  createToken: {
    requires: { kind: 'org', role: 'admin' },
    audit: {
      action: 'token.create',
      target: (i) => `token-name:${i.name}`,
      outcome: (r) => ({ tokenId: r.id, prefix: r.prefix, roles: r.roles, expiresAt: r.expiresAt }),
    },
  },
  listTokens: { requires: { kind: 'org', role: 'admin' } },
  revokeToken: {
    requires: { kind: 'org', role: 'admin' },
    audit: { action: 'token.revoke', target: (i) => `token:${i.tokenId}`, outcome: (r) => ({ name: r.name, revokedAt: r.revokedAt }) },
  },
  whoAmI: { requires: { kind: 'token' } },
  ...LEADERSHIP_ACCESS_RULES,
  ...DIGEST_ACCESS_RULES,
  endSession: { requires: { kind: 'token' }, audit: { action: 'auth.logout', target: () => 'session' } },
};
