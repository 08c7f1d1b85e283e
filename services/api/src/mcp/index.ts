export { createClosMcpServer, type McpServices } from './mcp-tools.js';
export { mcpRoutes } from './mcp-routes.js';
