import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultQueue, type FakeGithubFault } from './fake-github-faults.js';
import { ROUTES, type RouteResponse } from './fake-github-routes.js';
import {
  FAKE_DEFAULT_BRANCH,
  FakeGithubState,
  type FakeCheckRun,
  type FakeComment,
  type FakeIssue,
  type FakePullRequest,
  type FakePullRequestInput,
  type FakeReview,
  type FakeStatus,
} from './fake-github-state.js';
import { paginate, readBody, sendJson } from './http-helpers.js';

/** One request the stand-in received, in arrival order. */
export interface RecordedGithubRequest {
  method: string;
  /** Path without the query string, e.g. `/repos/acme/api/statuses/abc`. */
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body, the raw text when it is not JSON, or `undefined` when empty. */
  body: unknown;
  /** Status the stand-in answered with. */
  status: number;
  /** When the request arrived (epoch ms). */
  at: number;
}

/** Options of {@link startFakeGithub}. */
export interface FakeGithubOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Answer 401 to requests without an `Authorization` header, as GitHub does for private repositories. */
  requireAuth?: boolean;
}

/** A running local GitHub REST stand-in. */
export interface FakeGithub {
  /** Base URL to hand to clients as `GITHUB_API_URL`. */
  readonly url: string;
  /** Every request received, in order. */
  readonly requests: readonly RecordedGithubRequest[];
  /** The in-memory repositories, for assertions beyond the helpers below. */
  readonly state: FakeGithubState;
  addPullRequest(repo: string, input: FakePullRequestInput): FakePullRequest;
  updatePullRequest(repo: string, number: number, patch: Partial<Omit<FakePullRequest, 'repo' | 'number'>>): FakePullRequest;
  addReview(repo: string, number: number, review: { reviewer: string; state: FakeReview['state']; commitId?: string }): FakeReview;
  /** Stores a file on a branch or commit (default branch `main`). */
  setFile(repo: string, path: string, content: string, ref?: string): void;
  removeFile(repo: string, path: string, ref?: string): void;
  addCheckRun(repo: string, sha: string, run: { name: string; status?: FakeCheckRun['status']; conclusion?: string | null }): FakeCheckRun;
  /** Registers an OAuth App, for "Sign in with GitHub" (authorize, access_token, GET /user). */
  addOAuthApp(clientId: string, clientSecret: string): void;
  /**
   * The account the authorize page signs in as from now on (created when unknown), or
   * `undefined` to have the person decline.
   */
  signInAs(login: string | undefined, name?: string | null): void;
  /** Registers a GitHub App installation on an account, for App authentication. */
  addInstallation(account: string, installationId: number): void;
  /** Gives an account (created when unknown) access to a repository, or takes it away with `none`. */
  grantAccess(repo: string, login: string, permission: 'admin' | 'write' | 'read' | 'none'): void;
  /** Statuses of a commit, newest first. */
  statuses(repo: string, sha: string): FakeStatus[];
  /** The current status of one context on a commit. */
  latestStatus(repo: string, sha: string, context: string): FakeStatus | undefined;
  /** Resolves with the first status of `context` on `sha` (optionally in `state`), now or when it is posted. */
  waitForStatus(query: { repo: string; sha: string; context: string; state?: FakeStatus['state']; timeoutMs?: number }): Promise<FakeStatus>;
  issues(repo?: string): FakeIssue[];
  comments(repo: string, number: number): FakeComment[];
  /** Makes the next matching request(s) fail with a rate limit or server error. */
  failNext(fault: FakeGithubFault): void;
  /** Drops faults queued by {@link FakeGithub.failNext} that have not fired. */
  clearFaults(): void;
  clearRequests(): void;
  close(): Promise<void>;
}

/**
 * Starts a real HTTP server on 127.0.0.1 speaking GitHub's REST wire format for the
 * endpoints CLOS uses (commit statuses, pull requests, reviews, contents, check runs,
 * issues, comments, collaborator permissions, App installation tokens, the OAuth web flow), keeping state in memory and recording
 * every request. `failNext` injects primary/secondary rate limits and 5xx answers.
 */
export async function startFakeGithub(options: FakeGithubOptions = {}): Promise<FakeGithub> {
  const state = new FakeGithubState();
  const faults = new FaultQueue();
  const requests: RecordedGithubRequest[] = [];
  let api = '';

  const server: Server = createServer((req, res) => {
    void (async () => {
      const method = (req.method ?? 'GET').toUpperCase();
      const url = new URL(req.url ?? '/', api);
      const text = await readBody(req);
      const body = parseBody(text);
      const entry: RecordedGithubRequest = {
        method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        body,
        status: 0,
        at: Date.now(),
      };
      requests.push(entry);
      const reply = (status: number, payload: unknown, headers: Record<string, string> = {}): void => {
        entry.status = status;
        sendJson(res, status, payload, { ...rateLimitHeaders(), ...headers });
      };

      const fault = faults.take(method, url.pathname, Date.now());
      if (fault !== undefined) return reply(fault.status, fault.body, fault.headers);
      // The OAuth web flow is anonymous on GitHub too: the client proves itself with its secret.
      if (options.requireAuth === true && req.headers.authorization === undefined && !url.pathname.startsWith('/login/oauth/')) {
        return reply(401, { message: 'Requires authentication', documentation_url: 'https://docs.github.com/rest' });
      }
      for (const route of ROUTES) {
        if (route.method !== method) continue;
        const match = route.pattern.exec(url.pathname);
        if (match === null) continue;
        const answer: RouteResponse = route.handle(state, { method, url, params: match.slice(1), headers: req.headers, body, api });
        if ('raw' in answer) {
          entry.status = 200;
          res.writeHead(200, { 'content-type': 'application/vnd.github.raw; charset=utf-8', ...rateLimitHeaders() });
          res.end(answer.raw);
          return;
        }
        if ('list' in answer) {
          const { page, headers } = paginate(answer.list, url, api);
          const payload = answer.envelope === undefined ? page : { total_count: answer.list.length, [answer.envelope]: page };
          return reply(200, payload, headers);
        }
        return reply(answer.status, answer.body, answer.headers);
      }
      return reply(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
    })().catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { message: String(error) });
    });
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    get url() {
      return api;
    },
    requests,
    state,
    addPullRequest: (repo, input) => state.upsertPullRequest(repo, input),
    updatePullRequest: (repo, number, patch) => {
      const existing = state.pullRequest(repo, number);
      if (existing === undefined) throw new Error(`no pull request ${repo}#${number} in the fake`);
      return state.upsertPullRequest(repo, { ...existing, ...patch, number });
    },
    addReview: (repo, number, review) => {
      const pr = state.pullRequest(repo, number);
      if (pr === undefined) throw new Error(`no pull request ${repo}#${number} in the fake`);
      const stored: FakeReview = {
        id: state.id(),
        reviewer: review.reviewer,
        state: review.state,
        commitId: review.commitId ?? pr.headSha,
        submittedAt: new Date().toISOString(),
      };
      state.reviewsOf(repo, number).push(stored);
      return stored;
    },
    setFile: (repo, path, content, ref = FAKE_DEFAULT_BRANCH) => {
      state.files.set(state.fileKey(repo, ref, path), content);
    },
    removeFile: (repo, path, ref = FAKE_DEFAULT_BRANCH) => {
      state.files.delete(state.fileKey(repo, ref, path));
    },
    addCheckRun: (repo, sha, run) => {
      const status = run.status ?? 'completed';
      const stored: FakeCheckRun = {
        id: state.id(),
        repo,
        headSha: sha,
        name: run.name,
        status,
        conclusion: run.conclusion ?? (status === 'completed' ? 'success' : null),
        completedAt: status === 'completed' ? new Date().toISOString() : null,
      };
      state.checkRuns.push(stored);
      return stored;
    },
    addOAuthApp: (clientId, clientSecret) => state.oauth.addApp(clientId, clientSecret),
    signInAs: (login, name = null) => {
      if (login !== undefined && !state.oauth.users.has(login.toLowerCase())) state.oauth.addUser(login, name);
      state.oauth.signedIn = login;
    },
    addInstallation: (account, installationId) => {
      state.installations.set(account.toLowerCase(), installationId);
    },
    grantAccess: (repo, login, permission) => {
      if (!state.oauth.users.has(login.toLowerCase())) state.oauth.addUser(login);
      if (permission === 'none') state.access.delete(state.accessKey(repo, login));
      else state.access.set(state.accessKey(repo, login), permission);
    },
    statuses: (repo, sha) => state.statusesFor(repo, sha),
    latestStatus: (repo, sha, context) => state.latestStatuses(repo, sha).find((s) => s.context === context),
    waitForStatus: (query) => waitForStatus(state, query),
    issues: (repo) => state.issues.filter((i) => repo === undefined || i.repo === repo),
    comments: (repo, number) => state.comments.filter((c) => c.repo === repo && c.issueNumber === number),
    failNext: (fault) => faults.add(fault),
    clearFaults: () => faults.clear(),
    clearRequests: () => {
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function rateLimitHeaders(): Record<string, string> {
  return {
    'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': '4999',
    'x-ratelimit-used': '1',
    'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 3600),
    'x-ratelimit-resource': 'core',
    'x-github-request-id': `FAKE:${Math.random().toString(16).slice(2, 10)}`,
  };
}

function waitForStatus(
  state: FakeGithubState,
  query: { repo: string; sha: string; context: string; state?: FakeStatus['state']; timeoutMs?: number },
): Promise<FakeStatus> {
  const fits = (s: FakeStatus): boolean =>
    s.repo === query.repo && s.sha === query.sha && s.context === query.context && (query.state === undefined || s.state === query.state);
  const current = state.latestStatuses(query.repo, query.sha).find((s) => s.context === query.context);
  if (current !== undefined && fits(current)) return Promise.resolve(current);
  return new Promise((resolve, reject) => {
    const timeoutMs = query.timeoutMs ?? 10_000;
    const onStatus = (status: FakeStatus): void => {
      if (!fits(status)) return;
      clearTimeout(timer);
      state.events.off('status', onStatus);
      resolve(status);
    };
    const timer = setTimeout(() => {
      state.events.off('status', onStatus);
      const latest = state.latestStatuses(query.repo, query.sha).find((s) => s.context === query.context);
      const seen = latest === undefined ? 'none' : `${latest.state} "${latest.description ?? ''}"`;
      reject(new Error(`no ${query.context}${query.state ? ` = ${query.state}` : ''} on ${query.repo}@${query.sha} within ${timeoutMs} ms (latest: ${seen})`));
    }, timeoutMs);
    state.events.on('status', onStatus);
  });
}
