'use client';

import Link from 'next/link';
import { useEffect } from 'react';
import { formatAge } from '../lib/format';
import type { WipState } from '../lib/types';
import { useApi } from '../lib/use-api';
import { ErrorNotice } from './status';

/** How long a burst of a pod's events is let settle before its WIP is read again. */
const SETTLE_MS = 300;

/**
 * A pod's live WIP in a line or two: slots held of the limit, how many wait, and the first
 * item the limit blocks — its red `clos/wip` status as GitHub shows it, with its "why?" link.
 * Read again whenever `changes` moves (the overview counts the pod's events on the live stream).
 */
export function PodWipSummary({ podId, podName, changes }: { podId: string; podName: string; changes: number }) {
  const wip = useApi<WipState>(`/api/pods/${encodeURIComponent(podId)}/wip`);
  const { reload } = wip;
  useEffect(() => {
    if (changes === 0) return;
    const timer = setTimeout(reload, SETTLE_MS);
    return () => clearTimeout(timer);
  }, [changes, reload]);

  if (wip.error) return <ErrorNotice error={wip.error} what={`the WIP of ${podName}`} />;
  if (wip.data === undefined) {
    return (
      <p className="muted" role="status">
        Loading WIP…
      </p>
    );
  }
  const w = wip.data;
  const used = w.usage.regular;
  const band = used > w.policy.limit ? 'over' : used === w.policy.limit ? 'full' : 'open';
  // The first item the limit holds red; in observe or warn mode nothing is red, so the first waiting.
  const blocked = w.queue.find((q) => q.status?.state === 'failure') ?? w.queue[0];
  return (
    <div className="wip-summary" aria-label={`Live WIP of ${podName}`} role="group">
      <dl className="stats compact">
        <div>
          <dt>WIP</dt>
          <dd className={`wip-${band}`} aria-label={`WIP ${used} of limit ${w.policy.limit}`}>
            {used} / {w.policy.limit}
          </dd>
        </div>
        <div>
          <dt>Queue</dt>
          <dd aria-label={`${w.usage.queued} waiting`}>{w.usage.queued}</dd>
        </div>
        {w.usage.expedite > 0 && (
          <div>
            <dt>Expedite</dt>
            <dd>
              {w.usage.expedite} / {w.policy.expediteQuota}
            </dd>
          </div>
        )}
      </dl>
      {blocked === undefined ? (
        <p className="muted">{w.running ? 'Nothing waits: every item has a slot.' : 'No work has reached this pod yet.'}</p>
      ) : (
        <p className={`blocked-item${blocked.status?.state === 'failure' ? ' red' : ''}`} data-testid="first-blocked">
          {blocked.status?.state === 'failure' ? (
            <span className="red-mark" role="img" aria-label="clos/wip is red">
              ✕
            </span>
          ) : (
            <span className="wait-mark" role="img" aria-label="waiting">
              …
            </span>
          )}
          <span>
            <strong>{blocked.title ? `${blocked.title} (${blocked.id})` : blocked.id}</strong>
            <span className="reason">{blocked.status?.description ?? `waits: ${blocked.reason.replace(/_/g, ' ')}`}</span>
            <span className="muted">
              waiting {formatAge(blocked.enqueuedAt)} ·{' '}
              <Link href={`/blocked/?item=${encodeURIComponent(blocked.id)}`} aria-label={`Why is ${blocked.id} blocked?`}>
                why?
              </Link>
            </span>
          </span>
        </p>
      )}
    </div>
  );
}
