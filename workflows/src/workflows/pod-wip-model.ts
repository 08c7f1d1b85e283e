import {
  acquireSlot,
  githubWorkItemId,
  initialWipState,
  linearWorkItemId,
  parseWorkItemId,
  releaseSlot,
  setWipPolicy,
  wipVerdict,
} from '@clos/domain';
import type { WipHolder, WipPolicy, WipState } from '@clos/domain';
import type {
  AcquireInput,
  AcquireResult,
  DraftChangedInput,
  HeadShaChangedInput,
  MergeGroupInput,
  PodWipView,
  PullRequestKey,
  ReleaseInput,
  ReleaseResult,
  SetPolicyInput,
  SetPolicyResult,
  TrackedWorkItem,
  WorkItemInput,
} from '../shared/pod-wip-messages.js';
import type { PodWipCarried } from '../shared/workflow-inputs.js';
import { describeMergeGroup, draftDescription } from './pod-wip-verdicts.js';

/** Something that changed, for the record, the notifications and the statuses. */
export type WipChange =
  | { kind: 'granted'; item: TrackedWorkItem; lane: 'regular' | 'expedite'; promoted: boolean }
  | { kind: 'queued'; item: TrackedWorkItem; position: number; reason: string; holders: WipHolder[] }
  | { kind: 'released'; item: TrackedWorkItem; reason: string; promoted: string[] }
  | { kind: 'draft'; item: TrackedWorkItem }
  | { kind: 'updated'; item: TrackedWorkItem }
  | { kind: 'policy'; before: WipPolicy; after: WipPolicy; actor: string; reason: string; promoted: string[] };

/** A commit status the pod wants on a SHA. */
export interface DesiredWipStatus {
  repo: string;
  sha: string;
  itemId: string;
  state: 'success' | 'failure';
  description: string;
  /** What the status means beyond its state: a change of kind is re-posted, a new count is not. */
  kind: string;
}

/** Tombstones kept so a late "opened" is told from a real reopen; the oldest go first. */
const MAX_RELEASED = 2000;
/** Merge queue groups remembered at once. */
const MAX_MERGE_GROUPS = 100;

/** A fresh carried state for a pod. */
export function initialPodWipData(policy: WipPolicy, epoch: string): PodWipCarried {
  return { wip: initialWipState(policy), items: {}, aliases: {}, released: {}, posted: {}, mergeGroups: {}, epoch, seq: 0 };
}

function prId(pr: { repo: string; number: number }): string {
  return githubWorkItemId(pr.repo, pr.number);
}

/** The one spelling of an id: repositories lower-cased, Linear keys upper-cased. */
export function normalizeId(id: string): string {
  const parsed = parseWorkItemId(id);
  if (parsed === undefined) return id;
  return parsed.kind === 'github' ? githubWorkItemId(parsed.repo, parsed.number) : linearWorkItemId(parsed.identifier);
}

function idsOf(input: WorkItemInput): string[] {
  return [
    normalizeId(input.id),
    ...(input.pullRequests ?? []).map(prId),
    ...(input.linearKeys ?? []).map((key) => linearWorkItemId(key.toUpperCase())),
  ];
}

function allIds(item: TrackedWorkItem): string[] {
  return [...new Set([item.id, ...item.pullRequests.map(prId), ...item.linearKeys.map((k) => linearWorkItemId(k))])];
}

/** True when `a` happened strictly before `b` (ISO-8601 times). */
function before(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && Date.parse(a) < Date.parse(b);
}

function latest(a: string, b: string | undefined): string {
  return b !== undefined && Date.parse(b) > Date.parse(a) ? b : a;
}

/** Moves the item's last change forward to `at`, never back. */
function touch(item: TrackedWorkItem, at: string | undefined): void {
  if (at !== undefined) item.lastChangeAt = item.lastChangeAt === undefined ? at : latest(item.lastChangeAt, at);
}

/**
 * The pod's admission state machine around the domain's WIP rules: it maps the many ids of
 * a work item to one slot, ignores inputs older than what they would undo, and keeps drafts
 * and merge queue groups. Pure and synchronous — the workflow applies it inside a handler
 * before any await, so concurrent handlers never interleave a read and a write.
 */
export class PodWipModel {
  constructor(
    readonly podId: string,
    readonly data: PodWipCarried,
  ) {}

  get policy(): WipPolicy {
    return this.data.wip.policy;
  }

  private get wip(): WipState {
    return this.data.wip;
  }

  /** Where a tracked item stands: `held`, `queued`, `draft`, or `released` when untracked. */
  stateOf(itemId: string): string {
    const item = this.find(itemId);
    if (item === undefined) return 'released';
    if (item.draft) return 'draft';
    return this.wip.holders.some((h) => h.id === item.id) ? 'held' : 'queued';
  }

  /** The tracked item reached by any of its ids. */
  find(rawId: string): TrackedWorkItem | undefined {
    const id = normalizeId(rawId);
    const canonical = this.data.items[id] !== undefined ? id : this.data.aliases[id];
    return canonical === undefined ? undefined : this.data.items[canonical];
  }

  acquire(request: AcquireInput, now: string): { result: AcquireResult; changes: WipChange[] } {
    const input = { ...request, id: normalizeId(request.id) };
    const ids = idsOf(input);
    const tracked = ids.map((id) => this.find(id)).find((item) => item !== undefined);
    if (tracked === undefined) {
      const releasedAt = ids.map((id) => this.data.released[id]).find((at) => at !== undefined && !before(at, input.occurredAt));
      if (releasedAt !== undefined && input.occurredAt !== undefined) {
        return { result: { status: 'stale', itemId: input.id, releasedAt }, changes: [] };
      }
      const item: TrackedWorkItem = {
        id: input.id,
        expedite: input.expedite === true,
        draft: input.draft === true,
        pullRequests: [],
        linearKeys: [],
        ...(input.occurredAt !== undefined ? { lastChangeAt: input.occurredAt } : {}),
      };
      this.data.items[item.id] = item;
      this.merge(item, input);
      if (item.draft) return { result: { status: 'draft', itemId: item.id }, changes: [{ kind: 'draft', item }] };
      return this.admit(item, now);
    }

    const item = tracked;
    const wasExpedite = item.expedite;
    this.merge(item, input);
    touch(item, input.occurredAt);
    if (input.draft === false && item.draft) {
      item.draft = false;
      return this.admit(item, now);
    }
    if (item.draft) return { result: { status: 'draft', itemId: item.id }, changes: [{ kind: 'updated', item }] };
    // A queued item that gains the expedite label moves to the expedite lane.
    if (!wasExpedite && item.expedite && this.queuePosition(item.id) !== undefined) {
      this.data.wip = releaseSlot(this.wip, item.id, now).state;
      return this.admit(item, now);
    }
    const outcome = this.outcomeOf(item);
    if (outcome === undefined) return this.admit(item, now);
    return { result: outcome, changes: [{ kind: 'updated', item }] };
  }

  release(request: ReleaseInput, now: string): { result: ReleaseResult; changes: WipChange[] } {
    const input = { ...request, id: normalizeId(request.id) };
    const item = this.find(input.id);
    const at = input.occurredAt ?? now;
    if (item === undefined) {
      this.data.released[input.id] = latest(at, this.data.released[input.id]);
      this.pruneReleased();
      return { result: { status: 'unknown', itemId: input.id }, changes: [] };
    }
    if (before(input.occurredAt, item.lastChangeAt)) return { result: { status: 'stale', itemId: item.id }, changes: [] };

    const pr = item.pullRequests.find((p) => prId(p) === input.id);
    if (pr !== undefined) closePullRequest(pr, input);
    if (pr !== undefined && item.pullRequests.length > 1) {
      item.pullRequests = item.pullRequests.filter((p) => p !== pr);
      delete this.data.aliases[input.id];
      this.data.released[input.id] = at;
      touch(item, input.occurredAt);
      return { result: { status: 'detached', itemId: item.id }, changes: [{ kind: 'updated', item }] };
    }

    const promoted = this.free(item, now);
    for (const id of allIds(item)) {
      this.data.released[id] = at;
      delete this.data.aliases[id];
    }
    delete this.data.items[item.id];
    this.dropMergeGroupsOf(item);
    this.pruneReleased();
    return {
      result: { status: 'released', itemId: item.id, promoted: promoted.map((h) => h.id) },
      changes: [{ kind: 'released', item, reason: input.reason, promoted: promoted.map((h) => h.id) }, ...this.promotedChanges(promoted)],
    };
  }

  setPolicy(input: SetPolicyInput, now: string): { result: SetPolicyResult; changes: WipChange[] } {
    const beforePolicy = this.policy;
    const { state, promoted } = setWipPolicy(this.wip, input.policy, now);
    this.data.wip = state;
    const ids = promoted.map((h) => h.id);
    return {
      result: { policy: this.policy, promoted: ids },
      changes: [
        { kind: 'policy', before: beforePolicy, after: this.policy, actor: input.actor, reason: input.reason, promoted: ids },
        ...this.promotedChanges(promoted),
      ],
    };
  }

  headShaChanged(input: HeadShaChangedInput): WipChange[] {
    const item = this.find(githubWorkItemId(input.repo, input.number));
    const pr = item?.pullRequests.find((p) => p.repo === input.repo && p.number === input.number);
    if (item === undefined || pr === undefined || pr.headSha === input.headSha) return [];
    if (before(input.occurredAt, pr.headShaAt)) return [];
    pr.headSha = input.headSha;
    if (input.occurredAt !== undefined) pr.headShaAt = input.occurredAt;
    else delete pr.headShaAt;
    return [{ kind: 'updated', item }];
  }

  draftChanged(input: DraftChangedInput, now: string): WipChange[] {
    const item = idsOf(input.item)
      .map((id) => this.find(id))
      .find((i) => i !== undefined);
    if (item !== undefined && before(input.occurredAt, item.lastChangeAt)) return [];
    if (!input.draft) return this.acquire({ ...input.item, draft: false, ...(input.occurredAt ? { occurredAt: input.occurredAt } : {}) }, now).changes;
    if (item === undefined) {
      return this.acquire({ ...input.item, draft: true, ...(input.occurredAt ? { occurredAt: input.occurredAt } : {}) }, now).changes;
    }
    touch(item, input.occurredAt);
    if (item.draft) return [];
    const promoted = this.free(item, now);
    item.draft = true;
    return [{ kind: 'draft', item }, ...this.promotedChanges(promoted)];
  }

  mergeGroup(input: MergeGroupInput): boolean {
    const numbers = input.pullRequestNumbers ?? numbersFromQueueRef(input.headRef);
    const key = `${input.repo}@${input.headSha}`;
    if (this.data.mergeGroups[key] !== undefined) return false;
    this.data.mergeGroups[key] = { repo: input.repo, headSha: input.headSha, numbers };
    const keys = Object.keys(this.data.mergeGroups);
    for (const old of keys.slice(0, Math.max(0, keys.length - MAX_MERGE_GROUPS))) delete this.data.mergeGroups[old];
    return true;
  }

  /** The `clos/wip` status every tracked PR head and merge group should carry now. */
  desiredStatuses(): DesiredWipStatus[] {
    const out: DesiredWipStatus[] = [];
    for (const item of Object.values(this.data.items)) {
      const verdict = this.verdictOf(item);
      const kind = item.draft ? 'draft' : `${this.policy.mode}:${this.stateOf(item.id)}`;
      for (const pr of item.pullRequests) out.push({ repo: pr.repo, sha: pr.headSha, itemId: item.id, ...verdict, kind });
    }
    for (const group of Object.values(this.data.mergeGroups)) {
      const verdict = describeMergeGroup(
        this.policy.mode,
        group.numbers.map((number) => {
          const item = this.find(githubWorkItemId(group.repo, number));
          if (item === undefined || item.draft) return { number, held: false };
          return { number, held: this.wip.holders.some((h) => h.id === item.id), verdict: this.verdictOf(item) };
        }),
      );
      out.push({ repo: group.repo, sha: group.headSha, itemId: `merge-group:${group.headSha}`, ...verdict, kind: `${this.policy.mode}:merge-group` });
    }
    return out;
  }

  view(): PodWipView {
    const items = Object.values(this.data.items);
    return {
      podId: this.podId,
      policy: this.policy,
      holders: this.wip.holders,
      queue: this.wip.queue,
      items,
      verdicts: items.map((item) => ({ itemId: item.id, ...this.verdictOf(item) })),
    };
  }

  /** Drops what only the current run needs before carrying the state over. */
  compact(): PodWipCarried {
    const wanted = new Set(this.desiredStatuses().map((s) => `${s.repo}@${s.sha}`));
    for (const key of Object.keys(this.data.posted)) if (!wanted.has(key)) delete this.data.posted[key];
    this.pruneReleased();
    return this.data;
  }

  private verdictOf(item: TrackedWorkItem): { state: 'success' | 'failure'; description: string } {
    if (item.draft) return { state: 'success', description: draftDescription(this.wip) };
    return wipVerdict(this.wip, item.id);
  }

  private admit(item: TrackedWorkItem, now: string): { result: AcquireResult; changes: WipChange[] } {
    const { state, outcome } = acquireSlot(this.wip, refOf(item), now);
    this.data.wip = state;
    if (outcome.status === 'granted') {
      return {
        result: { status: 'granted', itemId: item.id, lane: outcome.lane, mode: this.policy.mode, holders: this.wip.holders },
        changes: [{ kind: 'granted', item, lane: outcome.lane, promoted: false }],
      };
    }
    return {
      result: {
        status: 'queued',
        itemId: item.id,
        position: outcome.position,
        reason: outcome.reason,
        mode: this.policy.mode,
        holders: outcome.holders,
      },
      changes: [{ kind: 'queued', item, position: outcome.position, reason: outcome.reason, holders: outcome.holders }],
    };
  }

  /** Where the item stands, or undefined when it neither holds nor waits. */
  private outcomeOf(item: TrackedWorkItem): AcquireResult | undefined {
    const holder = this.wip.holders.find((h) => h.id === item.id);
    if (holder !== undefined) {
      return { status: 'granted', itemId: item.id, lane: holder.lane, mode: this.policy.mode, holders: this.wip.holders };
    }
    const index = this.wip.queue.findIndex((q) => q.id === item.id);
    const entry = this.wip.queue[index];
    if (entry !== undefined) {
      return {
        status: 'queued',
        itemId: item.id,
        position: index + 1,
        reason: entry.reason,
        mode: this.policy.mode,
        holders: this.wip.holders,
      };
    }
    return undefined;
  }

  private queuePosition(id: string): number | undefined {
    const index = this.wip.queue.findIndex((q) => q.id === id);
    return index < 0 ? undefined : index + 1;
  }

  /** Takes the item out of the holders or the queue; answers who was promoted. */
  private free(item: TrackedWorkItem, now: string): WipHolder[] {
    if (item.draft) return [];
    const { state, promoted } = releaseSlot(this.wip, item.id, now);
    this.data.wip = state;
    return promoted;
  }

  private promotedChanges(promoted: WipHolder[]): WipChange[] {
    return promoted.flatMap((holder) => {
      const item = this.data.items[holder.id];
      return item === undefined ? [] : [{ kind: 'granted' as const, item, lane: holder.lane, promoted: true }];
    });
  }

  private merge(item: TrackedWorkItem, input: WorkItemInput & { occurredAt?: string }): void {
    if (input.personId !== undefined) item.personId = input.personId;
    if (input.title !== undefined) item.title = input.title;
    if (input.url !== undefined) item.url = input.url;
    if (input.expedite === true) item.expedite = true;
    for (const pr of input.pullRequests ?? []) upsertPullRequest(item.pullRequests, pr, input.occurredAt);
    for (const key of input.linearKeys ?? []) {
      const upper = key.toUpperCase();
      if (!item.linearKeys.includes(upper)) item.linearKeys.push(upper);
    }
    for (const id of allIds(item)) {
      if (id !== item.id) this.data.aliases[id] = item.id;
      delete this.data.released[id];
    }
  }

  private dropMergeGroupsOf(item: TrackedWorkItem): void {
    for (const [key, group] of Object.entries(this.data.mergeGroups)) {
      if (item.pullRequests.some((pr) => pr.repo === group.repo && group.numbers.includes(pr.number))) {
        delete this.data.mergeGroups[key];
      }
    }
  }

  private pruneReleased(): void {
    const entries = Object.entries(this.data.released);
    if (entries.length <= MAX_RELEASED) return;
    entries.sort((a, b) => Date.parse(a[1]) - Date.parse(b[1]));
    for (const [id] of entries.slice(0, entries.length - MAX_RELEASED)) delete this.data.released[id];
  }
}

function refOf(item: TrackedWorkItem): {
  id: string;
  personId?: string;
  title?: string;
  url?: string;
  expedite?: boolean;
} {
  return {
    id: item.id,
    ...(item.personId !== undefined ? { personId: item.personId } : {}),
    ...(item.title !== undefined ? { title: item.title } : {}),
    ...(item.url !== undefined ? { url: item.url } : {}),
    expedite: item.expedite,
  };
}

function upsertPullRequest(list: PullRequestKey[], pr: PullRequestKey, at: string | undefined): void {
  const existing = list.find((p) => p.repo === pr.repo && p.number === pr.number);
  const headShaAt = pr.headShaAt ?? at;
  if (existing === undefined) {
    list.push({ repo: pr.repo, number: pr.number, headSha: pr.headSha, ...(headShaAt !== undefined ? { headShaAt } : {}) });
    recordPullRequestFacts(list[list.length - 1]!, pr, at);
    return;
  }
  recordPullRequestFacts(existing, pr, at);
  // A redelivered old report must not move the head back.
  if (existing.headSha === pr.headSha || before(headShaAt, existing.headShaAt)) return;
  existing.headSha = pr.headSha;
  if (headShaAt !== undefined) existing.headShaAt = headShaAt;
  else delete existing.headShaAt;
}

/** Keeps what the record wants of a PR (labels, when it opened); an older report never replaces newer labels. */
function recordPullRequestFacts(target: PullRequestKey, report: PullRequestKey, at: string | undefined): void {
  if (target.openedAt === undefined && report.openedAt !== undefined) target.openedAt = report.openedAt;
  const labelsAt = report.labelsAt ?? at;
  if (report.labels === undefined || before(labelsAt, target.labelsAt)) return;
  target.labels = [...report.labels];
  if (labelsAt !== undefined) target.labelsAt = labelsAt;
}

/** Notes on a released PR when it closed and merged, and its last labels. */
function closePullRequest(pr: PullRequestKey, input: ReleaseInput): void {
  if (input.closedAt !== undefined) pr.closedAt = input.closedAt;
  if (input.mergedAt !== undefined) pr.mergedAt = input.mergedAt;
  if (input.labels !== undefined && !before(input.occurredAt, pr.labelsAt)) pr.labels = [...input.labels];
}

/** PR numbers from a merge queue branch such as `gh-readonly-queue/main/pr-12-<sha>`. */
export function numbersFromQueueRef(ref: string | undefined): number[] {
  if (ref === undefined) return [];
  return [...ref.matchAll(/(?:^|\/)pr-(\d+)-/g)].map((m) => Number(m[1]));
}
