/**
 * A loader whose answer is reused for `ms`: scrapes from several Prometheus servers, or
 * a scrape right after another, cost the store one query rather than one each. Calls
 * made while a load is running share it.
 */
export function cached<T>(ms: number, load: () => Promise<T>, now: () => number = Date.now): () => Promise<T> {
  let value: { at: number; result: T } | undefined;
  let running: Promise<T> | undefined;
  return async () => {
    if (value !== undefined && now() - value.at < ms) return value.result;
    running ??= load()
      .then((result) => {
        value = { at: now(), result };
        return result;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };
}
