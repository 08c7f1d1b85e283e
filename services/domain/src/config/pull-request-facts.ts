import { extractLinearKeys } from '../work-items.js';
import type { ClosConfig, PodConfig } from './config-schema.js';
import type { PullRequestRef } from '../events/payload-schemas.js';
import { memberByGithub, personId } from './lookup.js';

/** What clos.yml says about a pull request of a pod's repository, besides its project. */
export interface PullRequestFacts {
  /** Its author as a person id: the member's id, else the GitHub login in lower case. */
  personId: string;
  /** Linear keys of the pod's teams named in the branch, title or body: the PR and these issues are one work item. */
  linearKeys: string[];
  /** Whether it carries the pod's expedite label. */
  expedite: boolean;
}

/** The Linear keys a pull request names, for a pod's teams. */
export function linearKeysOf(pr: Pick<PullRequestRef, 'headRef' | 'title' | 'body'>, pod: PodConfig | undefined): string[] {
  if (pod === undefined || pod.linearTeams.length === 0) return [];
  return extractLinearKeys([pr.headRef, pr.title, pr.body ?? ''].join('\n'), pod.linearTeams);
}

/**
 * The one mapping of a pull request onto a pod's work item: who it belongs to, the Linear
 * issues it covers and its lane. The processor (webhooks) and the reconciler (GitHub's
 * listing) both acquire with it, so a PR adopted after a lost webhook is the same work item.
 */
export function pullRequestFacts(
  cfg: ClosConfig,
  pod: PodConfig | undefined,
  pr: Pick<PullRequestRef, 'author' | 'labels' | 'headRef' | 'title' | 'body'>,
): PullRequestFacts {
  const member = memberByGithub(cfg, pr.author, pod?.id);
  const expediteLabel = pod?.expedite.label.toLowerCase();
  return {
    personId: member !== undefined ? personId(member) : pr.author.toLowerCase(),
    linearKeys: linearKeysOf(pr, pod),
    expedite: expediteLabel !== undefined && pr.labels.some((l) => l.toLowerCase() === expediteLabel),
  };
}
