import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  CIRCUIT_BREAKER,
  DEFAULT_HEALTH_THRESHOLDS,
  HEALTH_METRICS,
  HEALTH_SCORE_CURVES,
  HEALTH_WEIGHTS,
  computePodHealth,
  reducedWipLimit,
} from '../src/index.js';

/* docs/health-score.md is the published formula: its numbers must be the code's. */

const doc = readFileSync(fileURLToPath(new URL('../../../docs/health-score.md', import.meta.url)), 'utf8');
const number = (cell: string) => Number((/[\d.]+/.exec(cell) ?? [''])[0]);

describe('docs/health-score.md', () => {
  const rows = new Map(
    doc
      .split('\n')
      .filter((line) => line.startsWith('| `'))
      .map((line) => {
        const cells = line.split('|').map((c) => c.trim());
        return [cells[1]?.replaceAll('`', '') ?? '', cells.slice(3, 7)] as const;
      }),
  );

  it('lists every metric', () => {
    expect([...rows.keys()]).toEqual([...HEALTH_METRICS]);
  });

  it.each(HEALTH_METRICS)('states the weight, curve and threshold of %s as coded', (metric) => {
    const [weight = '', best = '', worst = '', threshold = ''] = rows.get(metric) ?? [];
    expect(number(weight)).toBe(HEALTH_WEIGHTS[metric]);
    expect(number(best)).toBe(HEALTH_SCORE_CURVES[metric].best);
    expect(number(worst)).toBe(HEALTH_SCORE_CURVES[metric].worst);
    expect(number(threshold)).toBe(DEFAULT_HEALTH_THRESHOLDS[metric]);
    expect(threshold.startsWith(metric === 'standupParticipation' ? '<' : '>')).toBe(true);
  });

  it('works its example as the code does', () => {
    expect(doc).toContain('82.5 → **83**');
    const best = { wipUtilisation: 1, wipViolations: 0, timeInStageRatio: 0.5, escalations: 0 };
    expect(computePodHealth({ ...best, blockerAgeDays: 4, standupParticipation: 0.6 }).score).toBe(83);
  });

  it('states the circuit breaker rule as coded', () => {
    expect(doc).toContain(`**${CIRCUIT_BREAKER.tripAt} or more failing metrics**`);
    expect(doc).toContain(`floor(limit × ${CIRCUIT_BREAKER.reduceFactor})`);
    expect(doc).toContain(`**last ${CIRCUIT_BREAKER.recoverAfterScans} scans in a row**`);
    expect(doc).toContain(`10 → ${reducedWipLimit(10)}, 4 → ${reducedWipLimit(4)}, 3 → ${reducedWipLimit(3)}, 2 → ${reducedWipLimit(2)}`);
  });
});
