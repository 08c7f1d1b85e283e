'use client';

import { useEffect, useRef, useState } from 'react';
import type { Activity } from './types';

/** The state of the live stream's connection. */
export type Connection = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** How a page shows {@link Connection}. */
export const CONNECTION_WORDS: Record<Connection, string> = {
  connecting: 'connecting…',
  open: 'live',
  reconnecting: 'reconnecting…',
  closed: 'the live feed is not available',
};

/**
 * Follows the event log as it grows: every new event as an `activity` over Server-Sent
 * Events (GET /api/stream), newest first, at most `keep` of them. The browser's EventSource
 * reconnects by itself and sends Last-Event-ID, so nothing is missed. `onActivity` hears each
 * one once (the overview refreshes the pod it concerns).
 */
export function useActivityStream(keep: number, onActivity?: (activity: Activity) => void): { live: Activity[]; connection: Connection } {
  const [live, setLive] = useState<Activity[]>([]);
  const [connection, setConnection] = useState<Connection>('connecting');
  // The latest callback, without reopening the stream when it changes.
  const listener = useRef(onActivity);
  useEffect(() => {
    listener.current = onActivity;
  }, [onActivity]);

  useEffect(() => {
    const seen = new Set<string>();
    const source = new EventSource('/api/stream', { withCredentials: true });
    source.onopen = () => setConnection('open');
    source.onerror = () => setConnection(source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting');
    source.addEventListener('activity', (message) => {
      let activity: Activity;
      try {
        activity = JSON.parse((message as MessageEvent<string>).data) as Activity;
      } catch {
        // A malformed message is skipped; the next one renders.
        return;
      }
      if (seen.has(activity.id)) return;
      // Ids repeat only around a reconnect: the recent ones are enough to drop repeats.
      if (seen.size >= 10 * keep) seen.clear();
      seen.add(activity.id);
      setLive((items) => [activity, ...items].slice(0, keep));
      listener.current?.(activity);
    });
    return () => source.close();
  }, [keep]);

  return { live, connection };
}
