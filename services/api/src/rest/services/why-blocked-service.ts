import { notFound, sameRepo } from '@clos/domain';
import type { CallContext } from '@clos/app';
import { withTimeout } from '@clos/app';
import { getStageState, getWipState, type PodWipView, type StageStateView } from '@clos/workflows';
import { explainLinks } from './explain-links.js';
import type { ServiceDependencies } from './service-context.js';

/** Where a pull request stands against its pod's WIP limit. */
export interface WipStanding {
  /** holding: it has a slot; queued: it waits for one; untracked: CLOS holds no slot for it (draft, closed, merged). */
  standing: 'holding' | 'queued' | 'untracked';
  /** The `clos/wip` status as posted; null when none is. */
  status: 'success' | 'failure' | null;
  description: string | null;
  mode: string;
  limit: number;
  held: number;
  queued: number;
  /** When it got its slot or started waiting. */
  since: string | null;
  queuePosition: number | null;
  /** What it waits for: pod_limit, person_limit or expedite_quota. */
  reason: string | null;
  /** Who holds the pod's slots now, oldest first: whose merge frees one. */
  holders: { id: string; personId: string | null; title: string | null; url: string | null; lane: string; since: string }[];
  explainUrl: string;
}

/** Where a pull request's project stands against its stage gate. */
export interface StageStanding {
  projectId: string;
  running: boolean;
  stage: string | null;
  status: 'success' | 'failure' | null;
  description: string | null;
  /** The criteria the current stage still needs. */
  missing: { criterionId: string; type: string; detail: string }[];
  paused: boolean;
  failedRequests: number;
  explainUrl: string;
}

/** Why a pull request's `clos/wip` or `clos/stage-gate` status is red, or that neither is. */
export interface WhyBlocked {
  repo: string;
  number: number;
  workItemId: string;
  podId: string;
  projectId: string | null;
  title: string | null;
  state: string | null;
  blocked: boolean;
  /** One sentence per red status (empty when nothing blocks). */
  reasons: string[];
  wip: WipStanding;
  stage: StageStanding | null;
}

interface PullRequestRow {
  id: string;
  project_id: string | null;
  state: string;
  title: string | null;
}

function wipStanding(view: PodWipView | undefined, itemId: string, explainUrl: string): WipStanding {
  const holders = view?.holders ?? [];
  const queue = view?.queue ?? [];
  const holder = holders.find((h) => h.id === itemId);
  const queuedAt = queue.findIndex((q) => q.id === itemId);
  const verdict = view?.verdicts.find((v) => v.itemId === itemId);
  const regular = holders.filter((h) => h.lane === 'regular').length;
  return {
    standing: holder !== undefined ? 'holding' : queuedAt >= 0 ? 'queued' : 'untracked',
    status: verdict?.state ?? null,
    description: verdict?.description ?? null,
    mode: view?.policy.mode ?? 'enforce',
    limit: view?.policy.limit ?? 0,
    held: regular,
    queued: queue.length,
    since: holder?.since ?? queue[queuedAt]?.enqueuedAt ?? null,
    queuePosition: queuedAt >= 0 ? queuedAt + 1 : null,
    reason: queue[queuedAt]?.reason ?? null,
    holders: holders.map((h) => ({ id: h.id, personId: h.personId ?? null, title: h.title ?? null, url: h.url ?? null, lane: h.lane, since: h.since })),
    explainUrl,
  };
}

function stageStanding(projectId: string, view: StageStateView | undefined, explainUrl: string): StageStanding {
  return {
    projectId,
    running: view !== undefined,
    stage: view?.stage.id ?? null,
    status: view?.verdict.state ?? null,
    description: view?.verdict.description ?? null,
    missing: (view?.gate.results ?? []).filter((r) => !r.met).map((r) => ({ criterionId: r.criterionId, type: r.type, detail: r.detail })),
    paused: view?.paused ?? false,
    failedRequests: view?.failedRequests ?? 0,
    explainUrl,
  };
}

const WAITS_FOR: Record<string, string> = {
  pod_limit: 'the pod is at its limit',
  person_limit: 'its author holds as many slots as one person may',
  expedite_quota: 'the expedite lane is full',
};

function reasonsOf(wip: WipStanding, stage: StageStanding | null, podId: string): string[] {
  const reasons: string[] = [];
  // A queued item in observe or warn mode is posted green: it waits, but nothing is red.
  if (wip.status === 'failure' || (wip.status === null && wip.standing === 'queued')) {
    const holders = wip.holders.map((h) => `${h.id}${h.personId !== null ? ` (${h.personId})` : ''}`).join(', ');
    reasons.push(
      `clos/wip: queued at position ${wip.queuePosition ?? '?'} in pod ${podId} because ${WAITS_FOR[wip.reason ?? ''] ?? 'no slot is free'} ` +
        `(${wip.held} of ${wip.limit} held${holders !== '' ? `: ${holders}` : ''}); a slot frees when one of them merges or closes.`,
    );
  }
  if (stage !== null && stage.status === 'failure') {
    const missing = stage.missing.map((m) => `${m.criterionId} (${m.detail})`).join('; ');
    reasons.push(
      stage.paused
        ? `clos/stage-gate: project ${stage.projectId} is paused in stage ${stage.stage ?? '?'} after ${stage.failedRequests} refused advances; a lead must resume it.`
        : `clos/stage-gate: project ${stage.projectId} is in stage ${stage.stage ?? '?'}, which still needs ${missing || 'its criteria'}.`,
    );
  }
  return reasons;
}

/** Why a pull request is red: its pod's WIP (holders, queue position) and its project's gate (what is missing). */
export function whyBlockedService(deps: ServiceDependencies) {
  const links = explainLinks(deps.publicUrl);
  const stageOf = (projectId: string) =>
    withTimeout(getStageState(deps.temporal, projectId), deps.workflowTimeoutMs, `project ${projectId}'s stage workflow`);

  /**
   * The PR's project: the record's, else the project of its pod whose stage workflow gates it
   * (a `project:<id>` label reaches the workflow, not always the record).
   */
  async function projectOf(recorded: string | null, podId: string, pr: { repo: string; number: number }) {
    if (recorded !== null) return { projectId: recorded, view: await stageOf(recorded) };
    for (const project of deps.config.current().projects.filter((p) => p.pod === podId)) {
      const view = await stageOf(project.id);
      if (view?.openPullRequests.some((o) => o.number === pr.number && sameRepo(o.repo, pr.repo))) return { projectId: project.id, view };
    }
    return undefined;
  }

  return {
    /**
     * Reads the pull request's record, its pod's WIP workflow and its project's stage
     * workflow. NotFound when neither the record nor the pod's workflow knows the PR.
     */
    async whyBlocked(ctx: CallContext, input: { repo: string; number: number }): Promise<WhyBlocked> {
      // The access rule resolved the repository's pod.
      const podId = ctx.podId!;
      const { rows } = await deps.pool.query<PullRequestRow>(
        `SELECT id, project_id, state, title FROM work_items WHERE kind = 'pull_request' AND lower(repo) = lower($1) AND number = $2 ORDER BY updated_at DESC LIMIT 1`,
        [input.repo, input.number],
      );
      const row = rows[0];
      const wipView = await withTimeout(getWipState(deps.temporal, podId), deps.workflowTimeoutMs, `pod ${podId}'s WIP workflow`);
      const tracked = wipView?.items.find(
        (item) => (row !== undefined && item.id === row.id) || item.pullRequests.some((pr) => pr.number === input.number && sameRepo(pr.repo, input.repo)),
      );
      if (row === undefined && tracked === undefined) {
        throw notFound(`No pull request ${input.repo}#${input.number} known to CLOS in pod ${podId}`, { repo: input.repo, number: input.number, podId });
      }
      const workItemId = tracked?.id ?? row?.id ?? `gh:${input.repo}#${input.number}`;
      const wip = wipStanding(wipView, workItemId, links.wip(podId, workItemId));
      const found = await projectOf(row?.project_id ?? null, podId, input);
      const projectId = found?.projectId ?? null;
      const stage = found === undefined ? null : stageStanding(found.projectId, found.view, links.stage(found.projectId));
      const reasons = reasonsOf(wip, stage, podId);
      return {
        repo: input.repo,
        number: input.number,
        workItemId,
        podId,
        projectId,
        title: row?.title ?? tracked?.title ?? null,
        state: row?.state ?? null,
        blocked: reasons.length > 0,
        reasons,
        wip,
        stage,
      };
    },
  };
}
