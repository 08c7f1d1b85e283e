import { loadConfig } from '@clos/platform';
import { DEFAULT_API_URL } from './http/api-client.js';
import { startStdioBridge } from './mcp/stdio-bridge.js';

// `npm run mcp`: stdout carries the protocol, so everything for people goes to stderr.
const { env } = loadConfig({});
if (env.CLOS_TOKEN === undefined) {
  process.stderr.write('clos mcp: set CLOS_TOKEN to an API token for the agent (see docs/agents.md)\n');
  process.exit(2);
}
try {
  await startStdioBridge({ baseUrl: env.CLOS_API_URL ?? DEFAULT_API_URL, token: env.CLOS_TOKEN });
} catch (error) {
  process.stderr.write(`clos mcp: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
