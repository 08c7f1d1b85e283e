import { DeleteCommand, GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TTL_ATTRIBUTE } from './tables.js';

/**
 * Remembers keys already seen (webhook delivery ids, API idempotency keys) so
 * a redelivered input is recognised and changes nothing twice.
 */
export interface IdempotencyStore {
  /**
   * Records the key. Resolves true the first time and false for a duplicate
   * seen within `ttlDays` (default 7).
   */
  claim(key: string, ttlDays?: number): Promise<boolean>;
  /**
   * Records the key as held by `holder` unless someone else holds it within its
   * `ttlDays`. Resolves the holder: `holder` itself the first time and whenever the same
   * holder claims again (a retry), the earlier holder otherwise.
   */
  claimAs(key: string, holder: string, ttlDays?: number): Promise<string>;
  /** Whether the key is claimed and not past its TTL (a read; claim() alone is atomic). */
  isClaimed(key: string): Promise<boolean>;
  /**
   * Forgets a claimed key, so a redelivery is processed again: for when the
   * work the claim guarded failed before it took effect.
   */
  release(key: string): Promise<void>;
}

/** Options of {@link DynamoIdempotencyStore}. */
export interface DynamoIdempotencyStoreOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** Current time; injectable for tests of expiry. */
  now?: () => Date;
}

const DAY_SECONDS = 24 * 60 * 60;

/**
 * {@link IdempotencyStore} on DynamoDB: one conditional put per claim, which
 * is atomic across every api instance. DynamoDB's TTL deletes old keys
 * lazily (up to days late), so a key past its expiry also counts as free.
 */
export class DynamoIdempotencyStore implements IdempotencyStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly now: () => Date;

  constructor(options: DynamoIdempotencyStoreOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.now = options.now ?? (() => new Date());
  }

  async claim(key: string, ttlDays = 7): Promise<boolean> {
    if (!key) throw new RangeError('idempotency key must not be empty');
    if (!(ttlDays > 0)) throw new RangeError('ttlDays must be positive');
    const now = this.now();
    const nowSeconds = Math.floor(now.getTime() / 1000);
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { key, claimedAt: now.toISOString(), [TTL_ATTRIBUTE]: nowSeconds + Math.ceil(ttlDays * DAY_SECONDS) },
          ConditionExpression: 'attribute_not_exists(#key) OR #expires <= :now',
          ExpressionAttributeNames: { '#key': 'key', '#expires': TTL_ATTRIBUTE },
          ExpressionAttributeValues: { ':now': nowSeconds },
        }),
      );
      return true;
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  async claimAs(key: string, holder: string, ttlDays = 7): Promise<string> {
    if (!key) throw new RangeError('idempotency key must not be empty');
    if (!holder) throw new RangeError('idempotency holder must not be empty');
    if (!(ttlDays > 0)) throw new RangeError('ttlDays must be positive');
    const now = this.now();
    const nowSeconds = Math.floor(now.getTime() / 1000);
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { key, holder, claimedAt: now.toISOString(), [TTL_ATTRIBUTE]: nowSeconds + Math.ceil(ttlDays * DAY_SECONDS) },
          ConditionExpression: 'attribute_not_exists(#key) OR #expires <= :now OR #holder = :holder',
          ExpressionAttributeNames: { '#key': 'key', '#expires': TTL_ATTRIBUTE, '#holder': 'holder' },
          ExpressionAttributeValues: { ':now': nowSeconds, ':holder': holder },
        }),
      );
      return holder;
    } catch (error) {
      if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
    }
    const held = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { key }, ConsistentRead: true }));
    const earlier = (held.Item as { holder?: unknown } | undefined)?.holder;
    // Held by a plain claim() (no holder) or deleted in between: either way not this holder's.
    return typeof earlier === 'string' ? earlier : '';
  }

  async isClaimed(key: string): Promise<boolean> {
    const held = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { key }, ConsistentRead: true }));
    const expires = (held.Item as Record<string, unknown> | undefined)?.[TTL_ATTRIBUTE];
    if (held.Item === undefined) return false;
    return typeof expires !== 'number' || expires > Math.floor(this.now().getTime() / 1000);
  }

  async release(key: string): Promise<void> {
    await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: { key } }));
  }
}
