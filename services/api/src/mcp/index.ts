export { createClosMcpServer } from './mcp-tools.js';
export { correlationIdOf, CORRELATION_META_KEYS, type McpCaller, type McpServices } from './mcp-call.js';
export { mcpRoutes } from './mcp-routes.js';
