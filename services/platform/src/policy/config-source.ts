import type { ClosConfig } from '@clos/domain';

/** Where the policy in force is read from; it changes while the process runs. */
export interface ConfigSource {
  current(): ClosConfig;
}

/** Told of each new policy: the one now in force, the one before, and the new version number. */
export type PolicyListener = (config: ClosConfig, previous: ClosConfig, version: number) => void;

/**
 * The policy in force in this process. Readers always call `current()` rather than keeping
 * the object, so they see a new policy at once. On its own it is an in-memory holder (tests,
 * tools); {@link LivePolicy} keeps it in step with the versions in Postgres.
 */
export class ConfigHolder implements ConfigSource {
  private config: ClosConfig;
  private number: number;
  private readonly listeners = new Set<PolicyListener>();

  constructor(initial: ClosConfig, version = 0) {
    this.config = initial;
    this.number = version;
  }

  current(): ClosConfig {
    return this.config;
  }

  /** The version in force: the database's version number under {@link LivePolicy}, else a local count. */
  version(): number {
    return this.number;
  }

  /** Puts `next` in force; `version` defaults to the next local count. */
  replace(next: ClosConfig, version = this.number + 1): void {
    const previous = this.config;
    this.config = next;
    this.number = version;
    for (const listener of this.listeners) listener(next, previous, version);
  }

  /** Calls `listener` after each replacement; returns the way to stop. */
  onChange(listener: PolicyListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
