'use client';

import Link from 'next/link';
import { useCallback, useState } from 'react';
import { Sparkline } from '../components/charts';
import { LiveFeedCard } from '../components/live-feed-card';
import { PodWipSummary } from '../components/pod-wip-summary';
import { Section } from '../components/status';
import { formatAge, formatDateTime, metricLabel, scoreBand } from '../lib/format';
import type { Activity, OrgHealth, Page, Pod, PodHealthSummary } from '../lib/types';
import { useActivityStream } from '../lib/use-activity-stream';
import { useApi, type ApiState } from '../lib/use-api';

/** How many live entries the overview keeps. */
const KEEP = 10;

/**
 * Org overview: every pod's health score, its trend and the failing metrics that drive it,
 * beside its live WIP (held of the limit, the queue, the first blocked item and why), and the
 * activity as it happens. One live stream feeds both: an event about a pod reads its WIP again.
 */
export function OverviewView() {
  const health = useApi<OrgHealth>('/api/health');
  const pods = useApi<Page<Pod>>(health.error ? '/api/pods?limit=200' : null);
  const [changes, setChanges] = useState<Record<string, number>>({});
  const onActivity = useCallback((activity: Activity) => {
    const podId = activity.subject.podId;
    if (podId !== undefined) setChanges((c) => ({ ...c, [podId]: (c[podId] ?? 0) + 1 }));
  }, []);
  const stream = useActivityStream(KEEP, onActivity);
  return (
    <>
      <h1>Organisation overview</h1>
      <div className="overview">
        <div>
          <PodsPanel health={health} pods={pods} changes={changes} />
        </div>
        <LiveFeedCard live={stream.live} connection={stream.connection} />
      </div>
    </>
  );
}

/** The pods with their health and WIP; only their WIP when health cannot be read. */
function PodsPanel({ health, pods, changes }: { health: ApiState<OrgHealth>; pods: ApiState<Page<Pod>>; changes: Record<string, number> }) {
  if (health.error) {
    return (
      <>
        <div className="notice error" role="alert">
          <strong>Pod health is not available:</strong> {health.error.message}
        </div>
        <Section title="Pods" state={pods} what="pods">
          {(page) => (
            <ul className="plain">
              {page.items.map((pod) => (
                <li key={pod.id}>
                  <Link href={`/pod/?id=${encodeURIComponent(pod.id)}`}>{pod.name}</Link>
                  <PodWipSummary podId={pod.id} podName={pod.name} changes={changes[pod.id] ?? 0} />
                </li>
              ))}
            </ul>
          )}
        </Section>
      </>
    );
  }
  if (health.data === undefined) {
    return (
      <p className="muted" role="status">
        Loading pod health…
      </p>
    );
  }
  return (
    <>
      <p className="muted">Health as of {formatDateTime(health.data.generatedAt)}. A pod failing on two or more metrics has its WIP limit lowered.</p>
      {health.data.pods.length === 0 ? (
        <p>No pods yet: declare them in clos.yml.</p>
      ) : (
        <ul className="grid plain-grid" aria-label="Pods" style={{ listStyle: 'none', padding: 0 }}>
          {health.data.pods.map((pod) => (
            <li key={pod.podId} className="card">
              <PodCard pod={pod} changes={changes[pod.podId] ?? 0} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function PodCard({ pod, changes }: { pod: PodHealthSummary; changes: number }) {
  const wip = <PodWipSummary podId={pod.podId} podName={pod.name} changes={changes} />;
  if (pod.score === null) {
    return (
      <article aria-label={`Pod ${pod.name}`}>
        <h2>
          <Link href={`/pod/?id=${encodeURIComponent(pod.podId)}`}>{pod.name}</Link>
        </h2>
        {wip}
        <p className="muted">Not scanned yet: the worker scores every pod when it starts, then hourly.</p>
      </article>
    );
  }
  const band = scoreBand(pod.score);
  const failing = pod.components.filter((c) => c.failing);
  const trend = pod.trend.map((t) => t.score);
  return (
    <article aria-label={`Pod ${pod.name}`}>
      <div className="pod-head">
        <h2>
          <Link href={`/pod/?id=${encodeURIComponent(pod.podId)}`}>{pod.name}</Link>
        </h2>
        <span className={`score band-${band}`} aria-label={`health score ${pod.score} of 100`}>
          {pod.score}
        </span>
      </div>
      <div className="row">
        <Sparkline values={trend} label={`Health trend of ${pod.name}: ${trend.join(', ') || 'no history'}`} />
        <span className={`pill band-${band}`}>{band}</span>
        {pod.at && <span className="muted">scanned {formatAge(pod.at)}</span>}
      </div>
      {wip}
      <h3>What drives it</h3>
      {failing.length === 0 && pod.failing.length === 0 ? (
        <p className="muted">No failing metric.</p>
      ) : (
        <ul className="plain">
          {(failing.length > 0 ? failing : pod.failing.map((metric) => ({ metric, detail: '', score: null }))).map((c) => (
            <li key={c.metric}>
              <strong className="band-poor">{metricLabel(c.metric)}</strong>
              {c.score !== null && <span className="muted"> · score {c.score}</span>}
              {c.detail && <div>{c.detail}</div>}
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}
