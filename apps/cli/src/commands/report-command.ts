import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { choiceFlag, dateFlag, UsageError, withJson, type CommandContext } from './command-context.js';
import type { ReviewAnswer } from './weekly-commands.js';

/**
 * `clos weekly|monthly report --format pdf|html|md --out FILE [--date D]`: the review the api
 * computes, rendered by the renderer the scheduled reviews use (PDF: headless Chromium).
 */
export function registerReportCommand(parent: Command, ctx: CommandContext, kind: 'weekly' | 'monthly'): void {
  withJson(
    parent
      .command('report')
      .description(`Write the ${kind === 'weekly' ? "week's" : "month's"} review as Markdown, HTML or PDF (PDF: headless Chromium)`)
      .option('--format <format>', 'md, html or pdf', 'md')
      .option('--out <file>', 'the file to write')
      .option('--date <date>', `a day of the ${kind === 'weekly' ? 'week' : 'month'}, YYYY-MM-DD`),
  ).action(async (o: { format: string; out?: string; date?: string; json?: boolean }) => {
    const format = choiceFlag(o.format, '--format', ['md', 'html', 'pdf'] as const)!;
    if (o.out === undefined) throw new UsageError('missing --out FILE');
    const date = dateFlag(o.date, '--date');
    const review = await (await ctx.api()).get<ReviewAnswer>(`/api/reviews/${kind}${date !== undefined ? `?date=${date}` : ''}`);
    const started = Date.now();
    // Loaded on use: the renderer (and its browser driver) is for this command only.
    const { renderReview } = await import('@clos/platform');
    const body = await renderReview(review, format);
    const path = resolve(o.out);
    await writeFile(path, body, { mode: 0o600 });
    ctx.emit(o.json, { format, path, bytes: Buffer.byteLength(body), ms: Date.now() - started }, () => `Wrote the ${format} review of ${review.figures.from} to ${path}.`);
  });
}
