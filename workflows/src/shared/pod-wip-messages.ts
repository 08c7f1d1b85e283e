import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { WipHolder, WipMode, WipPolicy, WipQueueEntry } from '@clos/domain';

/** A pull request a work item covers; its head SHA is where `clos/wip` is posted. */
export interface PullRequestKey {
  /** `owner/name`. */
  repo: string;
  number: number;
  headSha: string;
  /** When the head moved to `headSha`; an older report never moves it back. */
  headShaAt?: string;
  /** The PR's labels as last reported; recorded on its work item. */
  labels?: string[];
  /** When the labels were reported; an older report never replaces them. */
  labelsAt?: string;
  /** When the PR was opened on GitHub (its `created_at`). */
  openedAt?: string;
  /** When it was closed, set by its release. */
  closedAt?: string;
  /** When it was merged, set by its release. */
  mergedAt?: string;
}

/**
 * A unit of work asking for a WIP slot: an open pull request, a started Linear issue, or
 * both at once (a PR whose branch, title or body names the issue). Any of its ids — the
 * given `id`, `gh:<repo>#<n>` of each PR, `lin:<KEY>` of each Linear key — reaches it.
 */
export interface WorkItemInput {
  /** `gh:owner/repo#12` or `lin:PAY-44`. */
  id: string;
  personId?: string;
  title?: string;
  url?: string;
  /** Carries the pod's expedite label: takes the expedite lane. */
  expedite?: boolean;
  pullRequests?: PullRequestKey[];
  /** Linear identifiers such as `PAY-44`. */
  linearKeys?: string[];
}

/** Input of {@link acquireUpdate}. */
export interface AcquireInput extends WorkItemInput {
  /** A draft PR is tracked but takes no slot until it is ready for review. */
  draft?: boolean;
  /**
   * When the fact happened (ISO-8601). An acquisition older than the item's release
   * (a redelivered or reordered "opened") changes nothing.
   */
  occurredAt?: string;
}

/** Answer of {@link acquireUpdate}. */
export type AcquireResult =
  | { status: 'granted'; itemId: string; lane: 'regular' | 'expedite'; mode: WipMode; holders: WipHolder[] }
  | {
      status: 'queued';
      itemId: string;
      /** 1-based. */
      position: number;
      reason: WipQueueEntry['reason'];
      mode: WipMode;
      holders: WipHolder[];
    }
  | { status: 'draft'; itemId: string }
  /** Older than the item's release: nothing changed. */
  | { status: 'stale'; itemId: string; releasedAt: string };

/** Why a work item lets go of its slot. */
export type ReleaseReason = 'merged' | 'closed' | 'completed' | 'canceled' | 'removed' | 'manual';

/** Input of {@link releaseUpdate}. `id` may be any of the item's ids. */
export interface ReleaseInput {
  id: string;
  reason: ReleaseReason;
  occurredAt?: string;
  /** For a PR: when GitHub closed it. */
  closedAt?: string;
  /** For a merged PR: when GitHub merged it. */
  mergedAt?: string;
  /** For a PR: its labels when it closed. */
  labels?: string[];
}

/** Answer of {@link releaseUpdate}. */
export type ReleaseResult =
  | { status: 'released'; itemId: string; promoted: string[] }
  /** The PR left an item that still has other open PRs; the slot stays. */
  | { status: 'detached'; itemId: string }
  /** Not tracked (already released, or never acquired); remembered so a late acquire is ignored. */
  | { status: 'unknown'; itemId: string }
  /** Older than the item's latest change: nothing changed. */
  | { status: 'stale'; itemId: string };

/** Input of {@link setPolicyUpdate}: a patch of the policy, who asked, and why. */
export interface SetPolicyInput {
  policy: Partial<WipPolicy>;
  actor: string;
  reason: string;
}

/** Answer of {@link setPolicyUpdate}. */
export interface SetPolicyResult {
  policy: WipPolicy;
  promoted: string[];
}

/** Input of {@link headShaChangedSignal} (a `synchronize`). */
export interface HeadShaChangedInput {
  repo: string;
  number: number;
  headSha: string;
  occurredAt?: string;
}

/** Input of {@link draftChangedSignal}. `item` lets a ready-for-review PR acquire when unknown. */
export interface DraftChangedInput {
  item: WorkItemInput;
  draft: boolean;
  occurredAt?: string;
}

/** Input of {@link mergeGroupRequestedSignal}: a merge queue asks for the group's head SHA. */
export interface MergeGroupInput {
  repo: string;
  headSha: string;
  /** e.g. `refs/heads/gh-readonly-queue/main/pr-12-<sha>`; PR numbers are read from it when not given. */
  headRef?: string;
  pullRequestNumbers?: number[];
}

/** A tracked work item as the query shows it. */
export interface TrackedWorkItem {
  id: string;
  personId?: string;
  title?: string;
  url?: string;
  expedite: boolean;
  draft: boolean;
  pullRequests: PullRequestKey[];
  linearKeys: string[];
  /** Latest `occurredAt` applied; inputs older than this change nothing. */
  lastChangeAt?: string;
}

/** Answer of {@link wipStateQuery}. */
export interface PodWipView {
  podId: string;
  policy: WipPolicy;
  holders: WipHolder[];
  queue: WipQueueEntry[];
  items: TrackedWorkItem[];
  /** Status verdicts as posted (or about to be). */
  verdicts: { itemId: string; state: 'success' | 'failure'; description: string }[];
}

/** Ask for a WIP slot; answers granted, or queued with position and current holders. */
export const acquireUpdate = defineUpdate<AcquireResult, [AcquireInput]>('acquire');
/** Let go of a slot (merged, closed, completed, canceled); promotes the queue. */
export const releaseUpdate = defineUpdate<ReleaseResult, [ReleaseInput]>('release');
/** Change limit, per-person limit, mode or expedite quota; audited. */
export const setPolicyUpdate = defineUpdate<SetPolicyResult, [SetPolicyInput]>('setPolicy');
/** A PR got new commits: its status moves to the new head. */
export const headShaChangedSignal = defineSignal<[HeadShaChangedInput]>('headShaChanged');
/** A PR became a draft (frees its slot) or ready for review (asks for one). */
export const draftChangedSignal = defineSignal<[DraftChangedInput]>('draftChanged');
/** A merge queue group needs the real verdict of the PRs in it. */
export const mergeGroupRequestedSignal = defineSignal<[MergeGroupInput]>('mergeGroupRequested');
/** The pod's WIP state. */
export const wipStateQuery = defineQuery<PodWipView>('wipState');
