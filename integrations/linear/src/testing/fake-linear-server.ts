import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { graphqlError, OPERATIONS, type GraphqlResult } from './fake-linear-operations.js';
import { FakeLinearState, type FakeLinearComment, type FakeLinearIssue, type FakeLinearLabel, type FakeLinearProject } from './fake-linear-state.js';

/** One GraphQL request the stand-in received. */
export interface RecordedLinearRequest {
  /** The GraphQL operation name, e.g. `createComment`. */
  operationName: string;
  query: string;
  variables: Record<string, unknown>;
  headers: IncomingHttpHeaders;
  status: number;
}

/** A failure to answer with instead of the real response. */
export interface FakeLinearFault {
  /** `ratelimited`: Linear's rate-limit answer (HTTP 429, `RATELIMITED`, `retry-after`); `server`: a 5xx. */
  kind: 'ratelimited' | 'server';
  retryAfterSeconds?: number;
  /** Only this operation. */
  operationName?: string;
  times?: number;
}

/** Options of {@link startFakeLinear}. */
export interface FakeLinearOptions {
  port?: number;
  /** API keys accepted in `Authorization`; when set, any other value gets an authentication error. */
  apiKeys?: string[];
}

/** A running local Linear GraphQL stand-in. */
export interface FakeLinear {
  /** The GraphQL endpoint to hand to clients as `LINEAR_API_URL`. */
  readonly url: string;
  readonly requests: readonly RecordedLinearRequest[];
  readonly state: FakeLinearState;
  addProject(input: { name: string; id?: string }): FakeLinearProject;
  addIssue(input: Partial<FakeLinearIssue> & { identifier: string }): FakeLinearIssue;
  addLabel(input: { name: string; id?: string }): FakeLinearLabel;
  comments(issueIdOrIdentifier?: string): FakeLinearComment[];
  failNext(fault: FakeLinearFault): void;
  clearRequests(): void;
  close(): Promise<void>;
}

/**
 * Starts a real HTTP server on 127.0.0.1 answering the GraphQL operations CLOS sends through
 * `@linear/sdk` (`createComment`, `issueLabels`, `issueAddLabel` and the project-issues
 * query) with the SDK's response shapes, keeping state in memory and recording every
 * request. Unknown operations get a GraphQL error naming them.
 */
export async function startFakeLinear(options: FakeLinearOptions = {}): Promise<FakeLinear> {
  const state = new FakeLinearState();
  const requests: RecordedLinearRequest[] = [];
  const faults: (FakeLinearFault & { left: number })[] = [];

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, { status: 500, body: { errors: [{ message: String(error), extensions: { type: 'internal error' } }] } });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let parsed: { query?: unknown; variables?: unknown };
    try {
      parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof parsed;
    } catch {
      return send(res, graphqlError(400, 'graphql error', 'Body is not JSON'));
    }
    const query = typeof parsed.query === 'string' ? parsed.query : '';
    const variables = typeof parsed.variables === 'object' && parsed.variables !== null ? (parsed.variables as Record<string, unknown>) : {};
    const operationName = /^\s*(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? '';
    const entry: RecordedLinearRequest = { operationName, query, variables, headers: req.headers, status: 0 };
    requests.push(entry);

    const answer = ((): GraphqlResult => {
      if (req.method !== 'POST') return graphqlError(405, 'graphql error', 'Use POST');
      const auth = req.headers.authorization;
      if (auth === undefined || (options.apiKeys !== undefined && !options.apiKeys.includes(auth))) {
        return graphqlError(400, 'authentication error', 'Authentication required, not authenticated', 'AUTHENTICATION_ERROR');
      }
      const faultIndex = faults.findIndex((f) => f.operationName === undefined || f.operationName === operationName);
      const fault = faults[faultIndex];
      if (fault !== undefined) {
        fault.left -= 1;
        if (fault.left <= 0) faults.splice(faultIndex, 1);
        if (fault.kind === 'server') return graphqlError(503, 'internal error', 'Service unavailable');
        const limited = graphqlError(429, 'ratelimited', 'Rate limit exceeded', 'RATELIMITED');
        return { ...limited, headers: { 'retry-after': String(fault.retryAfterSeconds ?? 1), 'x-ratelimit-requests-remaining': '0' } };
      }
      const operation = OPERATIONS[operationName];
      if (operation === undefined) return graphqlError(400, 'graphql error', `Unknown operation "${operationName}"`, 'GRAPHQL_VALIDATION_FAILED');
      return operation(state, variables);
    })();
    entry.status = answer.status;
    send(res, answer);
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;

  return {
    url,
    requests,
    state,
    addProject: (input) => state.addProject(input),
    addIssue: (input) => state.addIssue(input),
    addLabel: (input) => state.addLabel(input),
    comments: (issueIdOrIdentifier) => {
      if (issueIdOrIdentifier === undefined) return [...state.comments];
      const issue = state.findIssue(issueIdOrIdentifier);
      return state.comments.filter((c) => c.issueId === issue?.id);
    },
    failNext: (fault) => {
      faults.push({ ...fault, left: fault.times ?? 1 });
    },
    clearRequests: () => {
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function send(res: ServerResponse, answer: GraphqlResult): void {
  const text = JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text).toString(),
    ...('headers' in answer ? answer.headers : {}),
  });
  res.end(text);
}
