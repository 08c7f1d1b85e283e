import type { DigestFact } from '@clos/ai';
import { workItemLabel, type DigestKind, type DigestPerson } from '@clos/domain';

/** Something that runs SQL: a pg Pool or client. */
export interface Queryable {
  query<R extends object>(text: string, params?: unknown[]): Promise<{ rows: R[] }>;
}

/** Input of {@link gatherDigestFacts}. */
export interface GatherDigestFactsInput {
  person: Pick<DigestPerson, 'personId' | 'timezone' | 'pods'>;
  kind: DigestKind;
  now: Date;
  /** Base of the links CLOS writes (explain pages, dashboard). */
  publicUrl: string;
}

/** The facts, and the sources the records could not answer for (said in the digest's record). */
export interface GatheredFacts {
  facts: DigestFact[];
  unavailable: string[];
}

interface ItemRow {
  id: string;
  title: string | null;
  url: string | null;
  pod_id: string | null;
  state: string;
  position: string | null;
}

/**
 * What CLOS knows about one person for one digest, read from the record: work items they
 * hold a WIP slot for and where they wait in a queue (the record the pod workflows write),
 * gates of their pods' projects when they lead one, open blockers from their standups, and
 * per kind what shipped, moved or went red since the start of their local day (or week),
 * and their pods' flow and health. Review requests and missions are not recorded by CLOS
 * yet and are listed as unavailable. Ids are `f1`, `f2`, … in a fixed order, so the same
 * record gives the same facts.
 */
export async function gatherDigestFacts(db: Queryable, input: GatherDigestFactsInput): Promise<GatheredFacts> {
  const { person, kind } = input;
  const base = input.publicUrl.replace(/\/+$/, '');
  const podIds = person.pods.map((p) => p.podId);
  const ledPods = person.pods.filter((p) => p.role === 'lead' || p.role === 'admin').map((p) => p.podId);
  const params = { now: input.now.toISOString(), tz: person.timezone };
  const dayStart = `(date_trunc('day', $2::timestamptz AT TIME ZONE $3) AT TIME ZONE $3)`;
  const since = kind === 'weekly' ? `(${dayStart} - interval '7 days')` : dayStart;
  const out: Omit<DigestFact, 'id'>[] = [];
  const itemLink = (row: ItemRow): string | undefined => row.url ?? undefined;

  const open = await db.query<ItemRow>(
    `SELECT w.id, w.title, w.url, w.pod_id, w.state,
            CASE WHEN w.state = 'queued' THEN (SELECT count(*) FROM work_items q
                  WHERE q.pod_id = w.pod_id AND q.state = 'queued' AND (q.created_at, q.id) <= (w.created_at, w.id)) END AS position
       FROM work_items w
      WHERE w.person_id = $1 AND w.state IN ('held', 'queued')
      ORDER BY CASE w.state WHEN 'held' THEN 0 ELSE 1 END, w.created_at, w.id`,
    [person.personId],
  );
  const inProgress = open.rows.map((row) => ({
    kind: row.state === 'held' ? ('in-progress' as const) : ('queued' as const),
    summary:
      row.state === 'held'
        ? `${workItemLabel(row.id)} holds a WIP slot in pod ${row.pod_id ?? '?'}`
        : `${workItemLabel(row.id)} waits for a WIP slot in pod ${row.pod_id ?? '?'}, ${ordinal(Number(row.position ?? 0))} in the queue`,
    ...(row.title !== null ? { title: row.title } : {}),
    ...(itemLink(row) !== undefined ? { url: itemLink(row) } : {}),
  }));

  if (kind === 'morning' || kind === 'evening' || kind === 'weekly') out.push(...inProgress);

  if ((kind === 'morning' || kind === 'evening') && ledPods.length > 0) {
    const gates = await db.query<{ id: string; name: string; current_stage: string | null; stage_entered_at: Date | null }>(
      `SELECT id, name, current_stage, stage_entered_at FROM projects
        WHERE pod_id = ANY($1::text[]) AND status IN ('active', 'paused') ORDER BY id`,
      [ledPods],
    );
    for (const gate of gates.rows) {
      out.push({
        kind: 'gate',
        summary: `project ${gate.name} is at stage ${gate.current_stage ?? 'not started'}${gate.stage_entered_at !== null ? ` since ${gate.stage_entered_at.toISOString().slice(0, 10)}` : ''}; its gate needs a lead`,
        url: `${base}/explain/stage/${encodeURIComponent(gate.id)}`,
      });
    }
  }

  const blockerWindow = kind === 'morning' || kind === 'weekly' ? '' : `AND opened_at >= ${dayStart}`;
  const blockers = await db.query<{ id: string; description: string; work_item_id: string | null; opened_at: Date }>(
    `SELECT id::text AS id, description, work_item_id, opened_at FROM blockers
      WHERE person_id = $1 AND resolved_at IS NULL ${blockerWindow}
      ORDER BY opened_at, id`,
    blockerWindow === '' ? [person.personId] : [person.personId, params.now, params.tz],
  );
  const blockerFacts = blockers.rows.map((b) => ({
    kind: 'blocker' as const,
    summary: `blocker open since ${b.opened_at.toISOString().slice(0, 10)}${b.work_item_id !== null ? ` on ${workItemLabel(b.work_item_id)}` : ''}`,
    title: b.description,
  }));
  if (kind !== 'midday') out.push(...blockerFacts);

  if (kind === 'midday' || kind === 'evening' || kind === 'weekly') {
    const shipped = await db.query<ItemRow>(
      `SELECT id, title, url, pod_id, state, NULL AS position FROM work_items
        WHERE person_id = $1 AND state NOT IN ('held', 'queued')
          AND coalesce(merged_at, closed_at, updated_at) >= ${since} AND coalesce(merged_at, closed_at, updated_at) <= $2::timestamptz
        ORDER BY coalesce(merged_at, closed_at, updated_at), id`,
      [person.personId, params.now, params.tz],
    );
    out.push(
      ...shipped.rows.map((row) => ({
        kind: 'shipped' as const,
        summary: `${workItemLabel(row.id)} done (${row.state})`,
        ...(row.title !== null ? { title: row.title } : {}),
        ...(row.url !== null ? { url: row.url } : {}),
      })),
    );
  }

  if (kind === 'midday') {
    const moved = await db.query<ItemRow>(
      `SELECT id, title, url, pod_id, state, NULL AS position FROM work_items
        WHERE person_id = $1 AND state IN ('held', 'queued') AND updated_at >= ${dayStart}
        ORDER BY updated_at, id`,
      [person.personId, params.now, params.tz],
    );
    out.push(
      ...moved.rows.map((row) => ({
        kind: 'progress' as const,
        summary: `${workItemLabel(row.id)} moved this morning (${row.state === 'held' ? 'holds a slot' : 'queued'})`,
        ...(row.title !== null ? { title: row.title } : {}),
        ...(row.url !== null ? { url: row.url } : {}),
      })),
    );
    out.push(...blockerFacts.map((b) => ({ ...b, kind: 'red' as const, summary: `new ${b.summary}` })));
  }

  if (kind === 'midday' || kind === 'weekly') {
    const health = await db.query<{ pod_id: string; score: number; failing: string[]; before: number | null }>(
      `SELECT DISTINCT ON (s.pod_id) s.pod_id, s.score, s.failing,
              (SELECT p.score FROM pod_health_snapshots p WHERE p.pod_id = s.pod_id AND p.at <= s.at - interval '7 days' ORDER BY p.at DESC LIMIT 1) AS before
         FROM pod_health_snapshots s
        WHERE s.pod_id = ANY($1::text[]) AND s.at <= $2::timestamptz
        ORDER BY s.pod_id, s.at DESC`,
      [podIds, params.now],
    );
    for (const pod of health.rows) {
      const url = `${base}/explain/wip/${encodeURIComponent(pod.pod_id)}`;
      if (kind === 'midday' && pod.failing.length > 0) {
        out.push({ kind: 'red', summary: `pod ${pod.pod_id} health is failing on ${pod.failing.join(', ')} (score ${pod.score})`, url });
      }
      if (kind === 'weekly') {
        const movement = pod.before === null ? 'no score a week ago' : `${pod.score - pod.before >= 0 ? '+' : ''}${pod.score - pod.before} since a week ago`;
        out.push({ kind: 'health', summary: `pod ${pod.pod_id} health score ${pod.score} (${movement})${pod.failing.length > 0 ? `, failing on ${pod.failing.join(', ')}` : ''}`, url });
      }
    }
  }

  if (kind === 'weekly') {
    const flow = await db.query<{ pod_id: string; this_week: string; last_week: string; open: string }>(
      `SELECT p.id AS pod_id,
              (SELECT count(*) FROM work_items w WHERE w.pod_id = p.id AND w.merged_at > $2::timestamptz - interval '7 days' AND w.merged_at <= $2::timestamptz) AS this_week,
              (SELECT count(*) FROM work_items w WHERE w.pod_id = p.id AND w.merged_at > $2::timestamptz - interval '14 days' AND w.merged_at <= $2::timestamptz - interval '7 days') AS last_week,
              (SELECT count(*) FROM work_items w WHERE w.pod_id = p.id AND w.state IN ('held', 'queued')) AS open
         FROM pods p WHERE p.id = ANY($1::text[]) ORDER BY p.id`,
      [podIds, params.now],
    );
    for (const pod of flow.rows) {
      out.push({
        kind: 'flow',
        summary: `pod ${pod.pod_id} merged ${pod.this_week} this week (${pod.last_week} the week before), ${pod.open} open`,
        url: `${base}/explain/wip/${encodeURIComponent(pod.pod_id)}`,
      });
    }
  }

  return {
    facts: out.map((fact, index) => ({ id: `f${index + 1}`, ...fact })),
    unavailable: ['reviews requested (not recorded)', 'decisions due (no decisions record)', "yesterday's mission (not recorded)"],
  };
}

function ordinal(n: number): string {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${n % 10 > 3 ? 'th' : suffix}`;
}
