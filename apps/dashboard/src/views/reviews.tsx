'use client';

import { useState } from 'react';
import { BarChart, ShareBar } from '../components/charts';
import { actsForNobody, NoPersonNotice, Personal } from '../components/personal';
import { formatDate, formatNumber, formatPercent } from '../lib/format';
import type { Review, ReviewFigures } from '../lib/types';
import { useApi, type ApiState } from '../lib/use-api';

type Kind = Review['kind'];
const PERIOD: Record<Kind, string> = { weekly: 'week', monthly: 'month' };

/**
 * Reviews: the signed-in person's weekly and monthly review (this week and this month by
 * default, earlier ones a click away) — completion, projects early / on time / late, decisions
 * within 48 hours, delegation success and energy distribution, with charts. Private, as My day.
 */
export function ReviewsView() {
  const [weeklyDate, setWeeklyDate] = useState<string | undefined>(undefined);
  const [monthlyDate, setMonthlyDate] = useState<string | undefined>(undefined);
  const weekly = useApi<Review>(reviewPath('weekly', weeklyDate));
  const monthly = useApi<Review>(reviewPath('monthly', monthlyDate));
  return (
    <>
      <h1>Reviews</h1>
      {actsForNobody(weekly.error) || actsForNobody(monthly.error) ? (
        <NoPersonNotice />
      ) : (
        <>
          <ReviewCard kind="weekly" state={weekly} date={weeklyDate} onDate={setWeeklyDate} />
          <ReviewCard kind="monthly" state={monthly} date={monthlyDate} onDate={setMonthlyDate} />
        </>
      )}
    </>
  );
}

function reviewPath(kind: Kind, date: string | undefined): string {
  return `/api/reviews/${kind}${date === undefined ? '' : `?date=${date}`}`;
}

/** `YYYY-MM-DD` moved by `days`. */
function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** One review with buttons to the period before and (once moved back) after it. */
function ReviewCard({ kind, state, date, onDate }: { kind: Kind; state: ApiState<Review>; date: string | undefined; onDate(date: string | undefined): void }) {
  const title = kind === 'weekly' ? 'Weekly review' : 'Monthly review';
  const id = `${kind}-title`;
  // The current period is the one asked for without a date; "next" goes back to it.
  const [current, setCurrent] = useState<string | null>(null);
  if (date === undefined && state.data !== undefined && current !== state.data.periodStart) setCurrent(state.data.periodStart);
  const figures = state.data?.figures;
  return (
    <section className="card" aria-labelledby={id}>
      <div className="pod-head">
        <h2 id={id}>{title}</h2>
        {figures !== undefined && (
          <div className="row tight">
            <button type="button" onClick={() => onDate(addDays(figures.from, -1))}>
              Previous {PERIOD[kind]}
            </button>
            <button
              type="button"
              disabled={date === undefined}
              onClick={() => {
                const next = addDays(figures.to, 1);
                onDate(current !== null && next >= current ? undefined : next);
              }}
            >
              Next {PERIOD[kind]}
            </button>
          </div>
        )}
      </div>
      <Personal state={state} what={`your ${kind} review`}>
        {(review) => <ReviewBody review={review} />}
      </Personal>
    </section>
  );
}

function ReviewBody({ review }: { review: Review }) {
  const f = review.figures;
  return (
    <>
      <p className="muted">
        {formatDate(f.from)} – {formatDate(f.to)} · {f.checkins} check-in{f.checkins === 1 ? '' : 's'}
      </p>
      {review.focus !== null && (
        <p>
          <strong>Focus:</strong> {review.focus}
          {review.secondary.length > 0 && <span className="muted"> · then {review.secondary.join(', ')}</span>}
        </p>
      )}
      <Rates figures={f} kind={review.kind} />
      <div className="grid">
        <Chart title="Missions" id={`${review.kind}-missions`} bars={[
          { label: 'delivered', value: f.completions.delivered },
          { label: 'delegated', value: f.completions.delegated },
          { label: 'live', value: f.completions.live },
          { label: 'open', value: f.completions.open },
        ]} />
        <Chart title="Projects ended" id={`${review.kind}-projects`} bars={[
          { label: 'early', value: f.projects.early },
          { label: 'on time', value: f.projects.onTime },
          { label: 'late', value: f.projects.late },
          { label: 'killed', value: f.projects.killed },
        ]} />
        <Chart title="Energy" id={`${review.kind}-energy`} bars={[
          { label: 'high', value: f.energy.high },
          { label: 'medium', value: f.energy.medium },
          { label: 'low', value: f.energy.low },
        ]} />
      </div>
    </>
  );
}

/** The three rates a review is judged on, as figures and bars; `—` where nothing counted. */
function Rates({ figures: f, kind }: { figures: ReviewFigures; kind: Kind }) {
  const done = f.completions.delivered + f.completions.delegated;
  const missions = done + f.completions.live + f.completions.open;
  const rates = [
    { name: 'Completion', share: f.completionRate, of: missions === 0 ? 'no mission set' : `${done} of ${missions} missions delivered or delegated` },
    { name: 'Decisions within 48 h', share: f.decidedWithin48h, of: f.decisionsMade === 0 ? 'none decided' : `of ${f.decisionsMade} decided` },
    { name: 'Delegation success', share: f.delegations.successRate, of: `${f.delegations.owned} owned of ${f.delegations.owned + f.delegations.reEngaged + f.delegations.boomeranged} ended, ${f.delegations.open} open` },
  ];
  return (
    <dl className="stats rates" data-testid={`${kind}-rates`}>
      {rates.map((r) => (
        <div key={r.name}>
          <dt>{r.name}</dt>
          <dd>
            {formatPercent(r.share)}
            {r.share !== null && <ShareBar share={r.share} label={`${r.name} ${formatPercent(r.share)}`} />}
            <span className="note">{r.of}</span>
          </dd>
        </div>
      ))}
      <div>
        <dt>Average stress</dt>
        <dd>
          {formatNumber(f.averageStress)}
          <span className="note">
            {f.paralysisEpisodes} paralysis episode{f.paralysisEpisodes === 1 ? '' : 's'}
          </span>
        </dd>
      </div>
    </dl>
  );
}

function Chart({ title, id, bars }: { title: string; id: string; bars: { label: string; value: number }[] }) {
  return (
    <div aria-labelledby={id} role="group">
      <h3 id={id}>{title}</h3>
      <BarChart bars={bars} label={`${title}: ${bars.map((b) => `${b.value} ${b.label}`).join(', ')}`} />
    </div>
  );
}
