'use client';

import Link from 'next/link';
import { useState } from 'react';
import { Section } from '../components/status';
import { apiPath } from '../lib/api';
import type { Demo, Page } from '../lib/types';
import { useApi } from '../lib/use-api';

const DOW = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const monthName = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

/** The demo calendar: a month of scheduled and held demos. */
export function DemosView() {
  const [month, setMonth] = useState(() => {
    const now = new Date();
    return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  });
  const first = month.toISOString().slice(0, 10);
  const last = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 0)).toISOString().slice(0, 10);
  const demos = useApi<Page<Demo>>(apiPath('/api/demos', { from: first, to: last, limit: 200 }));
  const shift = (by: number) => setMonth(new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + by, 1)));
  const title = monthName.format(month);
  return (
    <>
      <h1>Demo calendar</h1>
      <div className="row" style={{ marginBottom: '1rem' }}>
        <button type="button" onClick={() => shift(-1)} aria-label="Previous month">
          ←
        </button>
        <strong aria-live="polite">{title}</strong>
        <button type="button" onClick={() => shift(1)} aria-label="Next month">
          →
        </button>
      </div>
      <Section title={`Demos in ${title}`} state={demos} what="demos">
        {(page) => (
          <>
            <Calendar month={month} demos={page.items} />
            <h3>List</h3>
            {page.items.length === 0 ? (
              <p className="muted">No demo scheduled this month.</p>
            ) : (
              <ul className="plain">
                {page.items.map((d) => (
                  <li key={d.id}>
                    {d.scheduledFor}: <Link href={`/project/?id=${encodeURIComponent(d.projectId)}`}>{d.projectId}</Link>{' '}
                    <span className="muted">
                      ({d.podId}) · {d.heldAt ? `held by ${d.heldBy ?? 'someone'}` : `scheduled by ${d.scheduledBy}`}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </Section>
    </>
  );
}

function Calendar({ month, demos }: { month: Date; demos: Demo[] }) {
  const lead = (month.getUTCDay() + 6) % 7;
  const start = new Date(month.getTime() - lead * 86_400_000);
  const weeks = Math.ceil((lead + new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 0)).getUTCDate()) / 7);
  const days = Array.from({ length: weeks * 7 }, (_, i) => new Date(start.getTime() + i * 86_400_000));
  const byDay = new Map<string, Demo[]>();
  for (const d of demos) byDay.set(d.scheduledFor, [...(byDay.get(d.scheduledFor) ?? []), d]);
  return (
    <div className="calendar" aria-hidden="true">
      {DOW.map((d) => (
        <div key={d} className="dow">
          {d}
        </div>
      ))}
      {days.map((day) => {
        const key = day.toISOString().slice(0, 10);
        return (
          <div key={key} className={`day${day.getUTCMonth() === month.getUTCMonth() ? '' : ' other'}`}>
            <span className="n">{day.getUTCDate()}</span>
            {(byDay.get(key) ?? []).map((d) => (
              <span key={d.id} className={`demo${d.heldAt ? ' held' : ''}`}>
                {d.projectId}
              </span>
            ))}
          </div>
        );
      })}
    </div>
  );
}
