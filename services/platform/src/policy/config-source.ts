import type { ClosConfig } from '@clos/domain';

/** Where the current clos.yml is read from; it changes when the config repository is pushed to. */
export interface ConfigSource {
  current(): ClosConfig;
}

/**
 * The policy in force in this process. The processor replaces it when a push changes
 * clos.yml on the config repository; readers always call `current()` rather than keeping
 * the object, so they see the new policy at once.
 */
export class ConfigHolder implements ConfigSource {
  private config: ClosConfig;
  private readonly listeners = new Set<(config: ClosConfig) => void>();

  constructor(initial: ClosConfig) {
    this.config = initial;
  }

  current(): ClosConfig {
    return this.config;
  }

  replace(next: ClosConfig): void {
    this.config = next;
    for (const listener of this.listeners) listener(next);
  }

  /** Calls `listener` after each replacement; returns the way to stop. */
  onChange(listener: (config: ClosConfig) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
