import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import {
  CallToolRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  ReadResourceRequestSchema,
  type CallToolResult,
} from '@modelcontextprotocol/sdk/types.js';

/** Where the bridge reaches the api, and as whom. */
export interface StdioBridgeOptions {
  baseUrl: string;
  token: string;
}

/**
 * `npm run mcp`: the CLOS MCP server for clients that start a local process (Claude Code,
 * editors). It holds no tools of its own: it forwards each request over Streamable HTTP
 * to the api's `/api/mcp` with the agent's token, so stdio and HTTP agents get the same
 * tools, access rules, audit and rate limits.
 */
export async function startStdioBridge(options: StdioBridgeOptions): Promise<{ close(): Promise<void> }> {
  const upstream = new Client({ name: 'clos-mcp-stdio', version: '1.0.0' });
  await upstream.connect(
    new StreamableHTTPClientTransport(new URL('/api/mcp', options.baseUrl), { requestInit: { headers: { authorization: `Bearer ${options.token}` } } }),
  );
  const server = new Server({ name: 'clos', version: '1.0.0' }, { capabilities: { tools: {}, resources: {} } });
  // Params travel whole, `_meta` (an agent's correlation id) included.
  server.setRequestHandler(ListToolsRequestSchema, (request) => upstream.listTools(request.params));
  server.setRequestHandler(CallToolRequestSchema, async (request) => (await upstream.callTool(request.params)) as CallToolResult);
  server.setRequestHandler(ListResourcesRequestSchema, (request) => upstream.listResources(request.params));
  server.setRequestHandler(ListResourceTemplatesRequestSchema, (request) => upstream.listResourceTemplates(request.params));
  server.setRequestHandler(ReadResourceRequestSchema, (request) => upstream.readResource(request.params));
  await server.connect(new StdioServerTransport());
  return {
    async close() {
      await server.close();
      await upstream.close();
    },
  };
}
