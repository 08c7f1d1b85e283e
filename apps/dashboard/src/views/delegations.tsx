'use client';

import { BarChart, ShareBar } from '../components/charts';
import { Personal } from '../components/personal';
import { formatDate, formatPercent } from '../lib/format';
import type { Delegation } from '../lib/types';
import { useApi } from '../lib/use-api';

const OUTCOME_LABEL: Record<NonNullable<Delegation['outcome']>, string> = { owned: 'owned', re_engaged: 're-engaged', boomeranged: 'boomeranged' };
const OUTCOME_BAND: Record<NonNullable<Delegation['outcome']>, string> = { owned: 'band-good', re_engaged: 'band-fair', boomeranged: 'band-poor' };

/**
 * Delegations: the signed-in person's delegations, newest first — the task, to whom, how
 * strongly they wanted to keep control, whether the handoff was done and how it ended — with
 * the success rate (owned, of those that ended). Private, as My day.
 */
export function DelegationsView() {
  const list = useApi<{ items: Delegation[] }>('/api/delegations?limit=500');
  return (
    <>
      <h1>Delegations</h1>
      <Personal state={list} what="your delegations">
        {({ items }) =>
          items.length === 0 ? (
            <p className="muted">
              No delegation yet: <code>clos weekly delegate &quot;…&quot; --to PERSON --control 1-10</code>.
            </p>
          ) : (
            <>
              <Outcomes items={items} />
              <DelegationTable items={items} />
            </>
          )
        }
      </Personal>
    </>
  );
}

/** Success rate: owned, of the delegations that ended (open ones are not counted either way). */
function successRate(items: readonly Delegation[]): number | null {
  const ended = items.filter((d) => d.outcome !== null);
  return ended.length === 0 ? null : ended.filter((d) => d.outcome === 'owned').length / ended.length;
}

function Outcomes({ items }: { items: Delegation[] }) {
  const count = (outcome: Delegation['outcome']) => items.filter((d) => d.outcome === outcome).length;
  const ended = items.length - count(null);
  const rate = successRate(items);
  const bars = [
    { label: 'owned', value: count('owned') },
    { label: 're-engaged', value: count('re_engaged') },
    { label: 'boomeranged', value: count('boomeranged') },
    { label: 'open', value: count(null) },
  ];
  return (
    <section className="card" aria-labelledby="outcomes-title">
      <h2 id="outcomes-title">Outcomes</h2>
      <dl className="stats compact">
        <div>
          <dt>Delegations</dt>
          <dd>{items.length}</dd>
        </div>
        <div>
          <dt>Ended</dt>
          <dd>{ended}</dd>
        </div>
        <div>
          <dt>Success rate</dt>
          <dd data-testid="success-rate">{formatPercent(rate)}</dd>
        </div>
      </dl>
      {rate !== null && (
        <p>
          <ShareBar share={rate} label={`success rate ${formatPercent(rate)}`} />{' '}
          <span className="muted">
            owned, of the {ended} that ended
          </span>
        </p>
      )}
      <BarChart bars={bars} label={`Outcomes: ${bars.map((b) => `${b.value} ${b.label}`).join(', ')}`} />
    </section>
  );
}

function DelegationTable({ items }: { items: Delegation[] }) {
  return (
    <section className="card" aria-labelledby="delegations-title">
      <h2 id="delegations-title">All delegations</h2>
      <div className="table-wrap">
        <table aria-labelledby="delegations-title">
          <thead>
            <tr>
              <th scope="col">Task</th>
              <th scope="col">To</th>
              <th scope="col" className="num">
                Control impulse
              </th>
              <th scope="col">Handoff</th>
              <th scope="col">Outcome</th>
            </tr>
          </thead>
          <tbody>
            {items.map((d) => (
              <tr key={d.id}>
                <td>
                  <strong>{d.task}</strong>
                  <div className="muted">since {formatDate(d.createdAt)}</div>
                </td>
                <td>{d.to}</td>
                <td className="num" aria-label={`control impulse ${d.controlImpulse} of 10`}>
                  {d.controlImpulse} / 10
                </td>
                <td>{d.handoffDone ? 'done' : 'not done'}</td>
                <td>
                  {d.outcome === null ? (
                    <span className="muted">open</span>
                  ) : (
                    <>
                      <span className={`pill ${OUTCOME_BAND[d.outcome]}`}>{OUTCOME_LABEL[d.outcome]}</span>
                      <div className="muted">{formatDate(d.closedAt)}</div>
                    </>
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
