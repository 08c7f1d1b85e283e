import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Connection } from '@temporalio/client';
import pg from 'pg';
import { getFreePort } from '@clos/devstack';
import { dynamoHealthCheck, postgresHealthCheck, temporalHealthCheck } from '../src/health-checks.js';
import { buildServer } from '../src/server.js';

/** GET /healthz against the real Postgres, Temporal and dynalite of the test stack. */
describe('GET /healthz', () => {
  const closers: Array<() => Promise<unknown> | void> = [];
  afterAll(async () => {
    for (const close of closers) await close();
  });

  function deps(overrides: { dynamodbEndpoint?: string; temporalAddress?: string } = {}) {
    const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL! });
    const temporal = Connection.lazy({
      address: overrides.temporalAddress ?? process.env.TEMPORAL_ADDRESS!,
      interceptors: [],
    });
    const dynamo = new DynamoDBClient({ endpoint: overrides.dynamodbEndpoint ?? process.env.DYNAMODB_ENDPOINT! });
    closers.push(() => pool.end(), () => temporal.close(), () => dynamo.destroy());
    return [postgresHealthCheck(pool), temporalHealthCheck(temporal, 'default'), dynamoHealthCheck(dynamo)];
  }

  it('answers 200 with every check ok when all dependencies are up', async () => {
    const app = await buildServer({ healthChecks: deps() });
    closers.push(() => app.close());

    const response = await app.inject({ method: 'GET', url: '/healthz' });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', checks: { postgres: 'ok', temporal: 'ok', dynamodb: 'ok' } });
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('answers 503 naming DynamoDB when nothing listens at its endpoint', async () => {
    const closedPort = await getFreePort();
    const app = await buildServer({ healthChecks: deps({ dynamodbEndpoint: `http://127.0.0.1:${closedPort}` }) });
    closers.push(() => app.close());

    const started = Date.now();
    const response = await app.inject({ method: 'GET', url: '/healthz' });

    expect(response.statusCode).toBe(503);
    const body = response.json<{ status: string; checks: Record<string, string>; errors: Record<string, string> }>();
    expect(body.status).toBe('failing');
    expect(body.checks).toEqual({ postgres: 'ok', temporal: 'ok', dynamodb: 'failing' });
    expect(Object.keys(body.errors)).toEqual(['dynamodb']);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('answers 503 naming Temporal when its front end is down, within the check timeout', async () => {
    const closedPort = await getFreePort();
    const app = await buildServer({
      healthChecks: deps({ temporalAddress: `127.0.0.1:${closedPort}` }),
      healthCheckTimeoutMs: 1_000,
    });
    closers.push(() => app.close());

    const started = Date.now();
    const response = await app.inject({ method: 'GET', url: '/healthz' });

    expect(response.statusCode).toBe(503);
    expect(response.json<{ checks: Record<string, string> }>().checks).toEqual({
      postgres: 'ok',
      temporal: 'failing',
      dynamodb: 'ok',
    });
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
