import { createDryRunGithubClient } from './dry-run-github-client.js';
import type { GithubClient } from './github-client.js';
import type { IntegrationLogger } from './logger.js';
import { createOctokitGithubClient } from './octokit-github-client.js';
import type { OctokitTuning } from './octokit-factory.js';

/** GitHub settings as the platform config loads them (`GITHUB_API_URL`, `GITHUB_TOKEN`, `GITHUB_APP_ID`, `GITHUB_PRIVATE_KEY`). */
export interface GithubClientSettings extends Omit<OctokitTuning, 'log' | 'baseUrl'> {
  apiUrl?: string;
  token?: string;
  appId?: string | number;
  privateKey?: string;
  installationId?: number;
  log?: IntegrationLogger;
}

/**
 * The GitHub client for the configured credentials: a token wins, then a GitHub App
 * (id + private key); with neither, the dry-run client that logs what it would send, so a
 * local stack runs without GitHub.
 */
export function createGithubClient(settings: GithubClientSettings): GithubClient {
  const { apiUrl, token, appId, privateKey, installationId, log, ...tuning } = settings;
  const base = { ...tuning, ...(apiUrl ? { baseUrl: apiUrl } : {}), ...(log ? { log } : {}) };
  if (token) return createOctokitGithubClient({ ...base, auth: { kind: 'token', token } });
  if (appId !== undefined && appId !== '' && privateKey) {
    // Keys passed through environment variables often arrive with escaped newlines.
    const pem = privateKey.includes('\\n') ? privateKey.replace(/\\n/g, '\n') : privateKey;
    return createOctokitGithubClient({
      ...base,
      auth: { kind: 'app', appId, privateKey: pem, ...(installationId === undefined ? {} : { installationId }) },
    });
  }
  return createDryRunGithubClient(log ? { log } : {});
}
