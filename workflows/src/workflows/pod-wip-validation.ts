import { REPO_NAME_PATTERN } from '@clos/domain';
import { log } from '@temporalio/workflow';
import { POD_WIP_COMMAND_TYPES } from '../shared/batch-messages.js';
import type { PodWipCommand } from '../shared/batch-messages.js';
import type {
  AcquireInput,
  DraftChangedInput,
  HeadShaChangedInput,
  MergeGroupInput,
  ReleaseInput,
  SetPolicyInput,
} from '../shared/pod-wip-messages.js';
import {
  optionalArray,
  optionalBoolean,
  requireBoolean,
  optionalText,
  optionalTime,
  requireInt,
  requireObject,
  requireOneOf,
  requireRepo,
  requireString,
  requireText,
  refuse,
} from './validate.js';

/** Linear issue keys as the domain accepts them (`PAY-44`). */
const LINEAR_KEY = /^[A-Za-z][A-Za-z0-9]*-[1-9][0-9]*$/;

function requireGithubRepo(value: unknown, path: string): void {
  requireRepo(value, path);
  if (!REPO_NAME_PATTERN.test(value as string)) throw refuse('InvalidInput', `${path} is not a GitHub repository name: ${JSON.stringify(value)}`);
}

const RELEASE_REASONS = ['merged', 'closed', 'completed', 'canceled', 'removed', 'manual'] as const;
const MODES = ['observe', 'warn', 'enforce'] as const;

function checkPullRequest(value: unknown, path: string): void {
  const pr = requireObject(value, path);
  requireGithubRepo(pr.repo, `${path}.repo`);
  requireInt(pr.number, `${path}.number`, 1);
  requireText(pr.headSha, `${path}.headSha`, 100);
  optionalTime(pr.headShaAt, `${path}.headShaAt`);
  checkLabels(pr.labels, `${path}.labels`);
  optionalTime(pr.labelsAt, `${path}.labelsAt`);
  optionalTime(pr.openedAt, `${path}.openedAt`);
  optionalTime(pr.closedAt, `${path}.closedAt`);
  optionalTime(pr.mergedAt, `${path}.mergedAt`);
}

/** Labels are recorded, never enforced on: any string GitHub allows passes. */
function checkLabels(value: unknown, path: string): void {
  optionalArray(value, path, (label, p) => void requireString(label, p, 1000));
}

function checkWorkItem(value: unknown, path: string): void {
  const item = requireObject(value, path);
  requireText(item.id, `${path}.id`, 300);
  optionalText(item.personId, `${path}.personId`, 300);
  optionalText(item.title, `${path}.title`, 1000);
  optionalText(item.url, `${path}.url`, 2000);
  optionalBoolean(item.expedite, `${path}.expedite`);
  optionalArray(item.pullRequests, `${path}.pullRequests`, checkPullRequest);
  optionalArray(item.linearKeys, `${path}.linearKeys`, (k, p) => {
    if (typeof k !== 'string' || !LINEAR_KEY.test(k)) {
      throw refuse('InvalidInput', `${p} must be a Linear key such as PAY-44`);
    }
  });
}

/** Rejects a malformed acquisition before it enters history. */
export function validateAcquire(input: AcquireInput): void {
  checkWorkItem(input, 'acquire');
  optionalBoolean(input.draft, 'acquire.draft');
  optionalTime(input.occurredAt, 'acquire.occurredAt');
}

/** Rejects a malformed release. */
export function validateRelease(input: ReleaseInput): void {
  const r = requireObject(input, 'release');
  requireText(r.id, 'release.id', 300);
  requireOneOf(r.reason, RELEASE_REASONS, 'release.reason');
  optionalTime(r.occurredAt, 'release.occurredAt');
  optionalTime(r.closedAt, 'release.closedAt');
  optionalTime(r.mergedAt, 'release.mergedAt');
  checkLabels(r.labels, 'release.labels');
}

/** A policy change needs an actor, a reason and sane numbers. */
export function validateSetPolicy(input: SetPolicyInput): void {
  const r = requireObject(input, 'setPolicy');
  requireText(r.actor, 'setPolicy.actor', 300);
  requireText(r.reason, 'setPolicy.reason', 2000);
  const policy = requireObject(r.policy, 'setPolicy.policy');
  if (policy.limit !== undefined) requireInt(policy.limit, 'setPolicy.policy.limit', 0);
  if (policy.perPersonLimit !== undefined) requireInt(policy.perPersonLimit, 'setPolicy.policy.perPersonLimit', 1);
  if (policy.expediteQuota !== undefined) requireInt(policy.expediteQuota, 'setPolicy.policy.expediteQuota', 0);
  if (policy.mode !== undefined) requireOneOf(policy.mode, MODES, 'setPolicy.policy.mode');
}

/** Rejects a malformed head-SHA change. */
export function validateHeadSha(input: HeadShaChangedInput): void {
  const r = requireObject(input, 'headShaChanged');
  requireGithubRepo(r.repo, 'headShaChanged.repo');
  requireInt(r.number, 'headShaChanged.number', 1);
  requireText(r.headSha, 'headShaChanged.headSha', 100);
  optionalTime(r.occurredAt, 'headShaChanged.occurredAt');
}

/** Rejects a malformed draft transition. */
export function validateDraftChanged(input: DraftChangedInput): void {
  const r = requireObject(input, 'draftChanged');
  checkWorkItem(r.item, 'draftChanged.item');
  requireBoolean(r.draft, 'draftChanged.draft');
  optionalTime(r.occurredAt, 'draftChanged.occurredAt');
}

/** Rejects a malformed merge group request. */
export function validateMergeGroup(input: MergeGroupInput): void {
  const r = requireObject(input, 'mergeGroupRequested');
  requireGithubRepo(r.repo, 'mergeGroupRequested.repo');
  requireText(r.headSha, 'mergeGroupRequested.headSha', 100);
  optionalText(r.headRef, 'mergeGroupRequested.headRef', 1000);
  optionalArray(r.pullRequestNumbers, 'mergeGroupRequested.pullRequestNumbers', (n, p) => requireInt(n, p, 1));
}

const COMMAND_VALIDATORS: { [K in PodWipCommand['type']]: (input: Extract<PodWipCommand, { type: K }>['input']) => void } = {
  acquire: validateAcquire,
  release: validateRelease,
  setPolicy: validateSetPolicy,
  headShaChanged: validateHeadSha,
  draftChanged: validateDraftChanged,
  mergeGroupRequested: validateMergeGroup,
};

/** Rejects a command with an unknown type or a malformed input. */
export function validateCommand(command: PodWipCommand): void {
  const c = requireObject(command, 'command');
  const type = requireOneOf(c.type, POD_WIP_COMMAND_TYPES, 'command.type');
  (COMMAND_VALIDATORS[type] as (input: unknown) => void)(c.input);
}

/** Signals cannot be refused: a malformed one is logged and dropped. */
export function acceptSignal(what: string, check: () => void): boolean {
  try {
    check();
    return true;
  } catch (error) {
    log.warn(`dropped a malformed ${what} signal`, { error: String(error) });
    return false;
  }
}
