'use client';

import Link from 'next/link';
import { describeSubject, formatDateTime } from '../lib/format';
import type { Activity, Page, RecordedEvent } from '../lib/types';
import { useApi } from '../lib/use-api';
import { CONNECTION_WORDS, type Connection } from '../lib/use-activity-stream';

/** How many entries the card shows. */
const SHOWN = 10;

/**
 * The newest activity in a card: what arrived on the live stream since the page opened (in
 * words), then the latest events of the log, so it is never empty on a running system.
 */
export function LiveFeedCard({ live, connection }: { live: Activity[]; connection: Connection }) {
  const recent = useApi<Page<RecordedEvent>>(`/api/events?limit=${SHOWN}`);
  const liveIds = new Set(live.map((a) => a.id));
  const earlier = (recent.data?.items ?? []).filter((e) => !liveIds.has(e.id));
  const entries = [
    ...live.map((a) => ({ id: a.id, type: a.type, text: a.summary, at: a.occurredAt, live: true })),
    ...earlier.map((e) => ({ id: e.id, type: e.type, text: `${e.type}${describeSubject(e.subject)}`, at: e.occurredAt, live: false })),
  ].slice(0, SHOWN);
  return (
    <section className="card" aria-labelledby="overview-feed-title">
      <div className="pod-head">
        <h2 id="overview-feed-title">Live activity</h2>
        <span className={`live${connection === 'open' ? ' open' : ''}`} role="status">
          {CONNECTION_WORDS[connection]}
        </span>
      </div>
      {entries.length === 0 ? (
        <p className="muted">{recent.loading ? 'Loading recent events…' : 'No events yet: they appear here as they happen.'}</p>
      ) : (
        <ul className="plain feed" aria-live="polite" data-testid="overview-feed">
          {entries.map((e) => (
            <li key={e.id} data-type={e.type} className={e.live ? 'new' : undefined}>
              <span>{e.text}</span>
              <time dateTime={e.at}>
                {formatDateTime(e.at)}
                {e.live ? ` · ${e.type}` : ''}
              </time>
            </li>
          ))}
        </ul>
      )}
      <p>
        <Link href="/activity/">All activity</Link>
      </p>
    </section>
  );
}
