import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { dashboardRoutes, findDashboardDir } from './dashboard-routes.js';

let root: string;
let app: FastifyInstance;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'clos-dashboard-'));
  const out = join(root, 'apps', 'dashboard', 'out');
  for (const dir of ['', 'pod', 'api', '_next/static/chunks']) mkdirSync(join(out, dir), { recursive: true });
  writeFileSync(join(out, 'index.html'), '<h1>overview</h1>');
  writeFileSync(join(out, 'pod', 'index.html'), '<h1>pod</h1>');
  // A file under /api must not shadow the api's own routes.
  writeFileSync(join(out, 'api', 'index.html'), '<h1>not the api</h1>');
  writeFileSync(join(out, '_next/static/chunks', 'app-1a2b.js'), 'console.log(1)');
  app = Fastify();
  app.get('/api/me', async () => ({ actor: 'api' }));
  app.get('/healthz', async () => ({ status: 'ok' }));
  await app.register(dashboardRoutes(out));
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('dashboardRoutes', () => {
  it('serves the export at / and its pages at their folder paths, with a strict policy', async () => {
    const home = await app.inject({ url: '/' });
    expect(home.statusCode).toBe(200);
    expect(home.body).toBe('<h1>overview</h1>');
    expect(home.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(home.headers['cache-control']).toBe('no-cache');
    expect((await app.inject({ url: '/pod/?id=payments' })).body).toBe('<h1>pod</h1>');
    const chunk = await app.inject({ url: '/_next/static/chunks/app-1a2b.js' });
    expect(chunk.headers['cache-control']).toContain('immutable');
  });

  it('redirects a page path without its slash, keeping the query', async () => {
    const redirect = await app.inject({ url: '/pod?id=payments' });
    expect(redirect.statusCode).toBe(308);
    expect(redirect.headers.location).toBe('/pod/?id=payments');
  });

  it('leaves the api its routes', async () => {
    expect((await app.inject({ url: '/api/me' })).json()).toEqual({ actor: 'api' });
    expect((await app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await app.inject({ url: '/nowhere/' })).statusCode).toBe(404);
  });

  it('finds the export from anywhere below the repository, and nothing when it is not built', () => {
    expect(findDashboardDir(join(root, 'services', 'api', 'src'))).toBe(join(root, 'apps', 'dashboard', 'out'));
    expect(findDashboardDir(tmpdir())).toBeUndefined();
  });
});
