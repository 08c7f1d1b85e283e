'use client';

import Link from 'next/link';
import { Sparkline } from '../components/charts';
import { Section } from '../components/status';
import { formatAge, formatDateTime, metricLabel, scoreBand } from '../lib/format';
import type { OrgHealth, Page, Pod, PodHealthSummary } from '../lib/types';
import { useApi } from '../lib/use-api';

/** Org overview: every pod's health score, its trend and the failing metrics that drive it. */
export function OverviewView() {
  const health = useApi<OrgHealth>('/api/health');
  const pods = useApi<Page<Pod>>(health.error ? '/api/pods?limit=200' : null);
  return (
    <>
      <h1>Organisation overview</h1>
      {health.error ? (
        <>
          <div className="notice error" role="alert">
            <strong>Pod health is not available:</strong> {health.error.message}
          </div>
          <Section title="Pods" state={pods} what="pods">
            {(page) => (
              <ul className="plain">
                {page.items.map((pod) => (
                  <li key={pod.id}>
                    <Link href={`/pod/?id=${encodeURIComponent(pod.id)}`}>{pod.name}</Link> <span className="muted">WIP limit {pod.wipLimit}</span>
                  </li>
                ))}
              </ul>
            )}
          </Section>
        </>
      ) : health.data === undefined ? (
        <p className="muted" role="status">
          Loading pod health…
        </p>
      ) : (
        <>
          <p className="muted">Health as of {formatDateTime(health.data.generatedAt)}. A pod failing on two or more metrics has its WIP limit lowered.</p>
          {health.data.pods.length === 0 ? (
            <p>No pods yet: declare them in clos.yml.</p>
          ) : (
            <ul className="grid plain-grid" aria-label="Pods" style={{ listStyle: 'none', padding: 0 }}>
              {health.data.pods.map((pod) => (
                <li key={pod.podId} className="card">
                  <PodCard pod={pod} />
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </>
  );
}

function PodCard({ pod }: { pod: PodHealthSummary }) {
  if (pod.score === null) {
    return (
      <article aria-label={`Pod ${pod.name}`}>
        <h2>
          <Link href={`/pod/?id=${encodeURIComponent(pod.podId)}`}>{pod.name}</Link>
        </h2>
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
