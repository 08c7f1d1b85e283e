import { input, number } from './prompts.js';
import type { Command } from 'commander';
import { dateFlag, intFlag, withJson, type CommandContext } from './command-context.js';
import { percent, renderFields, renderTable } from './render.js';
import { registerReportCommand } from './report-command.js';

/** The figures a review answers with (see the api's review schema). */
export interface ReviewAnswer {
  kind: string;
  periodStart: string;
  focus: string | null;
  secondary: string[];
  figures: {
    from: string;
    to: string;
    checkins: number;
    completionRate: number | null;
    completions: { delivered: number; delegated: number; live: number; open: number };
    energy: { high: number; medium: number; low: number };
    averageStress: number | null;
    decisionsMade: number;
    decidedWithin48h: number | null;
    delegations: { made: number; successRate: number | null; owned: number; reEngaged: number; boomeranged: number; open: number };
    projects: { early: number; onTime: number; late: number; killed: number };
    paralysisEpisodes: number;
  };
}

/** A review as text. */
export function describeReview(r: ReviewAnswer): string {
  const f = r.figures;
  return renderFields({
    period: `${f.from} to ${f.to}`,
    focus: r.focus,
    secondary: r.secondary.join(', ') || null,
    'check-ins': f.checkins,
    'mission completion': percent(f.completionRate),
    'delivered/delegated/live': `${f.completions.delivered}/${f.completions.delegated}/${f.completions.live}`,
    'energy high/medium/low': `${f.energy.high}/${f.energy.medium}/${f.energy.low}`,
    'average stress': f.averageStress,
    'decisions made': f.decisionsMade,
    'decided within 48 h': percent(f.decidedWithin48h),
    delegations: `${f.delegations.made} (owned ${f.delegations.owned}, re-engaged ${f.delegations.reEngaged}, boomeranged ${f.delegations.boomeranged}, open ${f.delegations.open})`,
    'delegation success': percent(f.delegations.successRate),
    'projects early/on time/late/killed': `${f.projects.early}/${f.projects.onTime}/${f.projects.late}/${f.projects.killed}`,
    'paralysis episodes': f.paralysisEpisodes,
  });
}

/** `clos weekly …`: the weekly review, completion, delegation and focus. */
export function registerWeeklyCommands(program: Command, ctx: CommandContext): void {
  const weekly = program.command('weekly').description('Your week: review, completion, delegations, focus');

  withJson(weekly.command('review').description('The review of this week (or the week holding --date)').option('--date <date>', 'a day of the week, YYYY-MM-DD')).action(
    async (o: { date?: string; json?: boolean }) => {
      const date = dateFlag(o.date, '--date');
      const review = await (await ctx.api()).get<ReviewAnswer>(`/api/reviews/weekly${date !== undefined ? `?date=${date}` : ''}`);
      ctx.emit(o.json, review, () => describeReview(review));
    },
  );

  registerReportCommand(weekly, ctx, 'weekly');

  withJson(weekly.command('completion').description("This week's mission completion")).action(async (o: { json?: boolean }) => {
    const review = await (await ctx.api()).get<ReviewAnswer>('/api/reviews/weekly');
    const f = review.figures;
    const answer = { from: f.from, to: f.to, completionRate: f.completionRate, completions: f.completions, checkins: f.checkins };
    ctx.emit(o.json, answer, () => `${f.from} to ${f.to}: ${percent(f.completionRate)} of missions delivered or delegated (${f.completions.delivered} delivered, ${f.completions.delegated} delegated, ${f.completions.live} live, ${f.completions.open} open).`);
  });

  withJson(
    weekly
      .command('delegate')
      .description('Hand a task to someone')
      .argument('[task]', 'the task')
      .option('--to <person>', 'who takes it')
      .option('--control <n>', 'how strongly you want to keep control, 1 to 10')
      .option('--handoff', 'the handoff conversation is done'),
  ).action(async (task: string | undefined, o: { to?: string; control?: string; handoff?: boolean; json?: boolean }) => {
    const what = await ctx.need(task, 'the TASK', () => input({ message: 'Which task?', required: true }));
    const to = await ctx.need(o.to, '--to PERSON', () => input({ message: 'To whom?', required: true }));
    const control = await ctx.need(intFlag(o.control, '--control', 1, 10), '--control (1-10)', async () => (await number({ message: 'Control impulse (1-10)', min: 1, max: 10, required: true }))!);
    const made = await (await ctx.api()).post<{ id: string }>('/api/delegations', { task: what, to, control, handoff: o.handoff === true });
    ctx.emit(o.json, made, () => `Delegated (${made.id}) to ${to}.${control >= 7 ? ' Your control impulse is high: agree on the outcome, not the steps.' : ''}`);
  });

  withJson(
    weekly
      .command('outcome')
      .description('How a delegation ended')
      .argument('<id>', 'the delegation id')
      .option('--outcome <outcome>', 'owned, re_engaged or boomeranged'),
  ).action(async (id: string, o: { outcome?: string; json?: boolean }) => {
    const outcome = await ctx.need(o.outcome, '--outcome (owned|re_engaged|boomeranged)', () => input({ message: 'Outcome', required: true }));
    const closed = await (await ctx.api()).post<{ id: string; outcome: string }>(`/api/delegations/${encodeURIComponent(id)}/outcome`, { outcome });
    ctx.emit(o.json, closed, () => `Delegation ${closed.id}: ${closed.outcome}.`);
  });

  withJson(weekly.command('delegations').description('Your delegations, newest first')).action(async (o: { json?: boolean }) => {
    const { items } = await (await ctx.api()).get<{ items: { id: string; task: string; to: string; controlImpulse: number; handoffDone: boolean; outcome: string | null }[] }>('/api/delegations');
    ctx.emit(o.json, items, () =>
      items.length === 0 ? 'No delegations.' : renderTable(['ID', 'TASK', 'TO', 'CONTROL', 'HANDOFF', 'OUTCOME'], items.map((d) => [d.id, d.task, d.to, d.controlImpulse, d.handoffDone ? 'yes' : 'no', d.outcome])),
    );
  });

  withJson(
    weekly
      .command('focus')
      .description("Set this week's focus")
      .argument('[focus]', 'the one focus')
      .option('--secondary <list>', 'secondary priorities, comma-separated'),
  ).action(async (focus: string | undefined, o: { secondary?: string; json?: boolean }) => {
    const what = await ctx.need(focus, 'the FOCUS', () => input({ message: "This week's focus", required: true }));
    const secondary = o.secondary === undefined ? [] : o.secondary.split(',').map((s) => s.trim()).filter((s) => s !== '');
    const review = await (await ctx.api()).put<ReviewAnswer>('/api/reviews/weekly/focus', { focus: what, secondary });
    ctx.emit(o.json, review, () => `Week of ${review.periodStart}: focus "${review.focus ?? ''}"${review.secondary.length ? `, then ${review.secondary.join(', ')}` : ''}.`);
  });
}
