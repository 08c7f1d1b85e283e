import { createDryRunGithubClient, createOctokitGithubClient, type GithubClient, type IntegrationLogger } from '@clos/github';
import { createDryRunLinearClient, createSdkLinearClient, type LinearClient } from '@clos/linear';
import type { Env } from '@clos/platform';

/** The vendor clients a process talks to. */
export interface IntegrationClients {
  github: GithubClient;
  linear: LinearClient;
  /** True when GitHub calls only go to the dry-run sink (no credentials configured). */
  githubDryRun: boolean;
  linearDryRun: boolean;
}

/**
 * GitHub and Linear clients from the validated environment: the real APIs (or the
 * `GITHUB_API_URL` / `LINEAR_API_URL` stand-ins) when credentials are set, otherwise the
 * dry-run sinks that log what would be sent — so `npm run up` works without any account.
 */
export function integrationClientsFromEnv(
  env: Pick<Env, 'GITHUB_API_URL' | 'GITHUB_TOKEN' | 'GITHUB_APP_ID' | 'GITHUB_PRIVATE_KEY' | 'LINEAR_API_URL' | 'LINEAR_API_KEY'>,
  log: IntegrationLogger,
): IntegrationClients {
  const githubAuth =
    env.GITHUB_TOKEN !== undefined
      ? ({ kind: 'token', token: env.GITHUB_TOKEN } as const)
      : env.GITHUB_APP_ID !== undefined && env.GITHUB_PRIVATE_KEY !== undefined
        ? ({ kind: 'app', appId: env.GITHUB_APP_ID, privateKey: env.GITHUB_PRIVATE_KEY } as const)
        : undefined;
  const github = githubAuth !== undefined ? createOctokitGithubClient({ auth: githubAuth, baseUrl: env.GITHUB_API_URL, log }) : createDryRunGithubClient({ log });
  const linear =
    env.LINEAR_API_KEY !== undefined
      ? createSdkLinearClient({ apiKey: env.LINEAR_API_KEY, ...(env.LINEAR_API_URL !== undefined ? { apiUrl: env.LINEAR_API_URL } : {}) })
      : createDryRunLinearClient({ log });
  return { github, linear, githubDryRun: githubAuth === undefined, linearDryRun: env.LINEAR_API_KEY === undefined };
}
