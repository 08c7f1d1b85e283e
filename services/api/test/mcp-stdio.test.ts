import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { startRestStack, uniqueSuffix, type RestStack } from './rest-stack.js';

/**
 * `npm run mcp` (the stdio server of apps/cli) started as its own process by the official
 * MCP client, forwarding to the real api under the agent's token.
 */
const s = uniqueSuffix();
const PAY = `pay-${s}`;
const OPS = `ops-${s}`;
const CLOS_YML = `
org: acme
timezone: UTC
pods:
  - id: ${PAY}
    name: Payments
    wipLimit: 3
    repos: [acme/pay-${s}]
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
`;
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

let stack: RestStack;
let client: Client | undefined;

beforeAll(async () => {
  stack = await startRestStack({ closYml: CLOS_YML });
}, 120_000);

afterAll(async () => {
  await client?.close().catch(() => undefined);
  await stack?.close();
});

it('lists and calls the tools over stdio, refusing what the token may not read', async () => {
  const url = await stack.app.listen({ port: 0, host: '127.0.0.1' });
  const { token } = await stack.issue('stdio agent', { [PAY]: 'member' });
  const env = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined));
  client = new Client({ name: 'clos-test-agent', version: '1.0.0' });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: ['scripts/run-ts.mjs', 'apps/cli/src/mcp-main.ts'],
      cwd: ROOT,
      env: { ...env, CLOS_API_URL: url, CLOS_TOKEN: token },
      stderr: 'pipe',
    }),
  );
  const { tools } = await client.listTools();
  expect(tools.map((t) => t.name).sort()).toEqual(['acquire_check', 'log_decision', 'plan_today', 'search', 'stage_status', 'submit_evidence', 'why_blocked', 'wip_status']);

  const wip = await client.callTool({ name: 'wip_status', arguments: { pod: PAY } });
  expect(wip.isError).toBeFalsy();
  expect(wip.structuredContent).toMatchObject({ podId: PAY, policy: { limit: 3 } });

  const refused = await client.callTool({ name: 'wip_status', arguments: { pod: OPS } });
  expect(refused.isError).toBe(true);
  expect(JSON.stringify(refused.content)).toContain('needs the viewer role');
  const rows = await stack.auditRows();
  expect(rows.some((r) => r.action === 'auth.forbidden' && r.details.tokenName === 'stdio agent')).toBe(true);

  // The new tools answer through the bridge: each names what is wrong.
  const why = await client.callTool({ name: 'why_blocked', arguments: { repo: `acme/pay-${s}`, pr: 7 } });
  expect(JSON.stringify(why.content)).toContain(`No pull request acme/pay-${s}#7 known to CLOS in pod ${PAY}`);
  const evidence = await client.callTool({ name: 'submit_evidence', arguments: { project: 'nope', criterion: 'demo', value: 'x' } });
  expect(JSON.stringify(evidence.content)).toContain('No project \\"nope\\"');
  const decision = await client.callTool({ name: 'log_decision', arguments: { text: 'x', type: 'irreversible' } });
  expect(decision.isError).toBe(true);

  // Resources and `_meta` travel through the bridge too.
  const { resources } = await client.listResources();
  expect(resources.map((r) => r.uri)).toEqual([`clos://pods/${PAY}`]);
  const pod = await client.readResource({ uri: `clos://pods/${PAY}`, _meta: { correlationId: `stdio-${s}` } });
  expect(JSON.parse((pod.contents[0] as { text: string }).text)).toMatchObject({ id: PAY, wipLimit: 3 });
  const traced = (await stack.auditRows()).filter((r) => r.details.correlationId === `stdio-${s}`);
  expect(traced.map((r) => r.action)).toEqual(['mcp.call']);
}, 90_000);
