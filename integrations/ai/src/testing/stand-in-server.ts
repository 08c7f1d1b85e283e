import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One request a stand-in received. */
export interface RecordedLlmRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/** A fault for the next call(s): an HTTP error status, or a delay longer than the caller waits. */
export type StandInFault = { kind: 'status'; status: number; times?: number } | { kind: 'delay'; ms: number; times?: number };

/** Shared plumbing of the vendor stand-ins: recording, faults, listen/close. */
export interface StandInCore {
  readonly url: string;
  readonly calls: readonly RecordedLlmRequest[];
  failNext(fault: StandInFault): void;
  close(): Promise<void>;
}

/** How a stand-in answers one accepted request: status and JSON body. */
export type StandInHandler = (request: RecordedLlmRequest) => { status: number; body: unknown; headers?: Record<string, string> };

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
}

/** Starts a 127.0.0.1 server that records JSON requests and answers them with `handle`, unless a fault is queued. */
export async function startStandIn(handle: StandInHandler, errorBody: (status: number) => unknown): Promise<StandInCore> {
  const calls: RecordedLlmRequest[] = [];
  const faults: (StandInFault & { left: number })[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readJson(req);
      const request: RecordedLlmRequest = { path: req.url ?? '/', headers: req.headers, body };
      calls.push(request);
      const fault = faults[0];
      if (fault !== undefined) {
        fault.left -= 1;
        if (fault.left <= 0) faults.shift();
        if (fault.kind === 'delay') await new Promise((resolve) => setTimeout(resolve, fault.ms));
        if (fault.kind === 'status') {
          res.writeHead(fault.status, { 'content-type': 'application/json' }).end(JSON.stringify(errorBody(fault.status)));
          return;
        }
      }
      if (res.destroyed) return;
      const answer = handle(request);
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers }).end(JSON.stringify(answer.body));
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: String(error) }));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    failNext: (fault) => faults.push({ ...fault, left: fault.times ?? 1 }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const socket of sockets) socket.destroy();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
