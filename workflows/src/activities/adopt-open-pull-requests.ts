import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import {
  extractLinearKeys,
  githubWorkItemId,
  memberByGithub,
  personId,
  type ClosConfig,
  type PodConfig,
  type PullRequestRef,
  type WipPolicy,
} from '@clos/domain';
import { acquireWorkItem, getWipState } from '../client/pod-wip-client.js';
import type { PodWipView } from '../shared/pod-wip-messages.js';
import { TASK_QUEUE } from '../shared/ids.js';
import type { ActivityLogger, GithubPort } from './ports.js';
import type { AdoptOpenPullRequestsInput, AdoptOpenPullRequestsResult } from './types.js';

/** A pod's WIP policy as clos.yml declares it (what a pod workflow starts with). */
function policyOf(pod: PodConfig): WipPolicy {
  return {
    limit: pod.wipLimit,
    expediteQuota: pod.expedite.quota,
    mode: pod.mode,
    ...(pod.perPersonWipLimit !== undefined ? { perPersonLimit: pod.perPersonWipLimit } : {}),
  };
}

/** `repo#number` → head SHA of every PR the pod's workflow tracks. */
function trackedHeads(view: PodWipView | undefined): Map<string, string> {
  const heads = new Map<string, string>();
  for (const item of view?.items ?? []) {
    for (const pr of item.pullRequests) heads.set(`${pr.repo.toLowerCase()}#${pr.number}`, pr.headSha);
  }
  return heads;
}

function currentTaskQueue(): string {
  try {
    return Context.current().info.taskQueue;
  } catch {
    // Called outside a worker (a direct call in a test).
    return TASK_QUEUE;
  }
}

/**
 * Heals lost webhooks: lists the open pull requests of every repository a pod owns and
 * tells the pod's workflow about each one it does not track, or tracks at another head.
 * The acquisition is the one a `pull_request.opened` would have made, so the PR gets a
 * slot or a queue position, and its `clos/wip` status, as if nothing had been lost.
 * Acquiring is idempotent, so a retried or repeated run changes nothing twice.
 */
export function adoptOpenPullRequestsActivity(deps: {
  github: GithubPort;
  temporal?: Pick<Client, 'workflow'>;
  config?: () => ClosConfig | undefined;
  logger: ActivityLogger;
  clock: () => Date;
}): (input: AdoptOpenPullRequestsInput) => Promise<AdoptOpenPullRequestsResult> {
  return async (input) => {
    const result: AdoptOpenPullRequestsResult = { seen: 0, adopted: [], failedRepos: [] };
    const cfg = deps.config?.();
    const list = deps.github.listOpenPullRequests?.bind(deps.github);
    // Without the org or a way to list PRs there is nothing to compare with.
    if (cfg === undefined || list === undefined) return result;
    if (deps.temporal === undefined) {
      throw ApplicationFailure.nonRetryable('adoptOpenPullRequests needs a Temporal client in the activity dependencies', 'Unavailable');
    }
    // Only `client.workflow` is used by these calls.
    const client = deps.temporal as Client;
    const taskQueue = input.taskQueue ?? currentTaskQueue();

    for (const pod of cfg.pods) {
      if (pod.repos.length === 0) continue;
      const heads = trackedHeads(await getWipState(client, pod.id));
      for (const repo of pod.repos) {
        let open: PullRequestRef[];
        try {
          open = await list(repo);
        } catch (error) {
          // One repository the app cannot read must not stop the others.
          result.failedRepos.push({ repo, error: String(error) });
          deps.logger.warn({ repo, error: String(error) }, 'could not list open pull requests');
          continue;
        }
        // GitHub lists newest first; the oldest PR would have asked for a slot first.
        for (const pr of [...open].sort((a, b) => a.number - b.number)) {
          result.seen += 1;
          if (heads.get(`${pr.repo.toLowerCase()}#${pr.number}`) === pr.headSha) continue;
          const id = githubWorkItemId(pr.repo, pr.number);
          await acquireWorkItem(
            client,
            pod.id,
            {
              id,
              personId: personOf(cfg, pod, pr),
              title: pr.title,
              url: pr.url,
              expedite: pr.labels.some((l) => l.toLowerCase() === pod.expedite.label.toLowerCase()),
              pullRequests: [{ repo: pr.repo, number: pr.number, headSha: pr.headSha }],
              linearKeys: pod.linearTeams.length > 0 ? extractLinearKeys([pr.headRef, pr.title, pr.body ?? ''].join('\n'), pod.linearTeams) : [],
              draft: pr.draft,
              occurredAt: deps.clock().toISOString(),
            },
            { policy: policyOf(pod), taskQueue, ...(pod.slackChannel !== undefined ? { channel: pod.slackChannel } : {}) },
          );
          result.adopted.push(id);
          deps.logger.info({ podId: pod.id, workItemId: id, headSha: pr.headSha }, 'open pull request adopted by the reconciler');
        }
      }
    }
    return result;
  };
}

function personOf(cfg: ClosConfig, pod: PodConfig, pr: PullRequestRef): string {
  const member = memberByGithub(cfg, pr.author, pod.id);
  return member !== undefined ? personId(member) : pr.author.toLowerCase();
}
