/** A duration for people: `45m`, `5h`, `3d`. */
export function formatAge(fromIso: string | Date, now: Date): string {
  const from = typeof fromIso === 'string' ? new Date(fromIso) : fromIso;
  const minutes = Math.max(0, Math.floor((now.getTime() - from.getTime()) / 60_000));
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h`;
  return `${Math.floor(hours / 24)}d`;
}

/** Whole days between two instants. */
export function ageInDays(fromIso: string | Date, now: Date): number {
  const from = typeof fromIso === 'string' ? new Date(fromIso) : fromIso;
  return Math.floor((now.getTime() - from.getTime()) / (24 * 60 * 60 * 1000));
}

/** `a, b and c`. */
export function humanList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Numbers typed in a command: a whole number in range, else `undefined`. */
export function parseWhole(text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined || !/^\d{1,6}$/.test(text)) return undefined;
  const n = Number(text);
  return n >= min && n <= max ? n : undefined;
}
