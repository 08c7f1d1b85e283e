import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { Connection } from '@temporalio/client';
import pg from 'pg';
import { createTestDatabase } from '@clos/devstack';

/** The environment contract the jest global setup gives every test. */
describe('the test stack of the jest global setup', () => {
  const env = process.env;

  it('exports every endpoint and the AWS settings', () => {
    // The services' least-privilege role; the owner's URL is for migrations.
    expect(env.DATABASE_URL).toMatch(/^postgres:\/\/clos_service:.+@127\.0\.0\.1:\d+\/clos_test$/);
    expect(env.DATABASE_MIGRATION_URL).toMatch(/^postgres:\/\/.+@127\.0\.0\.1:\d+\/clos_test$/);
    expect(env.CLOS_TEST_PG_ADMIN_URL).toMatch(/^postgres:\/\/.+@127\.0\.0\.1:\d+\/postgres$/);
    expect(env.TEMPORAL_ADDRESS).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(env.DYNAMODB_ENDPOINT).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(env.AWS_ENDPOINT_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(env.AWS_REGION).toBe('us-east-1');
    expect(env.AWS_ACCESS_KEY_ID).toBe('test');
    expect(env.AWS_SECRET_ACCESS_KEY).toBe('test');
    expect(env.AWS_EC2_METADATA_DISABLED).toBe('true');
    expect(env.CLOS_TEMPORAL_CLI_PATH).toMatch(/\/temporal$/);
    expect(env.CLOS_TEMPORAL_TEST_SERVER_PATH).toMatch(/\/temporal-test-server$/);
  });

  it('DATABASE_MIGRATION_URL is migrated; DATABASE_URL cannot see the migrations', async () => {
    const applied = await query(env.DATABASE_MIGRATION_URL!, 'select name from pgmigrations order by run_on');
    expect(applied.length).toBeGreaterThan(0);
    await expect(query(env.DATABASE_URL!, 'select name from pgmigrations')).rejects.toThrow(/permission denied/);
  });

  it('createTestDatabase gives each caller its own migrated database', async () => {
    const [first, second] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    expect(first).not.toBe(second);
    await query(first, 'create table only_in_first (id int)');
    const migrations = await query(second, 'select name from pgmigrations');
    const shared = await query(env.DATABASE_MIGRATION_URL!, 'select name from pgmigrations');
    expect(migrations).toEqual(expect.arrayContaining(shared));
    expect(await query(second, "select 1 from pg_tables where tablename = 'only_in_first'")).toHaveLength(0);
  });

  it('Temporal serves the default namespace', async () => {
    const connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS! });
    try {
      const described = await connection.workflowService.describeNamespace({ namespace: 'default' });
      expect(described.namespaceInfo?.name).toBe('default');
    } finally {
      await connection.close();
    }
  });

  it('dynalite creates tables that are active at once', async () => {
    const client = new DynamoDBClient({ endpoint: env.DYNAMODB_ENDPOINT! });
    const TableName = `stack-test-${Date.now()}`;
    await client.send(
      new CreateTableCommand({
        TableName,
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    const described = await client.send(new DescribeTableCommand({ TableName }));
    expect(described.Table?.TableStatus).toBe('ACTIVE');
    client.destroy();
  });

  it('moto answers AWS APIs at AWS_ENDPOINT_URL', async () => {
    // The SDK reads AWS_ENDPOINT_URL itself, like the services do.
    const sqs = new SQSClient({});
    const created = await sqs.send(new CreateQueueCommand({ QueueName: `stack-test-${Date.now()}` }));
    expect(created.QueueUrl).toContain('stack-test-');
    sqs.destroy();
  });
});

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}
