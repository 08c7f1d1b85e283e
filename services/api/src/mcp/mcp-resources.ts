import { ClosError } from '@clos/domain';
import { ResourceTemplate, type McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ErrorCode, McpError, type ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import { recordedCall, type McpCaller, type McpServices } from './mcp-call.js';

/** MCP's code for a resource that does not exist (the specification's -32002). */
const RESOURCE_NOT_FOUND = -32002;
const PAGE = 200;

/** Every item of a paged listing of the caller's services. */
async function all<T>(page: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const next = await page(cursor);
    items.push(...next.items);
    cursor = next.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return items;
}

/** A page as JSON, the same JSON its REST read answers. */
function json(uri: URL, data: unknown): ReadResourceResult {
  return { contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(data, null, 2) }] };
}

/** A refusal as a protocol error naming what is wrong (resources have no tool-error form). */
function asMcpError(error: unknown): never {
  if (!(error instanceof ClosError)) throw error;
  const code = error.code === 'NotFound' ? RESOURCE_NOT_FOUND : error.code === 'Unauthorized' || error.code === 'Forbidden' ? ErrorCode.InvalidRequest : ErrorCode.InvalidParams;
  throw new McpError(code, `${error.code}: ${error.message}`, error.details);
}

type Reader = (services: McpServices, id: string) => Promise<unknown>;

/**
 * The pod and project pages as MCP resources: `clos://pods/{id}` (as GET /api/pods/{id}),
 * `clos://pods/{id}/wip`, `clos://projects/{id}` and `clos://projects/{id}/stage`, read
 * through the caller's services (same access rules; a pod or project of another pod is
 * refused) and listed for the pods and projects the token sees. Each read is recorded like
 * a tool call.
 */
export function registerResources(server: McpServer, caller: McpCaller): void {
  const read = (name: string, reader: Reader) => async (uri: URL, variables: Record<string, string | string[]>, extra: { _meta?: Record<string, unknown> }) => {
    const id = String(variables.id);
    try {
      const { result } = await recordedCall(
        caller,
        { receiver: 'mcp/resource', payload: { resource: name, uri: uri.href }, meta: extra._meta },
        (services) => reader(services, id),
        () => ({ isError: false }),
      );
      return json(uri, result);
    } catch (error) {
      return asMcpError(error);
    }
  };
  const listPods = async () => {
    const pods = await all((cursor) => caller.services(caller.requestCorrelationId).listPods({ limit: PAGE, ...(cursor !== undefined ? { cursor } : {}) }));
    return { resources: pods.map((p) => ({ uri: `clos://pods/${p.id}`, name: `pod ${p.id}`, title: p.name, mimeType: 'application/json' })) };
  };
  const listProjects = async () => {
    const projects = await all((cursor) => caller.services(caller.requestCorrelationId).listProjects({ limit: PAGE, ...(cursor !== undefined ? { cursor } : {}) }));
    return { resources: projects.map((p) => ({ uri: `clos://projects/${p.id}`, name: `project ${p.id}`, title: p.name, mimeType: 'application/json' })) };
  };

  server.registerResource(
    'pod',
    new ResourceTemplate('clos://pods/{id}', { list: listPods }),
    { title: 'Pod', description: 'A pod: name, WIP limit and mode, repositories, members (as GET /api/pods/{id})', mimeType: 'application/json' },
    read('pod', (services, id) => services.getPod({ podId: id })),
  );
  server.registerResource(
    'pod-wip',
    new ResourceTemplate('clos://pods/{id}/wip', { list: undefined }),
    { title: 'Pod WIP', description: "A pod's live WIP: limit, holders, queue (as GET /api/pods/{id}/wip)", mimeType: 'application/json' },
    read('pod-wip', (services, id) => services.getWip({ podId: id })),
  );
  server.registerResource(
    'project',
    new ResourceTemplate('clos://projects/{id}', { list: listProjects }),
    { title: 'Project', description: 'A project: pod, template, recorded stage and status (as GET /api/projects/{id})', mimeType: 'application/json' },
    read('project', (services, id) => services.getProject({ projectId: id })),
  );
  server.registerResource(
    'project-stage',
    new ResourceTemplate('clos://projects/{id}/stage', { list: undefined }),
    { title: 'Project stage', description: "A project's live stage, gate criteria, evidence and transitions (as GET /api/projects/{id}/stage)", mimeType: 'application/json' },
    read('project-stage', (services, id) => services.getStage({ projectId: id })),
  );
}
