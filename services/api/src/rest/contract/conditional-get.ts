import etag from '@fastify/etag';
import type { FastifyInstance } from 'fastify';

/**
 * Conditional reads for polling clients (the dashboard refreshes every few seconds): every
 * successful GET carries an ETag of its body, and a GET whose `If-None-Match` names the
 * current one is answered 304 with no body. Answers stay private to the caller and are
 * revalidated each time (`private, no-cache`): they depend on who asks, so no shared cache
 * may keep them, and a 304 still passes authentication and the rate limit.
 */
export async function answerConditionalGets(api: FastifyInstance): Promise<void> {
  // The plugin tags every body; which answers may be a 304 is decided below.
  await api.register(etag, { weak: true, replyWith304: false });
  api.addHook('onSend', async (request, reply, payload) => {
    if (request.method !== 'GET' || reply.statusCode !== 200) return payload;
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'private, no-cache');
    const current = reply.getHeader('etag');
    if (typeof current !== 'string' || !matches(request.headers['if-none-match'], current)) return payload;
    reply.code(304);
    return '';
  });
}

/** Whether an If-None-Match header names `current` (weak comparison, lists and `*` included). */
function matches(header: string | undefined, current: string): boolean {
  if (header === undefined) return false;
  const opaque = (tag: string): string => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(current));
}
