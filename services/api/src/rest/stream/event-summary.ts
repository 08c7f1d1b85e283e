/** The parts of an event row a summary is made of. */
export interface SummarizedEvent {
  type: string;
  subject: { podId?: string; projectId?: string; workItemId?: string; personId?: string };
  payload: unknown;
}

interface PullRequestLike {
  repo?: string;
  number?: number;
  author?: string;
  title?: string;
}

const record = (value: unknown): Record<string, unknown> => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {});
const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined);

/** "PR #12 in acme/pay", or with `verb`: "PR #12 opened in acme/pay by alice". */
function pr(payload: Record<string, unknown>, verb?: string): string {
  const p = record(payload.pullRequest) as PullRequestLike;
  const repo = text(p.repo) ?? 'an unknown repository';
  const number = `PR #${text(p.number) ?? '?'}`;
  if (verb === undefined) return `${number} in ${repo}`;
  const author = text(p.author);
  return `${number} ${verb} in ${repo}${author === undefined ? '' : ` by ${author}`}`;
}

function item(subject: SummarizedEvent['subject']): string {
  return subject.workItemId ?? 'a work item';
}

function inPod(subject: SummarizedEvent['subject']): string {
  return subject.podId !== undefined ? ` in pod ${subject.podId}` : '';
}

function project(subject: SummarizedEvent['subject']): string {
  return `Project ${subject.projectId ?? '?'}`;
}

/**
 * One human sentence about an event for the live activity feed, e.g. "PR #12 opened in
 * acme/payments-api by alice". Written from the payload defensively: an event recorded by
 * an older or newer release still gets a sentence.
 */
export function summarizeEvent(event: SummarizedEvent): string {
  const p = record(event.payload);
  const s = event.subject;
  const verb = (v: string) => pr(p, v);
  switch (event.type) {
    case 'pr.opened':
      return verb('opened');
    case 'pr.reopened':
      return verb('reopened');
    case 'pr.ready_for_review':
      return verb('marked ready for review');
    case 'pr.converted_to_draft':
      return verb('converted to draft');
    case 'pr.synchronized':
      return verb('updated');
    case 'pr.closed':
      return verb(record(p.pullRequest).merged === true ? 'merged' : 'closed without merging');
    case 'pr.labeled':
      return `${verb('labeled')}: "${text(p.label) ?? ''}"`;
    case 'pr.unlabeled':
      return `${verb('unlabeled')}: "${text(p.label) ?? ''}"`;
    case 'pr.review_submitted': {
      const review = record(p.review);
      const state = text(review.state) ?? 'reviewed';
      const what = state === 'approved' ? 'approved' : state === 'changes_requested' ? 'changes requested' : state;
      return `${pr(p)}: ${what} by ${text(review.reviewer) ?? 'someone'}`;
    }
    case 'checks.completed':
      return `Check "${text(p.name) ?? '?'}" ${text(p.conclusion) ?? 'completed'} on ${text(p.repo) ?? '?'}@${(text(p.headSha) ?? '').slice(0, 7)}`;
    case 'push.default_branch':
      return `Push to ${text(p.repo) ?? '?'} ${text(p.ref) ?? ''}`.trimEnd();
    case 'deployment.status_changed':
      return `Deployment ${text(p.deploymentId) ?? '?'} of ${text(p.repo) ?? '?'} to ${text(p.environment) ?? '?'}: ${text(p.state) ?? '?'}`;
    case 'linear.issue.changed': {
      const issue = record(p.issue);
      return `${text(issue.identifier) ?? 'A Linear issue'} "${text(issue.title) ?? ''}" is ${text(issue.stateName) ?? text(issue.stateType) ?? 'changed'}`;
    }
    case 'linear.project.changed':
      return `Linear project "${text(record(p.project).name) ?? '?'}" changed`;
    case 'wip.granted':
      return `${item(s)} took a ${text(p.lane) ?? 'regular'} WIP slot${inPod(s)}`;
    case 'wip.promoted':
      return `${item(s)} moved from the queue into a WIP slot${inPod(s)}`;
    case 'wip.queued':
      return `${item(s)} is queued for a WIP slot${inPod(s)}${text(p.position) !== undefined ? ` at #${text(p.position)}` : ''}`;
    case 'wip.released':
      return `${item(s)} released its WIP slot${inPod(s)}`;
    case 'wip.draft':
      return `${item(s)} went back to draft${inPod(s)}`;
    case 'wip.policy_changed':
      return `WIP policy changed${inPod(s)}`;
    case 'stage.started':
      return `${project(s)} started in stage ${text(p.stageId) ?? '?'}`;
    case 'stage.advanced':
      return `${project(s)} advanced from ${text(p.from) ?? '?'} to ${text(p.to) ?? '?'}`;
    case 'stage.overridden':
      return `${project(s)} moved from ${text(p.from) ?? '?'} to ${text(p.to) ?? '?'} by override of ${text(p.actor) ?? 'a lead'}`;
    case 'stage.advance_refused':
      return `${project(s)} may not leave ${text(p.stageId) ?? 'its stage'} yet (request ${text(p.failedRequests) ?? '?'})`;
    case 'stage.escalated':
      return `${project(s)} is stuck in ${text(p.stageId) ?? 'its stage'}: escalated to the pod lead`;
    case 'stage.resumed':
      return `${project(s)} resumed in ${text(p.stageId) ?? 'its stage'}`;
    case 'stage.time_limit_exceeded':
      return `${project(s)} is past the time limit of ${text(p.stageId) ?? 'its stage'}`;
    case 'stage.evidence_submitted':
      return `${project(s)}: evidence for ${text(p.criterionId) ?? 'a criterion'} of ${text(p.stageId) ?? 'its stage'} submitted${s.personId !== undefined ? ` by ${s.personId}` : ''}`;
    case 'linear.comment_created':
      return `CLOS commented on ${text(p.identifier) ?? 'a Linear issue'}`;
    case 'health.breaker_tripped':
      return `Circuit breaker tripped${inPod(s)}: WIP limit ${text(p.limitBefore) ?? '?'} → ${text(p.limit) ?? '?'} (${text(p.reason) ?? 'unhealthy'})`;
    case 'health.breaker_recovered':
      return `Circuit breaker closed${inPod(s)}: WIP limit back to ${text(p.limit) ?? '?'}`;
    default: {
      const about = [s.projectId && `project ${s.projectId}`, s.workItemId, s.podId && `pod ${s.podId}`].filter(Boolean).join(', ');
      return about === '' ? event.type : `${event.type} (${about})`;
    }
  }
}
