import { ClosError } from '@clos/domain';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { Authorized } from '@clos/app';
import type { ClosServices } from '../rest/services/clos-services.js';

/** Which services the tools reach: the caller's, checked by the same access rules as REST. */
export type McpServices = Authorized<ClosServices>;

const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'must be an id').max(200);

/** A tool's answer: the result as JSON text and as structured content an agent can read. */
function ok(summary: string, data: object): CallToolResult {
  return { content: [{ type: 'text', text: `${summary}\n${JSON.stringify(data, null, 2)}` }], structuredContent: data as Record<string, unknown> };
}

/** A refusal or a failure, told to the agent as a tool error it can act on (not a protocol error). */
function refused(error: unknown): CallToolResult {
  if (error instanceof ClosError) {
    return { isError: true, content: [{ type: 'text', text: `${error.code}: ${error.message}` }], structuredContent: { error: { code: error.code, message: error.message } } };
  }
  throw error;
}

async function run(work: () => Promise<CallToolResult>): Promise<CallToolResult> {
  try {
    return await work();
  } catch (error) {
    return refused(error);
  }
}

/**
 * The CLOS MCP server over the caller's services: every tool call goes through the same
 * access rules, audit and rate limit as the REST API, under the agent's own token.
 */
export function createClosMcpServer(services: McpServices): McpServer {
  const server = new McpServer({ name: 'clos', version: '1.0.0' }, { capabilities: { tools: {} } });

  server.registerTool(
    'wip_status',
    {
      description: "A pod's WIP: its limit and mode, who holds a slot, and who waits in the queue.",
      inputSchema: { pod: id.describe('The pod id (clos.yml)') },
    },
    ({ pod }) =>
      run(async () => {
        const wip = await services.getWip({ podId: pod });
        return ok(`Pod ${pod}: ${wip.usage.regular} of ${wip.policy.limit} slots held, ${wip.usage.queued} queued (mode ${wip.policy.mode}).`, wip);
      }),
  );

  server.registerTool(
    'acquire_check',
    {
      description: 'Would a new pull request in this repository get a WIP slot now, or where would it queue? Read-only: nothing is acquired.',
      inputSchema: { repo: z.string().regex(/^[^/\s]+\/[^/\s]+$/, 'must be owner/name').describe('owner/name'), author: z.string().min(1).max(200).describe('GitHub login') },
    },
    ({ repo, author }) =>
      run(async () => {
        const pods = await services.listPods({ limit: 200 });
        const pod = pods.items.find((p) => p.repos.some((r) => r.toLowerCase() === repo.toLowerCase()));
        if (pod === undefined) return ok(`No pod owns ${repo} (among the pods this token can see): CLOS does not gate it.`, { repo, gated: false });
        const wip = await services.getWip({ podId: pod.id });
        const free = wip.policy.limit - wip.usage.regular;
        const mine = wip.holders.filter((h) => h.personId === author).length;
        const perPerson = wip.policy.perPersonLimit;
        const personFull = perPerson !== null && mine >= perPerson;
        const wouldGetSlot = free > 0 && wip.usage.queued === 0 && !personFull;
        const result = {
          repo,
          podId: pod.id,
          gated: true,
          wouldGetSlot,
          queuePosition: wouldGetSlot ? null : wip.usage.queued + 1,
          limit: wip.policy.limit,
          held: wip.usage.regular,
          queued: wip.usage.queued,
          authorHolds: mine,
          perPersonLimit: perPerson,
          mode: wip.policy.mode,
        };
        const why = personFull ? `${author} already holds ${mine} of ${perPerson} per person` : `${wip.usage.regular} of ${wip.policy.limit} slots held, ${wip.usage.queued} queued`;
        return ok(wouldGetSlot ? `Yes: a new PR by ${author} in ${repo} would get a slot in pod ${pod.id} (${why}).` : `No: it would queue at position ${result.queuePosition} in pod ${pod.id} (${why}).`, result);
      }),
  );

  server.registerTool(
    'stage_status',
    {
      description: "A project's stage, its gate criteria (met or unmet), evidence, attempts and whether it is paused.",
      inputSchema: { project: id.describe('The project id (clos.yml)') },
    },
    ({ project }) =>
      run(async () => {
        const stage = await services.getStage({ projectId: project });
        return ok(`Project ${project}: stage ${stage.stage?.name ?? 'not started'}.`, stage);
      }),
  );

  server.registerTool(
    'search',
    {
      description: 'Search what was decided and said: ideas, standups, blockers, evidence, demos, stage transitions, PR titles. Words, "phrases", or, -not.',
      inputSchema: { query: z.string().trim().min(1).max(500).describe('What to look for') },
    },
    ({ query }) =>
      run(async () => {
        const page = await services.search({ q: query, limit: 20 });
        return ok(`${page.items.length} hits for "${query}", best first.`, page);
      }),
  );

  server.registerTool(
    'plan_today',
    {
      description: "Today's plan of the person this token acts for: held and queued work, reviews waiting, gates, blockers, demos.",
      inputSchema: {},
    },
    () =>
      run(async () => {
        const plan = await services.getPlan({});
        return ok(`Plan of ${plan.person.id} for ${plan.day}: ${plan.inProgress.length} in progress, ${plan.queued.length} queued, ${plan.reviews.length} reviews waiting.`, plan);
      }),
  );

  return server;
}
