import type { IncomingHttpHeaders } from 'node:http';
import {
  checkRunJson,
  combinedStatusJson,
  commentJson,
  fileJson,
  issueJson,
  pullRequestJson,
  reviewJson,
  statusJson,
} from './fake-github-json.js';
import { FAKE_DEFAULT_BRANCH, type FakeGithubState } from './fake-github-state.js';

/** A parsed request as a route sees it. */
export interface RouteRequest {
  method: string;
  url: URL;
  params: string[];
  headers: IncomingHttpHeaders;
  body: unknown;
  api: string;
}

/** A route's answer; `list` bodies are paginated by the server. */
export type RouteResponse =
  | { status: number; body: unknown; headers?: Record<string, string> }
  | { status: 200; list: unknown[]; envelope?: string }
  | { status: 200; raw: string };

type Handler = (state: FakeGithubState, req: RouteRequest) => RouteResponse;

const notFound = (): RouteResponse => ({
  status: 404,
  body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' },
});

const unprocessable = (message: string): RouteResponse => ({
  status: 422,
  body: { message: 'Validation Failed', errors: [{ message }], documentation_url: 'https://docs.github.com/rest' },
});

const REPO = '([^/]+/[^/]+)';
const STATUS_STATES = new Set(['error', 'failure', 'pending', 'success']);

function record(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
}

/** The REST endpoints CLOS calls, in GitHub's paths and shapes. */
export const ROUTES: { method: string; pattern: RegExp; handle: Handler }[] = [
  {
    method: 'POST',
    pattern: new RegExp(`^/repos/${REPO}/statuses/([^/]+)$`),
    handle: (state, { params: [repo = '', sha = ''], body, api }) => {
      const input = record(body);
      const stateValue = input.state;
      if (typeof stateValue !== 'string' || !STATUS_STATES.has(stateValue)) {
        return unprocessable('state must be one of error, failure, pending, success');
      }
      const description = typeof input.description === 'string' ? input.description : null;
      if (description !== null && description.length > 140) {
        return unprocessable('description is too long (maximum is 140 characters)');
      }
      const status = state.addStatus({
        repo,
        sha,
        context: typeof input.context === 'string' ? input.context : 'default',
        state: stateValue as 'error' | 'failure' | 'pending' | 'success',
        description,
        targetUrl: typeof input.target_url === 'string' ? input.target_url : null,
      });
      return { status: 201, body: statusJson(api, status) };
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/repos/${REPO}/commits/([^/]+)/statuses$`),
    handle: (state, { params: [repo = '', sha = ''], api }) => ({
      status: 200,
      list: state.statusesFor(repo, sha).map((s) => statusJson(api, s)),
    }),
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/repos/${REPO}/commits/([^/]+)/status$`),
    handle: (state, { params: [repo = '', sha = ''], api }) => ({
      status: 200,
      body: combinedStatusJson(api, repo, sha, state.latestStatuses(repo, sha)),
    }),
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/repos/${REPO}/commits/([^/]+)/check-runs$`),
    handle: (state, { params: [repo = '', sha = ''], url, api }) => {
      const runs = state.checkRuns.filter((r) => r.repo === repo && r.headSha === sha);
      const name = url.searchParams.get('check_name');
      const selected = name === null ? runs : runs.filter((r) => r.name === name);
      return { status: 200, list: selected.map((r) => checkRunJson(api, r)), envelope: 'check_runs' };
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/repos/${REPO}/pulls$`),
    handle: (state, { params: [repo = ''], url, api }) => {
      const wanted = url.searchParams.get('state') ?? 'open';
      const prs = [...state.pullRequests.values()]
        .filter((pr) => pr.repo === repo && (wanted === 'all' || pr.state === wanted))
        .sort((a, b) => b.number - a.number);
      return { status: 200, list: prs.map((pr) => pullRequestJson(api, pr)) };
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/repos/${REPO}/pulls/(\\d+)$`),
    handle: (state, { params: [repo = '', n = ''], api }) => {
      const pr = state.pullRequest(repo, Number(n));
      return pr === undefined ? notFound() : { status: 200, body: pullRequestJson(api, pr) };
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/repos/${REPO}/pulls/(\\d+)/reviews$`),
    handle: (state, { params: [repo = '', n = ''], api }) => {
      if (state.pullRequest(repo, Number(n)) === undefined) return notFound();
      return { status: 200, list: state.reviewsOf(repo, Number(n)).map((r) => reviewJson(api, repo, Number(n), r)) };
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/repos/${REPO}/contents/(.*)$`),
    handle: (state, { params: [repo = '', rawPath = ''], url, headers, api }) => {
      const path = decodeURIComponent(rawPath).replace(/^\/+|\/+$/g, '');
      const ref = url.searchParams.get('ref') ?? FAKE_DEFAULT_BRANCH;
      const content = state.files.get(state.fileKey(repo, ref, path));
      if (content !== undefined) {
        if (String(headers.accept ?? '').includes('application/vnd.github.raw')) return { status: 200, raw: content };
        return { status: 200, body: fileJson(api, repo, path, ref, content) };
      }
      const entries = state.listDirectory(repo, ref, path);
      if (entries.length === 0) return notFound();
      return {
        status: 200,
        body: entries.map((e) => ({ type: e.type, name: e.name, path: e.path, url: `${api}/repos/${repo}/contents/${e.path}?ref=${ref}` })),
      };
    },
  },
  {
    method: 'POST',
    pattern: new RegExp(`^/repos/${REPO}/issues$`),
    handle: (state, { params: [repo = ''], body, api }) => {
      const input = record(body);
      if (typeof input.title !== 'string' || input.title === '') return unprocessable('title is missing');
      const labels = Array.isArray(input.labels) ? input.labels.filter((l): l is string => typeof l === 'string') : [];
      const issue = {
        id: state.id(),
        repo,
        number: state.nextIssueNumber(repo),
        title: input.title,
        body: typeof input.body === 'string' ? input.body : null,
        labels,
        createdAt: new Date().toISOString(),
      };
      state.issues.push(issue);
      return { status: 201, body: issueJson(api, issue) };
    },
  },
  {
    method: 'POST',
    pattern: new RegExp(`^/repos/${REPO}/issues/(\\d+)/comments$`),
    handle: (state, { params: [repo = '', n = ''], body, api }) => {
      const input = record(body);
      if (typeof input.body !== 'string' || input.body === '') return unprocessable('body is missing');
      const number = Number(n);
      const exists = state.pullRequest(repo, number) !== undefined || state.issues.some((i) => i.repo === repo && i.number === number);
      if (!exists) return notFound();
      const comment = { id: state.id(), repo, issueNumber: number, body: input.body, createdAt: new Date().toISOString() };
      state.comments.push(comment);
      return { status: 201, body: commentJson(api, comment) };
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/repos/${REPO}/issues/(\\d+)/comments$`),
    handle: (state, { params: [repo = '', n = ''], api }) => ({
      status: 200,
      list: state.comments.filter((c) => c.repo === repo && c.issueNumber === Number(n)).map((c) => commentJson(api, c)),
    }),
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/repos/${REPO}/installation$`),
    handle: (state, { params: [repo = ''] }) => {
      const owner = repo.split('/')[0] ?? '';
      const id = state.installations.get(owner.toLowerCase());
      return id === undefined ? notFound() : { status: 200, body: { id, account: { login: owner }, app_id: 1, target_type: 'Organization' } };
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`^/repos/${REPO}/collaborators/([^/]+)/permission$`),
    handle: (state, { params: [repo = '', login = ''] }) => {
      const account = state.oauth.users.get(decodeURIComponent(login).toLowerCase());
      // GitHub: 404 for an account that does not exist, `none` for one without access.
      if (account === undefined) return notFound();
      const permission = state.access.get(state.accessKey(repo, account.login)) ?? 'none';
      return {
        status: 200,
        body: {
          permission,
          role_name: permission === 'none' ? 'none' : permission,
          user: { login: account.login, id: account.id, type: 'User', site_admin: false },
        },
      };
    },
  },
  { method: 'GET', pattern: /^\/login\/oauth\/authorize$/, handle: (state, { url }) => state.oauth.authorize(url) },
  { method: 'POST', pattern: /^\/login\/oauth\/access_token$/, handle: (state, { body }) => state.oauth.accessToken(body) },
  { method: 'GET', pattern: /^\/user$/, handle: (state, { headers }) => state.oauth.user(headers) },
  {
    method: 'POST',
    pattern: /^\/app\/installations\/(\d+)\/access_tokens$/,
    handle: (state, { params: [id = ''] }) => {
      if (![...state.installations.values()].includes(Number(id))) return notFound();
      return {
        status: 201,
        body: {
          token: `ghs_fake_installation_${id}`,
          expires_at: new Date(Date.now() + 3_600_000).toISOString(),
          permissions: { statuses: 'write', pull_requests: 'read', contents: 'read', checks: 'read', issues: 'write' },
          repository_selection: 'all',
        },
      };
    },
  },
];
