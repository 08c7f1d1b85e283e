import { ms, num, table } from '../report/format.js';
import type { ClosStack } from '../stack/clos-stack.js';
import type { BenchOrg } from '../stack/clos-yml.js';
import { waitForDrain } from './drain.js';
import { runSustainedBenchmark, type SustainedResult } from './sustained-load.js';

/** The steps of the knee search. */
export interface KneeOptions {
  /** Offered rates, in deliveries a second, lowest first. */
  rates: readonly number[];
  seconds: number;
  sampleEvery: number;
}

/** One step: the sustained run at that rate. */
export interface KneeStep {
  rate: number;
  result: SustainedResult;
}

/** Figures of the knee search. */
export interface KneeResult {
  steps: KneeStep[];
  /** The highest rate offered with no backlog growth (and every delivery answered 202); null when even the lowest grew. */
  knee: number | null;
}

/**
 * The knee: the sustained mix at each rate in turn (50 → 100 → 200 a second), the outbox
 * drained between steps, stopping after the first step whose backlog grows. Each step opens
 * pull requests of its own (numbers apart from the other steps'), so a step never pushes to
 * another's.
 */
export async function runKneeBenchmark(stack: ClosStack, org: BenchOrg, options: KneeOptions, log: (line: string) => void): Promise<KneeResult> {
  const steps: KneeStep[] = [];
  let knee: number | null = null;
  for (const [i, rate] of options.rates.entries()) {
    log(`knee: ${rate} deliveries/s for ${options.seconds} s`);
    const result = await runSustainedBenchmark(stack, org, { rate, seconds: options.seconds, sampleEvery: options.sampleEvery, firstNumber: 100_001 + i * 100_000 }, log);
    steps.push({ rate, result });
    const keptUp = !result.trend.grows && result.nonAccepted === 0 && result.achievedRate >= rate * 0.95;
    if (!keptUp) break;
    knee = rate;
    await waitForDrain(stack, 120_000);
  }
  return { steps, knee };
}

/** The knee's figures as a table. */
export function formatKnee(r: KneeResult): string {
  return [
    `4. Knee: the sustained mix at ${r.steps.map((s) => s.rate).join(' → ')} deliveries/s, ${r.steps[0]?.result.seconds ?? 0} s each`,
    table(
      ['offered /s', 'achieved /s', 'backlog slope /s', 'verdict', 'ack p50 / p99 (ms)', 'status on new head p50 / p99 (ms)', 'not 202'],
      r.steps.map(({ rate, result: s }) => [
        String(rate),
        num(s.achievedRate, 1),
        num(s.trend.slopePerSecond, 2),
        s.trend.grows ? 'GROWING' : 'no growth',
        `${ms(s.ack.p50)} / ${ms(s.ack.p99)}`,
        `${ms(s.statusLatency.p50)} / ${ms(s.statusLatency.p99)}`,
        String(s.nonAccepted),
      ]),
    ),
    `   highest rate with no backlog growth: ${r.knee === null ? `none (below ${r.steps[0]?.rate ?? 0}/s)` : `${r.knee}/s`}`,
  ].join('\n');
}
