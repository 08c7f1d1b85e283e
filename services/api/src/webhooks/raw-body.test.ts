import { createHash, randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import { keepRawBodies, rawBodyOf, releaseRawBody, WEBHOOK_BODY_LIMIT } from './raw-body.js';

interface Answer {
  status: number;
  body: string;
}

/** Sends `chunks` over real HTTP: with a Content-Length, or chunked when `length` is null. */
function send(url: string, chunks: Buffer[], length: number | null = chunks.reduce((n, c) => n + c.length, 0), extra: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(length === null ? {} : { 'content-length': String(length) }), ...extra },
      timeout: 5_000,
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 5 s')));
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    // The server may answer (413) and close before everything is written.
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
    const write = (i: number): void => {
      if (i === chunks.length) {
        req.end();
        return;
      }
      req.write(chunks[i], () => setImmediate(() => write(i + 1)));
    };
    write(0);
  });
}

describe('webhook bodies', () => {
  let app: FastifyInstance;
  let url: string;

  beforeAll(async () => {
    app = Fastify();
    await app.register(async (scope) => {
      keepRawBodies(scope);
      // A hook that leaves the request stream paused (as one awaiting something may): the
      // body must still be read, not wait for a resume that never comes.
      scope.addHook('onRequest', async (request) => {
        if (request.headers['x-paused'] !== undefined) {
          request.raw.pause();
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      });
      scope.post('/echo', async (request) => {
        const body = rawBodyOf(request.body);
        const answer = { length: body.length, sha256: createHash('sha256').update(body).digest('hex'), whole: body.byteOffset === 0 && body.buffer.byteLength === body.length };
        releaseRawBody(body);
        return { ...answer, afterRelease: body.length };
      });
    });
    url = (await app.listen({ port: 0, host: '127.0.0.1' })).replace('0.0.0.0', '127.0.0.1');
  });
  afterAll(async () => {
    await app.close();
  });

  it('arrive as the exact bytes sent, in one chunk or many', async () => {
    for (const size of [21_274, 40_000]) {
      const bytes = randomBytes(size);
      const digest = createHash('sha256').update(bytes).digest('hex');
      for (const [chunks, length] of [
        [[bytes], bytes.length],
        [[bytes.subarray(0, 7), bytes.subarray(7, 9_000), bytes.subarray(9_000)], bytes.length],
        [[bytes.subarray(0, 100), bytes.subarray(100)], null],
      ] as const) {
        const answer = JSON.parse((await send(url, [...chunks], length)).body) as Record<string, unknown>;
        expect(answer).toMatchObject({ length: bytes.length, sha256: digest });
        // Bodies too large for Node's buffer pool own their memory, and release frees it.
        if (size > 32_768) expect(answer).toMatchObject({ whole: true, afterRelease: 0 });
      }
    }
  });

  it('arrive when the request stream was left paused before they are read', async () => {
    const bytes = randomBytes(21_274);
    const answer = await send(url, [bytes], bytes.length, { 'x-paused': '1' });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ length: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
  });

  it('over the limit are refused with 413, by their Content-Length or by what arrives', async () => {
    const declared = await send(url, [Buffer.from('{}')], WEBHOOK_BODY_LIMIT + 1);
    expect(declared.status).toBe(413);
    const streamed = await send(url, [Buffer.alloc(WEBHOOK_BODY_LIMIT, 0x20), Buffer.from('{}')], null);
    expect(streamed.status).toBe(413);
    // The server still answers afterwards.
    expect((await send(url, [Buffer.from('{"ok":true}')])).status).toBe(200);
  });

  it('release frees only a Buffer that owns all of its memory', () => {
    const own = Buffer.alloc(100_000, 1);
    releaseRawBody(own);
    expect(own.length).toBe(0);
    releaseRawBody(own);

    // Memory the runtime keeps (Node's buffer pool) cannot be detached: left as it is, without an error.
    const pool = Buffer.allocUnsafe(1).buffer;
    const kept = Buffer.from(pool);
    releaseRawBody(kept);
    expect(kept.length).toBe(pool.byteLength);
    expect(Buffer.from('still works').toString()).toBe('still works');

    const pooled = Buffer.from('{"action":"opened"}');
    releaseRawBody(pooled);
    expect(pooled.toString()).toBe('{"action":"opened"}');

    const whole = Buffer.alloc(100_000, 2);
    const view = whole.subarray(10, 5_000);
    releaseRawBody(view);
    expect(view.length).toBe(4_990);
    expect(whole.length).toBe(100_000);
    releaseRawBody(Buffer.alloc(0));
  });
});
