'use client';

import { useState } from 'react';
import { Section } from '../components/status';
import { apiPath } from '../lib/api';
import { formatDate } from '../lib/format';
import type { Idea, Page } from '../lib/types';
import { useApi } from '../lib/use-api';

const STATUSES = ['all', 'proposed', 'accepted', 'rejected'] as const;

/** The idea ledger, best ICE score first. */
export function IdeasView() {
  const [status, setStatus] = useState<(typeof STATUSES)[number]>('all');
  const ideas = useApi<Page<Idea>>(apiPath('/api/ideas', { limit: 200, status: status === 'all' ? undefined : status }));
  return (
    <>
      <h1>Idea ledger</h1>
      <form className="inline" onSubmit={(e) => e.preventDefault()}>
        <div className="field" style={{ flex: '0 1 14rem' }}>
          <label htmlFor="idea-status">Status</label>
          <select id="idea-status" value={status} onChange={(e) => setStatus(e.target.value as (typeof STATUSES)[number])}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
      </form>
      <Section title="Ideas by ICE score" state={ideas} what="ideas">
        {(page) =>
          page.items.length === 0 ? (
            <p className="muted">No ideas yet: propose one with /clos idea in Slack.</p>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Idea</th>
                    <th scope="col" className="num">
                      ICE
                    </th>
                    <th scope="col">Status</th>
                    <th scope="col">Pod</th>
                    <th scope="col">Proposed</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((idea) => (
                    <tr key={idea.id}>
                      <td>
                        <strong>{idea.title}</strong>
                        <div className="muted">{idea.problem}</div>
                        {idea.githubIssue?.url && <a href={idea.githubIssue.url}>{`${idea.githubIssue.repo}#${idea.githubIssue.number}`}</a>}
                      </td>
                      <td className="num" title={`impact ${idea.impact} × confidence ${idea.confidence} × ease ${idea.ease}`}>
                        {idea.iceScore}
                      </td>
                      <td>{idea.status}</td>
                      <td>{idea.podId ?? '—'}</td>
                      <td>
                        {idea.submittedBy}
                        <div className="muted">{formatDate(idea.createdAt)}</div>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Section>
    </>
  );
}
