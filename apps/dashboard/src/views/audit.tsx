'use client';

import { useEffect, useState } from 'react';
import { ErrorNotice, Section } from '../components/status';
import { apiGet, apiPath } from '../lib/api';
import { formatDateTime } from '../lib/format';
import { isAdmin, useSession } from '../lib/session';
import type { AuditEntry, AuditVerification, Page } from '../lib/types';
import { useApi } from '../lib/use-api';

/** The audit log (admins): the hash chain's verification and the entries, newest first. */
export function AuditView() {
  const { me } = useSession();
  if (me === null) return <h1>Audit log</h1>;
  if (!isAdmin(me)) {
    return (
      <>
        <h1>Audit log</h1>
        <p className="notice">The audit log is for organisation admins.</p>
      </>
    );
  }
  return <AuditLog />;
}

function AuditLog() {
  const verify = useApi<AuditVerification>('/api/audit/verify');
  const first = useApi<Page<AuditEntry>>('/api/audit?limit=50');
  const [more, setMore] = useState<{ items: AuditEntry[]; cursor: string | null }>({ items: [], cursor: null });
  const [moreError, setMoreError] = useState<Error | null>(null);
  useEffect(() => {
    if (first.data) setMore({ items: [], cursor: first.data.nextCursor });
  }, [first.data]);
  const loadMore = async () => {
    if (!more.cursor) return;
    try {
      const page = await apiGet<Page<AuditEntry>>(apiPath('/api/audit', { limit: 50, cursor: more.cursor }));
      setMore((m) => ({ items: [...m.items, ...page.items], cursor: page.nextCursor }));
    } catch (error) {
      setMoreError(error instanceof Error ? error : new Error(String(error)));
    }
  };
  return (
    <>
      <h1>Audit log</h1>
      <Section title="Chain verification" state={verify} what="the verification">
        {(v) =>
          v.intact ? (
            <p className="notice ok" role="status">
              Chain intact: every entry&apos;s hash matches its content and the entry before it.
            </p>
          ) : (
            <div className="notice error" role="alert">
              <strong>Chain broken at {v.problems.length} entr{v.problems.length === 1 ? 'y' : 'ies'}.</strong>
              <ul>
                {v.problems.map((p) => (
                  <li key={p.id}>
                    #{p.id}: {p.problem}
                  </li>
                ))}
              </ul>
            </div>
          )
        }
      </Section>
      <Section title="Entries" state={first} what="the audit log">
        {(page) => (
          <>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Actor</th>
                    <th scope="col">Action</th>
                    <th scope="col">Target</th>
                  </tr>
                </thead>
                <tbody>
                  {[...page.items, ...more.items].map((e) => (
                    <tr key={e.id}>
                      <td>{formatDateTime(e.at)}</td>
                      <td className="wrap">{e.actor}</td>
                      <td>{e.action}</td>
                      <td className="wrap">{e.target ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {moreError && <ErrorNotice error={moreError} what="more entries" />}
            {more.cursor && (
              <button type="button" onClick={() => void loadMore()}>
                Load older entries
              </button>
            )}
          </>
        )}
      </Section>
    </>
  );
}
