import { createHash } from 'node:crypto';
import { personId, resolveTemplate, type ClosConfig, type PodConfig } from '@clos/domain';
import type { Queryable } from '@clos/platform';

/** How much activity to make up for an organisation. */
export interface ActivityPlan {
  /** Events in all (deployments included). */
  events: number;
  /** Pull requests per pod. */
  workItemsPerPod: number;
  /** Days of standups, back from the anchor (weekdays only). */
  standupDays: number;
  ideasPerPod: number;
  /** Days the events and work items spread over, back from the anchor. */
  days: number;
}

/** Rows each table received (0 on a re-run: every row has a stable key). */
export interface ActivityCounts {
  workItems: number;
  events: number;
  transitions: number;
  standups: number;
  ideas: number;
  demos: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const CHUNK = 5_000;

/** A stable UUID for a seed key, so a re-run meets the primary key instead of duplicating. */
export function seedUuid(key: string): string {
  const h = createHash('sha256').update(`clos-seed:${key}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** mulberry32: a small deterministic generator, so the same plan makes the same rows. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const TITLES = ['Add', 'Fix', 'Refactor', 'Speed up', 'Document', 'Remove', 'Harden', 'Migrate'];
const THINGS = ['checkout flow', 'search index', 'billing export', 'retry logic', 'login page', 'CI cache', 'rate limiter', 'audit trail'];

interface WorkItemRow {
  id: string;
  pod_id: string;
  project_id: string | null;
  person_id: string;
  state: string;
  title: string;
  url: string;
  repo: string;
  number: number;
  head_sha: string;
  opened_at: string;
  closed_at: string | null;
  merged_at: string | null;
}

/** Inserts rows in chunks of one multi-row statement each; returns how many were new. */
async function insertRows(db: Queryable, rows: readonly object[], sql: (json: string) => [string, unknown[]]): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const [text, values] = sql(JSON.stringify(rows.slice(i, i + CHUNK)));
    inserted += (await db.query(text, values)).rowCount ?? 0;
  }
  return inserted;
}

/**
 * Makes up a history for the pods and projects of `config`: pull requests (held, queued,
 * merged, closed), events of the outbox (PR lifecycle, reviews, checks, Linear changes and
 * production deployments, all already processed), stage transitions, standups, ideas and
 * demos, spread over the `plan.days` before `anchor`. Deterministic and keyed, so running it
 * again adds nothing.
 */
export async function seedActivity(
  db: Queryable,
  config: ClosConfig,
  plan: ActivityPlan,
  anchor: Date,
  log: (line: string) => void = () => undefined,
): Promise<ActivityCounts> {
  let lap = Date.now();
  const done = (what: string, n: number): number => {
    log(`${what}: ${n} added in ${((Date.now() - lap) / 1000).toFixed(1)} s`);
    lap = Date.now();
    return n;
  };
  const rand = random(0xc105 + plan.events);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const end = anchor.getTime();
  const iso = (ms: number) => new Date(Math.min(ms, end)).toISOString();
  const pods = config.pods.filter((p) => p.repos.length > 0);
  const people = (pod: PodConfig) => pod.members.map((m) => personId(m));
  const projectsOf = new Map(pods.map((p) => [p.id, config.projects.filter((pr) => pr.pod === p.id).map((pr) => pr.id)]));

  // Pull requests: the newest ones hold the pod's WIP slots, a couple wait, the rest are done.
  const items = new Map<string, WorkItemRow[]>();
  for (const pod of pods) {
    const rows: WorkItemRow[] = [];
    for (let k = 0; k < plan.workItemsPerPod; k++) {
      const repo = pod.repos[k % pod.repos.length]!;
      const number = k + 1;
      const age = plan.workItemsPerPod - k; // older first
      const openedAt = end - (age / plan.workItemsPerPod) * plan.days * DAY + rand() * 6 * HOUR;
      const fromEnd = plan.workItemsPerPod - 1 - k;
      const state = fromEnd < pod.wipLimit ? 'held' : fromEnd < pod.wipLimit + 2 ? 'queued' : 'released';
      const doneAt = state === 'released' ? openedAt + (2 + rand() * 94) * HOUR : null;
      const merged = doneAt !== null && rand() > 0.1;
      const projects = projectsOf.get(pod.id) ?? [];
      rows.push({
        id: `gh:${repo}#${number}`,
        pod_id: pod.id,
        project_id: projects.length > 0 && rand() < 0.7 ? pick(projects) : null,
        person_id: pick(people(pod)),
        state,
        title: `${pick(TITLES)} ${pick(THINGS)}`,
        url: `https://github.com/${repo}/pull/${number}`,
        repo,
        number,
        head_sha: createHash('sha1').update(`${repo}#${number}`).digest('hex'),
        opened_at: iso(openedAt),
        closed_at: doneAt === null ? null : iso(doneAt),
        merged_at: merged && doneAt !== null ? iso(doneAt) : null,
      });
    }
    items.set(pod.id, rows);
  }
  const allItems = [...items.values()].flat();
  const workItems = done('work items', await insertRows(db, allItems, (json) => [
    `INSERT INTO work_items (id, kind, pod_id, project_id, person_id, state, title, url, repo, number, head_sha, opened_at, closed_at, merged_at)
     SELECT id, 'pull_request', pod_id, project_id, person_id, state, title, url, repo, number, head_sha, opened_at, closed_at, merged_at
     FROM jsonb_to_recordset($1::jsonb) AS x(id text, pod_id text, project_id text, person_id text, state text, title text, url text,
          repo text, number int, head_sha text, opened_at timestamptz, closed_at timestamptz, merged_at timestamptz)
     ON CONFLICT (id) DO NOTHING`,
    [json],
  ]));

  // Events: mostly the PR lifecycle, some Linear changes, about one in twenty a deployment.
  const events: object[] = [];
  for (let i = 0; i < plan.events && pods.length > 0; i++) {
    const pod = pods[i % pods.length]!;
    const item = pick(items.get(pod.id)!);
    const roll = rand();
    const openedAt = Date.parse(item.opened_at);
    const occurredAt = Math.min(openedAt + rand() * Math.max(Date.parse(item.closed_at ?? anchor.toISOString()) - openedAt, HOUR), end - rand() * HOUR);
    const pullRequest = {
      repo: item.repo,
      number: item.number,
      title: item.title,
      body: null,
      url: item.url,
      headSha: item.head_sha,
      headRef: `feature-${item.number}`,
      baseRef: 'main',
      author: item.person_id,
      draft: false,
      labels: [],
      state: item.closed_at === null ? 'open' : 'closed',
      merged: item.merged_at !== null,
    };
    let type: string;
    let source = 'github';
    let payload: object;
    let subject: Record<string, string> = { podId: pod.id, workItemId: item.id, personId: item.person_id, ...(item.project_id ? { projectId: item.project_id } : {}) };
    if (roll < 0.05) {
      type = 'deployment.status_changed';
      payload = { repo: item.repo, environment: 'production', state: rand() < 0.9 ? 'success' : 'failure', sha: item.head_sha, deploymentId: 100_000 + i };
      subject = { podId: pod.id };
    } else if (roll < 0.1 && pod.linearTeams.length > 0) {
      type = 'linear.issue.changed';
      source = 'linear';
      const identifier = `${pod.linearTeams[0]}-${item.number}`;
      payload = {
        action: 'update',
        issue: {
          id: seedUuid(`linear:${identifier}`),
          identifier,
          title: item.title,
          url: `https://linear.app/issue/${identifier}`,
          teamKey: pod.linearTeams[0],
          stateType: pick(['unstarted', 'started', 'completed']),
          stateName: 'In Progress',
          projectId: null,
          projectName: null,
          assigneeId: null,
          assigneeName: null,
          assigneeEmail: null,
        },
      };
      subject = { podId: pod.id, workItemId: `lin:${identifier}` };
    } else if (roll < 0.3) {
      type = 'pr.opened';
      payload = { pullRequest };
    } else if (roll < 0.5) {
      type = 'pr.synchronized';
      payload = { pullRequest };
    } else if (roll < 0.65) {
      type = 'pr.review_submitted';
      payload = { pullRequest, review: { reviewer: pick(people(pod)), state: rand() < 0.8 ? 'approved' : 'changes_requested' } };
    } else if (roll < 0.85) {
      type = 'checks.completed';
      payload = { repo: item.repo, headSha: item.head_sha, name: 'ci', conclusion: rand() < 0.85 ? 'success' : 'failure', kind: 'check_suite', pullRequestNumbers: [item.number] };
    } else {
      type = 'pr.closed';
      payload = { pullRequest: { ...pullRequest, state: 'closed' } };
    }
    const receivedAt = occurredAt + 50 + rand() * 1500;
    events.push({
      id: seedUuid(`${config.org}:event:${i}`),
      type,
      source,
      occurred_at: iso(occurredAt),
      received_at: iso(receivedAt),
      delivery_id: `seed-${config.org}-${i}`,
      correlation_id: `seed-${config.org}-${i}`,
      subject,
      payload,
    });
  }
  // Already processed: the processor must not replay made-up history into the workflows.
  const eventCount = done('events', await insertRows(db, events, (json) => [
    `INSERT INTO events (id, type, source, occurred_at, received_at, delivery_id, correlation_id, subject, payload,
                         status, attempts, available_at, processed_at)
     SELECT id, type, source, occurred_at, received_at, delivery_id, correlation_id, subject, payload,
            'done', 1, received_at, received_at
     FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, type text, source text, occurred_at timestamptz, received_at timestamptz,
          delivery_id text, correlation_id text, subject jsonb, payload jsonb)
     ORDER BY occurred_at
     ON CONFLICT (id) DO NOTHING`,
    [json],
  ]));

  // Stage transitions: each project started, and advanced some way through its template.
  const transitions: object[] = [];
  const current: object[] = [];
  for (const project of config.projects.filter((p) => projectsOf.has(p.pod))) {
    const stages = resolveTemplate(config, project.template)?.stages.map((s) => s.id) ?? [];
    if (stages.length === 0) continue;
    const reached = Math.floor(rand() * stages.length);
    let at = end - plan.days * DAY * (0.6 + rand() * 0.4);
    for (let j = 0; j <= reached; j++) {
      transitions.push({
        id: seedUuid(`${config.org}:transition:${project.id}:${j}`),
        project_id: project.id,
        from_stage: j === 0 ? null : stages[j - 1],
        to_stage: stages[j],
        kind: j === 0 ? 'start' : 'advance',
        actor: j === 0 ? 'clos' : 'clos:auto-advance',
        at: iso(at),
      });
      if (j === reached) current.push({ id: project.id, stage: stages[j], at: iso(at) });
      at += (1 + rand() * 9) * DAY;
    }
  }
  const transitionCount = done('stage transitions', await insertRows(db, transitions, (json) => [
    `INSERT INTO stage_transitions (id, project_id, from_stage, to_stage, kind, actor, at)
     SELECT id, project_id, from_stage, to_stage, kind, actor, at
     FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, project_id text, from_stage text, to_stage text, kind text, actor text, at timestamptz)
     ON CONFLICT (id) DO NOTHING`,
    [json],
  ]));
  // Only projects the workflows have not placed yet: live state wins over made-up history.
  await insertRows(db, current, (json) => [
    `UPDATE projects p SET current_stage = x.stage, stage_entered_at = x.at
     FROM jsonb_to_recordset($1::jsonb) AS x(id text, stage text, at timestamptz)
     WHERE p.id = x.id AND p.current_stage IS NULL`,
    [json],
  ]);

  // Standups: every member (not viewers) on each weekday.
  const standups: object[] = [];
  for (const pod of pods) {
    for (const member of pod.members.filter((m) => m.role !== 'viewer')) {
      for (let d = 0; d < plan.standupDays; d++) {
        const day = new Date(end - d * DAY);
        if (day.getUTCDay() === 0 || day.getUTCDay() === 6) continue;
        const blocked = rand() < 0.1;
        standups.push({
          pod_id: pod.id,
          person_id: personId(member),
          day: day.toISOString().slice(0, 10),
          yesterday: `${pick(TITLES)} ${pick(THINGS)}`,
          today: `${pick(TITLES)} ${pick(THINGS)}`,
          blockers: blocked ? `Waiting on review of ${pick(THINGS)}` : '',
          confidence: blocked ? 2 : 3 + Math.floor(rand() * 3),
          submitted_at: iso(Date.parse(`${day.toISOString().slice(0, 10)}T09:00:00Z`) + rand() * HOUR),
        });
      }
    }
  }
  const standupCount = done('standups', await insertRows(db, standups, (json) => [
    `INSERT INTO standups (pod_id, person_id, day, yesterday, today, blockers, confidence, submitted_at)
     SELECT pod_id, person_id, day, yesterday, today, blockers, confidence, submitted_at
     FROM jsonb_to_recordset($1::jsonb) AS x(pod_id text, person_id text, day date, yesterday text, today text, blockers text,
          confidence smallint, submitted_at timestamptz)
     ON CONFLICT (pod_id, person_id, day) DO NOTHING`,
    [json],
  ]));

  // Ideas and demos.
  const ideas: object[] = [];
  const demos: object[] = [];
  for (const pod of pods) {
    for (let k = 0; k < plan.ideasPerPod; k++) {
      ideas.push({
        pod_id: pod.id,
        title: `${pick(TITLES)} ${pick(THINGS)} for ${pod.name}`,
        problem: `Today ${pick(THINGS)} slows the team down.`,
        impact: 1 + Math.floor(rand() * 10),
        confidence: 1 + Math.floor(rand() * 10),
        ease: 1 + Math.floor(rand() * 10),
        status: pick(['proposed', 'proposed', 'accepted', 'rejected']),
        submitted_by: pick(people(pod)),
        submission_key: `seed:${config.org}:idea:${pod.id}:${k}`,
        created_at: iso(end - rand() * plan.days * DAY),
      });
    }
    // One demo per project: held in the last three weeks, or coming up in the next one.
    for (const project of projectsOf.get(pod.id) ?? []) {
      const when = end + (rand() * 28 - 21) * DAY;
      const held = when < end;
      demos.push({
        project_id: project,
        pod_id: pod.id,
        scheduled_for: new Date(when).toISOString().slice(0, 10),
        scheduled_by: pick(people(pod)),
        request_key: `seed:${config.org}:demo:${project}`,
        held_at: held ? new Date(when).toISOString() : null,
        held_by: held ? pick(people(pod)) : null,
      });
    }
  }
  const ideaCount = done('ideas', await insertRows(db, ideas, (json) => [
    `INSERT INTO ideas (pod_id, title, problem, impact, confidence, ease, status, submitted_by, submission_key, created_at)
     SELECT pod_id, title, problem, impact, confidence, ease, status, submitted_by, submission_key, created_at
     FROM jsonb_to_recordset($1::jsonb) AS x(pod_id text, title text, problem text, impact smallint, confidence smallint, ease smallint,
          status text, submitted_by text, submission_key text, created_at timestamptz)
     ON CONFLICT (submission_key) DO NOTHING`,
    [json],
  ]));
  const demoCount = done('demos', await insertRows(db, demos, (json) => [
    `INSERT INTO demos (project_id, pod_id, scheduled_for, scheduled_by, request_key, held_at, held_by)
     SELECT project_id, pod_id, scheduled_for, scheduled_by, request_key, held_at, held_by
     FROM jsonb_to_recordset($1::jsonb) AS x(project_id text, pod_id text, scheduled_for date, scheduled_by text, request_key text,
          held_at timestamptz, held_by text)
     ON CONFLICT (request_key) DO NOTHING`,
    [json],
  ]));

  // Fresh statistics after a bulk load, so the first reads get good plans without waiting for autovacuum.
  if (workItems + eventCount + transitionCount + standupCount > 0) {
    await db.query('ANALYZE work_items, events, stage_transitions, standups, ideas, demos, pods, projects, repos, memberships, people');
  }
  return { workItems, events: eventCount, transitions: transitionCount, standups: standupCount, ideas: ideaCount, demos: demoCount };
}
