import Fastify from 'fastify';

/** A running bare fastify server: the baseline the api's figures are divided by. */
export interface HelloServer {
  url: string;
  close(): Promise<void>;
}

/**
 * The smallest useful fastify server: `POST /hello` (and `GET /hello`) answers `{ hello: 'world' }` after
 * fastify's default JSON body parsing. It runs in the same process as the api and is
 * loaded with the same body and headers, so the ratio isolates what CLOS does per
 * delivery (verify, map, dedupe, write the outbox).
 */
export async function startHelloServer(): Promise<HelloServer> {
  const app = Fastify();
  app.post('/hello', async () => ({ hello: 'world' }));
  // The read benchmark's baseline: the same answer to a GET.
  app.get('/hello', async () => ({ hello: 'world' }));
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url, close: () => app.close() };
}
