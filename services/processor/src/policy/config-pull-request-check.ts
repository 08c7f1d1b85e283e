import type { GithubClient } from '@clos/github';
import type { PullRequestRef } from '@clos/domain';
import { CONFIG_FILE_PATH, CONFIG_STATUS_CONTEXT, validateConfigText } from '@clos/app';

/** Dependencies of {@link checkConfigPullRequest}. */
export interface ConfigCheckDependencies {
  github: GithubClient;
  /** Builds the `target_url` explaining the verdict. */
  explainUrl?: (repo: string, sha: string) => string;
}

/**
 * Posts `clos/config` on a pull request of the config repository that changes clos.yml:
 * success naming what the file declares, or failure naming the first problem (path, line).
 * The file is read at the PR's head and compared with its base, so a PR that leaves clos.yml
 * alone gets no status. Returns the state posted, or `undefined` when none was.
 */
export async function checkConfigPullRequest(
  deps: ConfigCheckDependencies,
  pr: PullRequestRef,
): Promise<'success' | 'failure' | undefined> {
  if (pr.state !== 'open') return undefined;
  const [head, base] = await Promise.all([
    deps.github.getFileContent(pr.repo, CONFIG_FILE_PATH, pr.headSha),
    deps.github.getFileContent(pr.repo, CONFIG_FILE_PATH, pr.baseRef),
  ]);
  if (head === base) return undefined;
  const verdict =
    head === null
      ? { state: 'failure' as const, description: `${CONFIG_FILE_PATH} is deleted; CLOS reads its policy from it` }
      : (() => {
          const validation = validateConfigText(head);
          return { state: validation.valid ? ('success' as const) : ('failure' as const), description: validation.summary };
        })();
  await deps.github.setCommitStatus({
    repo: pr.repo,
    sha: pr.headSha,
    context: CONFIG_STATUS_CONTEXT,
    state: verdict.state,
    description: verdict.description,
    targetUrl: deps.explainUrl?.(pr.repo, pr.headSha) ?? null,
  });
  return verdict.state;
}
