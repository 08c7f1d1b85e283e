'use client';

import { Personal } from '../components/personal';
import { formatDateTime, formatHours } from '../lib/format';
import type { Decision } from '../lib/types';
import { useApi } from '../lib/use-api';

/** The 48-hour target a decision is held to. */
const TARGET_HOURS = 48;

/**
 * Decisions: the signed-in person's decision log, open and decided, newest first, with how
 * long each took (or has been open) against the 48-hour target. Private, as My day.
 */
export function DecisionsView() {
  const log = useApi<{ items: Decision[] }>('/api/decisions?limit=200');
  return (
    <>
      <h1>Decisions</h1>
      <Personal state={log} what="your decisions">
        {({ items }) => (items.length === 0 ? <p className="muted">No decision logged yet: <code>clos decision add &quot;…&quot; --type reversible_low</code>.</p> : <DecisionLog items={items} />)}
      </Personal>
    </>
  );
}

function DecisionLog({ items }: { items: Decision[] }) {
  const decided = items.filter((d) => d.hoursToDecide !== null);
  const inTime = decided.filter((d) => d.hoursToDecide! <= TARGET_HOURS).length;
  const open = items.length - decided.length;
  return (
    <section className="card" aria-labelledby="log-title">
      <h2 id="log-title">Decision log</h2>
      <p>
        {open} open · {decided.length} decided{decided.length > 0 ? `, ${inTime} within ${TARGET_HOURS} hours` : ''}
      </p>
      <div className="table-wrap">
        <table aria-labelledby="log-title">
          <thead>
            <tr>
              <th scope="col">Decision</th>
              <th scope="col">Type</th>
              <th scope="col">Opened</th>
              <th scope="col">Status</th>
              <th scope="col" className="num">
                Time to decide
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((d) => (
              <tr key={d.id} className={d.overdue ? 'overdue' : undefined}>
                <td>
                  <strong>{d.text}</strong>
                  {d.rationale && <div className="muted">{d.rationale}</div>}
                  {d.communicatedTo.length > 0 && <div className="muted">told {d.communicatedTo.join(', ')}</div>}
                </td>
                <td>{d.type.replace(/_/g, ' ')}</td>
                <td>{formatDateTime(d.openedAt)}</td>
                <td>
                  {d.decidedAt !== null ? (
                    `decided ${formatDateTime(d.decidedAt)}`
                  ) : d.overdue ? (
                    <span className="pill band-poor">open past 48 h</span>
                  ) : (
                    'open'
                  )}
                </td>
                <td className="num">
                  {d.hoursToDecide !== null ? (
                    <span className={d.hoursToDecide > TARGET_HOURS ? 'band-poor' : 'band-good'}>{formatHours(d.hoursToDecide)}</span>
                  ) : (
                    <span className="muted">{formatHours((Date.now() - Date.parse(d.openedAt)) / 3_600_000)} so far</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
