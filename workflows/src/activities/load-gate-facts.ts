import { linearProgress } from '@clos/domain';
import { port } from './errors.js';
import type { ActivityLogger, GithubPort, LinearPort } from './ports.js';
import type { LoadGateFactsInput, LoadedGateFacts } from './types.js';

/**
 * What GitHub and Linear know about a project's gate: which artifact paths exist on the
 * default branch of the project's repos, the content of tasks.md, and the project's issue
 * counts. Read-only, so retries are harmless.
 */
export function loadGateFactsActivity(deps: {
  github: GithubPort;
  linear: LinearPort;
  logger: ActivityLogger;
}): (input: LoadGateFactsInput) => Promise<LoadedGateFacts> {
  return async (input) => {
    const wanted = [...new Set(input.tasksPath !== undefined ? [...input.paths, input.tasksPath] : input.paths)];
    const contents = new Map<string, string>();
    for (const path of wanted) {
      for (const repo of input.repos) {
        const content = await port('GitHub getFileContent', () => deps.github.getFileContent(repo, path, input.ref));
        if (content !== null) {
          contents.set(path, content);
          break;
        }
      }
    }
    const result: LoadedGateFacts = {
      artifacts: input.paths.filter((p) => contents.has(p)),
      checkedPaths: input.repos.length > 0 ? input.paths : [],
    };
    if (input.tasksPath !== undefined && input.repos.length > 0) result.tasksMarkdown = contents.get(input.tasksPath) ?? null;
    if (input.linearProject !== undefined) {
      const linearProject = input.linearProject;
      // Linear's answer is one fact among several: without it the others still count.
      try {
        const issues = await deps.linear.listProjectIssues(linearProject);
        result.linear = linearProgress(issues);
      } catch (error) {
        deps.logger.warn({ linearProject, error: String(error) }, 'Linear project issues could not be read');
      }
    }
    return result;
  };
}
