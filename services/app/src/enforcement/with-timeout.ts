import { unavailable } from '@clos/domain';

/**
 * Races `work` against a timer: a workflow whose worker is down would otherwise hold the
 * request open. On timeout the call fails as Unavailable (503); an update may still be
 * applied later, when a worker picks it up, and the message says so.
 */
export async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(unavailable(`${what} did not answer within ${ms} ms; try again later`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
