import { ListTablesCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Connection } from '@temporalio/client';
import type { HealthCheck } from './health.js';

/** Postgres answers `select 1` (anything with a pg-style `query`, e.g. a pool). */
export function postgresHealthCheck(db: { query(sql: string): Promise<unknown> }): HealthCheck {
  return { name: 'postgres', check: async () => void (await db.query('select 1')) };
}

/**
 * Temporal's front end knows the namespace the workers use. Give it a
 * connection of its own made with `interceptors: []`: the client's default
 * retry interceptor would keep retrying a failed probe in the background
 * long after the check gave up.
 */
export function temporalHealthCheck(connection: Connection, namespace: string): HealthCheck {
  return {
    name: 'temporal',
    check: async (signal) =>
      void (await connection.withAbortSignal(signal, () => connection.workflowService.describeNamespace({ namespace }))),
  };
}

/** DynamoDB (or the local dynalite) lists tables. */
export function dynamoHealthCheck(client: DynamoDBClient): HealthCheck {
  return {
    name: 'dynamodb',
    check: async (signal) => void (await client.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: signal })),
  };
}
