import Table from 'cli-table3';

/** A bordered table without colours (output is often piped). */
export function renderTable(headers: readonly string[], rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  const table = new Table({ head: [...headers], style: { head: [], border: [] }, wordWrap: true });
  for (const row of rows) table.push(row.map((cell) => (cell === null || cell === undefined ? '-' : String(cell))));
  return table.toString();
}

/** `key: value` lines, aligned. */
export function renderFields(fields: Record<string, string | number | boolean | null | undefined>): string {
  const width = Math.max(...Object.keys(fields).map((k) => k.length));
  return Object.entries(fields)
    .map(([k, v]) => `${`${k}:`.padEnd(width + 1)} ${v === null || v === undefined ? '-' : String(v)}`)
    .join('\n');
}

/** A ratio as a percentage, or `-`. */
export const percent = (value: number | null | undefined) => (value === null || value === undefined ? '-' : `${Math.round(value * 100)} %`);
