import { extractLinearKeys, githubWorkItemId, linearWorkItemId } from '@clos/domain';

/** What a pod's blockers may name: its repositories and Linear teams. */
export interface WorkItemScope {
  repos: readonly string[];
  linearTeams: readonly string[];
}

/** A blocker line, prepared for tracking (the standup records take it as is). */
export interface BlockerLine {
  description: string;
  /** Folded text that identifies the same blocker from one day to the next. */
  normalized: string;
  workItemId?: string;
}

/** Lines that mean "no blockers". */
const NOTHING = /^(none|nothing|no|nope|n\/?a|-+|—|no blockers?\.?|all good\.?|nothing blocking\.?)$/i;

/**
 * The blockers of a standup, one per line (list markers stripped, blank and "none" lines
 * dropped), each with the work item it names: a GitHub pull request URL, `owner/repo#12`,
 * a Linear key of the pod's teams (`PAY-44`), or `#12` when the pod has a single repository.
 */
export function parseBlockerLines(text: string, scope: WorkItemScope): BlockerLine[] {
  const lines: BlockerLine[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const description = raw.replace(/^\s*(?:[-*•]|\d+[.)])\s+/, '').trim();
    if (description === '' || NOTHING.test(description)) continue;
    const workItemId = workItemNamedIn(description, scope);
    lines.push({ description, normalized: normalizeBlocker(description), ...(workItemId !== undefined ? { workItemId } : {}) });
  }
  return lines;
}

/** Folds case, spacing and trailing punctuation, so "Waiting on API keys." matches "waiting on  API keys". */
export function normalizeBlocker(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').replace(/[.!?…]+$/, '').trim();
}

/** The first work item `text` names within the scope, as a work item id. */
export function workItemNamedIn(text: string, scope: WorkItemScope): string | undefined {
  const url = /https?:\/\/github\.com\/([A-Za-z0-9-]+\/[A-Za-z0-9._-]+)\/(?:pull|issues)\/(\d+)/.exec(text);
  if (url?.[1] !== undefined && url[2] !== undefined) return safeGithubId(url[1], Number(url[2]));
  const qualified = /(?<![\w/.-])([A-Za-z0-9-]+\/[A-Za-z0-9._-]+)#(\d+)\b/.exec(text);
  if (qualified?.[1] !== undefined && qualified[2] !== undefined) return safeGithubId(qualified[1], Number(qualified[2]));
  const [key] = extractLinearKeys(text, scope.linearTeams);
  if (key !== undefined) return linearWorkItemId(key);
  const bare = /(?<![\w/])#(\d+)\b/.exec(text);
  if (bare?.[1] !== undefined && scope.repos.length === 1) return safeGithubId(scope.repos[0]!, Number(bare[1]));
  return undefined;
}

function safeGithubId(repo: string, number: number): string | undefined {
  try {
    return githubWorkItemId(repo, number);
  } catch {
    return undefined;
  }
}
