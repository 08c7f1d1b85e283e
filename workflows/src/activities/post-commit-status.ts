import { port } from './errors.js';
import type { ActivityLogger, GithubPort } from './ports.js';
import type { PostCommitStatusInput, PostCommitStatusResult, StatusLink } from './types.js';

/** GitHub's limit on a commit status description. */
const MAX_DESCRIPTION = 140;

function fit(description: string): string {
  return description.length <= MAX_DESCRIPTION ? description : `${description.slice(0, MAX_DESCRIPTION - 1)}…`;
}

/**
 * Posts a commit status only when GitHub's current one for the context differs in state,
 * description or link (only state or link with `compare: 'state'`) — so a retry, a replay or
 * a reconciler pass writes nothing twice, and a status removed or overwritten elsewhere is
 * put back.
 */
export function postCommitStatusActivity(deps: {
  github: GithubPort;
  logger: ActivityLogger;
  explainUrl?: (link: StatusLink) => string | undefined;
}): (input: PostCommitStatusInput) => Promise<PostCommitStatusResult> {
  return async (input) => {
    const description = fit(input.description);
    const link = input.link?.kind === 'stage' ? { ...input.link, repo: input.repo } : input.link;
    const targetUrl = link !== undefined ? deps.explainUrl?.(link) : undefined;
    const statuses = await port('GitHub listCommitStatuses', () => deps.github.listCommitStatuses(input.repo, input.sha));
    const current = statuses.find((s) => s.context === input.context);
    if (
      current !== undefined &&
      current.state === input.state &&
      (input.compare === 'state' || current.description === description) &&
      (targetUrl === undefined || current.targetUrl === targetUrl)
    ) {
      return { written: false };
    }
    await port('GitHub setCommitStatus', () =>
      deps.github.setCommitStatus({
        repo: input.repo,
        sha: input.sha,
        context: input.context,
        state: input.state,
        description,
        ...(targetUrl !== undefined ? { targetUrl } : {}),
      }),
    );
    deps.logger.info({ repo: input.repo, sha: input.sha, context: input.context, state: input.state, description }, 'commit status posted');
    return { written: true };
  };
}
