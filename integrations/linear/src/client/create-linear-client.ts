import { createDryRunLinearClient } from './dry-run-linear-client.js';
import type { LinearClient } from './linear-client.js';
import type { IntegrationLogger } from './logger.js';
import { createSdkLinearClient } from './sdk-linear-client.js';

/** Linear settings as the platform config loads them (`LINEAR_API_URL`, `LINEAR_API_KEY`). */
export interface LinearClientSettings {
  apiUrl?: string;
  apiKey?: string;
  log?: IntegrationLogger;
}

/** The SDK client when an API key is configured, else the dry-run client that logs what it would send. */
export function createLinearClient(settings: LinearClientSettings): LinearClient {
  if (settings.apiKey) {
    return createSdkLinearClient({ apiKey: settings.apiKey, ...(settings.apiUrl ? { apiUrl: settings.apiUrl } : {}) });
  }
  return createDryRunLinearClient(settings.log ? { log: settings.log } : {});
}
