import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Env } from '../config/env-schema.js';
import { DynamoIdempotencyStore, type IdempotencyStore } from './idempotency-store.js';
import { DynamoProjectionStore, type ProjectionStore } from './projection-store.js';
import { createDynamoClient, dynamoTableNames, ensureDynamoTables, type DynamoTableNames } from './tables.js';

/** The DynamoDB-backed stores of a process. */
export interface DynamoStores {
  client: DynamoDBDocumentClient;
  tables: DynamoTableNames;
  idempotency: IdempotencyStore;
  projections: ProjectionStore;
  /** Creates missing tables (local stack and tests). */
  ensureTables(): Promise<void>;
}

/** Builds the stores from DYNAMODB_ENDPOINT, DYNAMODB_TABLE_PREFIX and AWS_REGION. */
export function createDynamoStoresFromConfig(config: { env: Env }): DynamoStores {
  const { env } = config;
  const client = createDynamoClient({ endpoint: env.DYNAMODB_ENDPOINT, region: env.AWS_REGION });
  const tables = dynamoTableNames(env.DYNAMODB_TABLE_PREFIX);
  return {
    client,
    tables,
    idempotency: new DynamoIdempotencyStore({ client, tableName: tables.idempotency }),
    projections: new DynamoProjectionStore({ client, tableName: tables.projections }),
    ensureTables: async () => {
      await ensureDynamoTables(client, env.DYNAMODB_TABLE_PREFIX);
    },
  };
}
