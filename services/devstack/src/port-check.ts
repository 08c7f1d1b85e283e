import { createServer } from 'node:net';

/**
 * Fails with one message naming every port (and the variable that sets it)
 * that something else already listens on, before anything is started: a
 * clear "port 8080 (PORT) is in use" beats a crash loop.
 */
export async function assertPortsFree(ports: ReadonlyArray<{ port: number; variable: string }>): Promise<void> {
  const busy: string[] = [];
  for (const { port, variable } of ports) {
    if (!(await isFree(port))) busy.push(`port ${port} (${variable}) is in use`);
  }
  if (busy.length > 0) {
    throw new Error(`${busy.join('\n')}\nStop what uses it, or choose another port with the variable named.`);
  }
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
