import type { AppConfig, EnvName, LoadConfigOptions } from '@clos/platform/config';

/**
 * The environment's settings (`loadConfig` of @clos/platform/config), loaded on first use:
 * its schema and the clos.yml parser behind it are heavy for a command's start, and most
 * commands need only a variable or two once they run.
 */
export async function loadSettings<K extends EnvName = never>(options: LoadConfigOptions<K> = {}): Promise<AppConfig<K>> {
  const { loadConfig } = await import('@clos/platform/config');
  return loadConfig(options);
}
