'use client';

import Link from 'next/link';
import { BarChart, ShareBar } from '../components/charts';
import { Section } from '../components/status';
import { formatNumber, formatPercent } from '../lib/format';
import type { Funnel, FunnelStage, Page, Project } from '../lib/types';
import { useApi } from '../lib/use-api';

/** The stage funnel across projects: how many sit in each stage, for how long, and how many go on. */
export function FunnelView() {
  const funnel = useApi<Funnel>('/api/funnel');
  const projects = useApi<Page<Project>>('/api/projects?status=active&limit=200');
  return (
    <>
      <h1>Stage funnel</h1>
      <Section title="Ideas" state={funnel} what="the funnel">
        {(f) => (
          <p>
            <strong>{f.ideas.open}</strong> open ideas, <strong>{f.ideas.accepted}</strong> accepted (stage 0 of the funnel).
          </p>
        )}
      </Section>
      {funnel.data &&
        groupByTemplate(funnel.data.stages).map(([template, stages]) => (
          <section key={template} className="card" aria-labelledby={`t-${template}`}>
            <h2 id={`t-${template}`}>Template {template}</h2>
            <BarChart
              label={`Projects per stage of ${template}: ${stages.map((s) => `${s.name} ${s.count}`).join(', ')}`}
              bars={stages.map((s) => ({ label: s.name.length > 10 ? `${s.name.slice(0, 9)}…` : s.name, value: s.count }))}
            />
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Stage</th>
                    <th scope="col" className="num">
                      Projects
                    </th>
                    <th scope="col" className="num">
                      Median days in stage
                    </th>
                    <th scope="col">Went on to the next</th>
                  </tr>
                </thead>
                <tbody>
                  {stages.map((s, i) => (
                    <tr key={s.stageId}>
                      <th scope="row">{s.name}</th>
                      <td className="num">{s.count}</td>
                      <td className="num">{formatNumber(s.medianDaysInStage)}</td>
                      <td>
                        {s.conversion === null ? (
                          <span className="muted">{i === stages.length - 1 ? 'last stage' : 'no project entered it yet'}</span>
                        ) : (
                          <>
                            <ShareBar share={s.conversion} label={`${formatPercent(s.conversion)} went on from ${s.name}`} /> {formatPercent(s.conversion)}
                          </>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        ))}
      <Section title="Active projects" state={projects} what="projects">
        {(page) =>
          page.items.length === 0 ? (
            <p className="muted">No active project.</p>
          ) : (
            <ul className="plain">
              {page.items.map((p) => (
                <li key={p.id}>
                  <Link href={`/project/?id=${encodeURIComponent(p.id)}`}>{p.name}</Link>{' '}
                  <span className="muted">
                    {p.podId} · {p.currentStage ?? 'not started'}
                  </span>
                </li>
              ))}
            </ul>
          )
        }
      </Section>
    </>
  );
}

function groupByTemplate(stages: FunnelStage[]): [string, FunnelStage[]][] {
  const groups = new Map<string, FunnelStage[]>();
  for (const stage of stages) groups.set(stage.template, [...(groups.get(stage.template) ?? []), stage]);
  return [...groups.entries()].map(([t, s]) => [t, s.sort((a, b) => a.order - b.order)]);
}
