/**
 * Small SVG charts: no chart library, a few hundred bytes each. Every chart is an
 * `img` with a text label saying what it shows, and its numbers are also given as text
 * next to it for screen readers and copy-paste.
 */

/** A trend line of values, oldest first. */
export function Sparkline({ values, label, width = 120, height = 32 }: { values: number[]; label: string; width?: number; height?: number }) {
  if (values.length === 0) return <span className="muted">no history yet</span>;
  const max = Math.max(...values, 1);
  const min = Math.min(...values, 0);
  const span = max - min || 1;
  const step = values.length > 1 ? (width - 4) / (values.length - 1) : 0;
  const points = values.map((v, i) => `${(2 + i * step).toFixed(1)},${(height - 2 - ((v - min) / span) * (height - 4)).toFixed(1)}`);
  const last = points[points.length - 1]!.split(',');
  return (
    <svg className="chart sparkline" role="img" aria-label={label} width={width} height={height} viewBox={`0 0 ${width} ${height}`}>
      <polyline points={points.join(' ')} fill="none" stroke="currentColor" strokeWidth="2" strokeLinejoin="round" />
      <circle cx={last[0]} cy={last[1]} r="3" fill="currentColor" />
    </svg>
  );
}

/** Vertical bars with their labels under them. */
export function BarChart({ bars, label, unit = '' }: { bars: { label: string; value: number | null }[]; label: string; unit?: string }) {
  const width = 320;
  const height = 140;
  const top = 16;
  const bottom = 22;
  const max = Math.max(1, ...bars.map((b) => b.value ?? 0));
  const slot = bars.length > 0 ? width / bars.length : width;
  const barWidth = Math.max(4, slot * 0.6);
  return (
    <svg className="chart bars" role="img" aria-label={label} viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="xMidYMid meet">
      <line x1="0" x2={width} y1={height - bottom} y2={height - bottom} className="axis" />
      {bars.map((bar, i) => {
        const h = ((bar.value ?? 0) / max) * (height - top - bottom);
        const x = i * slot + (slot - barWidth) / 2;
        return (
          <g key={`${bar.label}-${i}`}>
            <rect x={x} y={height - bottom - h} width={barWidth} height={h} className="bar" />
            <text x={x + barWidth / 2} y={height - bottom - h - 3} textAnchor="middle" className="value">
              {bar.value === null ? '—' : `${Number.isInteger(bar.value) ? bar.value : bar.value.toFixed(1)}${unit}`}
            </text>
            <text x={x + barWidth / 2} y={height - 6} textAnchor="middle" className="tick">
              {bar.label}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** A half-circle gauge of `value` out of `max` (red when over). */
export function Gauge({ value, max, label }: { value: number; max: number; label: string }) {
  const share = max > 0 ? Math.min(value / max, 1) : value > 0 ? 1 : 0;
  const radius = 50;
  const circumference = Math.PI * radius;
  const over = value > max;
  return (
    <svg className={`chart gauge${over ? ' over' : share >= 1 ? ' full' : ''}`} role="img" aria-label={label} viewBox="0 0 120 70" width="180" height="105">
      <path d="M10 60 A50 50 0 0 1 110 60" className="track" fill="none" strokeWidth="12" />
      <path
        d="M10 60 A50 50 0 0 1 110 60"
        className="fill"
        fill="none"
        strokeWidth="12"
        strokeDasharray={`${(share * circumference).toFixed(1)} ${circumference.toFixed(1)}`}
      />
      <text x="60" y="56" textAnchor="middle" className="gauge-value">
        {value}/{max}
      </text>
    </svg>
  );
}

/** A horizontal bar of a 0-1 share, for funnels and participation. */
export function ShareBar({ share, label }: { share: number; label: string }) {
  const pct = Math.max(0, Math.min(1, share)) * 100;
  return (
    <span className="sharebar" role="img" aria-label={label}>
      <span className="sharebar-fill" style={{ width: `${pct.toFixed(1)}%` }} />
    </span>
  );
}

/**
 * An estimate with its confidence interval on an axis through zero: a bar from `low` to `high`,
 * a dot at `estimate`, a rule at zero. An interval that crosses zero shows no clear direction.
 */
export function IntervalChart({ estimate, low, high, label }: { estimate: number; low: number; high: number; label: string }) {
  const width = 320;
  const height = 40;
  const pad = 10;
  const reach = Math.max(Math.abs(low), Math.abs(high), Math.abs(estimate), 0.01) * 1.1;
  const x = (v: number) => pad + ((v + reach) / (2 * reach)) * (width - 2 * pad);
  return (
    <svg className="chart interval" role="img" aria-label={label} viewBox={`0 0 ${width} ${height}`}>
      <line x1={pad} x2={width - pad} y1={20} y2={20} className="axis" />
      <line x1={x(0)} x2={x(0)} y1={6} y2={34} className="zero" />
      <rect x={x(low)} y={15} width={Math.max(x(high) - x(low), 1)} height={10} className="bar" />
      <circle cx={x(estimate)} cy={20} r={6} className="estimate" />
      <text x={x(0)} y={height - 1} textAnchor="middle" className="tick">
        0
      </text>
    </svg>
  );
}
