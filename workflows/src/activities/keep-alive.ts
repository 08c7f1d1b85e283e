import { Context } from '@temporalio/activity';

/** How often a running activity tells the server it is alive. */
const HEARTBEAT_EVERY_MS = 2_000;

function currentContext(): Context | undefined {
  try {
    return Context.current();
  } catch {
    // Called outside a worker (a direct call in a test): nobody to tell.
    return undefined;
  }
}

/**
 * Heartbeats while the activity runs. A call may legitimately wait long (GitHub's write
 * spacing, a rate limit), so the start-to-close timeout is generous; the heartbeat timeout
 * is what lets the server notice within seconds that a worker died mid-call and hand the
 * activity to another one.
 */
export function keepAlive<A extends unknown[], R>(activity: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args) => {
    const context = currentContext();
    if (context === undefined) return activity(...args);
    context.heartbeat();
    const timer = setInterval(() => context.heartbeat(), HEARTBEAT_EVERY_MS);
    try {
      return await activity(...args);
    } finally {
      clearInterval(timer);
    }
  };
}
