import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Client } from '@temporalio/client';
import { invalidInput, notFound, podById, projectById, REPO_NAME_PATTERN } from '@clos/domain';
import type { GithubClient } from '@clos/github';
import { toHttpError } from '@clos/platform';
import { CONFIG_FILE_PATH, validateConfigText, type ConfigSource } from '@clos/app';
import { getStageState, getWipState } from '@clos/workflows';
import { renderConfigPage, type ConfigPageResult } from './config-page.js';
import { mayReadOrg, mayReadPod, readerOf, signInToSeeWhy, type ExplainAccess } from './explain-access.js';
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
  now?: () => Date;
}

/**
 * The path prefixes the pages are served under. `/why` is what CLOS writes into status
 * `target_url`s; `/explain` is kept as an alias for links written with that spelling.
 */
export const EXPLAIN_PREFIXES = ['/why', '/explain'] as const;

/**
 * "Explain every red": the pages a CLOS commit status links to. Each says which rule blocks,
 * current versus limit, who holds what since when, and what to do. HTML for people; JSON of
 * the same state with `Accept: application/json`. Only for readers who hold a role in the
 * pod (a browser session or an API token): a status link is public wherever the PR is, and
 * the pages name who holds what; everyone else is asked to sign in and learns nothing.
 */
export function explainRoutes(deps: ExplainDependencies) {
  const now = deps.now ?? (() => new Date());
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
        const reader = await readerOf(deps.access, request);
        if (reader === undefined) return signInToSeeWhy(request, reply, 401);
        if (!mayReadPod(reader, podId)) return signInToSeeWhy(request, reply, 403);
        const itemId = request.query.item;
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

      scope.get<{ Params: { projectId: string } }>(`${prefix}/stage/:projectId`, async (request, reply) => {
        const { projectId } = request.params;
        const reader = await readerOf(deps.access, request);
        if (reader === undefined) return signInToSeeWhy(request, reply, 401);
        const project = deps.config === undefined ? undefined : projectById(deps.config.current(), projectId);
        // A project clos.yml does not name belongs to no pod: only an organisation-wide reader sees it.
        if (!mayReadPod(reader, project?.pod ?? '*')) return signInToSeeWhy(request, reply, 403);
        const view = await getStageState(deps.temporal, projectId);
        if (wantsJson(request)) return reply.send({ projectId, state: view ?? null });
        return html(reply, renderStagePage(view, { projectId, now: now(), ...(project !== undefined ? { projectName: project.name } : {}) }));
      });

      scope.get<{ Params: { owner: string; repo: string; sha: string } }>(`${prefix}/config/:owner/:repo/:sha`, async (request, reply) => {
        const repo = `${request.params.owner}/${request.params.repo}`;
        const { sha } = request.params;
        const reader = await readerOf(deps.access, request);
        if (reader === undefined) return signInToSeeWhy(request, reply, 401);
        if (!mayReadOrg(reader)) return signInToSeeWhy(request, reply, 403);
        if (!REPO_NAME_PATTERN.test(repo)) throw invalidInput(`"${repo}" is not an owner/name repository`);
        if (!/^[0-9a-f]{7,64}$/i.test(sha)) throw invalidInput(`"${sha}" is not a commit SHA`);
        // Only the organisation's own config repo: CLOS's GitHub credentials read far more
        // than a reader should be able to make it fetch, and each read spends their quota.
        const configRepo = deps.config?.current().configRepo;
        if (configRepo === undefined || configRepo.toLowerCase() !== repo.toLowerCase()) {
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
