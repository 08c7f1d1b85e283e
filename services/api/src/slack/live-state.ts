import type { BotContext } from './bot-context.js';

/**
 * How long a query of a workflow's live state may take before it counts as unavailable
 * (no worker polling, Temporal down). Longer than the answer budget on purpose: a slow
 * answer still arrives, through the response URL.
 */
export const LIVE_STATE_TIMEOUT_MS = 5_000;

/** Runs a Temporal query under {@link LIVE_STATE_TIMEOUT_MS}. */
export function withLiveDeadline<T>(ctx: BotContext, query: () => Promise<T>): Promise<T> {
  return ctx.temporal.connection.withDeadline(Date.now() + LIVE_STATE_TIMEOUT_MS, query);
}
