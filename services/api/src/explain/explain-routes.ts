import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Client } from '@temporalio/client';
import { invalidInput, notFound, parseWorkItemId, podById, podForRepo, projectById, REPO_NAME_PATTERN } from '@clos/domain';
import type { GithubClient } from '@clos/github';
import { toHttpError } from '@clos/platform';
import { CONFIG_FILE_PATH, liveMemberRoles, validateConfigText, type ConfigSource, type Principal } from '@clos/app';
import { getStageState, getWipState } from '@clos/workflows';
import { renderConfigPage, type ConfigPageResult } from './config-page.js';
import { EXPLAIN_PREFIXES, mayReadOrg, mayReadPod, readerOf, signInToSeeWhy, type ExplainAccess } from './explain-access.js';

export { EXPLAIN_PREFIXES };
import type { RepositoryReaders } from './repository-readers.js';
import { renderStagePage } from './stage-page.js';
import { renderWipPage } from './wip-page.js';

/** What the explanation pages read. */
export interface ExplainDependencies {
  temporal: Client;
  /** Who may read: a signed-in session or an API token with a role in the pod. */
  access: ExplainAccess;
  /** Names pods and projects and the expedite label; ids only without it. */
  config?: ConfigSource;
  /** Reads clos.yml at a commit for the `clos/config` page; that page answers 404 without it. */
  github?: GithubClient;
  /**
   * Whether a GitHub account can see a repository (asked of GitHub, cached): lets someone
   * signed in with GitHub but without a role in the pod read the page of a pull request in
   * a repository they can see. Only roles count without it.
   */
  repositories?: RepositoryReaders;
  now?: () => Date;
}


/**
 * "Explain every red": the pages a CLOS commit status links to. Each says which rule blocks,
 * current versus limit, who holds what since when, and what to do. HTML for people; JSON of
 * the same state with `Accept: application/json`. Only for readers who hold a role in the
 * pod as the policy in force gives it (a browser session or an API token), or who signed in
 * with GitHub and, GitHub says, can see the repository the status is on — a repository the
 * pod lists: a status link is public wherever the PR is, and the pages name who holds what;
 * everyone else is asked to sign in and learns nothing.
 */
export function explainRoutes(deps: ExplainDependencies) {
  const now = deps.now ?? (() => new Date());
  const live = deps.config === undefined ? undefined : liveMemberRoles(deps.config);
  /** The reader with the roles the policy in force gives them (none once it drops them). */
  const withLiveRoles = (reader: Principal): Principal => {
    const roles = live?.(reader);
    return roles === undefined ? reader : { ...reader, roles: roles ?? {} };
  };
  /** Whether a reader signed in with GitHub can see `repo`, a repository pod `podId` lists. */
  const seesRepository = async (reader: Principal, repo: string | undefined, podId: string): Promise<boolean> => {
    if (reader.githubLogin === undefined || deps.repositories === undefined || deps.config === undefined) return false;
    if (repo === undefined || !REPO_NAME_PATTERN.test(repo)) return false;
    if (podForRepo(deps.config.current(), repo)?.id !== podId) return false;
    return deps.repositories.canSee(reader.githubLogin, repo);
  };
  return async function explain(scope: FastifyInstance): Promise<void> {
    scope.setErrorHandler((error, _request, reply) => {
      const { status, body } = toHttpError(error);
      if (status < 500) return reply.code(status).send(body);
      // The state lives in Temporal; when it cannot be read, say so rather than "internal error".
      return reply.code(503).send({ error: { code: 'Unavailable', message: 'the enforcement state cannot be read right now; try again shortly' } });
    });
    for (const prefix of EXPLAIN_PREFIXES) {
      scope.get<{ Params: { podId: string }; Querystring: { item?: string } }>(`${prefix}/wip/:podId`, async (request, reply) => {
        const { podId } = request.params;
        const signedIn = await readerOf(deps.access, request);
        if (signedIn === undefined) return signInToSeeWhy(request, reply, 401);
        const reader = withLiveRoles(signedIn);
        const itemId = request.query.item;
        const item = itemId === undefined ? undefined : parseWorkItemId(itemId);
        if (!mayReadPod(reader, podId) && !(await seesRepository(reader, item?.kind === 'github' ? item.repo : undefined, podId))) {
          return signInToSeeWhy(request, reply, 403);
        }
        if (itemId === undefined || itemId.trim() === '') throw invalidInput('query parameter "item" (a work item id such as gh:owner/repo#12) is required');
        const view = await getWipState(deps.temporal, podId);
        if (wantsJson(request)) return reply.send({ podId, itemId, state: view ?? null });
        const pod = deps.config === undefined ? undefined : podById(deps.config.current(), podId);
        return html(
          reply,
          renderWipPage(view, {
            podId,
            itemId,
            now: now(),
            ...(pod !== undefined ? { podName: pod.name, expediteLabel: pod.expedite.label } : {}),
          }),
        );
      });

      scope.get<{ Params: { projectId: string }; Querystring: { repo?: string } }>(`${prefix}/stage/:projectId`, async (request, reply) => {
        const { projectId } = request.params;
        const signedIn = await readerOf(deps.access, request);
        if (signedIn === undefined) return signInToSeeWhy(request, reply, 401);
        const reader = withLiveRoles(signedIn);
        const project = deps.config === undefined ? undefined : projectById(deps.config.current(), projectId);
        // A project clos.yml does not name belongs to no pod: only an organisation-wide reader sees it.
        const podId = project?.pod ?? '*';
        // `repo`: the repository of the pull request whose status linked here.
        if (!mayReadPod(reader, podId) && !(project !== undefined && (await seesRepository(reader, request.query.repo, podId)))) {
          return signInToSeeWhy(request, reply, 403);
        }
        const view = await getStageState(deps.temporal, projectId);
        if (wantsJson(request)) return reply.send({ projectId, state: view ?? null });
        return html(reply, renderStagePage(view, { projectId, now: now(), ...(project !== undefined ? { projectName: project.name } : {}) }));
      });

      scope.get<{ Params: { owner: string; repo: string; sha: string } }>(`${prefix}/config/:owner/:repo/:sha`, async (request, reply) => {
        const repo = `${request.params.owner}/${request.params.repo}`;
        const { sha } = request.params;
        const signedIn = await readerOf(deps.access, request);
        if (signedIn === undefined) return signInToSeeWhy(request, reply, 401);
        const reader = withLiveRoles(signedIn);
        const configRepo = deps.config?.current().configRepo;
        const isConfigRepo = configRepo !== undefined && configRepo.toLowerCase() === repo.toLowerCase();
        const seesConfig = async () =>
          isConfigRepo && reader.githubLogin !== undefined && deps.repositories !== undefined && deps.repositories.canSee(reader.githubLogin, repo);
        if (!mayReadOrg(reader) && !(await seesConfig())) return signInToSeeWhy(request, reply, 403);
        if (!REPO_NAME_PATTERN.test(repo)) throw invalidInput(`"${repo}" is not an owner/name repository`);
        if (!/^[0-9a-f]{7,64}$/i.test(sha)) throw invalidInput(`"${sha}" is not a commit SHA`);
        // Only the organisation's own config repo: CLOS's GitHub credentials read far more
        // than a reader should be able to make it fetch, and each read spends their quota.
        if (!isConfigRepo) {
          throw notFound(`Only the organisation's config repository is explained here${configRepo !== undefined ? ` (${configRepo})` : ' (clos.yml names none)'}`);
        }
        if (deps.github === undefined) return reply.code(404).send({ error: { code: 'NotFound', message: 'GitHub is not configured' } });
        const text = await deps.github.getFileContent(repo, CONFIG_FILE_PATH, sha);
        let result: ConfigPageResult;
        if (text === null) result = { found: false };
        else {
          const validation = validateConfigText(text);
          result = validation.valid
            ? { found: true, valid: true, summary: validation.summary }
            : { found: true, valid: false, issues: validation.issues };
        }
        if (wantsJson(request)) return reply.send({ repo, sha, ...result });
        return html(reply, renderConfigPage(repo, sha, CONFIG_FILE_PATH, result));
      });
    }
  };
}

function wantsJson(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}

function html(reply: FastifyReply, body: string): FastifyReply {
  return reply
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
    .send(body);
}
