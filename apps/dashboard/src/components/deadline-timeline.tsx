/** One project on a shared time axis: from its start to its (estimated or actual) end, against its deadline. */
export interface TimelineSpan {
  /** What the chart's text label says it shows. */
  label: string;
  start: string;
  deadline: string;
  end: string;
}

/** The first and last day a set of spans (and today) covers: the axis they share. */
export function timelineDomain(spans: readonly TimelineSpan[], today: string): { from: number; to: number } {
  const days = spans.flatMap((s) => [s.start, s.deadline, s.end]).concat(today).map(dayNumber);
  const from = Math.min(...days);
  const to = Math.max(...days);
  return { from, to: to > from ? to : from + 1 };
}

/** Days since the epoch of a `YYYY-MM-DD` (or ISO) date. */
export function dayNumber(date: string): number {
  return Math.floor(Date.parse(`${date.slice(0, 10)}T00:00:00Z`) / 86_400_000);
}

/**
 * A bar from a project's start to its end with the deadline as a dark rule and today as a
 * dashed one; the part of the bar past the deadline is red. Every project of a page is drawn
 * on the same `domain`, so bars compare at a glance; the dates are also given as text beside it.
 */
export function DeadlineTimeline({ span, domain, today }: { span: TimelineSpan; domain: { from: number; to: number }; today: string }) {
  const width = 600;
  const height = 30;
  const pad = 6;
  const x = (date: string) => pad + ((dayNumber(date) - domain.from) / (domain.to - domain.from)) * (width - 2 * pad);
  const start = x(span.start);
  const end = Math.max(x(span.end), start + 2);
  const deadline = x(span.deadline);
  const onTimeEnd = Math.min(end, Math.max(deadline, start));
  return (
    <svg className="chart deadline-timeline" role="img" aria-label={span.label} viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="none">
      <rect x={pad} y={13} width={width - 2 * pad} height={4} className="track" />
      <rect x={start} y={8} width={Math.max(onTimeEnd - start, 0)} height={14} className="bar" />
      {end > onTimeEnd && <rect x={onTimeEnd} y={8} width={end - onTimeEnd} height={14} className="late-part" />}
      <line x1={deadline} x2={deadline} y1={2} y2={height - 2} className="deadline" vectorEffect="non-scaling-stroke" />
      <line x1={x(today)} x2={x(today)} y1={2} y2={height - 2} className="today" vectorEffect="non-scaling-stroke" />
    </svg>
  );
}
