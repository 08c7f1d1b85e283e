import type { PodScope } from '@clos/app';
import type { Queryable } from '@clos/platform';
import { scopeCondition } from '../services/service-context.js';

const DAY_MS = 86_400_000;

/** A work item the person holds a slot for or waits on. */
export interface PlanWorkItem {
  id: string;
  podId: string;
  title: string | null;
  url: string | null;
  state: 'held' | 'queued';
  since: string;
  ageDays: number;
  /** Place in the pod's queue when it was queued (the workflow's own count); null while held. */
  queuePosition: number | null;
}

/** A pull request of a teammate waiting for a first review. */
export interface PlanReview {
  id: string;
  podId: string;
  title: string | null;
  url: string | null;
  authorId: string | null;
  waitingDays: number;
}

/** Where a project of the person's pods stands against its stage's time limit. */
export interface PlanGate {
  projectId: string;
  name: string;
  podId: string;
  stage: string | null;
  status: string;
  daysInStage: number | null;
  limitDays: number | null;
  overdue: boolean;
}

/** An open blocker of the person's pods. */
export interface PlanBlocker {
  id: string;
  podId: string;
  personId: string;
  description: string;
  workItemId: string | null;
  ageDays: number;
  mine: boolean;
  escalated: boolean;
}

/** A demo coming up in the next week. */
export interface PlanDemo {
  id: string;
  projectId: string;
  podId: string;
  scheduledFor: string;
}

/** A pod's WIP from the record: its limit, slots held and items waiting. */
export interface PlanPod {
  podId: string;
  wipLimit: number;
  held: number;
  queued: number;
}

/** The fact kinds a digest cites (the digest writers' vocabulary). */
export type PlanFactKind = 'in-progress' | 'queued' | 'review' | 'gate' | 'blocker' | 'red';

/** One citable fact: CLOS's own wording in `summary`, people's text only in `title`. */
export interface PlanFact {
  id: string;
  kind: PlanFactKind;
  summary: string;
  title?: string;
  url?: string;
}

/** Everything a person's day starts from. */
export interface PlanFacts {
  inProgress: PlanWorkItem[];
  queued: PlanWorkItem[];
  reviews: PlanReview[];
  gates: PlanGate[];
  blockers: PlanBlocker[];
  demos: PlanDemo[];
  pods: PlanPod[];
  facts: PlanFact[];
}

const ageDays = (from: Date, now: Date) => Math.round(((now.getTime() - from.getTime()) / DAY_MS) * 10) / 10;

/**
 * Gathers the facts of a person's day from the record (no workflow is asked: this runs
 * for every person each morning): their held and queued items, teammates' PRs waiting for
 * a review, the gates of their pods' projects, open blockers and demos of the coming
 * week — only in the pods of `scope` (what the caller may read). The digest's facts
 * gatherer and GET /api/plan share it.
 */
export async function gatherPlanFacts(db: Queryable, input: { personId: string; scope: PodScope; now: Date }): Promise<PlanFacts> {
  const { personId, now } = input;
  const podValues: unknown[] = [personId];
  const podRows = await db.query<{ pod_id: string; wip_limit: number; held: string; queued: string }>(
    `SELECT m.pod_id, p.wip_limit,
            (SELECT count(*) FROM work_items w WHERE w.pod_id = m.pod_id AND w.state = 'held') AS held,
            (SELECT count(*) FROM work_items w WHERE w.pod_id = m.pod_id AND w.state = 'queued') AS queued
       FROM memberships m JOIN pods p ON p.id = m.pod_id
      WHERE m.person_id = $1 AND p.archived_at IS NULL AND ${scopeCondition('m.pod_id', input.scope, podValues)}
      ORDER BY m.pod_id`,
    podValues,
  );
  const pods = podRows.rows.map((r) => ({ podId: r.pod_id, wipLimit: r.wip_limit, held: Number(r.held), queued: Number(r.queued) }));
  const podIds = pods.map((p) => p.podId);

  const itemValues: unknown[] = [personId];
  const [items, reviews, gates, blockers, demos] = await Promise.all([
    db.query<{ id: string; pod_id: string; title: string | null; url: string | null; state: 'held' | 'queued'; since: Date; position: number | null }>(
      `SELECT w.id, w.pod_id, w.title, w.url, w.state, coalesce(w.opened_at, w.created_at) AS since,
              (SELECT (e.payload ->> 'position')::int FROM events e
                WHERE e.work_item_id = w.id AND e.type = 'wip.queued' ORDER BY e.occurred_at DESC LIMIT 1) AS position
         FROM work_items w
        WHERE w.person_id = $1 AND w.state IN ('held', 'queued') AND ${scopeCondition('w.pod_id', input.scope, itemValues)}
        ORDER BY since, w.id`,
      itemValues,
    ),
    db.query<{ id: string; pod_id: string; title: string | null; url: string | null; person_id: string | null; since: Date }>(
      `SELECT w.id, w.pod_id, w.title, w.url, w.person_id, coalesce(w.opened_at, w.created_at) AS since
         FROM work_items w
        WHERE w.pod_id = ANY($1::text[]) AND w.kind = 'pull_request' AND w.state = 'held' AND w.person_id IS DISTINCT FROM $2
          AND NOT EXISTS (SELECT 1 FROM events e WHERE e.pod_id = w.pod_id AND e.type = 'pr.review_submitted'
                           AND lower(e.payload -> 'pullRequest' ->> 'repo') = lower(w.repo)
                           AND e.payload -> 'pullRequest' ->> 'number' = w.number::text)
        ORDER BY since, w.id LIMIT 20`,
      [podIds, personId],
    ),
    db.query<{ id: string; name: string; pod_id: string; current_stage: string | null; status: string; stage_entered_at: Date | null; limit_days: string | null }>(
      `SELECT id, name, pod_id, current_stage, status, stage_entered_at, stage_time_limit_days AS limit_days
         FROM projects WHERE pod_id = ANY($1::text[]) AND status IN ('active', 'paused') ORDER BY stage_entered_at NULLS LAST, id`,
      [podIds],
    ),
    db.query<{ id: string; pod_id: string; person_id: string; description: string; work_item_id: string | null; opened_at: Date; escalated_at: Date | null }>(
      `SELECT id::text, pod_id, person_id, description, work_item_id, opened_at, escalated_at
         FROM blockers WHERE pod_id = ANY($1::text[]) AND resolved_at IS NULL ORDER BY opened_at, id LIMIT 50`,
      [podIds],
    ),
    db.query<{ id: string; project_id: string; pod_id: string; scheduled_for: string }>(
      `SELECT id::text, project_id, pod_id, to_char(scheduled_for, 'YYYY-MM-DD') AS scheduled_for
         FROM demos WHERE pod_id = ANY($1::text[]) AND held_at IS NULL
          AND scheduled_for BETWEEN ($2::timestamptz)::date - 1 AND ($2::timestamptz)::date + 7
        ORDER BY scheduled_for, id`,
      [podIds, now.toISOString()],
    ),
  ]);

  const workItems = items.rows.map((r) => ({
    id: r.id,
    podId: r.pod_id,
    title: r.title,
    url: r.url,
    state: r.state,
    since: r.since.toISOString(),
    ageDays: ageDays(r.since, now),
    queuePosition: r.state === 'queued' ? r.position : null,
  }));
  const plan: Omit<PlanFacts, 'facts'> = {
    inProgress: workItems.filter((i) => i.state === 'held'),
    queued: workItems.filter((i) => i.state === 'queued'),
    reviews: reviews.rows.map((r) => ({ id: r.id, podId: r.pod_id, title: r.title, url: r.url, authorId: r.person_id, waitingDays: ageDays(r.since, now) })),
    gates: gates.rows.map((r) => {
      const days = r.stage_entered_at === null ? null : ageDays(r.stage_entered_at, now);
      const limit = r.limit_days === null ? null : Number(r.limit_days);
      return {
        projectId: r.id,
        name: r.name,
        podId: r.pod_id,
        stage: r.current_stage,
        status: r.status,
        daysInStage: days,
        limitDays: limit,
        overdue: days !== null && limit !== null && days > limit,
      };
    }),
    blockers: blockers.rows.map((r) => ({
      id: r.id,
      podId: r.pod_id,
      personId: r.person_id,
      description: r.description,
      workItemId: r.work_item_id,
      ageDays: ageDays(r.opened_at, now),
      mine: r.person_id === personId,
      escalated: r.escalated_at !== null,
    })),
    demos: demos.rows.map((r) => ({ id: r.id, projectId: r.project_id, podId: r.pod_id, scheduledFor: r.scheduled_for })),
    pods,
  };
  return { ...plan, facts: factsOf(plan) };
}

/** The plan as the digest's citable facts, in the order a morning reads them. */
function factsOf(plan: Omit<PlanFacts, 'facts'>): PlanFact[] {
  const facts: PlanFact[] = [];
  const add = (fact: Omit<PlanFact, 'id'>) => facts.push({ id: `f${facts.length + 1}`, ...fact });
  const linked = (title: string | null, url: string | null) => ({ ...(title !== null ? { title } : {}), ...(url !== null ? { url } : {}) });
  for (const i of plan.inProgress) add({ kind: 'in-progress', summary: `in progress in pod ${i.podId} for ${i.ageDays} days`, ...linked(i.title, i.url) });
  for (const i of plan.queued) {
    add({ kind: 'queued', summary: `queued in pod ${i.podId}${i.queuePosition !== null ? ` at position ${i.queuePosition}` : ''}`, ...linked(i.title, i.url) });
  }
  for (const r of plan.reviews) add({ kind: 'review', summary: `waiting ${r.waitingDays} days for a first review in pod ${r.podId}`, ...linked(r.title, r.url) });
  for (const g of plan.gates) {
    if (g.overdue) add({ kind: 'red', summary: `project ${g.projectId} is ${g.daysInStage} days in stage ${g.stage}, over its ${g.limitDays}-day limit` });
    else if (g.stage !== null) add({ kind: 'gate', summary: `project ${g.projectId} in stage ${g.stage}${g.daysInStage !== null ? ` for ${g.daysInStage} days` : ''}` });
  }
  for (const b of plan.blockers.filter((b) => b.mine || b.escalated)) {
    add({ kind: 'blocker', summary: `${b.mine ? 'your' : `${b.personId}'s escalated`} blocker in pod ${b.podId}, open ${b.ageDays} days`, title: b.description });
  }
  return facts;
}
