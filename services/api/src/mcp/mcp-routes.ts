import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { FastifyInstance } from 'fastify';
import { authenticationOf } from '../auth/auth-hooks.js';
import type { RestContext } from '../rest/rest-context.js';
import type { McpCaller } from './mcp-call.js';
import { createClosMcpServer } from './mcp-tools.js';

/**
 * `POST /api/mcp`: the MCP server over Streamable HTTP, stateless (a server and a transport per
 * request, no session to pin to a replica). The scope it is registered in authenticates
 * the bearer token and rate-limits it first; the tools then call the caller's services.
 */
export function mcpRoutes(rest: RestContext) {
  return async function mcp(scope: FastifyInstance): Promise<void> {
    // JSON-RPC, not REST: described by the MCP specification and listed by tools/list, not in /openapi.json.
    scope.post('/mcp', { schema: { hide: true } }, async (request, reply) => {
      const outcome = authenticationOf(request);
      const caller: McpCaller = {
        actor: outcome?.ok === true ? outcome.principal.actor : 'anonymous',
        requestCorrelationId: request.id,
        services: (correlationId) => rest.services(request, { correlationId }),
        record: (entry) => rest.record(request, entry),
      };
      const server = createClosMcpServer(caller);
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
      reply.hijack();
      reply.raw.on('close', () => {
        void transport.close();
        void server.close();
      });
      await server.connect(transport);
      await transport.handleRequest(request.raw, reply.raw, request.body);
    });
    // Stateless: no stream to resume, no session to end.
    for (const method of ['GET', 'DELETE'] as const) {
      scope.route({
        method,
        url: '/mcp',
        schema: { hide: true },
        handler: async (_request, reply) =>
          reply.code(405).header('allow', 'POST').send({ jsonrpc: '2.0', error: { code: -32000, message: 'Method not allowed: this server is stateless, use POST' }, id: null }),
      });
    }
  };
}
