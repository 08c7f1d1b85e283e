import { confirm, input, number, select } from './prompts.js';
import type { Command } from 'commander';
import { choiceFlag, intFlag, withJson, type CommandContext } from './command-context.js';
import { renderFields, renderTable } from './render.js';

const ENERGY = ['high', 'medium', 'low'] as const;
const COMPLETION = ['delivered', 'delegated', 'live'] as const;

interface Checkin {
  date: string;
  energy: string;
  stress: number;
  tension: boolean;
  circular: boolean;
  mission: string | null;
  completion: string | null;
  reflection: string | null;
}
interface Day {
  date: string;
  checkin: Checkin | null;
  decisionsDue: { id: string; text: string; type: string; openedAt: string; overdue: boolean }[];
  paralysis: { id: string; decision: string; fear: string; decisionId: string | null }[];
  signals: { name: string; failing: boolean; value: number | null }[];
  warning: string | null;
  breaker: { reason: string; activatedAt: string } | null;
}

const describeCheckin = (c: Checkin) =>
  renderFields({ date: c.date, energy: c.energy, stress: c.stress, tension: c.tension, circular: c.circular, mission: c.mission, completion: c.completion, reflection: c.reflection });

/** The failing signals in one line when any fails but too few for the breaker's warning, which names them itself. */
function failingSignals(day: Day): string {
  const failing = day.signals.filter((signal) => signal.failing).map((signal) => `${signal.name} (${signal.value ?? '-'})`);
  return failing.length === 0 || day.warning !== null ? '' : `\nFailing health signal: ${failing.join(', ')} ("clos emergency check" for the thresholds).`;
}

/** `clos daily …`: the morning check-in and the day's mission, paralysis, completion and reflection. */
export function registerDailyCommands(program: Command, ctx: CommandContext): void {
  const daily = program.command('daily').description('Your daily rhythm: check-in, mission, paralysis, completion, reflection (private to you)');

  withJson(
    daily
      .command('checkin')
      .description("Record today's check-in (once a day)")
      .option('--energy <level>', 'high, medium or low')
      .option('--stress <n>', 'stress from 1 to 10')
      .option('--tension', 'you feel tension today')
      .option('--circular', 'you catch yourself in circular thinking')
      .option('--mission <text>', "today's one mission"),
  ).action(async (o: { energy?: string; stress?: string; tension?: boolean; circular?: boolean; mission?: string; json?: boolean }) => {
    const energy = await ctx.need(choiceFlag(o.energy, '--energy', ENERGY), '--energy (high|medium|low)', () =>
      select({ message: 'Energy', choices: ENERGY.map((value) => ({ value })) }),
    );
    const stress = await ctx.need(intFlag(o.stress, '--stress', 1, 10), '--stress (1-10)', async () => (await number({ message: 'Stress (1-10)', min: 1, max: 10, required: true }))!);
    const mission = await ctx.need(o.mission, '--mission TEXT', () => input({ message: "Today's one mission", required: true }));
    const tension = o.tension ?? (ctx.io.interactive === true ? await confirm({ message: 'Tension?', default: false }) : false);
    const circular = o.circular ?? (ctx.io.interactive === true ? await confirm({ message: 'Circular thinking?', default: false }) : false);
    const checkin = await (await ctx.api()).post<Checkin>('/api/checkins', { energy, stress, tension, circular, mission });
    ctx.emit(o.json, checkin, () => `Checked in for ${checkin.date}.\n${describeCheckin(checkin)}`);
  });

  withJson(daily.command('mission').description("Set or change today's mission").argument('[text]', 'the mission')).action(async (text: string | undefined, o: { json?: boolean }) => {
    const mission = await ctx.need(text, 'the mission TEXT', () => input({ message: "Today's mission", required: true }));
    const checkin = await (await ctx.api()).put<Checkin>('/api/today/mission', { mission });
    ctx.emit(o.json, checkin, () => `Mission for ${checkin.date}: ${checkin.mission ?? ''}`);
  });

  withJson(
    daily
      .command('paralysis')
      .description('Record being stuck on a decision, and the fear behind it')
      .option('--decision <text>', 'the decision you are stuck on')
      .option('--fear <text>', 'what you fear')
      .option('--decision-id <id>', 'the decision of your decision log it is about (an ID from "clos decision list")'),
  ).action(async (o: { decision?: string; fear?: string; decisionId?: string; json?: boolean }) => {
    const decision = await ctx.need(o.decision, '--decision TEXT', () => input({ message: 'Stuck on which decision?', required: true }));
    const fear = await ctx.need(o.fear, '--fear TEXT', () => input({ message: 'What do you fear?', required: true }));
    const body = { decision, fear, ...(o.decisionId !== undefined ? { decisionId: o.decisionId } : {}) };
    const episode = await (await ctx.api()).post<{ id: string; date: string; decisionId: string | null }>('/api/paralysis', body);
    ctx.emit(o.json, episode, () => `Recorded (${episode.id}${episode.decisionId !== null ? `, about decision ${episode.decisionId}` : ''}). Name the smallest reversible step, and take it.`);
  });

  withJson(daily.command('complete').description("How today's mission ended").option('--type <type>', 'delivered, delegated or live')).action(async (o: { type?: string; json?: boolean }) => {
    const type = await ctx.need(choiceFlag(o.type, '--type', COMPLETION), '--type (delivered|delegated|live)', () =>
      select({ message: 'The mission was', choices: COMPLETION.map((value) => ({ value })) }),
    );
    const checkin = await (await ctx.api()).post<Checkin>('/api/today/completion', { type });
    ctx.emit(o.json, checkin, () => `Mission ${type}.`);
  });

  withJson(daily.command('reflect').description("Today's reflection").argument('[text]', 'the reflection')).action(async (text: string | undefined, o: { json?: boolean }) => {
    const reflection = await ctx.need(text, 'the reflection TEXT', () => input({ message: 'What did today teach you?', required: true }));
    const checkin = await (await ctx.api()).put<Checkin>('/api/today/reflection', { text: reflection });
    ctx.emit(o.json, checkin, () => `Reflection saved for ${checkin.date}.`);
  });

  withJson(daily.command('show').description('Today: check-in, decisions due, health signals')).action(async (o: { json?: boolean }) => {
    const day = await (await ctx.api()).get<Day>('/api/today');
    ctx.emit(o.json, day, () =>
      [
        day.checkin === null ? `${day.date}: no check-in yet ("clos daily checkin").` : describeCheckin(day.checkin),
        day.breaker !== null ? `\nCIRCUIT BREAKER ACTIVE since ${day.breaker.activatedAt}: one focus, the rest parked.` : '',
        day.warning !== null ? `\nWarning: ${day.warning}` : '',
        day.decisionsDue.length === 0
          ? '\nNo open decisions.'
          : `\nOpen decisions:\n${renderTable(['ID', 'DECISION', 'TYPE', 'OPENED', 'OVERDUE'], day.decisionsDue.map((d) => [d.id, d.text, d.type, d.openedAt.slice(0, 16), d.overdue ? 'yes' : '']))}`,
        day.paralysis.length === 0
          ? ''
          : `\nStuck today:\n${renderTable(['DECISION', 'FEAR', 'DECISION ID'], day.paralysis.map((p) => [p.decision, p.fear, p.decisionId ?? '']))}`,
        failingSignals(day),
      ].join(''),
    );
  });
}
