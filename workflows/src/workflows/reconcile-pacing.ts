/** What {@link refreshTurn} decides from. */
export interface RefreshTurnInput {
  /** The enforcement workflows running, in listing order. */
  ids: readonly string[];
  /** Open pull requests the reconciler saw on GitHub in this run. */
  openPullRequests: number;
  /** GitHub reads the status refresh may spend an hour. */
  readsPerHour: number;
  /** Minutes between the reconciler's runs. */
  everyMinutes: number;
  /** This run's start (epoch ms): which turn it is. */
  startedAt: number;
}

/** Statuses a refresh reads per open pull request: `clos/wip` on its pod, `clos/stage-gate` on its project. */
export const READS_PER_PULL_REQUEST = 2;

/**
 * The workflows this run asks to refresh their statuses, so the reads stay within
 * `readsPerHour`: a full refresh reads about {@link READS_PER_PULL_REQUEST} statuses per
 * open pull request; when that, at every run, exceeds the budget, the workflows are split
 * into turns by a stable hash of their ids and each run takes one turn, the next run the
 * next. Every workflow is refreshed once per `turns` runs. Pure and deterministic (workflow code).
 */
export function refreshTurn(input: RefreshTurnInput): { ids: string[]; turns: number; turn: number } {
  const runsPerHour = 60 / Math.max(1, input.everyMinutes);
  const readsPerHour = input.openPullRequests * READS_PER_PULL_REQUEST * runsPerHour;
  const turns = Math.max(1, Math.ceil(readsPerHour / Math.max(1, input.readsPerHour)));
  const turn = Math.floor(input.startedAt / (Math.max(1, input.everyMinutes) * 60_000)) % turns;
  if (turns === 1) return { ids: [...input.ids], turns, turn };
  return { ids: input.ids.filter((id) => stableHash(id) % turns === turn), turns, turn };
}

/** FNV-1a of a string: the same number for an id in every run and process. */
function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
