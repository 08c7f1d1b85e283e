import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DemoSimulator } from './demo-simulator.js';

/** What `POST /pull-requests/blocked?pod=<id>` answers. */
export interface BlockedAnswer {
  repo: string;
  number: number;
  podId: string;
  state: string;
  reason: string | null;
  /** The "why blocked" page the red status links to. */
  whyUrl: string | null;
}

/**
 * The running demo's door for `clos demo open-pr`: on 127.0.0.1 only, one route that opens a
 * pull request over a pod's limit and answers its red status.
 */
export async function startDemoControl(simulator: DemoSimulator, port: number): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'POST' || url.pathname !== '/pull-requests/blocked') return reply(404, { error: 'POST /pull-requests/blocked?pod=<pod id>' });
    const podId = url.searchParams.get('pod');
    if (podId === null || podId === '') return reply(400, { error: 'pod is required' });
    simulator.openBlockedPullRequest(podId).then(
      (blocked) =>
        reply(200, {
          repo: blocked.repo,
          number: blocked.number,
          podId: blocked.podId,
          state: blocked.status.state,
          reason: blocked.status.description,
          whyUrl: blocked.status.targetUrl,
        } satisfies BlockedAnswer),
      (error: unknown) => reply(error instanceof Error && error.message.startsWith('No pod') ? 404 : 500, { error: error instanceof Error ? error.message : String(error) }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
