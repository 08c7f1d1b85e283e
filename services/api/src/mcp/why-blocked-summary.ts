import type { WhyBlocked } from '../rest/services/why-blocked-service.js';

/** The sentence an agent reads first: what is red and why, or that nothing is. */
export function whyBlockedSummary(why: WhyBlocked): string {
  const pr = `${why.repo}#${why.number}`;
  if (!why.blocked) {
    const slot = why.wip.standing === 'holding' ? `it holds a WIP slot in pod ${why.podId}` : `CLOS holds no slot for it (${why.wip.standing})`;
    const gate = why.stage === null ? '' : `; project ${why.stage.projectId}'s gate is ${why.stage.status ?? 'not started'}`;
    return `Nothing blocks ${pr}: ${slot}${gate}.`;
  }
  return `${pr} is blocked. ${why.reasons.join(' ')} Explained at ${[why.wip.explainUrl, why.stage?.explainUrl].filter((u) => u !== undefined).join(' and ')}.`;
}
