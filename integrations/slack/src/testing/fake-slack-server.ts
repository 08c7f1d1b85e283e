import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the stand-in received, in arrival order. */
export interface RecordedSlackCall {
  /** Web API method (`chat.postMessage`), or `response_url` for a post to a response URL. */
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** Form fields or JSON body; JSON-valued form fields (`blocks`, `view`, …) are parsed. */
  body: Record<string, unknown>;
  /** Bearer token the call carried, if any. */
  token?: string;
  /** Status the stand-in answered with. */
  status: number;
  /** Arrival time, epoch ms. */
  at: number;
}

/** A fault to answer the next matching call(s) with. */
export type FakeSlackFault =
  | { kind: 'rate_limited'; method: string; retryAfterSeconds: number; times?: number }
  | { kind: 'error'; method: string; error: string; times?: number };

/** Options of {@link startFakeSlack}. */
export interface FakeSlackOptions {
  /** When set, Web API calls with another bearer token answer `invalid_auth`, as Slack does. */
  token?: string;
}

/** A running local stand-in for Slack's Web API and response URLs. */
export interface FakeSlack {
  /** Base URL to hand to clients as `SLACK_API_URL` / `slackApiUrl` (ends in `/api/`). */
  readonly apiUrl: string;
  /** Every call received, in order. */
  readonly calls: readonly RecordedSlackCall[];
  /** Calls of one method, in order. */
  callsOf(method: string): RecordedSlackCall[];
  /** A response URL whose posts are recorded as method `response_url` with `body.responseId`. */
  responseUrl(id: string): string;
  /** Posts received on the response URL `id`. */
  responses(id: string): RecordedSlackCall[];
  /** Resolves with the first call matching `predicate`, now or when it arrives. */
  waitFor(predicate: (call: RecordedSlackCall) => boolean, timeoutMs?: number): Promise<RecordedSlackCall>;
  /** Makes the next matching call(s) fail. */
  failNext(fault: FakeSlackFault): void;
  clear(): void;
  close(): Promise<void>;
}

const BOT = { user_id: 'UCLOSBOT', bot_id: 'BCLOSBOT', team_id: 'TCLOS', team: 'CLOS', url: 'https://clos.slack.test/' };

/**
 * Starts a real HTTP server on 127.0.0.1 answering like Slack's Web API for the methods
 * the bot uses (`auth.test`, `chat.postMessage`, `chat.postEphemeral`, `chat.update`,
 * `views.open`, `views.update`, `conversations.open`, …) and taking posts to response
 * URLs. Every request is recorded; `failNext` answers 429 with `Retry-After`, or a Slack
 * error such as `channel_not_found`.
 */
export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const calls: RecordedSlackCall[] = [];
  const faults: (FakeSlackFault & { left: number })[] = [];
  const waiters = new Set<{ predicate: (c: RecordedSlackCall) => boolean; resolve: (c: RecordedSlackCall) => void }>();
  let tsCounter = 0;
  let viewCounter = 0;
  let base = '';

  const record = (call: RecordedSlackCall): void => {
    calls.push(call);
    for (const waiter of [...waiters]) {
      if (waiter.predicate(call)) {
        waiters.delete(waiter);
        waiter.resolve(call);
      }
    }
  };

  const takeFault = (method: string): FakeSlackFault | undefined => {
    const index = faults.findIndex((f) => f.method === method || f.method === '*');
    if (index < 0) return undefined;
    const fault = faults[index]!;
    fault.left -= 1;
    if (fault.left <= 0) faults.splice(index, 1);
    return fault;
  };

  const answer = (method: string, body: Record<string, unknown>): Record<string, unknown> => {
    switch (method) {
      case 'auth.test':
        return { ok: true, ...BOT };
      case 'chat.postMessage': {
        tsCounter += 1;
        const ts = `1700000000.${String(tsCounter).padStart(6, '0')}`;
        return { ok: true, channel: body.channel, ts, message: { type: 'message', text: body.text, ts, bot_id: BOT.bot_id, thread_ts: body.thread_ts } };
      }
      case 'chat.postEphemeral':
        tsCounter += 1;
        return { ok: true, message_ts: `1700000000.${String(tsCounter).padStart(6, '0')}` };
      case 'chat.update':
        return { ok: true, channel: body.channel, ts: body.ts, text: body.text };
      case 'views.open':
      case 'views.push':
      case 'views.update': {
        viewCounter += 1;
        const view = typeof body.view === 'object' && body.view !== null ? body.view : {};
        return { ok: true, view: { id: `VFAKE${viewCounter}`, hash: `hash-${viewCounter}`, ...view } };
      }
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(body.users ?? 'X').split(',')[0]}` } };
      default:
        return { ok: true };
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', base);
    const text = await readBody(req);
    const body = parseBody(text, req.headers['content-type']);
    const auth = req.headers.authorization;
    const token = typeof auth === 'string' && auth.startsWith('Bearer ') ? auth.slice(7) : typeof body.token === 'string' ? body.token : undefined;
    const at = Date.now();

    const response = /^\/response\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'POST' && response?.[1] !== undefined) {
      record({ method: 'response_url', path: url.pathname, headers: req.headers, body: { ...body, responseId: decodeURIComponent(response[1]) }, status: 200, at });
      send(res, 200, { ok: true });
      return;
    }
    const api = /^\/api\/([A-Za-z.]+)$/.exec(url.pathname);
    if (api?.[1] === undefined) {
      record({ method: 'unknown', path: url.pathname, headers: req.headers, body, status: 404, at });
      send(res, 404, { ok: false, error: 'unknown_method' });
      return;
    }
    const method = api[1];
    const base2 = { method, path: url.pathname, headers: req.headers, body, ...(token !== undefined ? { token } : {}), at };
    if (options.token !== undefined && token !== options.token) {
      record({ ...base2, status: 200 });
      send(res, 200, { ok: false, error: 'invalid_auth' });
      return;
    }
    const fault = takeFault(method);
    if (fault?.kind === 'rate_limited') {
      record({ ...base2, status: 429 });
      send(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(fault.retryAfterSeconds) });
      return;
    }
    if (fault?.kind === 'error') {
      record({ ...base2, status: 200 });
      send(res, 200, { ok: false, error: fault.error });
      return;
    }
    record({ ...base2, status: 200 });
    send(res, 200, answer(method, body));
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => send(res, 500, { ok: false, error: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;

  return {
    apiUrl: `${base}/api/`,
    calls,
    callsOf: (method) => calls.filter((c) => c.method === method),
    responseUrl: (id) => `${base}/response/${encodeURIComponent(id)}`,
    responses: (id) => calls.filter((c) => c.method === 'response_url' && c.body.responseId === id),
    waitFor(predicate, timeoutMs = 10_000) {
      const found = calls.find(predicate);
      if (found !== undefined) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = {
          predicate,
          resolve: (call: RecordedSlackCall) => {
            clearTimeout(timer);
            resolve(call);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`fake Slack: no matching call within ${timeoutMs} ms; got ${calls.map((c) => c.method).join(', ') || 'none'}`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    failNext(fault) {
      faults.push({ ...fault, left: fault.times ?? 1 });
    },
    clear() {
      calls.length = 0;
      faults.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Parses a form or JSON body; form fields holding JSON (blocks, view, …) come back parsed. */
function parseBody(text: string, contentType: string | undefined): Record<string, unknown> {
  if (text === '') return {};
  if ((contentType ?? '').includes('application/json')) {
    try {
      const parsed: unknown = JSON.parse(text);
      return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : { value: parsed };
    } catch {
      return { raw: text };
    }
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    out[key] = /^[[{]/.test(value) ? tryJson(value) : value;
  }
  return out;
}

function tryJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}
