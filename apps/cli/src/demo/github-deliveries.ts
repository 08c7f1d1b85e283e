import { createRequire } from 'node:module';

interface ExampleDefinition {
  name: string;
  examples: Record<string, unknown>[];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- deliveries edit GitHub's own examples field by field; typing every path adds nothing.
type Payload = Record<string, any>;

const examples = createRequire(import.meta.url)('@octokit/webhooks-examples') as ExampleDefinition[];

function example(event: string, action: string | undefined): Payload {
  const found = examples.find((d) => d.name === event)?.examples.find((e) => action === undefined || e.action === action);
  if (found === undefined) throw new Error(`no example of ${event}${action !== undefined ? `.${action}` : ''} in @octokit/webhooks-examples`);
  return structuredClone(found) as Payload;
}

/** A pull request as the demo tells GitHub about it. */
export interface DemoPullRequest {
  repo: string;
  number: number;
  headSha: string;
  author: string;
  title: string;
  labels: string[];
  openedAt: string;
}

/**
 * A `pull_request` delivery in GitHub's own shape (its published example of the same action,
 * with the demo's repository, number, author, head and times), so the api sees nothing it would
 * not see from GitHub.
 */
export function pullRequestDelivery(pr: DemoPullRequest, action: 'opened' | 'closed', at: string, merged = false): Payload {
  const payload = example('pull_request', action);
  const [owner, name] = pr.repo.split('/') as [string, string];
  payload.action = action;
  payload.number = pr.number;
  payload.repository.full_name = pr.repo;
  payload.repository.name = name;
  payload.repository.owner.login = owner;
  payload.repository.html_url = `https://github.com/${pr.repo}`;
  const body = payload.pull_request;
  body.number = pr.number;
  body.title = pr.title;
  body.body = null;
  body.html_url = `https://github.com/${pr.repo}/pull/${pr.number}`;
  body.state = action === 'closed' ? 'closed' : 'open';
  body.draft = false;
  body.merged = action === 'closed' && merged;
  body.merged_at = body.merged ? at : null;
  body.closed_at = action === 'closed' ? at : null;
  body.created_at = pr.openedAt;
  body.updated_at = at;
  body.user.login = pr.author;
  body.labels = pr.labels.map((label, i) => ({ id: 1000 + i, name: label, color: 'ededed', default: false }));
  body.head.sha = pr.headSha;
  body.head.ref = `demo-${pr.number}`;
  body.base.ref = 'main';
  return payload;
}

/**
 * A `push` delivery to the default branch (`main`) in GitHub's own shape: one commit adding,
 * changing or removing files, as a merge of a document would.
 */
export function pushDelivery(push: { repo: string; before: string; after: string; added?: string[]; modified?: string[]; removed?: string[]; at: string }): Payload {
  const payload = example('push', undefined);
  const [owner, name] = push.repo.split('/') as [string, string];
  payload.ref = 'refs/heads/main';
  payload.before = push.before;
  payload.after = push.after;
  payload.created = false;
  payload.deleted = false;
  payload.forced = false;
  payload.repository.full_name = push.repo;
  payload.repository.name = name;
  payload.repository.owner.login = owner;
  payload.repository.owner.name = owner;
  payload.repository.html_url = `https://github.com/${push.repo}`;
  payload.repository.default_branch = 'main';
  payload.repository.master_branch = 'main';
  payload.repository.pushed_at = Math.floor(Date.parse(push.at) / 1000);
  const commit = { id: push.after, message: `Add ${[...(push.added ?? []), ...(push.modified ?? [])].join(', ')}`, timestamp: push.at, added: push.added ?? [], modified: push.modified ?? [], removed: push.removed ?? [] };
  payload.commits = [commit];
  payload.head_commit = commit;
  return payload;
}
