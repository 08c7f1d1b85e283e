import { BUILT_IN_TEMPLATES, personId, type ClosConfig } from '@clos/domain';
import type pg from 'pg';
import { withTransaction, type Queryable } from './pool.js';

/** How many rows of each kind clos.yml declares after a sync. */
export interface SyncSummary {
  pods: number;
  people: number;
  memberships: number;
  repos: number;
  templates: number;
  projects: number;
}

interface PersonRow {
  id: string;
  name: string | null;
  github_login: string | null;
  slack_user_id: string | null;
  linear_user: string | null;
}

/**
 * Makes the durable record mirror a clos.yml: upserts the org, pods, people,
 * memberships, repos, stage templates and projects, and retires what the file
 * no longer declares — memberships, repos and people are removed, pods are
 * archived and projects set to 'archived' so their history stays. Idempotent:
 * a second sync of the same config changes no row. Runs in one transaction
 * under an advisory lock, so processes booting together do not interleave.
 */
export async function syncConfigToDb(pool: pg.Pool, config: ClosConfig): Promise<SyncSummary> {
  return withTransaction(pool, (db) => syncConfigInTransaction(db, config));
}

/**
 * {@link syncConfigToDb} inside a transaction the caller holds, so the mirror changes
 * atomically with what the caller writes next to it (a new policy version, its audit entry).
 */
export async function syncConfigInTransaction(db: Queryable, config: ClosConfig): Promise<SyncSummary> {
  const org = config.org;
  const pods = config.pods;
  const people = collectPeople(config);
  const memberships = pods.flatMap((pod) => pod.members.map((m) => ({ person_id: personId(m), pod_id: pod.id, role: m.role })));
  const repos = pods.flatMap((pod) => pod.repos.map((fullName) => ({ full_name: fullName, pod_id: pod.id })));
  const templates = [
    ...Object.values(BUILT_IN_TEMPLATES).map((t) => ({ id: t.id, name: t.name, definition: t, built_in: true })),
    ...(config.templates ?? []).map((t) => ({ id: t.id, name: t.name, definition: t, built_in: false })),
  ];
  const projects = config.projects.map((p) => ({
    id: p.id,
    pod_id: p.pod,
    template_id: p.template,
    name: p.name,
    linear_project: p.linearProject ?? null,
    stage_time_limit_days: p.stageTimeLimitDays ?? null,
  }));

  await db.query(`SELECT pg_advisory_xact_lock(hashtext('clos.sync_config'))`);

  await db.query(
    `INSERT INTO orgs (id, name, timezone, config_repo) VALUES ($1, $1, $2, $3)
     ON CONFLICT (id) DO UPDATE SET timezone = excluded.timezone, config_repo = excluded.config_repo
     WHERE (orgs.timezone, orgs.config_repo) IS DISTINCT FROM (excluded.timezone, excluded.config_repo)`,
    [org, config.timezone, config.configRepo ?? null],
  );

  await db.query(
    `INSERT INTO stage_templates (id, name, definition, built_in)
     SELECT id, name, definition, built_in FROM jsonb_to_recordset($1::jsonb)
       AS t(id text, name text, definition jsonb, built_in boolean)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, definition = excluded.definition, built_in = excluded.built_in
     WHERE (stage_templates.name, stage_templates.definition, stage_templates.built_in)
           IS DISTINCT FROM (excluded.name, excluded.definition, excluded.built_in)`,
    [JSON.stringify(templates)],
  );

  const podRows = pods.map((p) => ({
    id: p.id,
    name: p.name,
    wip_limit: p.wipLimit,
    per_person_wip_limit: p.perPersonWipLimit ?? null,
    mode: p.mode ?? 'enforce',
    expedite_label: p.expedite?.label ?? 'expedite',
    expedite_quota: p.expedite?.quota ?? 1,
    linear_teams: p.linearTeams ?? [],
    slack_channel: p.slackChannel ?? null,
    health_thresholds: p.healthThresholds ?? null,
  }));
  await db.query(
    `INSERT INTO pods (id, org_id, name, wip_limit, per_person_wip_limit, mode, expedite_label, expedite_quota,
                       linear_teams, slack_channel, health_thresholds, archived_at)
     SELECT id, $2, name, wip_limit, per_person_wip_limit, mode, expedite_label, expedite_quota,
            ARRAY(SELECT jsonb_array_elements_text(linear_teams)), slack_channel, health_thresholds, NULL
     FROM jsonb_to_recordset($1::jsonb) AS p(id text, name text, wip_limit int, per_person_wip_limit int, mode text,
          expedite_label text, expedite_quota int, linear_teams jsonb, slack_channel text, health_thresholds jsonb)
     ON CONFLICT (id) DO UPDATE SET org_id = excluded.org_id, name = excluded.name, wip_limit = excluded.wip_limit,
       per_person_wip_limit = excluded.per_person_wip_limit, mode = excluded.mode,
       expedite_label = excluded.expedite_label, expedite_quota = excluded.expedite_quota,
       linear_teams = excluded.linear_teams, slack_channel = excluded.slack_channel,
       health_thresholds = excluded.health_thresholds, archived_at = NULL
     WHERE (pods.org_id, pods.name, pods.wip_limit, pods.per_person_wip_limit, pods.mode, pods.expedite_label,
            pods.expedite_quota, pods.linear_teams, pods.slack_channel, pods.health_thresholds, pods.archived_at)
           IS DISTINCT FROM
           (excluded.org_id, excluded.name, excluded.wip_limit, excluded.per_person_wip_limit, excluded.mode,
            excluded.expedite_label, excluded.expedite_quota, excluded.linear_teams, excluded.slack_channel,
            excluded.health_thresholds, NULL::timestamptz)`,
    [JSON.stringify(podRows), org],
  );
  const podIds = pods.map((p) => p.id);
  await db.query(
    `UPDATE pods SET archived_at = now() WHERE org_id = $1 AND archived_at IS NULL AND id <> ALL($2::text[])`,
    [org, podIds],
  );

  // People go first so a person whose id changed (a GitHub login added to
  // someone known by Slack id) frees their identities before the upsert.
  await db.query(`DELETE FROM people WHERE org_id = $1 AND id <> ALL($2::text[])`, [
    org,
    people.map((p) => p.id),
  ]);
  await db.query(
    `INSERT INTO people (id, org_id, name, github_login, slack_user_id, linear_user)
     SELECT id, $2, name, github_login, slack_user_id, linear_user
     FROM jsonb_to_recordset($1::jsonb) AS p(id text, name text, github_login text, slack_user_id text, linear_user text)
     ON CONFLICT (id) DO UPDATE SET org_id = excluded.org_id, name = excluded.name,
       github_login = excluded.github_login, slack_user_id = excluded.slack_user_id, linear_user = excluded.linear_user
     WHERE (people.org_id, people.name, people.github_login, people.slack_user_id, people.linear_user)
           IS DISTINCT FROM (excluded.org_id, excluded.name, excluded.github_login, excluded.slack_user_id, excluded.linear_user)`,
    [JSON.stringify(people), org],
  );

  await db.query(
    `DELETE FROM memberships m USING pods p
     WHERE m.pod_id = p.id AND p.org_id = $1
       AND (m.person_id, m.pod_id) NOT IN (SELECT person_id, pod_id FROM jsonb_to_recordset($2::jsonb) AS x(person_id text, pod_id text))`,
    [org, JSON.stringify(memberships)],
  );
  await db.query(
    `INSERT INTO memberships (person_id, pod_id, role)
     SELECT person_id, pod_id, role FROM jsonb_to_recordset($1::jsonb) AS x(person_id text, pod_id text, role text)
     ON CONFLICT (person_id, pod_id) DO UPDATE SET role = excluded.role WHERE memberships.role <> excluded.role`,
    [JSON.stringify(memberships)],
  );

  await db.query(
    `DELETE FROM repos r USING pods p
     WHERE r.pod_id = p.id AND p.org_id = $1 AND r.full_name <> ALL($2::text[])`,
    [org, repos.map((r) => r.full_name)],
  );
  await db.query(
    `INSERT INTO repos (full_name, pod_id)
     SELECT full_name, pod_id FROM jsonb_to_recordset($1::jsonb) AS x(full_name text, pod_id text)
     ON CONFLICT (full_name) DO UPDATE SET pod_id = excluded.pod_id WHERE repos.pod_id <> excluded.pod_id`,
    [JSON.stringify(repos)],
  );

  await db.query(
    `INSERT INTO projects (id, pod_id, template_id, name, linear_project, stage_time_limit_days)
     SELECT id, pod_id, template_id, name, linear_project, stage_time_limit_days
     FROM jsonb_to_recordset($1::jsonb) AS x(id text, pod_id text, template_id text, name text,
          linear_project text, stage_time_limit_days numeric)
     ON CONFLICT (id) DO UPDATE SET pod_id = excluded.pod_id, template_id = excluded.template_id, name = excluded.name,
       linear_project = excluded.linear_project, stage_time_limit_days = excluded.stage_time_limit_days,
       status = CASE WHEN projects.status = 'archived' THEN 'active' ELSE projects.status END
     WHERE (projects.pod_id, projects.template_id, projects.name, projects.linear_project,
            projects.stage_time_limit_days, projects.status = 'archived')
           IS DISTINCT FROM (excluded.pod_id, excluded.template_id, excluded.name, excluded.linear_project,
            excluded.stage_time_limit_days, false)`,
    [JSON.stringify(projects)],
  );
  await db.query(
    `UPDATE projects pr SET status = 'archived' FROM pods p
     WHERE pr.pod_id = p.id AND p.org_id = $1 AND pr.status <> 'archived' AND pr.id <> ALL($2::text[])`,
    [org, projects.map((p) => p.id)],
  );

  // Custom templates no project uses any more; built-ins always stay.
  await db.query(
    `DELETE FROM stage_templates t WHERE NOT t.built_in AND t.id <> ALL($1::text[])
       AND NOT EXISTS (SELECT 1 FROM projects p WHERE p.template_id = t.id)`,
    [templates.map((t) => t.id)],
  );

  return {
    pods: pods.length,
    people: people.length,
    memberships: memberships.length,
    repos: repos.length,
    templates: templates.length,
    projects: projects.length,
  };
}

/** One row per person, merging the identities they are listed with across pods. */
function collectPeople(config: ClosConfig): PersonRow[] {
  const byId = new Map<string, PersonRow>();
  for (const pod of config.pods) {
    for (const member of pod.members) {
      const id = personId(member);
      const seen = byId.get(id);
      byId.set(id, {
        id,
        name: seen?.name ?? member.name ?? null,
        github_login: seen?.github_login ?? member.github ?? null,
        slack_user_id: seen?.slack_user_id ?? member.slack ?? null,
        linear_user: seen?.linear_user ?? member.linear ?? null,
      });
    }
  }
  return [...byId.values()];
}
