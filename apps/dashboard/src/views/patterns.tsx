'use client';

import { useState, type ReactNode } from 'react';
import { BarChart, IntervalChart } from '../components/charts';
import { actsForNobody, NoPersonNotice } from '../components/personal';
import { ErrorNotice, Loading } from '../components/status';
import { formatDate, formatNumber, formatPercent } from '../lib/format';
import type { Analysis, DailyPatterns, DelegationPredictors, Finding, ParalysisTriggers, ShippingTrend } from '../lib/types';
import { useApi, type ApiState } from '../lib/use-api';

const PERIODS = [
  ['1month', 'the last month'],
  ['3months', 'the last 3 months'],
  ['6months', 'the last 6 months'],
  ['1year', 'the last year'],
] as const;
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
const DECISION_TYPES = ['reversible_low', 'reversible_high', 'irreversible', 'unlinked'] as const;

/**
 * Patterns: what the signed-in person's records show over a period — what goes with paralysis
 * (weekday, energy, stress, the type of the decision it is stuck on), whether shipping
 * improves (the weekly slope with its 95 % interval) and what predicts a delegation being
 * owned. The api makes no claim below a minimum sample, and neither does this
 * page: it says how many observations there are and how many it needs. Private, as My day.
 */
export function PatternsView() {
  const [period, setPeriod] = useState<string>('3months');
  const q = `?period=${period}`;
  const paralysis = useApi<Analysis<ParalysisTriggers>>(`/api/analytics/paralysis${q}`);
  const shipping = useApi<Analysis<ShippingTrend, { week: string; rate: number }[]>>(`/api/analytics/shipping${q}`);
  const delegation = useApi<Analysis<DelegationPredictors>>(`/api/analytics/delegation${q}`);
  const daily = useApi<Analysis<DailyPatterns>>(`/api/analytics/patterns${q}`);
  if ([paralysis, shipping, delegation, daily].some((s) => actsForNobody(s.error))) {
    return (
      <>
        <h1>Patterns</h1>
        <NoPersonNotice />
      </>
    );
  }
  return (
    <>
      <h1>Patterns</h1>
      <form className="inline" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="period">Period</label>
          <select id="period" value={period} onChange={(e) => setPeriod(e.target.value)}>
            {PERIODS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
      </form>
      <Card title="Paralysis triggers" state={paralysis}>
        {(r) => <Paralysis result={r} />}
      </Card>
      <Card title="Shipping trend" state={shipping} before={(a) => <WeeklyRates series={a.series ?? []} />}>
        {(r) => <Shipping result={r} />}
      </Card>
      <Card title="Delegation predictors" state={delegation}>
        {(r) => <Delegation result={r} />}
      </Card>
      <Card title="Energy and completion" state={daily}>
        {(r) => <Daily result={r} />}
      </Card>
    </>
  );
}

/**
 * One analysis: loading, an error, "not enough data" in the api's words with n and the
 * minimum, or `children(result)`; `before` shows what is plotted whatever the sample.
 */
function Card<T, S>({ title, state, children, before }: { title: string; state: ApiState<Analysis<T, S>>; children: (result: T) => ReactNode; before?: (analysis: Analysis<T, S>) => ReactNode }) {
  const id = `p-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  const a = state.data;
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {state.error ? (
        <ErrorNotice error={state.error} what={title.toLowerCase()} />
      ) : a === undefined ? (
        <Loading what={title.toLowerCase()} />
      ) : (
        <>
          <p className="muted">
            {formatDate(a.from)} – {formatDate(a.to)} · n = {a.finding.n}
          </p>
          {before?.(a)}
          <Claim finding={a.finding}>{children}</Claim>
        </>
      )}
    </section>
  );
}

function Claim<T>({ finding, children }: { finding: Finding<T>; children: (result: T) => ReactNode }) {
  if (finding.enough) return <>{children(finding.result)}</>;
  return (
    <p className="notice" data-testid="not-enough">
      <strong>Not enough data</strong> (n = {finding.n} &lt; {finding.needed} minimum): {finding.message.replace(/^Not enough data: /, '')}.
    </p>
  );
}

function Paralysis({ result }: { result: ParalysisTriggers }) {
  const weekdays = WEEKDAYS.map((d) => ({ label: d, value: result.byWeekday[d] ?? 0 }));
  const energy = (['high', 'medium', 'low'] as const).map((e) => ({ label: e, value: result.byEnergy[e] ?? 0 }));
  return (
    <>
      <p>
        Average stress {formatNumber(result.averageStressOnParalysisDays)} on days with an episode, {formatNumber(result.averageStressOtherDays)} on the others.
      </p>
      <div className="grid">
        <div>
          <h3>By weekday</h3>
          <BarChart bars={weekdays} label={`Paralysis episodes by weekday: ${weekdays.map((b) => `${b.label} ${b.value}`).join(', ')}`} />
        </div>
        <div>
          <h3>By energy that day</h3>
          <BarChart bars={energy} label={`Paralysis episodes by energy: ${energy.map((b) => `${b.label} ${b.value}`).join(', ')}`} />
        </div>
        <div>
          <h3>By decision type</h3>
          <div className="table-wrap">
            <table aria-label="Paralysis episodes by decision type">
              <thead>
                <tr>
                  <th scope="col">Decision type</th>
                  <th scope="col" className="num">
                    Episodes
                  </th>
                  <th scope="col" className="num">
                    Share
                  </th>
                </tr>
              </thead>
              <tbody>
                {DECISION_TYPES.map((type) => (
                  <tr key={type}>
                    <td>{type === 'unlinked' ? 'no decision linked' : type.replace(/_/g, ' ')}</td>
                    <td className="num">{result.byDecisionType[type].episodes}</td>
                    <td className="num">{formatPercent(result.byDecisionType[type].share)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      </div>
    </>
  );
}

function WeeklyRates({ series }: { series: { week: string; rate: number }[] }) {
  if (series.length === 0) return null;
  const bars = series.map((s) => ({ label: s.week.slice(5), value: Math.round(s.rate * 100) }));
  return <BarChart bars={bars} unit="%" label={`Weekly completion: ${series.map((s) => `week of ${s.week} ${formatPercent(s.rate)}`).join(', ')}`} />;
}

const signed = (x: number) => `${x > 0 ? '+' : x < 0 ? '−' : ''}${Math.abs(x * 100).toFixed(1)} points`;

function Shipping({ result }: { result: ShippingTrend }) {
  const [low, high] = result.confidence95;
  const words = `${signed(result.slopePerWeek)} of completion a week (95 % interval ${signed(low)} to ${signed(high)}): ${result.direction}`;
  return (
    <>
      <p data-testid="shipping-slope">
        <strong>{result.direction}</strong>: {signed(result.slopePerWeek)} of completion a week, 95 % interval {signed(low)} to {signed(high)}.
      </p>
      <IntervalChart estimate={result.slopePerWeek} low={low} high={high} label={`Slope per week: ${words}`} />
    </>
  );
}

function Delegation({ result }: { result: DelegationPredictors }) {
  const handoff = [
    { label: 'with handoff', value: result.withHandoff === null ? null : Math.round(result.withHandoff * 100) },
    { label: 'without', value: result.withoutHandoff === null ? null : Math.round(result.withoutHandoff * 100) },
  ];
  const r = result.controlImpulseCorrelation;
  return (
    <>
      <p>
        Success rate {formatPercent(result.successRate)}. Control impulse and being owned:{' '}
        {r === null ? 'no correlation to compute (one of them never varies)' : `r = ${r.toFixed(2)}${r <= -0.3 ? ', the stronger the urge to keep control, the less often owned' : r >= 0.3 ? ', owned more often with a stronger urge to keep control' : ', little relation'}`}
        .
      </p>
      <div className="grid">
        <div>
          <h3>Owned, by handoff</h3>
          <BarChart bars={handoff} unit="%" label={`Owned with a handoff ${formatPercent(result.withHandoff)}, without ${formatPercent(result.withoutHandoff)}`} />
        </div>
        <div>
          <h3>By delegate</h3>
          <div className="table-wrap">
            <table aria-label="Owned by delegate">
              <thead>
                <tr>
                  <th scope="col">Delegate</th>
                  <th scope="col" className="num">
                    Ended
                  </th>
                  <th scope="col" className="num">
                    Owned
                  </th>
                </tr>
              </thead>
              <tbody>
                {Object.entries(result.byDelegate).map(([to, d]) => (
                  <tr key={to}>
                    <td>{to}</td>
                    <td className="num">{d.n}</td>
                    <td className="num">{formatPercent(d.successRate)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      </div>
    </>
  );
}

function Daily({ result }: { result: DailyPatterns }) {
  const bars = (['high', 'medium', 'low'] as const).map((e) => {
    const rate = result.byEnergy[e]?.completionRate ?? null;
    return { label: `${e} (${result.byEnergy[e]?.days ?? 0} d)`, value: rate === null ? null : Math.round(rate * 100) };
  });
  return (
    <>
      <p>
        Average stress {formatNumber(result.averageStress)} · {result.tensionDays} days with tension · {result.circularDays} with circular thinking.
      </p>
      <h3>Completion by energy</h3>
      <BarChart bars={bars} unit="%" label={`Completion by energy: ${bars.map((b) => `${b.label} ${b.value === null ? 'no missions' : `${b.value}%`}`).join(', ')}`} />
    </>
  );
}
