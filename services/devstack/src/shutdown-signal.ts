/**
 * Calls `handler` once, on the first SIGINT or SIGTERM (or SIGHUP, a closed
 * terminal). Later signals are ignored: a Ctrl-C reaches every process of the
 * terminal's foreground group, so the same shutdown is often requested twice,
 * and the shutdown already has its own kill timeouts.
 */
export function onShutdownSignal(handler: (signal: NodeJS.Signals) => void): void {
  let called = false;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      if (called) return;
      called = true;
      handler(signal);
    });
  }
}
