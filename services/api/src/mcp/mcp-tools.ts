import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { DECISION_TYPES } from '@clos/platform';
import { ok, runTool, type McpCaller } from './mcp-call.js';
import { registerResources } from './mcp-resources.js';
import { whyBlockedSummary } from './why-blocked-summary.js';

const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'must be an id').max(200);

const repo = z.string().regex(/^[^/\s]+\/[^/\s]+$/, 'must be owner/name').max(200).describe('owner/name');

/**
 * The CLOS MCP server over the caller's services: every tool call goes through the same
 * access rules, audit and rate limit as the REST API, under the agent's own token, and is
 * recorded in the audit log as a message envelope under its correlation id.
 */
export function createClosMcpServer(caller: McpCaller): McpServer {
  const server = new McpServer({ name: 'clos', version: '1.0.0' }, { capabilities: { tools: {}, resources: { listChanged: false } } });
  const tool = (name: string, payload: Record<string, unknown>, meta: Record<string, unknown> | undefined) => ({ receiver: `mcp/${name}`, payload: { tool: name, arguments: payload }, meta });

  server.registerTool(
    'wip_status',
    {
      description: "A pod's WIP: its limit and mode, who holds a slot, and who waits in the queue.",
      inputSchema: { pod: id.describe('The pod id (clos.yml)') },
    },
    ({ pod }, extra) =>
      runTool(caller, tool('wip_status', { pod }, extra._meta), async (services) => {
        const wip = await services.getWip({ podId: pod });
        return ok(`Pod ${pod}: ${wip.usage.regular} of ${wip.policy.limit} slots held, ${wip.usage.queued} queued (mode ${wip.policy.mode}).`, wip);
      }),
  );

  server.registerTool(
    'acquire_check',
    {
      description: 'Would a new pull request in this repository get a WIP slot now, or where would it queue? Read-only: nothing is acquired.',
      inputSchema: { repo, author: z.string().min(1).max(200).describe('GitHub login') },
    },
    ({ repo, author }, extra) =>
      runTool(caller, tool('acquire_check', { repo, author }, extra._meta), async (services) => {
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
    ({ project }, extra) =>
      runTool(caller, tool('stage_status', { project }, extra._meta), async (services) => {
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
    ({ query }, extra) =>
      runTool(caller, tool('search', { query }, extra._meta), async (services) => {
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
    (_args, extra) =>
      runTool(caller, tool('plan_today', {}, extra._meta), async (services) => {
        const plan = await services.getPlan({});
        return ok(`Plan of ${plan.person.id} for ${plan.day}: ${plan.inProgress.length} in progress, ${plan.queued.length} queued, ${plan.reviews.length} reviews waiting.`, plan);
      }),
  );

  server.registerTool(
    'why_blocked',
    {
      description:
        "Why a pull request's clos/wip or clos/stage-gate status is red: who holds the pod's slots and its queue position, " +
        'or the stage criteria its project still needs, with the links the statuses point to.',
      inputSchema: { repo, pr: z.number().int().positive().max(2_147_483_647).describe('Pull request number') },
    },
    ({ repo: name, pr }, extra) =>
      runTool(caller, tool('why_blocked', { repo: name, pr }, extra._meta), async (services) => {
        const why = await services.whyBlocked({ repo: name, number: pr });
        return ok(whyBlockedSummary(why), why);
      }),
  );

  server.registerTool(
    'submit_evidence',
    {
      description:
        "Submit evidence (a link or a text) for an evidence criterion of a project's current stage, as POST /api/projects/{id}/evidence: " +
        'the gate counts it at once. Needs the member role in the pod.',
      inputSchema: {
        project: id.describe('The project id (clos.yml)'),
        criterion: id.describe("An evidence criterion of the project's template, e.g. demo or release"),
        value: z.string().trim().regex(/\S/, 'must not be blank').max(2000).describe('A link or a text'),
      },
    },
    ({ project, criterion, value }, extra) =>
      runTool(caller, tool('submit_evidence', { project, criterion, value }, extra._meta), async (services) => {
        const accepted = await services.submitEvidence({ projectId: project, criterionId: criterion, value });
        const stage = await services.getStage({ projectId: project });
        const met = stage.gate.criteria.find((c) => c.criterionId === criterion);
        const result = { ...accepted, stage: stage.stage?.id ?? null, criterion: met ?? null, gatePassed: stage.gate.passed };
        return ok(`Evidence for ${criterion} accepted on project ${project}${met !== undefined ? `: ${met.met ? 'met' : 'not met yet'} (${met.detail})` : ''}.`, result);
      }),
  );

  server.registerTool(
    'log_decision',
    {
      description:
        'Log a decision to make in the decision log of the person this token acts for (the 48-hour clock starts), as POST /api/decisions. ' +
        'Needs a token issued for a person (clos token create --person).',
      inputSchema: {
        text: z.string().trim().min(1).max(1000).describe('The decision to make'),
        type: z.enum(DECISION_TYPES).describe('reversible_low, reversible_high or irreversible'),
      },
    },
    // The text is the person's own: the audit log records that a decision was logged, not what it says.
    ({ text, type }, extra) =>
      runTool(caller, tool('log_decision', { type }, extra._meta), async (services) => {
        const decision = await services.addDecision({ text, type });
        return ok(`Decision ${decision.id} logged (${decision.type}); decide it within 48 hours.`, decision);
      }),
  );

  registerResources(server, caller);
  return server;
}
