import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { startRestStack, uniqueSuffix, type RestStack } from './rest-stack.js';

/**
 * The MCP server over Streamable HTTP, driven by the official MCP client against the real
 * api: tools listed with their input schemas and called under the agent's token, through
 * the same access rules and audit as REST.
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
    wipLimit: 2
    repos: [${REPO}]
    members:
      - github: alice
        role: lead
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

let stack: RestStack;
let url: string;
let member: string;
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

beforeAll(async () => {
  stack = await startRestStack({ closYml: CLOS_YML });
  url = await stack.app.listen({ port: 0, host: '127.0.0.1' });
  const issued = await stack.issue('agent', { [PAY]: 'member' });
  member = issued.token;
  await stack.pool.query('ALTER TABLE api_tokens ADD COLUMN IF NOT EXISTS person_id text');
  await stack.pool.query('UPDATE api_tokens SET person_id = $2 WHERE id = $1', [issued.id, 'alice']);
  await stack.pool.query(
    `INSERT INTO ideas (pod_id, title, problem, impact, confidence, ease, submitted_by) VALUES ($1, 'Idempotent refunds', $2, 5, 5, 5, 'alice')`,
    [PAY, `we chose the ledger${s} approach because retries double-charge`],
  );
  await stack.pool.query(
    `INSERT INTO work_items (id, kind, pod_id, person_id, state, title, repo, number, opened_at) VALUES ($1, 'pull_request', $2, 'alice', 'held', 'Refund retries', $3, 1, now())`,
    [`gh:${REPO}#1`, PAY, REPO],
  );
}, 120_000);

afterAll(async () => {
  for (const client of clients) await client.close().catch(() => undefined);
  await stack?.close();
});

describe('MCP over Streamable HTTP', () => {
  it('lists its tools, each with an input schema', async () => {
    const client = await connect(member);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['acquire_check', 'plan_today', 'search', 'stage_status', 'wip_status']);
    const wip = tools.find((t) => t.name === 'wip_status')!;
    expect(wip.inputSchema).toMatchObject({ type: 'object', required: ['pod'] });
    expect(tools.find((t) => t.name === 'acquire_check')!.inputSchema).toMatchObject({ required: ['repo', 'author'] });
  });

  it("calls every tool under a member's token, with results an agent can act on", async () => {
    const client = await connect(member);

    const wip = await client.callTool({ name: 'wip_status', arguments: { pod: PAY } });
    expect(wip.isError).toBeFalsy();
    expect(wip.structuredContent).toMatchObject({ podId: PAY, policy: { limit: 2 } });
    expect(text(wip)).toContain(`Pod ${PAY}: 0 of 2 slots held`);

    const acquire = await client.callTool({ name: 'acquire_check', arguments: { repo: REPO, author: 'alice' } });
    expect(acquire.structuredContent).toMatchObject({ podId: PAY, gated: true, wouldGetSlot: true, queuePosition: null, limit: 2 });
    const ungated = await client.callTool({ name: 'acquire_check', arguments: { repo: 'acme/elsewhere', author: 'alice' } });
    expect(ungated.structuredContent).toMatchObject({ gated: false });

    const stage = await client.callTool({ name: 'stage_status', arguments: { project: CHECKOUT } });
    expect(stage.isError).toBeFalsy();
    expect(stage.structuredContent).toMatchObject({ projectId: CHECKOUT });

    const found = await client.callTool({ name: 'search', arguments: { query: `ledger${s}` } });
    const hits = (found.structuredContent as { items: { kind: string; snippet: string }[] }).items;
    expect(hits).toHaveLength(1);
    expect(hits[0]!.snippet).toContain(`«ledger${s}»`);

    const plan = await client.callTool({ name: 'plan_today', arguments: {} });
    expect(plan.structuredContent).toMatchObject({ person: { id: 'alice' }, inProgress: [{ id: `gh:${REPO}#1` }] });
  });

  it('refuses what the token may not do as a tool error naming the missing role, audited as REST refusals are', async () => {
    const client = await connect(member);
    const refused = await client.callTool({ name: 'wip_status', arguments: { pod: OPS } });
    expect(refused.isError).toBe(true);
    expect(text(refused)).toContain(`Forbidden: Token "agent" may not getWip: it needs the viewer role in pod ${OPS}`);
    const rows = await stack.auditRows();
    expect(rows.some((r) => r.action === 'auth.forbidden' && r.details.operation === 'getWip' && r.details.podId === OPS)).toBe(true);

    const invalid = await client.callTool({ name: 'wip_status', arguments: { pod: '../x' } });
    expect(invalid.isError).toBe(true);
    expect(text(invalid)).toContain('must be an id');
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
