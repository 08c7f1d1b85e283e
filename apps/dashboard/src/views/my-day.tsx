'use client';

import Link from 'next/link';
import { Personal } from '../components/personal';
import { formatDate, formatDateTime, formatHours } from '../lib/format';
import type { Checkin, Day, Decision } from '../lib/types';
import { useApi } from '../lib/use-api';

/**
 * My day: the signed-in person's check-in for today (or how to make one), its mission, and the
 * decisions still open, those past the 48-hour target first. Private: the api answers with the
 * record of the person the session acts for, nobody else's.
 */
export function MyDayView() {
  const day = useApi<Day>('/api/today');
  return (
    <>
      <h1>My day</h1>
      <Personal state={day} what="your day">
        {(d) => (
          <>
            <p className="muted">
              {formatDate(d.date)} · {d.personId}
            </p>
            {d.warning && (
              <p className="notice error" role="alert">
                {d.warning}
              </p>
            )}
            {d.breaker?.active && (
              <p className="notice">
                <strong>Simplified mode</strong> since {formatDateTime(d.breaker.activatedAt)}: {d.breaker.reason}
              </p>
            )}
            <div className="grid">
              <CheckinCard checkin={d.checkin} />
              <MissionCard checkin={d.checkin} />
            </div>
            <DecisionsDue decisions={d.decisionsDue} />
          </>
        )}
      </Personal>
    </>
  );
}

function CheckinCard({ checkin }: { checkin: Checkin | null }) {
  return (
    <section className="card" aria-labelledby="checkin-title">
      <h2 id="checkin-title">Check-in</h2>
      {checkin === null ? (
        <div data-testid="checkin-prompt">
          <p>You have not checked in today. It takes under a minute:</p>
          <p>
            <code>clos daily checkin --energy high|medium|low --stress 1-10 [--tension] [--circular] --mission &quot;…&quot;</code>
          </p>
          <p className="muted">
            or <code>/checkin</code> in Slack.
          </p>
        </div>
      ) : (
        <dl className="stats compact">
          <div>
            <dt>Energy</dt>
            <dd>{checkin.energy}</dd>
          </div>
          <div>
            <dt>Stress</dt>
            <dd aria-label={`stress ${checkin.stress} of 10`}>{checkin.stress} / 10</dd>
          </div>
          <div>
            <dt>Tension</dt>
            <dd>{checkin.tension ? 'yes' : 'no'}</dd>
          </div>
          <div>
            <dt>Circular thinking</dt>
            <dd>{checkin.circular ? 'yes' : 'no'}</dd>
          </div>
        </dl>
      )}
    </section>
  );
}

function MissionCard({ checkin }: { checkin: Checkin | null }) {
  return (
    <section className="card" aria-labelledby="mission-title">
      <h2 id="mission-title">Mission</h2>
      {checkin?.mission ? (
        <>
          <p className="mission">{checkin.mission}</p>
          <p className="muted">
            {checkin.completion === null ? (
              <>
                Open: when it ends, <code>clos daily complete --type delivered|delegated|live</code>
              </>
            ) : (
              `Ended ${checkin.completion} · ${formatDateTime(checkin.completedAt)}`
            )}
          </p>
        </>
      ) : (
        <p className="muted">
          No mission today{checkin === null ? ' yet' : ''}: <code>clos daily mission &quot;…&quot;</code>
        </p>
      )}
    </section>
  );
}

function DecisionsDue({ decisions }: { decisions: Decision[] }) {
  const sorted = [...decisions].sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.openedAt.localeCompare(b.openedAt));
  const overdue = decisions.filter((d) => d.overdue).length;
  return (
    <section className="card" aria-labelledby="due-title">
      <h2 id="due-title">Decisions due</h2>
      {sorted.length === 0 ? (
        <p className="muted">
          No open decision. Log one with <code>clos decision add &quot;…&quot; --type reversible_low|reversible_high|irreversible</code> or{' '}
          <code>/decide</code> in Slack.
        </p>
      ) : (
        <>
          <p>
            {sorted.length} open{overdue > 0 ? `, ${overdue} past the 48-hour target` : ', all within 48 hours'}.{' '}
            <Link href="/decisions/">The whole log</Link>
          </p>
          <ul className="plain" aria-label="Open decisions">
            {sorted.map((d) => (
              <li key={d.id} className={d.overdue ? 'overdue' : undefined}>
                {d.overdue && <span className="pill band-poor">past 48 h</span>} <strong>{d.text}</strong>
                <div className="muted">
                  {d.type.replace(/_/g, ' ')} · open {formatHours((Date.now() - Date.parse(d.openedAt)) / 3_600_000)} · since {formatDateTime(d.openedAt)}
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
