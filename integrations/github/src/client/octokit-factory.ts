import { createAppAuth } from '@octokit/auth-app';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import Bottleneck from 'bottleneck';
import type { IntegrationLogger } from './logger.js';

/** Octokit with rate-limit throttling and server-error retries. */
const ThrottledOctokitClass = Octokit.plugin(throttling, retry);
/** An Octokit built by {@link buildOctokit}; typed as the plain REST client, which is all callers use. */
export type ThrottledOctokit = Octokit;

/** How the adapter authenticates: a token (PAT or installation token) or a GitHub App. */
export type GithubAuth =
  | { kind: 'token'; token: string }
  | {
      kind: 'app';
      appId: string | number;
      /** PEM private key of the App. */
      privateKey: string;
      /** Fixed installation; without it the installation is looked up per repository owner. */
      installationId?: number;
    };

/** Tuning of the Octokit adapter; every field has a production default. */
export interface OctokitTuning {
  /** `GITHUB_API_URL`; default https://api.github.com. */
  baseUrl?: string;
  userAgent?: string;
  log: IntegrationLogger;
  /** How many rate-limit waits one call may sit through. Default 3. */
  rateLimitRetries?: number;
  /**
   * Longest wait (seconds) accepted inside a call. A longer primary-limit reset fails the
   * call with `RateLimited` instead, so the caller's retry policy schedules it. Default 60.
   */
  maxRateLimitWaitSeconds?: number;
  /**
   * Minimum spacing of writes. GitHub asks integrators to send mutating requests serially
   * and about a second apart to stay clear of secondary limits. Default 1000; local
   * stand-ins and benchmarks may set 0.
   */
  writeSpacingMs?: number;
  /** Retries of 5xx and network failures. Default 3. */
  serverErrorRetries?: number;
  /** Base of the quadratic backoff between those retries, in ms. Default 1000. */
  serverErrorBackoffMs?: number;
  /**
   * Rate-limit handling and write pacing (the throttling plugin). Default true. Its request
   * scheduling costs some 10-20 ms per call, so latency benchmarks against a local stand-in
   * may turn it off; rate-limit answers then fail the call with `RateLimited` at once.
   */
  throttling?: boolean;
}

let instanceCounter = 0;

/** Builds one throttled, retrying Octokit for the given credentials. */
export function buildOctokit(auth: GithubAuth, tuning: OctokitTuning, installationId?: number): ThrottledOctokit {
  const { log } = tuning;
  const maxRetries = tuning.rateLimitRetries ?? 3;
  const maxWait = tuning.maxRateLimitWaitSeconds ?? 60;
  const onLimit =
    (kind: 'primary' | 'secondary') =>
    (retryAfter: number, options: { method?: string; url?: string }, _octokit: unknown, retryCount: number): boolean => {
      const retrying = retryCount < maxRetries && retryAfter <= maxWait;
      log.warn(
        { kind, retryAfterSeconds: retryAfter, retryCount, method: options.method, url: options.url, retrying },
        retrying ? 'GitHub rate limit hit; waiting as GitHub asks' : 'GitHub rate limit hit; giving up on this call',
      );
      return retrying;
    };

  const authOptions =
    auth.kind === 'token'
      ? { auth: auth.token }
      : {
          authStrategy: createAppAuth,
          auth: {
            appId: auth.appId,
            privateKey: auth.privateKey,
            ...(installationId === undefined ? {} : { installationId }),
          },
        };

  return new ThrottledOctokitClass({
    ...authOptions,
    baseUrl: (tuning.baseUrl ?? 'https://api.github.com').replace(/\/+$/, ''),
    userAgent: tuning.userAgent ?? 'clos',
    log: {
      debug: () => undefined,
      info: () => undefined,
      warn: (message: string) => log.warn({}, message),
      error: (message: string) => log.warn({}, message),
    },
    throttle: {
      enabled: tuning.throttling ?? true,
      // Each adapter paces its own writes; the plugin's default groups are process-wide.
      id: `clos-${++instanceCounter}`,
      write: new Bottleneck.Group({ maxConcurrent: 1, minTime: tuning.writeSpacingMs ?? 1000 }),
      onRateLimit: onLimit('primary'),
      onSecondaryRateLimit: onLimit('secondary'),
    },
    retry: {
      retries: tuning.serverErrorRetries ?? 3,
      retryAfterBaseValue: tuning.serverErrorBackoffMs ?? 1000,
      // Rate limits are the throttling plugin's job; retrying them here too would double the wait.
      doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451],
    },
  });
}

/**
 * Hands out the Octokit for a repository: one shared instance for a token or a fixed
 * installation, else one per owner after asking GitHub which installation covers it.
 */
export class OctokitPool {
  private readonly shared: ThrottledOctokit | undefined;
  private readonly appOctokit: ThrottledOctokit | undefined;
  private readonly byOwner = new Map<string, Promise<ThrottledOctokit>>();

  constructor(
    private readonly auth: GithubAuth,
    private readonly tuning: OctokitTuning,
  ) {
    if (auth.kind === 'token' || auth.installationId !== undefined) {
      this.shared = buildOctokit(auth, tuning, auth.kind === 'app' ? auth.installationId : undefined);
    } else {
      this.appOctokit = buildOctokit(auth, tuning);
    }
  }

  forRepo(owner: string, repo: string): Promise<ThrottledOctokit> {
    if (this.shared !== undefined) return Promise.resolve(this.shared);
    const key = owner.toLowerCase();
    const cached = this.byOwner.get(key);
    if (cached !== undefined) return cached;
    const pending = this.lookup(owner, repo);
    this.byOwner.set(key, pending);
    // A failed lookup (App not installed yet) must not stick.
    pending.catch(() => this.byOwner.delete(key));
    return pending;
  }

  private async lookup(owner: string, repo: string): Promise<ThrottledOctokit> {
    const app = this.appOctokit;
    if (app === undefined) throw new Error('unreachable: no App client for installation lookup');
    const { data } = await app.rest.apps.getRepoInstallation({ owner, repo });
    return buildOctokit(this.auth, this.tuning, data.id);
  }
}
