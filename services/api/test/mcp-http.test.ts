import { randomBytes } from 'node:crypto';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { eventually } from './support/enforcement-stack.js';
import { pullRequestPayload, sha } from './support/github-payloads.js';
import { startRestStack, uniqueSuffix, type RestStack } from './rest-stack.js';

/**
 * The MCP server over Streamable HTTP, driven by the official MCP client against the real
 * api and real workflows: tools and resources listed and called under the agent's token,
 * through the same access rules and audit as REST, each call recorded as a message envelope
 * under its correlation id.
 */
const s = uniqueSuffix();
const PAY = `pay-${s}`;
const OPS = `ops-${s}`;
const CHECKOUT = `checkout-${s}`;
const REPO = `acme/pay-${s}`;

const CLOS_YML = `
org: acme
timezone: UTC
pods:
  - id: ${PAY}
    name: Payments
    wipLimit: 1
    repos: [${REPO}]
    members:
      - github: alice
        role: lead
      - github: bob
        role: member
  - id: ${OPS}
    name: Ops
    wipLimit: 1
    repos: [acme/ops-${s}]
    members:
      - github: olga
        role: member
projects:
  - id: ${CHECKOUT}
    name: Checkout
    pod: ${PAY}
    template: delivery
`;

const TOOLS = ['acquire_check', 'log_decision', 'plan_today', 'search', 'stage_status', 'submit_evidence', 'why_blocked', 'wip_status'];

let stack: RestStack;
let url: string;
/** A member of PAY acting for alice; a viewer of PAY; a member of OPS; a member of PAY acting for nobody; the organisation admin. */
let member: string;
let viewer: string;
let other: string;
let nobody: string;
let admin: string;
const clients: Client[] = [];

async function connect(token?: string): Promise<Client> {
  const client = new Client({ name: 'clos-test-agent', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(`${url}/api/mcp`), {
    requestInit: { headers: token === undefined ? {} : { authorization: `Bearer ${token}` } },
  });
  await client.connect(transport);
  clients.push(client);
  return client;
}

const text = (result: unknown) => ((result as CallToolResult).content[0] as { text: string }).text;
const opened = (number: number, author: string) =>
  pullRequestPayload({ repo: REPO, number, headSha: sha(`mcp-${s}-${number}`), action: 'opened', author, labels: [`project:${CHECKOUT}`], updatedAt: new Date().toISOString() });

beforeAll(async () => {
  stack = await startRestStack({ closYml: CLOS_YML, workflows: true, dataKeys: { currentId: 'test', keys: new Map([['test', randomBytes(32)]]) } });
  url = await stack.app.listen({ port: 0, host: '127.0.0.1' });
  member = (await stack.issue('agent', { [PAY]: 'member' }, null, 'alice')).token;
  viewer = (await stack.issue('viewer agent', { [PAY]: 'viewer' })).token;
  other = (await stack.issue('ops agent', { [OPS]: 'member' })).token;
  nobody = (await stack.issue('agent for nobody', { [PAY]: 'member' })).token;
  admin = (await stack.issue('admin', { '*': 'admin' })).token;
  await stack.pool.query(
    `INSERT INTO ideas (pod_id, title, problem, impact, confidence, ease, submitted_by) VALUES ($1, 'Idempotent refunds', $2, 5, 5, 5, 'alice')`,
    [PAY, `we chose the ledger${s} approach because retries double-charge`],
  );
  // Alice's PR holds the pod's one slot; bob's waits behind it.
  const enforcement = stack.enforcement!;
  expect((await enforcement.sendGithub('pull_request', opened(1, 'alice'))).status).toBe(202);
  await eventually('alice holding the slot', async () => ((await enforcement.wipState(PAY))?.holders.length === 1 ? true : undefined));
  expect((await enforcement.sendGithub('pull_request', opened(2, 'bob'))).status).toBe(202);
  await eventually('bob queued', async () => ((await enforcement.wipState(PAY))?.queue.length === 1 ? true : undefined));
  await eventually('both PRs gated by the project', async () => ((await enforcement.stageState(CHECKOUT))?.openPullRequests.length === 2 ? true : undefined));
}, 180_000);

afterAll(async () => {
  for (const client of clients) await client.close().catch(() => undefined);
  await stack?.close();
});

describe('MCP over Streamable HTTP', () => {
  it('lists its tools, each with an input schema, and the pod and project resources the token sees', async () => {
    const client = await connect(member);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(TOOLS);
    expect(tools.find((t) => t.name === 'wip_status')!.inputSchema).toMatchObject({ type: 'object', required: ['pod'] });
    expect(tools.find((t) => t.name === 'acquire_check')!.inputSchema).toMatchObject({ required: ['repo', 'author'] });
    expect(tools.find((t) => t.name === 'why_blocked')!.inputSchema).toMatchObject({ required: ['repo', 'pr'] });
    expect(tools.find((t) => t.name === 'submit_evidence')!.inputSchema).toMatchObject({ required: ['project', 'criterion', 'value'] });
    expect(tools.find((t) => t.name === 'log_decision')!.inputSchema).toMatchObject({ required: ['text', 'type'] });

    const { resourceTemplates } = await client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate).sort()).toEqual(['clos://pods/{id}', 'clos://pods/{id}/wip', 'clos://projects/{id}', 'clos://projects/{id}/stage']);
    const { resources } = await client.listResources();
    expect(resources.map((r) => r.uri).sort()).toEqual([`clos://pods/${PAY}`, `clos://projects/${CHECKOUT}`]);
  });

  it('reads the pod and project pages as the REST reads answer them, and refuses another pod', async () => {
    const client = await connect(member);
    for (const [uri, path] of [
      [`clos://pods/${PAY}`, `/api/pods/${PAY}`],
      [`clos://projects/${CHECKOUT}`, `/api/projects/${CHECKOUT}`],
    ] as const) {
      const read = await client.readResource({ uri });
      const rest = await stack.call('GET', path, { token: member });
      expect(JSON.parse((read.contents[0] as { text: string }).text)).toEqual(rest.json());
    }
    const wip = await client.readResource({ uri: `clos://pods/${PAY}/wip` });
    expect(JSON.parse((wip.contents[0] as { text: string }).text)).toMatchObject({ podId: PAY, policy: { limit: 1 }, usage: { regular: 1, queued: 1 } });

    await expect(client.readResource({ uri: `clos://pods/${OPS}` })).rejects.toThrow(`Forbidden: Token "agent" may not getPod: it needs the viewer role in pod ${OPS}`);
    await expect(client.readResource({ uri: 'clos://projects/nope' })).rejects.toThrow('NotFound: No project "nope"');
  });

  it("calls the reading tools under a member's token, with results an agent can act on", async () => {
    const client = await connect(member);

    const wip = await client.callTool({ name: 'wip_status', arguments: { pod: PAY } });
    expect(wip.isError).toBeFalsy();
    expect(wip.structuredContent).toMatchObject({ podId: PAY, policy: { limit: 1 } });
    expect(text(wip)).toContain(`Pod ${PAY}: 1 of 1 slots held, 1 queued`);

    const acquire = await client.callTool({ name: 'acquire_check', arguments: { repo: REPO, author: 'carol' } });
    expect(acquire.structuredContent).toMatchObject({ podId: PAY, gated: true, wouldGetSlot: false, queuePosition: 2, limit: 1 });
    const ungated = await client.callTool({ name: 'acquire_check', arguments: { repo: 'acme/elsewhere', author: 'alice' } });
    expect(ungated.structuredContent).toMatchObject({ gated: false });

    const stage = await client.callTool({ name: 'stage_status', arguments: { project: CHECKOUT } });
    expect(stage.isError).toBeFalsy();
    expect(stage.structuredContent).toMatchObject({ projectId: CHECKOUT, stage: { id: 'idea' } });

    const found = await client.callTool({ name: 'search', arguments: { query: `ledger${s}` } });
    const hits = (found.structuredContent as { items: { kind: string; snippet: string }[] }).items;
    expect(hits).toHaveLength(1);
    expect(hits[0]!.snippet).toContain(`«ledger${s}»`);

    const plan = await client.callTool({ name: 'plan_today', arguments: {} });
    expect(plan.structuredContent).toMatchObject({ person: { id: 'alice' }, inProgress: [{ id: `gh:${REPO}#1` }] });
  });

  it('says why a red PR is red: its queue position behind the holders, and what its stage still needs', async () => {
    const client = await connect(member);
    const why = await client.callTool({ name: 'why_blocked', arguments: { repo: REPO, pr: 2 } });
    expect(why.isError).toBeFalsy();
    expect(why.structuredContent).toMatchObject({
      repo: REPO,
      number: 2,
      workItemId: `gh:${REPO}#2`,
      podId: PAY,
      projectId: CHECKOUT,
      blocked: true,
      wip: { standing: 'queued', status: 'failure', queuePosition: 1, reason: 'pod_limit', limit: 1, held: 1, holders: [{ id: `gh:${REPO}#1`, personId: 'alice' }] },
      stage: { projectId: CHECKOUT, stage: 'idea', status: 'failure', missing: expect.arrayContaining([expect.objectContaining({ criterionId: 'problem-statement' })]) },
    });
    const result = why.structuredContent as { wip: { explainUrl: string }; stage: { explainUrl: string } };
    expect(result.wip.explainUrl).toBe(`/why/wip/${PAY}?item=${encodeURIComponent(`gh:${REPO}#2`)}`);
    expect(result.stage.explainUrl).toBe(`/why/stage/${CHECKOUT}`);
    expect(text(why)).toContain(`clos/wip: queued at position 1 in pod ${PAY} because the pod is at its limit`);
    expect(text(why)).toContain('clos/stage-gate');

    const holding = await client.callTool({ name: 'why_blocked', arguments: { repo: REPO, pr: 1 } });
    expect(holding.structuredContent).toMatchObject({ wip: { standing: 'holding', status: 'success' }, stage: { status: 'failure' } });

    const unknownPr = await client.callTool({ name: 'why_blocked', arguments: { repo: REPO, pr: 999 } });
    expect(unknownPr.isError).toBe(true);
    expect(text(unknownPr)).toContain(`NotFound: No pull request ${REPO}#999 known to CLOS in pod ${PAY}`);
    const unknownRepo = await client.callTool({ name: 'why_blocked', arguments: { repo: 'acme/elsewhere', pr: 1 } });
    expect(text(unknownRepo)).toContain('NotFound: No pod lists repository "acme/elsewhere"');
  });

  it('takes evidence the gate then counts, under the same service and audit as the REST route', async () => {
    const client = await connect(member);
    const submitted = await client.callTool({ name: 'submit_evidence', arguments: { project: CHECKOUT, criterion: 'problem-statement', value: 'https://docs.test/refunds' } });
    expect(submitted.isError).toBeFalsy();
    expect(submitted.structuredContent).toMatchObject({ projectId: CHECKOUT, criterionId: 'problem-statement', status: 'accepted', criterion: { met: true } });

    const stage = await client.callTool({ name: 'stage_status', arguments: { project: CHECKOUT } });
    const criteria = (stage.structuredContent as { gate: { criteria: { criterionId: string; met: boolean }[] } }).gate.criteria;
    expect(criteria.find((c) => c.criterionId === 'problem-statement')).toMatchObject({ met: true });
    const rows = await stack.auditRows();
    expect(rows.find((r) => r.action === 'stage.evidence' && r.target === `project:${CHECKOUT}`)).toMatchObject({
      details: { tokenName: 'agent', role: 'member', input: { projectId: CHECKOUT, criterionId: 'problem-statement' }, outcome: 'done' },
    });

    const unknownProject = await client.callTool({ name: 'submit_evidence', arguments: { project: 'nope', criterion: 'demo', value: 'x' } });
    expect(text(unknownProject)).toContain('NotFound: No project "nope"');
    const unknownCriterion = await client.callTool({ name: 'submit_evidence', arguments: { project: CHECKOUT, criterion: 'lead-go', value: 'x' } });
    expect(text(unknownCriterion)).toContain('NotFound: criterionId: "lead-go" is not an evidence criterion');
  });

  it("logs a decision in the token's person's log, and says what a token acting for nobody lacks", async () => {
    const client = await connect(member);
    const logged = await client.callTool({ name: 'log_decision', arguments: { text: `Move refunds to the ledger${s}`, type: 'reversible_high' } });
    expect(logged.isError).toBeFalsy();
    expect(logged.structuredContent).toMatchObject({ text: `Move refunds to the ledger${s}`, type: 'reversible_high', decidedAt: null });
    const listed = await stack.call('GET', '/api/decisions', { token: member });
    expect(listed.json<{ items: { id: string }[] }>().items.map((d) => d.id)).toContain((logged.structuredContent as { id: string }).id);
    // The audit log records that a decision was logged, never its text.
    const rows = await stack.auditRows();
    expect(JSON.stringify(rows.filter((r) => r.action === 'leadership.decision.add' || r.target === 'mcp:log_decision'))).not.toContain(`ledger${s}`);

    const forNobody = await (await connect(nobody)).callTool({ name: 'log_decision', arguments: { text: 'x', type: 'irreversible' } });
    expect(forNobody.isError).toBe(true);
    expect(text(forNobody)).toContain('acts for no person');
    expect(text(forNobody)).toContain('--person');
    const badType = await client.callTool({ name: 'log_decision', arguments: { text: 'x', type: 'maybe' } });
    expect(badType.isError).toBe(true);
  });

  it('refuses each tool what the token may not do, naming the role it needs, audited as REST refusals are', async () => {
    const viewing = await connect(viewer);
    const evidence = await viewing.callTool({ name: 'submit_evidence', arguments: { project: CHECKOUT, criterion: 'demo', value: 'x' } });
    expect(evidence.isError).toBe(true);
    expect(text(evidence)).toContain(`Forbidden: Token "viewer agent" may not submitEvidence: it needs the member role in pod ${PAY} (it has viewer)`);

    const outsider = await connect(other);
    const denied: [string, Record<string, unknown>, string][] = [
      ['wip_status', { pod: PAY }, 'getWip'],
      ['stage_status', { project: CHECKOUT }, 'getStage'],
      ['why_blocked', { repo: REPO, pr: 2 }, 'whyBlocked'],
      ['submit_evidence', { project: CHECKOUT, criterion: 'demo', value: 'x' }, 'submitEvidence'],
      ['search', { query: 'ledger' }, 'search'],
    ];
    for (const [name, args, operation] of denied) {
      if (name === 'search') {
        // Search is narrowed to the token's pods: nothing of PAY comes back.
        const found = await outsider.callTool({ name, arguments: { query: `ledger${s}` } });
        expect((found.structuredContent as { items: unknown[] }).items).toEqual([]);
        continue;
      }
      const refused = await outsider.callTool({ name, arguments: args });
      expect(refused.isError).toBe(true);
      expect(text(refused)).toContain(`Forbidden: Token "ops agent" may not ${operation}: it needs the`);
      expect(text(refused)).toContain(`role in pod ${PAY}`);
    }
    const acquire = await outsider.callTool({ name: 'acquire_check', arguments: { repo: REPO, author: 'olga' } });
    expect(acquire.structuredContent).toMatchObject({ gated: false });
    const plan = await outsider.callTool({ name: 'plan_today', arguments: {} });
    expect(plan.isError).toBe(true);

    const rows = await stack.auditRows();
    expect(rows.some((r) => r.action === 'auth.forbidden' && r.details.operation === 'getWip' && r.details.podId === PAY)).toBe(true);
    const invalid = await outsider.callTool({ name: 'wip_status', arguments: { pod: '../x' } });
    expect(invalid.isError).toBe(true);
    expect(text(invalid)).toContain('must be an id');
  });

  it("records every call as a message envelope, so an agent's chain of calls can be followed by correlation id", async () => {
    const client = await connect(member);
    const chain = `agent-run-${s}`;
    const first = await client.callTool({ name: 'why_blocked', arguments: { repo: REPO, pr: 2 }, _meta: { correlationId: chain } });
    expect(first._meta).toMatchObject({ correlationId: chain });
    await client.callTool({ name: 'submit_evidence', arguments: { project: CHECKOUT, criterion: 'problem-statement', value: 'again' }, _meta: { correlationId: chain } });
    await client.readResource({ uri: `clos://pods/${PAY}`, _meta: { correlationId: chain } });
    // A call without one gets its own.
    const alone = await client.callTool({ name: 'wip_status', arguments: { pod: PAY } });
    const aloneId = (alone._meta as { correlationId: string }).correlationId;
    expect(aloneId).not.toBe(chain);

    const page = await stack.call('GET', `/api/audit?correlationId=${chain}&limit=50`, { token: admin });
    expect(page.statusCode).toBe(200);
    const entries = page.json<{ items: { actor: string; action: string; target: string; details: Record<string, unknown> }[] }>().items.reverse();
    expect(entries.map((e) => `${e.action} ${e.target}`)).toEqual([
      'mcp.call mcp:why_blocked',
      // Written before the change (or there is no change), then its outcome.
      `stage.evidence.intended project:${CHECKOUT}`,
      `stage.evidence project:${CHECKOUT}`,
      'mcp.call mcp:submit_evidence',
      'mcp.call mcp:resource',
    ]);
    const sender = entries[0]!.actor;
    expect(sender).toMatch(/^token:/);
    for (const entry of entries) {
      expect(entry.details.correlationId).toBe(chain);
      expect(entry.details.envelope).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        sender,
        receiver: expect.stringMatching(/^clos:/),
        type: 'request',
        priority: 'normal',
        payload: expect.any(Object),
        correlationId: chain,
      });
    }
    expect(entries[0]!.details.envelope).toMatchObject({ receiver: 'clos:mcp/why_blocked', payload: { tool: 'why_blocked', arguments: { repo: REPO, pr: 2 } } });
    expect(entries[0]!.details.reply).toMatchObject({ type: 'response', sender: 'clos:mcp/why_blocked', receiver: sender, inReplyTo: (entries[0]!.details.envelope as { id: string }).id, payload: { isError: false } });
    expect(entries[1]!.details.envelope).toMatchObject({ receiver: 'clos:submitEvidence', payload: { projectId: CHECKOUT, criterionId: 'problem-statement' } });
    expect(entries[1]!.details).not.toHaveProperty('outcome');
    expect(entries[2]!.details).toMatchObject({ outcome: 'done', envelope: { id: (entries[1]!.details.envelope as { id: string }).id } });

    const single = await stack.call('GET', `/api/audit?correlationId=${aloneId}`, { token: admin });
    expect(single.json<{ items: { action: string }[] }>().items.map((e) => e.action)).toEqual(['mcp.call']);
  });

  it('answers 401 without a token', async () => {
    const response = await fetch(`${url}/api/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(response.status).toBe(401);
    await expect(connect(undefined)).rejects.toThrow(/Authentication required/);
  });
});
