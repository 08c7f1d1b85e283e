import { ROLES } from '@clos/domain';
import type { StageTemplate } from '@clos/domain';
import { log } from '@temporalio/workflow';
import type {
  AdvanceRequestInput,
  ArtifactPushedInput,
  CheckCompletedInput,
  EvidenceInput,
  GateModeInput,
  LinearProgressInput,
  OverrideInput,
  PullRequestChangedInput,
  ResumeInput,
  ReviewSubmittedInput,
  SignoffInput,
  StageMergeGroupInput,
  TasksUpdatedInput,
} from '../shared/project-stage-messages.js';
import { canSteerGate } from './project-stage-model.js';
import {
  optionalArray,
  optionalText,
  optionalTime,
  refuse,
  requireArray,
  requireInt,
  requireString,
  requireObject,
  requireOneOf,
  requireRepo,
  requireText,
} from './validate.js';

const REVIEW_STATES = ['approved', 'changes_requested', 'commented', 'dismissed'] as const;

function optionalRole(value: unknown, path: string): void {
  if (value !== undefined) requireOneOf(value, ROLES, path);
}

/** An advance request needs who asks. */
export function validateAdvanceRequest(input: AdvanceRequestInput): void {
  const r = requireObject(input, 'requestAdvance');
  requireText(r.by, 'requestAdvance.by', 300);
  optionalRole(r.role, 'requestAdvance.role');
}

/** An override needs a lead or admin, a reason, and a stage of the template. */
export function overrideValidator(template: StageTemplate): (input: OverrideInput) => void {
  return (input) => {
    const r = requireObject(input, 'override');
    requireText(r.by, 'override.by', 300);
    const role = requireOneOf(r.role, ROLES, 'override.role');
    if (typeof r.reason !== 'string' || r.reason.trim() === '') throw refuse('InvalidInput', 'override.reason must say why the gate is overridden');
    requireText(r.reason, 'override.reason', 2000);
    if (!canSteerGate(role)) throw refuse('Forbidden', `overriding a stage gate needs a lead or admin; ${String(r.by)} is ${role}`);
    if (r.toStageId !== undefined && !template.stages.some((s) => s.id === r.toStageId)) {
      throw refuse('InvalidInput', `override.toStageId ${JSON.stringify(r.toStageId)} is not a stage of template ${template.id}`);
    }
  };
}

/** Resuming a paused gate needs a lead or admin. */
export function validateResume(input: ResumeInput): void {
  const r = requireObject(input, 'resume');
  requireText(r.by, 'resume.by', 300);
  const role = requireOneOf(r.role, ROLES, 'resume.role');
  optionalText(r.reason, 'resume.reason', 2000);
  if (!canSteerGate(role)) throw refuse('Forbidden', `resuming a paused gate needs a lead or admin; ${String(r.by)} is ${role}`);
}

/** Signals cannot be refused; a malformed one is logged and dropped. */
function accept(what: string, check: () => void): boolean {
  try {
    check();
    return true;
  } catch (error) {
    log.warn(`dropped a malformed ${what} signal`, { error: String(error) });
    return false;
  }
}

const strings = (v: unknown, p: string): void => void requireText(v, p, 1000);

/** Checks of each project signal's input; false means drop it. */
export const projectSignalChecks = {
  artifactPushed: (i: ArtifactPushedInput): boolean =>
    accept('artifactPushed', () => {
      const r = requireObject(i, 'artifactPushed');
      requireRepo(r.repo, 'artifactPushed.repo');
      requireArray(r.paths, 'artifactPushed.paths', strings);
      optionalArray(r.removed, 'artifactPushed.removed', strings);
    }),
  checkCompleted: (i: CheckCompletedInput): boolean =>
    accept('checkCompleted', () => {
      const r = requireObject(i, 'checkCompleted');
      requireText(r.name, 'checkCompleted.name', 300);
      requireText(r.conclusion, 'checkCompleted.conclusion', 50);
    }),
  reviewSubmitted: (i: ReviewSubmittedInput): boolean =>
    accept('reviewSubmitted', () => {
      const r = requireObject(i, 'reviewSubmitted');
      requireText(r.by, 'reviewSubmitted.by', 300);
      optionalRole(r.role, 'reviewSubmitted.role');
      if (r.state !== undefined) requireOneOf(r.state, REVIEW_STATES, 'reviewSubmitted.state');
    }),
  linearProgress: (i: LinearProgressInput): boolean =>
    accept('linearProgress', () => {
      const r = requireObject(i, 'linearProgress');
      const total = requireInt(r.total, 'linearProgress.total', 0);
      const done = requireInt(r.done, 'linearProgress.done', 0);
      if (done > total) throw refuse('InvalidInput', 'linearProgress.done must not exceed total');
    }),
  evidenceSubmitted: (i: EvidenceInput): boolean =>
    accept('evidenceSubmitted', () => {
      const r = requireObject(i, 'evidenceSubmitted');
      requireText(r.criterionId, 'evidenceSubmitted.criterionId', 100);
      requireText(r.by, 'evidenceSubmitted.by', 300);
      requireText(r.value, 'evidenceSubmitted.value', 10_000);
      optionalRole(r.role, 'evidenceSubmitted.role');
      optionalText(r.stageId, 'evidenceSubmitted.stageId', 100);
      optionalTime(r.at, 'evidenceSubmitted.at');
    }),
  signoff: (i: SignoffInput): boolean =>
    accept('signoff', () => {
      const r = requireObject(i, 'signoff');
      requireText(r.by, 'signoff.by', 300);
      optionalRole(r.role, 'signoff.role');
      optionalText(r.stageId, 'signoff.stageId', 100);
      optionalTime(r.at, 'signoff.at');
    }),
  tasksUpdated: (i: TasksUpdatedInput): boolean =>
    accept('tasksUpdated', () => {
      const r = requireObject(i, 'tasksUpdated');
      requireString(r.markdown, 'tasksUpdated.markdown', 1_000_000);
    }),
  pullRequestChanged: (i: PullRequestChangedInput): boolean =>
    accept('pullRequestChanged', () => {
      const r = requireObject(i, 'pullRequestChanged');
      requireRepo(r.repo, 'pullRequestChanged.repo');
      requireInt(r.number, 'pullRequestChanged.number', 1);
      requireText(r.headSha, 'pullRequestChanged.headSha', 100);
      requireOneOf(r.state, ['open', 'closed'] as const, 'pullRequestChanged.state');
    }),
  gateModeChanged: (i: GateModeInput): boolean =>
    accept('gateModeChanged', () => {
      requireOneOf(requireObject(i, 'gateModeChanged').mode, ['observe', 'warn', 'enforce'] as const, 'gateModeChanged.mode');
    }),
  stageMergeGroup: (i: StageMergeGroupInput): boolean =>
    accept('stageMergeGroup', () => {
      const r = requireObject(i, 'stageMergeGroup');
      requireRepo(r.repo, 'stageMergeGroup.repo');
      requireText(r.headSha, 'stageMergeGroup.headSha', 100);
    }),
};
