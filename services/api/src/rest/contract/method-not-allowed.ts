import { methodNotAllowed } from '@clos/domain';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

interface KnownPath {
  pattern: RegExp;
  methods: Set<string>;
}

/** `/api/pods/:podId` → a regex matching the concrete paths it routes. */
function patternOf(url: string): RegExp {
  const source = url
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment === '*' ? '.*' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}/?$`);
}

/**
 * Answers a request whose path is routed, but not for its method, with 405 and an `Allow`
 * header (RFC 9110 §15.5.6) instead of a 404 — or the 400 a body-less QUERY or PATCH would
 * get from the body parser, which runs before the not-found handler. Call on a scope before
 * its routes are added: it learns them from `onRoute`. Runs first among the scope's
 * `onRequest` hooks (before authentication: the methods are public in /openapi.json).
 */
export function answerUndeclaredMethods(scope: FastifyInstance): void {
  const known = new Map<string, KnownPath>();
  scope.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const entry = known.get(route.url) ?? { pattern: patternOf(route.url), methods: new Set<string>() };
    for (const method of methods) entry.methods.add(method.toUpperCase());
    known.set(route.url, entry);
  });
  scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (!request.is404) return;
    const path = request.url.split('?')[0] ?? request.url;
    const allow = new Set<string>();
    for (const entry of known.values()) {
      if (entry.pattern.test(path)) for (const method of entry.methods) allow.add(method);
    }
    if (allow.size === 0 || allow.has(request.method)) return;
    const methods = [...allow].sort();
    reply.header('allow', methods.join(', '));
    throw methodNotAllowed(`${request.method} is not allowed on ${path}; it takes ${methods.join(', ')}`, { allow: methods });
  });
}
