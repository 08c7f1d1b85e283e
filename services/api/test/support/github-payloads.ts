import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { signGithubPayload } from '@clos/github/testing';

/** GitHub's own example deliveries (npm @octokit/webhooks-examples), by event name. */
interface ExampleDefinition {
  name: string;
  examples: Record<string, unknown>[];
}

/** An example delivery being edited for a test. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- fixtures edit GitHub's examples field by field; typing every path adds nothing.
export type Payload = Record<string, any>;

const examples = createRequire(import.meta.url)('@octokit/webhooks-examples') as ExampleDefinition[];

/** A deep copy of GitHub's example of `event` (with `action` when given), to modify freely. */
export function githubExample(event: string, action?: string): Payload {
  const definition = examples.find((d) => d.name === event);
  const example = definition?.examples.find((e) => action === undefined || e.action === action);
  if (example === undefined) throw new Error(`no example of ${event}${action ? `.${action}` : ''} in @octokit/webhooks-examples`);
  return structuredClone(example) as Payload;
}

/** What a test says about a pull request; the rest comes from GitHub's example. */
export interface PullRequestFixture {
  repo: string;
  number: number;
  headSha: string;
  action: 'opened' | 'reopened' | 'closed' | 'synchronize' | 'ready_for_review' | 'converted_to_draft' | 'labeled' | 'unlabeled';
  author?: string;
  title?: string;
  body?: string | null;
  headRef?: string;
  draft?: boolean;
  labels?: string[];
  /** The label added or removed, for `labeled` / `unlabeled`. */
  label?: string;
  merged?: boolean;
  /** `pull_request.updated_at`: when the change happened (the order CLOS trusts). */
  updatedAt: string;
}

/** A `pull_request` delivery built from GitHub's example of the same action. */
export function pullRequestPayload(f: PullRequestFixture): Payload {
  const exampleAction = f.action === 'closed' ? 'closed' : f.action;
  const payload = githubExample('pull_request', exampleAction);
  const [owner, name] = f.repo.split('/') as [string, string];
  payload.action = f.action;
  payload.number = f.number;
  payload.repository.full_name = f.repo;
  payload.repository.name = name;
  payload.repository.owner.login = owner;
  const pr = payload.pull_request;
  pr.number = f.number;
  pr.title = f.title ?? `Change ${f.number}`;
  pr.body = f.body === undefined ? null : f.body;
  pr.html_url = `https://github.com/${f.repo}/pull/${f.number}`;
  pr.state = f.action === 'closed' ? 'closed' : 'open';
  pr.draft = f.draft ?? false;
  pr.merged = f.action === 'closed' ? (f.merged ?? false) : false;
  pr.merged_at = pr.merged ? f.updatedAt : null;
  pr.closed_at = f.action === 'closed' ? f.updatedAt : null;
  pr.updated_at = f.updatedAt;
  pr.user.login = f.author ?? 'octocat';
  pr.labels = (f.labels ?? []).map((label, i) => ({ id: 1000 + i, name: label, color: 'ededed', default: false }));
  pr.head.sha = f.headSha;
  pr.head.ref = f.headRef ?? `feature-${f.number}`;
  pr.base.ref = 'main';
  if (f.action === 'labeled' || f.action === 'unlabeled') payload.label = { id: 999, name: f.label ?? '', color: 'ededed', default: false };
  return payload;
}

/** A `push` delivery to the default branch of `repo`. */
export function pushPayload(f: { repo: string; before: string; after: string; added?: string[]; modified?: string[]; removed?: string[]; at?: string }): Payload {
  const payload = githubExample('push');
  const [owner, name] = f.repo.split('/') as [string, string];
  payload.ref = 'refs/heads/main';
  payload.before = f.before;
  payload.after = f.after;
  payload.deleted = false;
  payload.repository.full_name = f.repo;
  payload.repository.name = name;
  payload.repository.owner.login = owner;
  payload.repository.owner.name = owner;
  payload.repository.default_branch = 'main';
  payload.repository.master_branch = 'main';
  payload.repository.pushed_at = Math.floor(Date.parse(f.at ?? new Date().toISOString()) / 1000);
  payload.commits = [{ id: f.after, added: f.added ?? [], modified: f.modified ?? [], removed: f.removed ?? [] }];
  payload.head_commit = payload.commits[0];
  return payload;
}

/** A commit SHA for fixtures: 40 hex digits derived from a label, the same for the same label. */
export function sha(label: string): string {
  return createHash('sha1').update(label).digest('hex');
}

/** What a signed delivery is made of. */
export interface SignedDeliveryInput {
  /** `X-GitHub-Event`: `pull_request`, `push`, … */
  event: string;
  payload: unknown;
  deliveryId: string;
  /** The webhook secret the receiver verifies with. */
  secret: string;
  /** Default `GitHub-Hookshot/clos-test`. */
  userAgent?: string;
}

/** A delivery as GitHub posts it: the JSON body and its headers, signed as `X-Hub-Signature-256`. */
export function signedDelivery(input: SignedDeliveryInput): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify(input.payload);
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'user-agent': input.userAgent ?? 'GitHub-Hookshot/clos-test',
      'x-github-event': input.event,
      'x-github-hook-id': '424242',
      'x-github-delivery': input.deliveryId,
      'x-hub-signature-256': signGithubPayload(input.secret, body),
    },
  };
}
