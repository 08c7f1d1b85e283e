import { input, select } from './prompts.js';
import type { Command } from 'commander';
import { choiceFlag, withJson, type CommandContext } from './command-context.js';
import { renderTable } from './render.js';

const TYPES = ['reversible_low', 'reversible_high', 'irreversible'] as const;

interface Decision {
  id: string;
  text: string;
  type: string;
  openedAt: string;
  decidedAt: string | null;
  hoursToDecide: number | null;
  communicatedTo: string[];
  overdue: boolean;
}

/** `clos decision …`: the decision log with its 48-hour target. */
export function registerDecisionCommands(program: Command, ctx: CommandContext): void {
  const decision = program.command('decision').description('Your decision log (48-hour target)');

  withJson(
    decision
      .command('add')
      .description('Log a decision to make; the 48-hour clock starts')
      .argument('[text]', 'the decision')
      .option('--type <type>', TYPES.join(', ')),
  ).action(async (text: string | undefined, o: { type?: string; json?: boolean }) => {
    const what = await ctx.need(text, 'the decision TEXT', () => input({ message: 'Which decision?', required: true }));
    const type = await ctx.need(choiceFlag(o.type, '--type', TYPES), `--type (${TYPES.join('|')})`, () =>
      select({ message: 'Type', choices: TYPES.map((value) => ({ value })) }),
    );
    const made = await (await ctx.api()).post<Decision>('/api/decisions', { text: what, type });
    ctx.emit(o.json, made, () => `Decision ${made.id} logged; decide by ${new Date(Date.parse(made.openedAt) + 48 * 3_600_000).toISOString().slice(0, 16)}Z.`);
  });

  withJson(
    decision
      .command('decide')
      .description('Record a decision made, why, and who was told')
      .argument('<id>', 'the decision id')
      .option('--rationale <text>', 'why')
      .option('--told <who>', 'who was told, comma-separated'),
  ).action(async (id: string, o: { rationale?: string; told?: string; json?: boolean }) => {
    const rationale = await ctx.need(o.rationale, '--rationale TEXT', () => input({ message: 'Rationale', required: true }));
    const told = o.told === undefined ? [] : o.told.split(',').map((s) => s.trim()).filter((s) => s !== '');
    const made = await (await ctx.api()).post<Decision>(`/api/decisions/${encodeURIComponent(id)}/decide`, { rationale, told });
    ctx.emit(o.json, made, () => `Decided in ${made.hoursToDecide} h${made.hoursToDecide !== null && made.hoursToDecide > 48 ? ' (past the 48-hour target)' : ''}.`);
  });

  withJson(decision.command('list').description('Your decisions, newest first').option('--overdue', 'only those open past 48 hours').option('--open', 'only open ones')).action(
    async (o: { overdue?: boolean; open?: boolean; json?: boolean }) => {
      const query = o.overdue === true ? '?overdue=true' : o.open === true ? '?open=true' : '';
      const { items } = await (await ctx.api()).get<{ items: Decision[] }>(`/api/decisions${query}`);
      ctx.emit(o.json, items, () =>
        items.length === 0
          ? 'No decisions.'
          : renderTable(
              ['ID', 'DECISION', 'TYPE', 'OPENED', 'DECIDED', 'HOURS', 'OVERDUE'],
              items.map((d) => [d.id, d.text, d.type, d.openedAt.slice(0, 16), d.decidedAt?.slice(0, 16), d.hoursToDecide, d.overdue ? 'yes' : '']),
            ),
      );
    },
  );
}
