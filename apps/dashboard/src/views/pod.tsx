'use client';

import Link from 'next/link';
import { BarChart, Gauge, ShareBar } from '../components/charts';
import { QueryPage } from '../components/query-page';
import { Section } from '../components/status';
import { apiPath } from '../lib/api';
import { formatAge, formatDate, formatDateTime, formatHours, formatNumber, formatPercent, metricLabel, scoreBand } from '../lib/format';
import type { Blocker, Flow, Page, PodDetail, PodHealth, Standup, WipState } from '../lib/types';
import { useApi } from '../lib/use-api';

/** How many days of standups the participation chart covers. */
const STANDUP_DAYS = 14;

/** One pod: WIP, health, flow (cycle time, throughput, DORA), blocked items and standups. */
export function PodView() {
  return (
    <QueryPage param="id" missing={<p>Choose a pod on the <Link href="/">overview</Link>.</p>}>
      {(podId) => <PodDetails podId={podId} />}
    </QueryPage>
  );
}

function PodDetails({ podId }: { podId: string }) {
  const base = `/api/pods/${encodeURIComponent(podId)}`;
  const pod = useApi<PodDetail>(base);
  const wip = useApi<WipState>(`${base}/wip`);
  const health = useApi<PodHealth>(`${base}/health?limit=14`);
  const flow = useApi<Flow>(`${base}/flow?days=30`);
  const blockers = useApi<Page<Blocker>>(apiPath('/api/blockers', { pod: podId, open: true, limit: 100 }));
  const from = new Date(Date.now() - (STANDUP_DAYS - 1) * 86_400_000).toISOString().slice(0, 10);
  const standups = useApi<Page<Standup>>(apiPath('/api/standups', { pod: podId, from, limit: 200 }));

  return (
    <>
      <h1>{pod.data?.name ?? podId}</h1>
      {pod.data && (
        <p className="muted">
          Pod <code>{podId}</code> · mode {pod.data.mode} · {pod.data.memberCount} members · repos {pod.data.repos.join(', ') || 'none'}
        </p>
      )}
      <div className="grid">
        <Section title="WIP" state={wip} what="the live WIP state">
          {(w) => <WipPanel wip={w} />}
        </Section>
        <Section title="Health" state={health} what="pod health">
          {(h) => <HealthPanel health={h} />}
        </Section>
      </div>
      <Section title="Flow (last 30 days)" state={flow} what="flow metrics">
        {(f) => <FlowPanel flow={f} />}
      </Section>
      <div className="grid">
        <Section title="Blocked items" state={blockers} what="blockers">
          {(page) =>
            page.items.length === 0 ? (
              <p className="muted">Nothing blocked.</p>
            ) : (
              <ul className="plain">
                {page.items.map((b) => (
                  <li key={b.id}>
                    <strong>{b.description}</strong>
                    <div className="muted">
                      {b.personId} · open since {formatDate(b.openedAt)}
                      {b.workItemId ? ` · ${b.workItemId}` : ''}
                      {b.escalatedAt ? ' · escalated' : ''}
                    </div>
                  </li>
                ))}
              </ul>
            )
          }
        </Section>
        <Section title="Standup participation" state={combine(standups, pod)} what="standups">
          {([page, detail]) => <StandupPanel standups={page.items} members={detail.members.length} from={from} />}
        </Section>
      </div>
      {pod.data && pod.data.projects.length > 0 && (
        <section className="card" aria-labelledby="pod-projects">
          <h2 id="pod-projects">Projects</h2>
          <ul className="plain">
            {pod.data.projects.map((p) => (
              <li key={p.id}>
                <Link href={`/project/?id=${encodeURIComponent(p.id)}`}>{p.name}</Link>{' '}
                <span className="muted">
                  {p.currentStage ?? 'not started'} · {p.status}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

/** Two loads as one: loaded when both are, failed when either is. */
function combine<A, B>(a: { data?: A; error?: Error; loading: boolean }, b: { data?: B; error?: Error; loading: boolean }) {
  return {
    data: a.data !== undefined && b.data !== undefined ? ([a.data, b.data] as [A, B]) : undefined,
    error: a.error ?? b.error,
    loading: a.loading || b.loading,
  };
}

function WipPanel({ wip }: { wip: WipState }) {
  const used = wip.usage.regular;
  return (
    <>
      <div className="row">
        <Gauge value={used} max={wip.policy.limit} label={`WIP ${used} of limit ${wip.policy.limit}`} />
        <dl className="stats" style={{ flex: 1 }}>
          <div>
            <dt>In progress</dt>
            <dd>
              {used} / {wip.policy.limit}
            </dd>
          </div>
          <div>
            <dt>Expedite</dt>
            <dd>
              {wip.usage.expedite} / {wip.policy.expediteQuota}
            </dd>
          </div>
          <div>
            <dt>Queued</dt>
            <dd>{wip.usage.queued}</dd>
          </div>
        </dl>
      </div>
      {!wip.running && <p className="muted">No work has reached this pod&apos;s WIP workflow yet.</p>}
      <h3>Holders</h3>
      {wip.holders.length === 0 ? (
        <p className="muted">No slot held.</p>
      ) : (
        <ul className="plain">
          {wip.holders.map((h) => (
            <li key={h.id}>
              <ItemLink id={h.id} title={h.title} url={h.url} /> <span className="muted">
                {h.personId ?? 'unknown'} · {h.lane} · since {formatAge(h.since)}
              </span>
            </li>
          ))}
        </ul>
      )}
      <h3>Queue</h3>
      {wip.queue.length === 0 ? (
        <p className="muted">Nobody waits.</p>
      ) : (
        <ol>
          {wip.queue.map((q) => (
            <li key={q.id}>
              <ItemLink id={q.id} title={q.title} url={q.url} /> <span className="muted">
                {q.reason.replace(/_/g, ' ')} · waiting {formatAge(q.enqueuedAt)} ·{' '}
                <Link href={`/blocked/?item=${encodeURIComponent(q.id)}`} aria-label={`Why is ${q.id} waiting?`}>
                  why?
                </Link>
              </span>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}

function ItemLink({ id, title, url }: { id: string; title: string | null; url: string | null }) {
  const text = title ? `${title} (${id})` : id;
  return url ? <a href={url}>{text}</a> : <span>{text}</span>;
}

function HealthPanel({ health }: { health: PodHealth }) {
  if (health.current === null) return <p className="muted">No health scan yet.</p>;
  const band = scoreBand(health.current.score);
  return (
    <>
      <p>
        <span className={`score band-${band}`}>{health.current.score}</span> <span className="muted">/ 100 · {formatDateTime(health.current.at)}</span>
      </p>
      <div className="table-wrap">
        <table>
          <caption className="muted" style={{ textAlign: 'left' }}>
            Components of the score
          </caption>
          <thead>
            <tr>
              <th scope="col">Metric</th>
              <th scope="col" className="num">
                Score
              </th>
              <th scope="col">Detail</th>
            </tr>
          </thead>
          <tbody>
            {health.current.components.map((c) => (
              <tr key={c.metric}>
                <td className={c.failing ? 'band-poor' : undefined}>
                  {metricLabel(c.metric)}
                  {c.failing ? ' (failing)' : ''}
                </td>
                <td className="num">{c.score}</td>
                <td>{c.detail}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function FlowPanel({ flow }: { flow: Flow }) {
  const week = (d: string) => d.slice(5);
  return (
    <>
      <dl className="stats">
        <div>
          <dt>Cycle time p50</dt>
          <dd>{formatHours(flow.cycleTimeHours.p50)}</dd>
        </div>
        <div>
          <dt>Cycle time p85</dt>
          <dd>{formatHours(flow.cycleTimeHours.p85)}</dd>
        </div>
        <div>
          <dt>Items finished</dt>
          <dd>{flow.cycleTimeHours.count}</dd>
        </div>
        <div>
          <dt>Deploys / week</dt>
          <dd>{formatNumber(flow.dora.deploymentsPerWeek)}</dd>
        </div>
        <div>
          <dt>Lead time</dt>
          <dd>{formatHours(flow.dora.leadTimeHours)}</dd>
        </div>
        <div>
          <dt>Change failure rate</dt>
          <dd>{formatPercent(flow.dora.changeFailureRate)}</dd>
        </div>
        <div>
          <dt>Time to restore</dt>
          <dd>{formatHours(flow.dora.timeToRestoreHours)}</dd>
        </div>
        <div>
          <dt>Rework rate</dt>
          <dd>{formatPercent(flow.dora.reworkRate)}</dd>
        </div>
      </dl>
      <div className="grid" style={{ marginTop: '1rem' }}>
        <figure style={{ margin: 0 }}>
          <figcaption>Throughput (items finished per week)</figcaption>
          <BarChart
            label={`Throughput per week: ${flow.throughput.map((t) => `${t.weekStart} ${t.count}`).join(', ') || 'none'}`}
            bars={flow.throughput.map((t) => ({ label: week(t.weekStart), value: t.count }))}
          />
        </figure>
        <figure style={{ margin: 0 }}>
          <figcaption>Cycle time p50 per week (hours)</figcaption>
          <BarChart
            label={`Cycle time p50 per week: ${flow.cycleTime.map((t) => `${t.weekStart} ${formatHours(t.p50Hours)}`).join(', ') || 'none'}`}
            bars={flow.cycleTime.map((t) => ({ label: week(t.weekStart), value: t.p50Hours }))}
          />
        </figure>
      </div>
      {flow.wipAge.length > 0 && (
        <>
          <h3>Age of work in progress</h3>
          <ul className="plain">
            {flow.wipAge.map((w) => (
              <li key={w.itemId}>
                <ItemLink id={w.itemId} title={w.title} url={w.url} /> <span className="muted">{formatHours(w.ageHours)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

function StandupPanel({ standups, members, from }: { standups: Standup[]; members: number; from: string }) {
  const byDay = new Map<string, Set<string>>();
  for (const s of standups) {
    if (s.day < from) continue;
    const people = byDay.get(s.day) ?? new Set<string>();
    people.add(s.personId);
    byDay.set(s.day, people);
  }
  const days = [...byDay.keys()].sort();
  const total = days.reduce((n, d) => n + byDay.get(d)!.size, 0);
  const share = members > 0 && days.length > 0 ? total / (members * days.length) : null;
  return (
    <>
      <p>
        <strong>{formatPercent(share)}</strong> of members posted on days with standups, since {formatDate(from)} ({standups.length} standups,{' '}
        {members} members).
      </p>
      {days.length === 0 ? (
        <p className="muted">No standups in the last {STANDUP_DAYS} days.</p>
      ) : (
        <ul className="plain">
          {days.map((day) => {
            const n = byDay.get(day)!.size;
            return (
              <li key={day} className="row">
                <span style={{ minWidth: '6.5rem' }}>{formatDate(day)}</span>
                <ShareBar share={members > 0 ? n / members : 0} label={`${n} of ${members} posted on ${day}`} />
                <span className="muted">
                  {n}/{members}
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
