import { evaluateGate, parseTasksMarkdown, resolveArtifactPath, roleAtLeast, sameRepo, stageVerdict } from '@clos/domain';
import type { GateEvaluation, GateFacts, Role, StageDef, StageTemplate, WipMode } from '@clos/domain';
import type { LoadedGateFacts } from '../activities/types.js';
import type {
  AdvanceRequestInput,
  AdvanceResult,
  ArtifactPushedInput,
  CheckCompletedInput,
  EvidenceInput,
  LinearProgressInput,
  MissingCriterion,
  OverrideInput,
  OverrideResult,
  PullRequestChangedInput,
  ResumeInput,
  ResumeResult,
  ReviewSubmittedInput,
  SignoffInput,
  StageMergeGroupInput,
  StageStateView,
  TasksUpdatedInput,
} from '../shared/project-stage-messages.js';
import type { ProjectStageCarried } from '../shared/workflow-inputs.js';
import { ESCALATE_AFTER_FAILED_REQUESTS } from '../shared/project-stage-messages.js';

export { ESCALATE_AFTER_FAILED_REQUESTS };
/** Transitions kept in the workflow's state (the record keeps all). */
const MAX_TRANSITIONS = 50;
/** Merge queue group heads remembered at once. */
const MAX_MERGE_GROUPS = 50;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Something that changed, for the record and the notifications. */
export type StageChange =
  | { kind: 'advanced'; from: string; to: string; how: 'advance' | 'override'; actor: string; reason?: string; at: string }
  | { kind: 'started'; to: string; at: string }
  | { kind: 'refused'; stageId: string; by: string; missing: MissingCriterion[]; failedRequests: number }
  | { kind: 'escalated'; stageId: string; by: string; missing: MissingCriterion[]; failedRequests: number }
  | { kind: 'resumed'; stageId: string; by: string; role: Role; reason?: string }
  | { kind: 'overdue'; stageId: string; enteredAt: string; deadline: string }
  | { kind: 'evidence'; stageId: string; evidence: EvidenceInput & { at: string } };

/** What the model needs to know about the project. */
export interface ProjectIdentity {
  projectId: string;
  podId: string;
  template: StageTemplate;
  stageTimeLimitDays?: number;
}

/** A fresh carried state: the first stage (or `initialStageId`), entered now. */
export function initialProjectStageData(
  template: StageTemplate,
  initialStageId: string | undefined,
  now: string,
  epoch: string,
  mode?: WipMode,
): ProjectStageCarried {
  const first = template.stages.find((s) => s.id === initialStageId) ?? template.stages[0];
  if (first === undefined) throw new TypeError(`template ${template.id} has no stages`);
  return {
    stageId: first.id,
    ...(mode !== undefined ? { mode } : {}),
    enteredAt: now,
    alerted: false,
    paused: false,
    failedRequests: 0,
    artifacts: [],
    checks: {},
    reviews: [],
    linear: { total: 0, done: 0 },
    evidence: [],
    signoffs: [],
    openPullRequests: [],
    mergeGroups: [],
    posted: {},
    transitions: [{ from: null, to: first.id, kind: 'start', at: now }],
    epoch,
    seq: 0,
  };
}

/**
 * A project's stage gate as a state machine over the domain's gate rules. Facts about the
 * world (artifacts, checks, Linear counts, tasks.md) carry across stages; facts given to a
 * stage (reviews, evidence, sign-offs) count only for the stage they were given in. Pure
 * and synchronous; the workflow applies it inside handlers.
 */
export class ProjectStageModel {
  constructor(
    readonly project: ProjectIdentity,
    readonly data: ProjectStageCarried,
  ) {}

  get stageIndex(): number {
    return this.project.template.stages.findIndex((s) => s.id === this.data.stageId);
  }

  get stage(): StageDef {
    const stage = this.project.template.stages[this.stageIndex];
    if (stage === undefined) throw new TypeError(`stage ${this.data.stageId} is not in template ${this.project.template.id}`);
    return stage;
  }

  get terminal(): boolean {
    return this.stageIndex === this.project.template.stages.length - 1;
  }

  /** Artifact paths the template asks for, resolved for this project. */
  artifactPaths(): string[] {
    const paths = this.project.template.stages.flatMap((s) =>
      s.criteria.filter((c) => c.type === 'artifact' && c.path !== undefined).map((c) => resolveArtifactPath(c.path ?? '', this.project.projectId)),
    );
    return [...new Set(paths)];
  }

  /** Where the project's tasks.md lives, when the template tracks tasks. */
  tasksPath(): string | undefined {
    const usesTasks = this.project.template.stages.some((s) => s.criteria.some((c) => c.fromTasks === true));
    if (!usesTasks) return undefined;
    const declared = this.artifactPaths().find((p) => p.endsWith('/tasks.md'));
    return declared ?? `specs/${this.project.projectId}/tasks.md`;
  }

  /** The facts the current stage's gate is judged on. */
  facts(): GateFacts {
    const stageId = this.data.stageId;
    const tasks = this.data.tasksMarkdown !== undefined ? parseTasksMarkdown(this.data.tasksMarkdown) : undefined;
    return {
      artifacts: [...this.data.artifacts],
      checks: { ...this.data.checks },
      approvals: this.data.reviews
        .filter((r) => r.stageId === stageId && r.state === 'approved')
        .map((r) => ({ by: r.by, ...(r.role !== undefined ? { role: r.role } : {}) })),
      linear: { ...this.data.linear },
      evidence: this.data.evidence
        .filter((e) => e.stageId === stageId)
        .map((e) => ({ criterionId: e.criterionId, by: e.by, value: e.value, at: e.at, ...(e.role !== undefined ? { role: e.role } : {}) })),
      signoffs: this.data.signoffs
        .filter((s) => s.stageId === stageId)
        .map((s) => ({ by: s.by, at: s.at, ...(s.role !== undefined ? { role: s.role } : {}) })),
      ...(tasks !== undefined ? { tasks } : {}),
    };
  }

  gate(): GateEvaluation {
    return evaluateGate(this.stage, this.facts(), { projectId: this.project.projectId });
  }

  missing(): MissingCriterion[] {
    return this.gate().missing.map((m) => ({
      criterionId: m.criterion.id,
      type: m.criterion.type,
      detail: m.detail,
      ...(m.criterion.description !== undefined ? { description: m.criterion.description } : {}),
    }));
  }

  verdict(): { state: 'success' | 'failure'; description: string } {
    return stageVerdict(this.stage, this.gate(), { terminal: this.terminal, paused: this.data.paused, mode: this.data.mode ?? 'enforce' });
  }

  // ---- facts -------------------------------------------------------------------------

  artifactPushed(input: ArtifactPushedInput): { changed: boolean; tasksTouched: boolean } {
    const before = this.data.artifacts.join('\n');
    const set = new Set(this.data.artifacts);
    for (const path of input.paths) set.add(path);
    for (const path of input.removed ?? []) set.delete(path);
    this.data.artifacts = [...set].sort();
    const tasksPath = this.tasksPath();
    const tasksTouched = tasksPath !== undefined && [...input.paths, ...(input.removed ?? [])].includes(tasksPath);
    if (tasksPath !== undefined && (input.removed ?? []).includes(tasksPath)) delete this.data.tasksMarkdown;
    return { changed: before !== this.data.artifacts.join('\n'), tasksTouched };
  }

  checkCompleted(input: CheckCompletedInput): boolean {
    if (this.data.checks[input.name] === input.conclusion) return false;
    this.data.checks[input.name] = input.conclusion;
    return true;
  }

  reviewSubmitted(input: ReviewSubmittedInput): boolean {
    const state = input.state ?? 'approved';
    // A comment neither gives nor takes an approval.
    if (state === 'commented') return false;
    const stageId = this.data.stageId;
    const existing = this.data.reviews.find((r) => r.by === input.by && r.stageId === stageId);
    if (existing !== undefined && existing.state === state && existing.role === input.role) return false;
    this.data.reviews = this.data.reviews.filter((r) => !(r.by === input.by && r.stageId === stageId));
    this.data.reviews.push({ by: input.by, state, stageId, ...(input.role !== undefined ? { role: input.role } : {}) });
    return true;
  }

  linearProgress(input: LinearProgressInput): boolean {
    if (this.data.linear.total === input.total && this.data.linear.done === input.done) return false;
    this.data.linear = { total: input.total, done: input.done };
    return true;
  }

  /** Records evidence once per (stage, criterion, person, value); answers the change to record. */
  evidenceSubmitted(input: EvidenceInput, now: string): StageChange | undefined {
    const stageId = input.stageId ?? this.data.stageId;
    const duplicate = this.data.evidence.some(
      (e) => e.stageId === stageId && e.criterionId === input.criterionId && e.by === input.by && e.value === input.value,
    );
    if (duplicate) return undefined;
    const at = input.at ?? now;
    this.data.evidence.push({
      criterionId: input.criterionId,
      by: input.by,
      value: input.value,
      at,
      stageId,
      ...(input.role !== undefined ? { role: input.role } : {}),
    });
    return { kind: 'evidence', stageId, evidence: { ...input, at } };
  }

  signoff(input: SignoffInput, now: string): boolean {
    const stageId = input.stageId ?? this.data.stageId;
    if (this.data.signoffs.some((s) => s.stageId === stageId && s.by === input.by && s.role === input.role)) return false;
    this.data.signoffs = this.data.signoffs.filter((s) => !(s.stageId === stageId && s.by === input.by));
    this.data.signoffs.push({ by: input.by, at: input.at ?? now, stageId, ...(input.role !== undefined ? { role: input.role } : {}) });
    return true;
  }

  /** The pod's enforcement mode for the gate's status: observe and warn never go red. */
  setMode(mode: WipMode): boolean {
    if ((this.data.mode ?? 'enforce') === mode) return false;
    this.data.mode = mode;
    return true;
  }

  tasksUpdated(input: TasksUpdatedInput): boolean {
    if (this.data.tasksMarkdown === input.markdown) return false;
    this.data.tasksMarkdown = input.markdown;
    return true;
  }

  /** Merges what GitHub and Linear know: looked-up paths are set or cleared, counts replaced. */
  applyLoadedFacts(loaded: LoadedGateFacts): boolean {
    const before = JSON.stringify([this.data.artifacts, this.data.linear, this.data.tasksMarkdown ?? null]);
    const set = new Set(this.data.artifacts);
    for (const path of loaded.checkedPaths) set.delete(path);
    for (const path of loaded.artifacts) set.add(path);
    this.data.artifacts = [...set].sort();
    if (loaded.linear !== undefined) this.data.linear = { ...loaded.linear };
    if (loaded.tasksMarkdown !== undefined) {
      if (loaded.tasksMarkdown === null) delete this.data.tasksMarkdown;
      else this.data.tasksMarkdown = loaded.tasksMarkdown;
    }
    return before !== JSON.stringify([this.data.artifacts, this.data.linear, this.data.tasksMarkdown ?? null]);
  }

  pullRequestChanged(input: PullRequestChangedInput): boolean {
    const others = this.data.openPullRequests.filter((p) => !(sameRepo(p.repo, input.repo) && p.number === input.number));
    const existing = this.data.openPullRequests.find((p) => sameRepo(p.repo, input.repo) && p.number === input.number);
    if (input.state === 'closed') {
      this.data.openPullRequests = others;
      return existing !== undefined;
    }
    if (existing?.headSha === input.headSha) return false;
    this.data.openPullRequests = [...others, { repo: input.repo, number: input.number, headSha: input.headSha, state: 'open' }];
    return true;
  }

  mergeGroup(input: StageMergeGroupInput): boolean {
    if (this.data.mergeGroups.some((g) => sameRepo(g.repo, input.repo) && g.headSha === input.headSha)) return false;
    this.data.mergeGroups = [...this.data.mergeGroups, { repo: input.repo, number: 0, headSha: input.headSha }].slice(-MAX_MERGE_GROUPS);
    return true;
  }

  // ---- moving -------------------------------------------------------------------------

  /** Advances through every stage whose gate passes (unless paused or done). */
  advanceWhilePassing(now: string): StageChange[] {
    const changes: StageChange[] = [];
    while (!this.data.paused && !this.terminal && this.gate().passed) {
      changes.push(this.moveTo(this.stageIndex + 1, now, 'advance', 'clos'));
    }
    return changes;
  }

  /** A person asks to advance: answered by the gate, counted, and escalated on the third refusal. */
  requestAdvance(input: AdvanceRequestInput, now: string): { result: AdvanceResult; changes: StageChange[] } {
    const stageId = this.data.stageId;
    if (this.terminal) return { result: { status: 'done', stageId }, changes: [] };
    if (this.data.paused) {
      return { result: { status: 'paused', stageId, pausedSince: this.data.pausedSince ?? now }, changes: [] };
    }
    if (this.gate().passed) {
      const from = stageId;
      const changes = [this.moveTo(this.stageIndex + 1, now, 'advance', input.by), ...this.advanceWhilePassing(now)];
      return { result: { status: 'advanced', from, to: this.data.stageId }, changes };
    }
    const missing = this.missing();
    this.data.failedRequests += 1;
    const failedRequests = this.data.failedRequests;
    const escalated = failedRequests >= ESCALATE_AFTER_FAILED_REQUESTS;
    const change: StageChange = { kind: escalated ? 'escalated' : 'refused', stageId, by: input.by, missing, failedRequests };
    if (escalated) {
      this.data.paused = true;
      this.data.pausedSince = now;
    }
    return { result: { status: 'blocked', stageId, missing, failedRequests, escalated }, changes: [change] };
  }

  /** Moves regardless of the gate; the validator has checked role and reason. */
  override(input: OverrideInput, now: string): { result: OverrideResult; changes: StageChange[] } {
    const from = this.data.stageId;
    const target =
      input.toStageId !== undefined
        ? this.project.template.stages.findIndex((s) => s.id === input.toStageId)
        : Math.min(this.stageIndex + 1, this.project.template.stages.length - 1);
    const changes = [this.moveTo(target, now, 'override', input.by, input.reason), ...this.advanceWhilePassing(now)];
    return { result: { status: 'advanced', from, to: this.data.stageId }, changes };
  }

  resume(input: ResumeInput, now: string): { result: ResumeResult; changes: StageChange[] } {
    const stageId = this.data.stageId;
    if (!this.data.paused) return { result: { status: 'not_paused', stageId }, changes: [] };
    this.data.paused = false;
    delete this.data.pausedSince;
    this.data.failedRequests = 0;
    const resumed: StageChange = {
      kind: 'resumed',
      stageId,
      by: input.by,
      role: input.role,
      ...(input.reason !== undefined ? { reason: input.reason } : {}),
    };
    return { result: { status: 'resumed', stageId }, changes: [resumed, ...this.advanceWhilePassing(now)] };
  }

  /** The time the current stage's limit runs out, in ms since the epoch. */
  deadline(): number | undefined {
    const days = this.stage.timeLimitDays ?? this.project.stageTimeLimitDays;
    if (days === undefined || this.terminal) return undefined;
    return Date.parse(this.data.enteredAt) + days * DAY_MS;
  }

  /** The alert, once per stage, when the time limit has run out. */
  checkOverdue(nowMs: number): StageChange | undefined {
    const deadline = this.deadline();
    if (deadline === undefined || this.data.alerted || nowMs < deadline) return undefined;
    this.data.alerted = true;
    return { kind: 'overdue', stageId: this.data.stageId, enteredAt: this.data.enteredAt, deadline: new Date(deadline).toISOString() };
  }

  /** The `clos/stage-gate` status each open PR head and merge group should carry. */
  desiredStatuses(): { repo: string; sha: string; state: 'success' | 'failure'; description: string; kind: string }[] {
    const verdict = this.verdict();
    const kind = this.statusKind();
    return [...this.data.openPullRequests, ...this.data.mergeGroups].map((pr) => ({ repo: pr.repo, sha: pr.headSha, ...verdict, kind }));
  }

  /**
   * What a `clos/stage-gate` status means beyond pass/fail (ADR 0011): the mode and the stage
   * the gate stands at, paused or not. Blocked at Design and blocked at Build are different
   * verdicts, worth a write each; a criterion met within a stage is not.
   */
  statusKind(): string {
    return `${this.data.mode ?? 'enforce'}:${this.stage.id}${this.data.paused ? ':paused' : ''}`;
  }

  view(nowMs: number): StageStateView {
    const gate = this.gate();
    const deadline = this.deadline();
    return {
      projectId: this.project.projectId,
      podId: this.project.podId,
      templateId: this.project.template.id,
      stage: { id: this.stage.id, name: this.stage.name, index: this.stageIndex, terminal: this.terminal },
      enteredAt: this.data.enteredAt,
      ...(deadline !== undefined ? { deadline: new Date(deadline).toISOString() } : {}),
      overdue: deadline !== undefined && nowMs >= deadline,
      paused: this.data.paused,
      ...(this.data.pausedSince !== undefined ? { pausedSince: this.data.pausedSince } : {}),
      failedRequests: this.data.failedRequests,
      mode: this.data.mode ?? 'enforce',
      facts: this.facts(),
      gate: {
        passed: gate.passed,
        results: gate.results.map((r) => ({ criterionId: r.criterion.id, type: r.criterion.type, met: r.met, detail: r.detail })),
      },
      verdict: this.verdict(),
      openPullRequests: this.data.openPullRequests,
      transitions: this.data.transitions,
    };
  }

  private moveTo(index: number, now: string, how: 'advance' | 'override', actor: string, reason?: string): StageChange {
    const from = this.data.stageId;
    const target = this.project.template.stages[index];
    if (target === undefined) throw new TypeError(`no stage at index ${index}`);
    this.data.stageId = target.id;
    this.data.enteredAt = now;
    this.data.alerted = false;
    this.data.failedRequests = 0;
    this.data.paused = false;
    delete this.data.pausedSince;
    this.data.transitions = [
      ...this.data.transitions,
      { from, to: target.id, kind: how, at: now, actor, ...(reason !== undefined ? { reason } : {}) },
    ].slice(-MAX_TRANSITIONS);
    return { kind: 'advanced', from, to: target.id, how, actor, at: now, ...(reason !== undefined ? { reason } : {}) };
  }
}

/** Whether `role` may override or resume a gate. */
export function canSteerGate(role: Role | undefined): boolean {
  return roleAtLeast(role, 'lead');
}
