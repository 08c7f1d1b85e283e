import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/**
 * The dashboard's own pages load their scripts and styles from this origin (Next.js puts
 * small inline bootstrap scripts in each page), call only this origin, and embed only the
 * api's explanation pages; no other site may frame them.
 */
const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** What the dashboard routes report. */
export interface DashboardRouteOptions {
  /** Told of every page served (an HTML file; not its scripts, styles or the API calls it makes). */
  onPageView?: () => void;
}

/**
 * Serves the dashboard's static export (apps/dashboard/out) at `/`. One route per file
 * (no wildcard), so every api route — /api, /auth, /why, /webhooks, /slack, /metrics,
 * /openapi.json, /docs, /healthz — and the api's own 404 answers keep precedence; the
 * files present when the server starts are the ones served.
 */
export function dashboardRoutes(dir: string, options: DashboardRouteOptions = {}) {
  return async function dashboard(scope: FastifyInstance): Promise<void> {
    await scope.register(fastifyStatic, {
      root: resolve(dir),
      prefix: '/',
      wildcard: false,
      index: ['index.html'],
      // The cache headers are set below, per kind of file.
      cacheControl: false,
      setHeaders(res, path) {
        res.setHeader('x-content-type-options', 'nosniff');
        res.setHeader('referrer-policy', 'same-origin');
        if (path.includes(`${join('_next', 'static')}`)) {
          // Content-hashed file names: a new build gets new names.
          res.setHeader('cache-control', 'public, max-age=31536000, immutable');
        } else {
          res.setHeader('cache-control', 'no-cache');
        }
        if (path.endsWith('.html')) {
          res.setHeader('content-security-policy', DASHBOARD_CSP);
          options.onPageView?.();
        }
      },
    });
    // `/pod?id=x` → `/pod/?id=x`: the pages live at their trailing-slash paths.
    for (const page of pageDirs(resolve(dir))) {
      scope.get(`/${page}`, (request, reply) => {
        const query = request.raw.url?.split('?')[1];
        return reply.redirect(`/${page}/${query !== undefined ? `?${query}` : ''}`, 308);
      });
    }
  };
}

/** Folders of the export holding a page (an index.html), relative, without slashes at the ends. */
function pageDirs(root: string, prefix = ''): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(join(root, prefix), { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('_')) continue;
    const relativeDir = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (existsSync(join(root, relativeDir, 'index.html'))) found.push(relativeDir);
    found.push(...pageDirs(root, relativeDir));
  }
  return found;
}

/**
 * The dashboard export next to this package in the repository (`apps/dashboard/out`, with
 * an index.html), looked up from `from` upwards; undefined when it has not been built,
 * e.g. in the api's container image, where Vercel serves the dashboard.
 */
export function findDashboardDir(from: string): string | undefined {
  let current = resolve(from);
  for (;;) {
    const candidate = join(current, 'apps', 'dashboard', 'out');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    const parent = dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}
