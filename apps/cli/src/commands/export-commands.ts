import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { choiceFlag, UsageError, withJson, type CommandContext } from './command-context.js';

const FORMATS = ['csv', 'json'] as const;
const PERIOD = /^(\d{1,3})(days?|weeks?|months?|years?)$/;

/** When a row happened, by the first time column it has. */
const rowTime = (row: Record<string, unknown>) => String(row.local_date ?? row.opened_at ?? row.activated_at ?? row.period_start ?? row.created_at ?? '');

function periodStart(period: string, now: Date): string {
  const match = PERIOD.exec(period);
  if (match === null) throw new UsageError(`--period: "${period}" is not a period such as 30days, 6weeks, 6months or 1year`);
  const unit = match[2]!.replace(/s$/, '');
  const days = Number(match[1]) * (unit === 'day' ? 1 : unit === 'week' ? 7 : unit === 'month' ? 30.4 : 365);
  return new Date(now.getTime() - days * 86_400_000).toISOString().slice(0, 10);
}

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : Array.isArray(value) || typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180 CSV of rows (columns of the first row, in order). */
export function toCsv(rows: readonly Record<string, unknown>[]): string {
  if (rows.length === 0) return '';
  const columns = Object.keys(rows[0]!);
  return `${[columns.join(','), ...rows.map((r) => columns.map((c) => csvCell(r[c])).join(','))].join('\r\n')}\r\n`;
}

/** `clos export`: your leadership record as CSV or JSON files. */
export function registerExportCommands(program: Command, ctx: CommandContext): void {
  withJson(
    program
      .command('export')
      .description('Write your leadership record to a folder as CSV (one file per table) or JSON')
      .option('--format <format>', 'csv or json', 'csv')
      .option('--period <period>', 'only the last 30days, 6weeks, 6months, 1year…')
      .option('--out <dir>', 'the folder to write to'),
  ).action(async (o: { format: string; period?: string; out?: string; json?: boolean }) => {
    const format = choiceFlag(o.format, '--format', FORMATS)!;
    if (o.out === undefined) throw new UsageError('missing --out DIR');
    const since = o.period === undefined ? undefined : periodStart(o.period, ctx.io.now());
    const exported = await (await ctx.api()).get<{ personId: string; exportedAt: string; tables: Record<string, Record<string, unknown>[]> }>('/api/leadership/export');
    const tables = Object.fromEntries(Object.entries(exported.tables).map(([t, rows]) => [t, since === undefined ? rows : rows.filter((r) => rowTime(r).slice(0, 10) >= since)]));
    const dir = resolve(o.out);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const files: { table: string; path: string; rows: number }[] = [];
    if (format === 'json') {
      const path = join(dir, 'leadership.json');
      await writeFile(path, `${JSON.stringify({ personId: exported.personId, exportedAt: exported.exportedAt, since: since ?? null, tables }, null, 2)}\n`, { mode: 0o600 });
      files.push({ table: '*', path, rows: Object.values(tables).reduce((s, r) => s + r.length, 0) });
    } else {
      for (const [table, rows] of Object.entries(tables)) {
        const path = join(dir, `${table.replace(/^leadership_/, '')}.csv`);
        await writeFile(path, toCsv(rows), { mode: 0o600 });
        files.push({ table, path, rows: rows.length });
      }
    }
    ctx.emit(o.json, { format, since: since ?? null, files }, () => files.map((f) => `${f.path}: ${f.rows} rows`).join('\n'));
  });
}
