import type { FakeCheckRun, FakeComment, FakeIssue, FakePullRequest, FakeReview, FakeStatus } from './fake-github-state.js';

/*
 * Renders stored objects in GitHub's REST wire format (the fields clients read, with
 * GitHub's names and nesting), so a client that works here works against api.github.com.
 */

const WEB = 'https://github.com';

function user(login: string): Record<string, unknown> {
  return { login, id: loginId(login), node_id: `U_${login}`, type: login.endsWith('[bot]') ? 'Bot' : 'User' };
}

function loginId(login: string): number {
  let hash = 0;
  for (const ch of login) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return hash;
}

function repoJson(api: string, repo: string): Record<string, unknown> {
  const [owner = '', name = ''] = repo.split('/');
  return { id: loginId(repo), name, full_name: repo, owner: user(owner), url: `${api}/repos/${repo}`, default_branch: 'main' };
}

export function pullRequestJson(api: string, pr: FakePullRequest): Record<string, unknown> {
  const [owner = ''] = pr.repo.split('/');
  return {
    url: `${api}/repos/${pr.repo}/pulls/${pr.number}`,
    id: loginId(`${pr.repo}#${pr.number}`),
    node_id: `PR_${pr.number}`,
    html_url: `${WEB}/${pr.repo}/pull/${pr.number}`,
    number: pr.number,
    state: pr.state,
    locked: false,
    title: pr.title,
    user: user(pr.author),
    body: pr.body,
    labels: pr.labels.map((name) => ({ id: loginId(name), node_id: `L_${name}`, name, color: 'ededed', default: false })),
    created_at: pr.createdAt,
    updated_at: pr.updatedAt,
    closed_at: pr.state === 'closed' ? pr.updatedAt : null,
    merged_at: pr.merged ? pr.updatedAt : null,
    merge_commit_sha: null,
    draft: pr.draft,
    merged: pr.merged,
    head: { label: `${owner}:${pr.headRef}`, ref: pr.headRef, sha: pr.headSha, user: user(owner), repo: repoJson(api, pr.repo) },
    base: { label: `${owner}:${pr.baseRef}`, ref: pr.baseRef, sha: '0'.repeat(40), user: user(owner), repo: repoJson(api, pr.repo) },
    author_association: 'MEMBER',
  };
}

export function reviewJson(api: string, repo: string, number: number, review: FakeReview): Record<string, unknown> {
  return {
    id: review.id,
    node_id: `PRR_${review.id}`,
    user: user(review.reviewer),
    body: '',
    state: review.state,
    html_url: `${WEB}/${repo}/pull/${number}#pullrequestreview-${review.id}`,
    pull_request_url: `${api}/repos/${repo}/pulls/${number}`,
    submitted_at: review.state === 'PENDING' ? undefined : review.submittedAt,
    commit_id: review.commitId,
    author_association: 'MEMBER',
  };
}

export function statusJson(api: string, status: FakeStatus): Record<string, unknown> {
  return {
    url: `${api}/repos/${status.repo}/statuses/${status.sha}`,
    avatar_url: null,
    id: status.id,
    node_id: `SC_${status.id}`,
    state: status.state,
    description: status.description,
    target_url: status.targetUrl,
    context: status.context,
    created_at: status.createdAt,
    updated_at: status.createdAt,
    creator: user('clos[bot]'),
  };
}

/** GitHub's combined state: failure beats pending beats success; no statuses is pending. */
export function combinedStatusJson(api: string, repo: string, sha: string, latest: FakeStatus[]): Record<string, unknown> {
  const states = latest.map((s) => s.state);
  const state = states.some((s) => s === 'failure' || s === 'error')
    ? 'failure'
    : states.length === 0 || states.includes('pending')
      ? 'pending'
      : 'success';
  return {
    state,
    statuses: latest.map((s) => statusJson(api, s)),
    sha,
    total_count: latest.length,
    repository: repoJson(api, repo),
    commit_url: `${api}/repos/${repo}/commits/${sha}`,
    url: `${api}/repos/${repo}/commits/${sha}/status`,
  };
}

export function checkRunJson(api: string, run: FakeCheckRun): Record<string, unknown> {
  return {
    id: run.id,
    node_id: `CR_${run.id}`,
    head_sha: run.headSha,
    external_id: '',
    url: `${api}/repos/${run.repo}/check-runs/${run.id}`,
    html_url: `${WEB}/${run.repo}/runs/${run.id}`,
    details_url: null,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.completedAt,
    completed_at: run.completedAt,
    name: run.name,
    output: { title: null, summary: null, text: null, annotations_count: 0, annotations_url: '' },
    check_suite: { id: run.id },
    app: { id: 1, slug: 'ci', name: 'CI' },
    pull_requests: [],
  };
}

export function fileJson(api: string, repo: string, path: string, ref: string, content: string): Record<string, unknown> {
  const bytes = Buffer.from(content, 'utf8');
  // GitHub wraps base64 content at 60 characters per line; clients must cope with the newlines.
  const wrapped = bytes.toString('base64').replace(/.{1,60}/g, '$&\n');
  const name = path.split('/').pop() ?? path;
  return {
    type: 'file',
    encoding: 'base64',
    size: bytes.length,
    name,
    path,
    content: wrapped,
    sha: loginId(`${ref}:${path}:${content}`).toString(16).padStart(40, '0'),
    url: `${api}/repos/${repo}/contents/${path}?ref=${ref}`,
    git_url: null,
    html_url: `${WEB}/${repo}/blob/${ref}/${path}`,
    download_url: null,
  };
}

export function issueJson(api: string, issue: FakeIssue): Record<string, unknown> {
  return {
    id: issue.id,
    node_id: `I_${issue.id}`,
    url: `${api}/repos/${issue.repo}/issues/${issue.number}`,
    html_url: `${WEB}/${issue.repo}/issues/${issue.number}`,
    number: issue.number,
    state: 'open',
    title: issue.title,
    body: issue.body,
    user: user('clos[bot]'),
    labels: issue.labels.map((name) => ({ id: loginId(name), name, color: 'ededed', default: false })),
    created_at: issue.createdAt,
    updated_at: issue.createdAt,
  };
}

export function commentJson(api: string, comment: FakeComment): Record<string, unknown> {
  return {
    id: comment.id,
    node_id: `IC_${comment.id}`,
    url: `${api}/repos/${comment.repo}/issues/comments/${comment.id}`,
    html_url: `${WEB}/${comment.repo}/issues/${comment.issueNumber}#issuecomment-${comment.id}`,
    issue_url: `${api}/repos/${comment.repo}/issues/${comment.issueNumber}`,
    body: comment.body,
    user: user('clos[bot]'),
    created_at: comment.createdAt,
    updated_at: comment.createdAt,
  };
}
