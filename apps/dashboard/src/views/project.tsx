'use client';

import Link from 'next/link';
import { QueryPage } from '../components/query-page';
import { Section } from '../components/status';
import { formatDateTime } from '../lib/format';
import type { Evidence, Page, Project, StageState, Transition } from '../lib/types';
import { useApi } from '../lib/use-api';

/** One project: its stage timeline, the gate's criteria met and missing, and the evidence. */
export function ProjectView() {
  return (
    <QueryPage param="id" missing={<p>Choose a project on the <Link href="/funnel/">funnel</Link> or a pod page.</p>}>
      {(projectId) => <ProjectDetails projectId={projectId} />}
    </QueryPage>
  );
}

function ProjectDetails({ projectId }: { projectId: string }) {
  const base = `/api/projects/${encodeURIComponent(projectId)}`;
  const project = useApi<Project>(base);
  const stage = useApi<StageState>(`${base}/stage`);
  const transitions = useApi<Page<Transition>>(`${base}/transitions?limit=200`);
  const evidence = useApi<Page<Evidence>>(`${base}/evidence?limit=200`);
  return (
    <>
      <h1>{project.data?.name ?? projectId}</h1>
      {project.data && (
        <p className="muted">
          Project <code>{projectId}</code> of pod <Link href={`/pod/?id=${encodeURIComponent(project.data.podId)}`}>{project.data.podId}</Link> · template{' '}
          {project.data.templateId} · {project.data.status}
        </p>
      )}
      <div className="grid">
        <Section title="Gate criteria" state={stage} what="the live stage">
          {(s) => (
            <>
              <p>
                Stage <strong>{s.stage?.name ?? 'not started'}</strong>
                {s.enteredAt ? ` since ${formatDateTime(s.enteredAt)}` : ''}
                {s.overdue ? ' · overdue' : ''}
                {s.paused ? ' · paused' : ''}
              </p>
              {s.gate.criteria.length === 0 ? (
                <p className="muted">This stage has no criteria.</p>
              ) : (
                <ul className="plain checklist" aria-label="Criteria">
                  {s.gate.criteria.map((c) => (
                    <li key={c.criterionId}>
                      <span className={c.met ? 'met' : 'unmet'} aria-hidden="true">
                        {c.met ? '✓' : '✗'}
                      </span>
                      <span>
                        <strong>{c.criterionId}</strong> <span className="muted">({c.type})</span> — {c.met ? 'met' : 'missing'}
                        <br />
                        <span className="muted">{c.detail}</span>
                      </span>
                    </li>
                  ))}
                </ul>
              )}
              <p>
                <a href={`/why/stage/${encodeURIComponent(projectId)}`}>Explain this gate</a>
              </p>
            </>
          )}
        </Section>
        <Section title="Stage timeline" state={transitions} what="transitions">
          {(page) =>
            page.items.length === 0 ? (
              <p className="muted">No transitions recorded.</p>
            ) : (
              <ol className="timeline">
                {page.items.map((t) => (
                  <li key={t.id}>
                    <strong>{t.from ? `${t.from} → ${t.to}` : `started in ${t.to}`}</strong> <span className="muted">({t.kind})</span>
                    <div className="muted">
                      <time dateTime={t.at}>{formatDateTime(t.at)}</time>
                      {t.actor ? ` · ${t.actor}` : ''}
                      {t.reason ? ` · ${t.reason}` : ''}
                    </div>
                  </li>
                ))}
              </ol>
            )
          }
        </Section>
      </div>
      <Section title="Evidence" state={evidence} what="evidence">
        {(page) =>
          page.items.length === 0 ? (
            <p className="muted">No evidence submitted.</p>
          ) : (
            <ul className="plain">
              {page.items.map((e) => (
                <li key={e.id}>
                  <strong>{e.criterionId}</strong> <span className="muted">({e.stageId})</span>:{' '}
                  {/^https?:\/\//.test(e.value) ? <a href={e.value}>{e.value}</a> : e.value}
                  <div className="muted">
                    {e.submittedBy}
                    {e.role ? ` (${e.role})` : ''} · {formatDateTime(e.submittedAt)}
                  </div>
                </li>
              ))}
            </ul>
          )
        }
      </Section>
    </>
  );
}
