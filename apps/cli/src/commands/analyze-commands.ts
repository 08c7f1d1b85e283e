import type { Command } from 'commander';
import { withJson, type CommandContext } from './command-context.js';
import { percent, renderTable } from './render.js';

const KINDS = ['patterns', 'shipping', 'paralysis', 'delegation'] as const;

/** The decision types the paralysis analysis counts episodes under, in the api's order. */
const DECISION_TYPES = ['reversible_low', 'reversible_high', 'irreversible', 'unlinked'] as const;

/** The paralysis finding: the breakdown by decision type as a table, the rest as JSON. */
function describeParalysis(result: unknown): string {
  const { byDecisionType, ...rest } = result as { byDecisionType?: Record<string, { episodes: number; share: number }> };
  const rows = DECISION_TYPES.map((type) => [type, byDecisionType?.[type]?.episodes ?? 0, percent(byDecisionType?.[type]?.share)]);
  return `${JSON.stringify(rest, null, 2)}\nBy decision type:\n${renderTable(['DECISION TYPE', 'EPISODES', 'SHARE'], rows)}`;
}

/** `clos analyze …`: pattern analytics, honest about sample size. */
export function registerAnalyzeCommands(program: Command, ctx: CommandContext): void {
  const analyze = program.command('analyze').description('Patterns in your records (no claim below a minimum sample)');
  for (const kind of KINDS) {
    withJson(analyze.command(kind).description(`The ${kind} analysis`).option('--period <period>', 'e.g. 30days, 6weeks, 3months', '3months')).action(
      async (o: { period: string; json?: boolean }) => {
        const answer = await (await ctx.api()).get<{ from: string; to: string; finding: { enough: boolean; n: number; message?: string; result?: unknown } }>(
          `/api/analytics/${kind}?period=${encodeURIComponent(o.period)}`,
        );
        ctx.emit(o.json, answer, () =>
          answer.finding.enough
            ? `${kind}, ${answer.from} to ${answer.to} (n = ${answer.finding.n}):\n${kind === 'paralysis' ? describeParalysis(answer.finding.result) : JSON.stringify(answer.finding.result, null, 2)}`
            : `${kind}, ${answer.from} to ${answer.to}: ${answer.finding.message}`,
        );
      },
    );
  }
}
