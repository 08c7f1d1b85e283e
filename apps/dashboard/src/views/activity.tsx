'use client';

import { Section } from '../components/status';
import { describeSubject, formatDateTime } from '../lib/format';
import type { Page, RecordedEvent } from '../lib/types';
import { useApi } from '../lib/use-api';
import { CONNECTION_WORDS, useActivityStream } from '../lib/use-activity-stream';

/** How many entries the feed keeps on screen. */
const KEEP = 200;

/**
 * The live activity feed: recent events from the log, then every new one as it happens,
 * over Server-Sent Events (GET /api/stream), without reloading the page. The browser's
 * EventSource reconnects by itself and sends Last-Event-ID, so nothing is missed.
 */
export function ActivityView() {
  const recent = useApi<Page<RecordedEvent>>('/api/events?limit=30');
  const { live, connection } = useActivityStream(KEEP);
  const liveIds = new Set(live.map((a) => a.id));
  return (
    <>
      <h1>Activity</h1>
      <p className={`live${connection === 'open' ? ' open' : ''}`} role="status">
        {CONNECTION_WORDS[connection]}
      </p>
      <section className="card" aria-labelledby="feed-title">
        <h2 id="feed-title">Live</h2>
        {live.length === 0 ? (
          <p className="muted">New activity appears here as it happens.</p>
        ) : (
          <ul className="plain feed" aria-live="polite" data-testid="live-feed">
            {live.map((a) => (
              <li key={a.id} data-type={a.type}>
                <span>{a.summary}</span>
                <time dateTime={a.occurredAt}>
                  {formatDateTime(a.occurredAt)} · {a.type}
                </time>
              </li>
            ))}
          </ul>
        )}
      </section>
      <Section title="Recent" state={recent} what="recent events">
        {(page) => {
          const items = page.items.filter((e) => !liveIds.has(e.id));
          return items.length === 0 ? (
            <p className="muted">No events yet.</p>
          ) : (
            <ul className="plain feed">
              {items.map((e) => (
                <li key={e.id}>
                  <span>
                    {e.type}
                    {describeSubject(e.subject)}
                  </span>
                  <time dateTime={e.occurredAt}>{formatDateTime(e.occurredAt)}</time>
                </li>
              ))}
            </ul>
          );
        }}
      </Section>
    </>
  );
}
