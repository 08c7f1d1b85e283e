import {
  CreateTableCommand,
  DynamoDBClient,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { awsClientOptions } from '../aws-client-options.js';

/** The DynamoDB tables CLOS uses, named `<prefix>-<role>`. */
export interface DynamoTableNames {
  /** Delivery and request idempotency keys: pk `key` (S), TTL attribute `expiresAt`. */
  idempotency: string;
  /** Live read models: pk `pk` (S), sk `sk` (S), optional TTL attribute `expiresAt`. */
  projections: string;
}

/** The attribute holding the expiry (epoch seconds) DynamoDB's TTL deletes on. */
export const TTL_ATTRIBUTE = 'expiresAt';

/** Table names for a prefix (DYNAMODB_TABLE_PREFIX, default `clos`). */
export function dynamoTableNames(prefix: string): DynamoTableNames {
  return { idempotency: `${prefix}-idempotency`, projections: `${prefix}-projections` };
}

/** Options of {@link createDynamoClient}. */
export interface DynamoClientOptions {
  /** DYNAMODB_ENDPOINT: a local dynalite, or unset for AWS. */
  endpoint?: string;
  region?: string;
}

/**
 * A DynamoDB document client (plain JS values in and out). Undefined
 * attributes are dropped rather than rejected, so optional fields of a
 * projection need no special handling.
 */
export function createDynamoClient(options: DynamoClientOptions = {}): DynamoDBDocumentClient {
  const client = new DynamoDBClient(awsClientOptions(options.endpoint, options.region));
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

function tableDefinitions(names: DynamoTableNames): CreateTableCommandInput[] {
  return [
    {
      TableName: names.idempotency,
      AttributeDefinitions: [{ AttributeName: 'key', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'key', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    },
    {
      TableName: names.projections,
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    },
  ];
}

/**
 * Creates the tables when they are missing and waits until they are active
 * (local stack and tests; in AWS the data stack owns them). TTL is switched
 * on where the server supports it; dynalite does not, and expired keys are
 * also treated as absent by the stores, so nothing depends on it.
 */
export async function ensureDynamoTables(client: DynamoDBDocumentClient, prefix: string): Promise<DynamoTableNames> {
  const names = dynamoTableNames(prefix);
  for (const definition of tableDefinitions(names)) {
    try {
      await client.send(new CreateTableCommand(definition));
    } catch (error) {
      if ((error as { name?: string }).name !== 'ResourceInUseException') throw error;
    }
    await waitUntilTableExists({ client, maxWaitTime: 60, minDelay: 1, maxDelay: 2 }, { TableName: definition.TableName });
    try {
      await client.send(
        new UpdateTimeToLiveCommand({
          TableName: definition.TableName,
          TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
        }),
      );
    } catch (error) {
      const name = (error as { name?: string }).name;
      // Unsupported (dynalite) or already on (a second run against DynamoDB).
      if (name !== 'UnknownOperationException' && name !== 'ValidationException') throw error;
    }
  }
  return names;
}
