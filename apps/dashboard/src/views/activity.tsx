'use client';

import { useEffect, useState } from 'react';
import { Section } from '../components/status';
import { formatDateTime } from '../lib/format';
import type { Activity, Page } from '../lib/types';
import { useApi } from '../lib/use-api';

/** How many entries the feed keeps on screen. */
const KEEP = 200;

interface RecordedEvent {
  id: string;
  type: string;
  occurredAt: string;
  subject: Activity['subject'];
}

type Connection = 'connecting' | 'open' | 'reconnecting' | 'closed';

/**
 * The live activity feed: recent events from the log, then every new one as it happens,
 * over Server-Sent Events (GET /api/stream), without reloading the page. The browser's
 * EventSource reconnects by itself and sends Last-Event-ID, so nothing is missed.
 */
export function ActivityView() {
  const recent = useApi<Page<RecordedEvent>>('/api/events?limit=30');
  const [live, setLive] = useState<Activity[]>([]);
  const [connection, setConnection] = useState<Connection>('connecting');

  useEffect(() => {
    const source = new EventSource('/api/stream', { withCredentials: true });
    source.onopen = () => setConnection('open');
    source.onerror = () => setConnection(source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting');
    source.addEventListener('activity', (message) => {
      try {
        const activity = JSON.parse((message as MessageEvent<string>).data) as Activity;
        setLive((items) => (items.some((i) => i.id === activity.id) ? items : [activity, ...items].slice(0, KEEP)));
      } catch {
        // A malformed message is skipped; the next one renders.
      }
    });
    return () => source.close();
  }, []);

  const liveIds = new Set(live.map((a) => a.id));
  const words: Record<Connection, string> = {
    connecting: 'connecting…',
    open: 'live',
    reconnecting: 'reconnecting…',
    closed: 'the live feed is not available',
  };
  return (
    <>
      <h1>Activity</h1>
      <p className={`live${connection === 'open' ? ' open' : ''}`} role="status">
        {words[connection]}
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

function describeSubject(subject: Activity['subject']): string {
  const parts = [subject.workItemId, subject.projectId && `project ${subject.projectId}`, subject.podId && `pod ${subject.podId}`, subject.personId].filter(Boolean);
  return parts.length > 0 ? ` · ${parts.join(' · ')}` : '';
}
