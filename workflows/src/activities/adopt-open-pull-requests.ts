import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { githubWorkItemId, pullRequestFacts, type ClosConfig, type PullRequestRef } from '@clos/domain';
import { acquireWorkItem, getWipState, releaseWorkItem } from '../client/pod-wip-client.js';
import { podWipStart } from '../client/workflow-starts.js';
import { TASK_QUEUE } from '../shared/ids.js';
import type { ActivityLogger, GithubPort } from './ports.js';
import { redriveProjectGate } from './redrive-project-gate.js';
import { trackedPullRequests } from './tracked-pull-requests.js';
import type { AdoptOpenPullRequestsInput, AdoptOpenPullRequestsResult } from './types.js';

function currentTaskQueue(): string {
  try {
    return Context.current().info.taskQueue;
  } catch {
    // Called outside a worker (a direct call in a test).
    return TASK_QUEUE;
  }
}

/**
 * Heals lost webhooks in both directions, pod by pod:
 *
 * - an open pull request the pod's workflow does not track, or tracks at another head (a lost
 *   `opened` / `synchronize`), is acquired as the webhook would have, and its project's gate
 *   hears of it (so it gets `clos/stage-gate` too);
 * - a pull request the workflow holds or queues that GitHub no longer lists as open is read
 *   one by one, and released when GitHub says it is closed or merged (a lost `closed` would
 *   otherwise hold a slot forever); its project's gate lets go of it as well.
 *
 * Every acquisition and release carries GitHub's own `updated_at` as its time, never "now":
 * a listing can lag behind the webhooks, and a PR GitHub still lists open just after it
 * closed must not take its slot back. The pod workflow refuses, as stale, an acquisition no
 * newer than the release it has on record. Acquiring and releasing are idempotent, so a
 * retried or repeated run changes nothing twice.
 */
export function adoptOpenPullRequestsActivity(deps: {
  github: GithubPort;
  temporal?: Pick<Client, 'workflow'>;
  config?: () => ClosConfig | undefined;
  logger: ActivityLogger;
  clock: () => Date;
}): (input: AdoptOpenPullRequestsInput) => Promise<AdoptOpenPullRequestsResult> {
  return async (input) => {
    const result: AdoptOpenPullRequestsResult = { seen: 0, adopted: [], released: [], stale: [], gatesRedriven: [], failedRepos: [] };
    const cfg = deps.config?.();
    const list = deps.github.listOpenPullRequests?.bind(deps.github);
    const read = deps.github.getPullRequest?.bind(deps.github);
    // Without the org or a way to list PRs there is nothing to compare with.
    if (cfg === undefined || list === undefined) return result;
    if (deps.temporal === undefined) {
      throw ApplicationFailure.nonRetryable('adoptOpenPullRequests needs a Temporal client in the activity dependencies', 'Unavailable');
    }
    // Only `client.workflow` is used by these calls.
    const client = deps.temporal as Client;
    const taskQueue = input.taskQueue ?? currentTaskQueue();
    const now = () => deps.clock().toISOString();

    for (const pod of cfg.pods) {
      if (pod.repos.length === 0) continue;
      // Started (when not running) with the same arguments every other caller uses.
      const start = { ...podWipStart(cfg, pod.id)!, taskQueue };
      const tracked = trackedPullRequests(await getWipState(client, pod.id));
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
        const listed = new Set(open.map((pr) => `${pr.repo.toLowerCase()}#${pr.number}`));

        // GitHub lists newest first; the oldest PR would have asked for a slot first.
        for (const pr of [...open].sort((a, b) => a.number - b.number)) {
          result.seen += 1;
          if (tracked.get(`${pr.repo.toLowerCase()}#${pr.number}`)?.headSha === pr.headSha) continue;
          const id = githubWorkItemId(pr.repo, pr.number);
          const facts = pullRequestFacts(cfg, pod, pr);
          const answer = await acquireWorkItem(
            client,
            pod.id,
            {
              id,
              personId: facts.personId,
              title: pr.title,
              url: pr.url,
              expedite: facts.expedite,
              pullRequests: [
                {
                  repo: pr.repo,
                  number: pr.number,
                  headSha: pr.headSha,
                  labels: pr.labels,
                  ...(pr.updatedAt !== undefined ? { labelsAt: pr.updatedAt } : {}),
                  ...(pr.createdAt !== undefined ? { openedAt: pr.createdAt } : {}),
                },
              ],
              linearKeys: facts.linearKeys,
              draft: pr.draft,
              occurredAt: pr.updatedAt ?? now(),
            },
            start,
          );
          if (answer.status === 'stale') {
            // Closed after GitHub took this listing: the release on record is newer.
            result.stale.push(id);
            deps.logger.info({ podId: pod.id, workItemId: id, updatedAt: pr.updatedAt }, 'listed pull request is older than its release; left alone');
            continue;
          }
          result.adopted.push(id);
          deps.logger.info({ podId: pod.id, workItemId: id, headSha: pr.headSha }, 'open pull request adopted by the reconciler');
          const projectId = await redriveProjectGate(client, cfg, pr, { repo: pr.repo, number: pr.number, headSha: pr.headSha, state: 'open' }, taskQueue);
          if (projectId !== undefined) result.gatesRedriven.push(`${projectId}:${id}`);
        }

        // Held or queued here, not open on GitHub: ask GitHub what became of it.
        if (read === undefined) continue;
        for (const [key, known] of tracked) {
          if (known.repo.toLowerCase() !== repo.toLowerCase() || listed.has(key)) continue;
          let pr: PullRequestRef | null;
          try {
            pr = await read(known.repo, known.number);
          } catch (error) {
            deps.logger.warn({ repo: known.repo, number: known.number, error: String(error) }, 'could not read a tracked pull request');
            continue;
          }
          // Still open (opened after the listing) or gone from GitHub: nothing to repair here.
          if (pr === null || pr.state !== 'closed') continue;
          const id = githubWorkItemId(known.repo, known.number);
          const answer = await releaseWorkItem(
            client,
            pod.id,
            {
              id,
              reason: pr.merged ? 'merged' : 'closed',
              occurredAt: pr.updatedAt ?? pr.closedAt ?? now(),
              labels: pr.labels,
              ...(pr.closedAt !== undefined ? { closedAt: pr.closedAt } : {}),
              ...(pr.mergedAt !== undefined ? { mergedAt: pr.mergedAt } : {}),
            },
            start,
          );
          if (answer.status !== 'released' && answer.status !== 'detached') continue;
          result.released.push(id);
          deps.logger.info({ podId: pod.id, workItemId: id, merged: pr.merged }, 'closed pull request released by the reconciler');
          await redriveProjectGate(client, cfg, pr, { repo: known.repo, number: known.number, headSha: pr.headSha, state: 'closed' }, taskQueue);
        }
      }
    }
    return result;
  };
}
