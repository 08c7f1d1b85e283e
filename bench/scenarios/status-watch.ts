import { performance } from 'node:perf_hooks';
import type { FakeGithub, FakeStatus } from '@clos/github/testing';

/**
 * Timestamps the first commit status of one context on each SHA the moment the GitHub
 * stand-in stores it (the stand-in runs in this process, so its clock is the sender's).
 */
export class StatusWatch {
  private readonly firstAt = new Map<string, { at: number; status: FakeStatus }>();
  private readonly waiters = new Set<() => void>();
  private readonly onStatus = (status: FakeStatus): void => {
    if (status.context !== this.context || this.firstAt.has(status.sha)) return;
    this.firstAt.set(status.sha, { at: performance.now(), status });
    for (const wake of this.waiters) wake();
  };

  constructor(
    private readonly github: FakeGithub,
    private readonly context: string,
  ) {
    github.state.events.on('status', this.onStatus);
  }

  /** When the first status of the context reached `sha` (performance.now() ms), if it did. */
  first(sha: string): { at: number; status: FakeStatus } | undefined {
    return this.firstAt.get(sha);
  }

  /** Resolves once every SHA has a status or `timeoutMs` passed; returns the SHAs still without one. */
  async waitForAll(shas: readonly string[], timeoutMs: number): Promise<string[]> {
    const missing = (): string[] => shas.filter((s) => !this.firstAt.has(s));
    if (missing().length === 0) return [];
    await new Promise<void>((resolve) => {
      const timer = setTimeout(finish, timeoutMs);
      const check = (): void => {
        if (missing().length === 0) finish();
      };
      function finish(): void {
        clearTimeout(timer);
        waiters.delete(check);
        resolve();
      }
      const waiters = this.waiters;
      waiters.add(check);
    });
    return missing();
  }

  stop(): void {
    this.github.state.events.off('status', this.onStatus);
    this.waiters.clear();
  }
}
