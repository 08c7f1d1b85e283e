'use client';

import { DeadlineTimeline, dayNumber, timelineDomain, type TimelineSpan } from '../components/deadline-timeline';
import { Personal } from '../components/personal';
import { formatDate } from '../lib/format';
import type { LeadershipProject } from '../lib/types';
import { useApi } from '../lib/use-api';

const STATUS_BAND: Record<LeadershipProject['status'], string> = { green: 'band-good', yellow: 'band-fair', red: 'band-poor' };

/**
 * Leadership projects: the signed-in person's projects on one timeline, each judged on its
 * real deadline against its estimate at completion (late ones marked), with status, and for
 * finished ones whether they shipped early. Private, as My day.
 */
export function LeadershipProjectsView() {
  const list = useApi<{ items: LeadershipProject[] }>('/api/leadership/projects');
  return (
    <>
      <h1>Leadership projects</h1>
      <Personal state={list} what="your projects">
        {({ items }) =>
          items.length === 0 ? (
            <p className="muted">
              No project yet: <code>clos project add NAME --deadline DATE --eac DATE --criteria &quot;…&quot;</code>.
            </p>
          ) : (
            <Timeline items={items} />
          )
        }
      </Personal>
    </>
  );
}

/** When a project ends: its completion day once completed, its estimate at completion before. */
function endOf(p: LeadershipProject): string {
  return p.state === 'completed' && p.completedAt !== null ? p.completedAt.slice(0, 10) : p.state === 'killed' && p.killedAt !== null ? p.killedAt.slice(0, 10) : p.eac;
}

/** Days past the deadline: the estimate's while active, the completion's once done; 0 when killed or in time. */
function daysLate(p: LeadershipProject): number {
  if (p.state === 'killed') return 0;
  return Math.max(0, p.state === 'active' ? p.slipDays : dayNumber(endOf(p)) - dayNumber(p.deadline));
}

function spanOf(p: LeadershipProject): TimelineSpan {
  const late = daysLate(p);
  const end = p.state === 'active' ? `estimate at completion ${formatDate(p.eac)}` : `${p.state} ${formatDate(endOf(p))}`;
  return {
    label: `${p.name}: started ${formatDate(p.createdAt)}, deadline ${formatDate(p.deadline)}, ${end}${late > 0 ? `, late by ${late} days` : ''}`,
    start: p.createdAt.slice(0, 10),
    deadline: p.deadline,
    end: endOf(p),
  };
}

function Timeline({ items }: { items: LeadershipProject[] }) {
  const today = new Date().toISOString().slice(0, 10);
  const spans = new Map(items.map((p) => [p.id, spanOf(p)]));
  const domain = timelineDomain([...spans.values()], today);
  const active = items.filter((p) => p.state === 'active');
  const completed = items.filter((p) => p.state === 'completed');
  const late = active.filter((p) => daysLate(p) > 0).length;
  const early = completed.filter((p) => p.shippedEarly === true).length;
  const killed = items.length - active.length - completed.length;
  return (
    <section className="card" aria-labelledby="timeline-title">
      <h2 id="timeline-title">Deadline against estimate at completion</h2>
      <p data-testid="projects-summary">
        {active.length} active{active.length > 0 ? `, ${late} late` : ''} · {completed.length} completed, {early} shipped early · {killed} killed
      </p>
      <p className="muted timeline-legend">
        Each bar runs from the project&apos;s start to its estimate at completion (or the day it ended); <span className="legend-deadline">the dark rule</span> is
        the deadline, <span className="legend-today">the dashed one</span> today, and <span className="band-poor">red</span> the part past the deadline.
      </p>
      <ul className="plain projects" aria-label="Projects">
        {items.map((p) => {
          const lateBy = daysLate(p);
          return (
            <li key={p.id} className={lateBy > 0 ? 'overdue' : undefined}>
              <div className="row tight">
                <strong>{p.name}</strong>
                <span className={`pill ${STATUS_BAND[p.status]}`}>{p.status}</span>
                {p.state !== 'active' && <span className="pill">{p.state}</span>}
                {lateBy > 0 && <span className="pill band-poor">late by {lateBy} d</span>}
                {p.shippedEarly === true && <span className="pill band-good">shipped early</span>}
              </div>
              <DeadlineTimeline span={spans.get(p.id)!} domain={domain} today={today} />
              <div className="muted">
                deadline {formatDate(p.deadline)} · {p.state === 'active' ? `estimate at completion ${formatDate(p.eac)}` : `${p.state} ${formatDate(endOf(p))}`}
                {p.killedReason !== null && ` · ${p.killedReason}`}
              </div>
              <div className="muted">{p.criteria}</div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
