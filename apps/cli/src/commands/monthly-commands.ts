import type { Command } from 'commander';
import { dateFlag, withJson, type CommandContext } from './command-context.js';
import { renderFields } from './render.js';
import { registerReportCommand } from './report-command.js';
import { describeReview, type ReviewAnswer } from './weekly-commands.js';

interface BreakerCheck {
  signals: { name: string; failing: boolean; value: number | null; threshold: string }[];
  failing: string[];
  warn: boolean;
}

/** `clos monthly …`: the monthly review, health signals and insights. */
export function registerMonthlyCommands(program: Command, ctx: CommandContext): void {
  const monthly = program.command('monthly').description('Your month: review, health, insights');

  withJson(monthly.command('review').description('The review of this month (or the month holding --date)').option('--date <date>', 'a day of the month, YYYY-MM-DD')).action(
    async (o: { date?: string; json?: boolean }) => {
      const date = dateFlag(o.date, '--date');
      const review = await (await ctx.api()).get<ReviewAnswer>(`/api/reviews/monthly${date !== undefined ? `?date=${date}` : ''}`);
      ctx.emit(o.json, review, () => describeReview(review));
    },
  );

  registerReportCommand(monthly, ctx, 'monthly');

  withJson(monthly.command('health').description('Your health signals (the circuit breaker watches them)')).action(async (o: { json?: boolean }) => {
    const check = await (await ctx.api()).get<BreakerCheck>('/api/emergency');
    ctx.emit(o.json, check, () =>
      [
        renderFields(Object.fromEntries(check.signals.map((s) => [s.name, `${s.failing ? 'FAILING' : 'ok'} (${s.value ?? '-'}; ${s.threshold})`]))),
        check.warn ? `\n${check.failing.length} signals failing: consider "clos emergency activate --reason …"` : '',
      ].join(''),
    );
  });

  withJson(monthly.command('insights').description('Patterns of the last month').option('--period <period>', 'e.g. 1month, 3months', '1month')).action(
    async (o: { period: string; json?: boolean }) => {
      const api = await ctx.api();
      const kinds = ['patterns', 'shipping', 'paralysis', 'delegation'] as const;
      const answers = await Promise.all(kinds.map((k) => api.get<{ kind: string; finding: { enough: boolean; message?: string; result?: unknown } }>(`/api/analytics/${k}?period=${encodeURIComponent(o.period)}`)));
      ctx.emit(o.json, answers, () => answers.map((a) => `${a.kind}: ${a.finding.enough ? JSON.stringify(a.finding.result) : a.finding.message}`).join('\n'));
    },
  );
}
