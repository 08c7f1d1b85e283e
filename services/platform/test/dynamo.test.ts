import { randomBytes } from 'node:crypto';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import {
  createDynamoClient,
  createDynamoStoresFromConfig,
  DynamoIdempotencyStore,
  DynamoProjectionStore,
  ensureDynamoTables,
  loadConfig,
  type DynamoTableNames,
} from '../src/index.js';
import { requiredEnv } from './support/events.js';

describe('DynamoDB stores (dynalite)', () => {
  const endpoint = requiredEnv('DYNAMODB_ENDPOINT');
  const client = createDynamoClient({ endpoint, region: 'us-east-1' });
  const prefix = `clos-test-${randomBytes(4).toString('hex')}`;
  let tables: DynamoTableNames;

  beforeAll(async () => {
    tables = await ensureDynamoTables(client, prefix);
    // A second call finds the tables and changes nothing.
    await ensureDynamoTables(client, prefix);
  });
  afterAll(async () => {
    for (const name of Object.values(tables)) await client.send(new DeleteTableCommand({ TableName: name }));
    client.destroy();
  });

  describe('idempotency', () => {
    it('claims a key once: true the first time, false for the duplicate', async () => {
      const store = new DynamoIdempotencyStore({ client, tableName: tables.idempotency });
      const key = `github:${randomBytes(8).toString('hex')}`;
      expect(await store.claim(key)).toBe(true);
      expect(await store.claim(key)).toBe(false);
      expect(await store.claim(`${key}-other`)).toBe(true);
    });

    it('lets exactly one of many concurrent claims win', async () => {
      const store = new DynamoIdempotencyStore({ client, tableName: tables.idempotency });
      const key = `linear:${randomBytes(8).toString('hex')}`;
      const results = await Promise.all(Array.from({ length: 10 }, () => store.claim(key)));
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('stores a TTL of ttlDays and treats a key past it as free', async () => {
      let now = new Date('2030-01-01T00:00:00Z');
      const store = new DynamoIdempotencyStore({ client, tableName: tables.idempotency, now: () => now });
      const key = `ttl:${randomBytes(8).toString('hex')}`;
      expect(await store.claim(key, 7)).toBe(true);
      now = new Date('2030-01-07T23:59:00Z');
      expect(await store.claim(key, 7)).toBe(false);
      // DynamoDB deletes expired items lazily; the claim must not wait for it.
      now = new Date('2030-01-08T00:00:01Z');
      expect(await store.claim(key, 7)).toBe(true);
    });

    it('release makes a key claimable again', async () => {
      const store = new DynamoIdempotencyStore({ client, tableName: tables.idempotency });
      const key = `release:${randomBytes(8).toString('hex')}`;
      expect(await store.claim(key)).toBe(true);
      await store.release(key);
      expect(await store.claim(key)).toBe(true);
    });

    it('claimAs keeps a key for its first holder, lets that holder claim again, and frees it past the TTL', async () => {
      let now = new Date('2030-02-01T00:00:00Z');
      const store = new DynamoIdempotencyStore({ client, tableName: tables.idempotency, now: () => now });
      const key = `body:${randomBytes(8).toString('hex')}`;
      expect(await store.claimAs(key, 'delivery-a', 8)).toBe('delivery-a');
      expect(await store.claimAs(key, 'delivery-a', 8)).toBe('delivery-a');
      expect(await store.claimAs(key, 'delivery-b', 8)).toBe('delivery-a');
      const racers = await Promise.all(['c', 'd', 'e'].map((h) => store.claimAs(`${key}-race`, h, 8)));
      expect(new Set(racers).size).toBe(1);
      expect(await store.isClaimed(key)).toBe(true);
      expect(await store.isClaimed(`${key}-never`)).toBe(false);
      now = new Date('2030-02-09T00:00:01Z');
      expect(await store.isClaimed(key)).toBe(false);
      expect(await store.claimAs(key, 'delivery-b', 8)).toBe('delivery-b');
    });
  });

  describe('projections', () => {
    it('puts, gets and queries JSON documents by pk and sk prefix', async () => {
      const store = new DynamoProjectionStore({ client, tableName: tables.projections });
      const pk = `pod#${randomBytes(4).toString('hex')}`;
      await store.put(pk, 'wip', { limit: 3, holders: ['gh:acme/api#1'], note: undefined });
      await store.put(pk, 'item#gh:acme/api#1', { state: 'granted' });
      await store.put(pk, 'item#gh:acme/api#2', { state: 'queued', position: 1 });

      const wip = await store.get<{ limit: number; holders: string[] }>(pk, 'wip');
      expect(wip?.doc).toEqual({ limit: 3, holders: ['gh:acme/api#1'] });
      expect(await store.get(pk, 'missing')).toBeUndefined();

      const items = await store.query(pk, { skPrefix: 'item#' });
      expect(items.map((i) => i.sk)).toEqual(['item#gh:acme/api#1', 'item#gh:acme/api#2']);
      expect((await store.query(pk, { skPrefix: 'item#', descending: true, limit: 1 })).map((i) => i.sk)).toEqual([
        'item#gh:acme/api#2',
      ]);
      await store.delete(pk, 'wip');
      expect(await store.get(pk, 'wip')).toBeUndefined();
    });

    it('never rolls a versioned view back to an older version', async () => {
      const store = new DynamoProjectionStore({ client, tableName: tables.projections });
      const pk = `project#${randomBytes(4).toString('hex')}`;
      expect(await store.put(pk, 'gate', { stage: 'build' }, { version: 5 })).toBe(true);
      expect(await store.put(pk, 'gate', { stage: 'discovery' }, { version: 4 })).toBe(false);
      expect(await store.put(pk, 'gate', { stage: 'discovery' }, { version: 5 })).toBe(false);
      expect((await store.get(pk, 'gate'))?.doc).toEqual({ stage: 'build' });
      expect(await store.put(pk, 'gate', { stage: 'launch' }, { version: 6 })).toBe(true);
      expect(await store.get(pk, 'gate')).toMatchObject({ doc: { stage: 'launch' }, version: 6 });
    });
  });

  it('builds from config: DYNAMODB_ENDPOINT and DYNAMODB_TABLE_PREFIX', async () => {
    const stores = createDynamoStoresFromConfig(
      loadConfig({ env: { DYNAMODB_ENDPOINT: endpoint, DYNAMODB_TABLE_PREFIX: `${prefix}-cfg` } }),
    );
    try {
      await stores.ensureTables();
      expect(stores.tables).toEqual({ idempotency: `${prefix}-cfg-idempotency`, projections: `${prefix}-cfg-projections` });
      const key = randomBytes(8).toString('hex');
      expect(await stores.idempotency.claim(key)).toBe(true);
      expect(await stores.idempotency.claim(key)).toBe(false);
    } finally {
      for (const name of Object.values(stores.tables)) await stores.client.send(new DeleteTableCommand({ TableName: name }));
      stores.client.destroy();
    }
  });
});
