import { DeleteCommand, GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TTL_ATTRIBUTE } from './tables.js';

/** A JSON document of a live read model. */
export type ProjectionDocument = Record<string, unknown>;

/** A stored projection with its keys and bookkeeping. */
export interface ProjectionItem<T extends ProjectionDocument = ProjectionDocument> {
  pk: string;
  sk: string;
  doc: T;
  /** The version it was written with, when the writer gave one. */
  version?: number;
  updatedAt: string;
}

/** Options of {@link ProjectionStore.put}. */
export interface PutProjectionOptions {
  /**
   * A number that grows with the source state (a workflow's event count, an
   * event sequence). When given, the write only lands if it is newer than
   * the stored one, so retried or reordered writers never roll a view back.
   */
  version?: number;
  /** Drop the document after this many seconds (DynamoDB TTL). */
  ttlSeconds?: number;
}

/** Options of {@link ProjectionStore.query}. */
export interface QueryProjectionOptions {
  /** Only sort keys starting with this. */
  skPrefix?: string;
  limit?: number;
  /** Newest-first when the sort key orders by time. */
  descending?: boolean;
}

/**
 * Small JSON read models the Slack bot and the dashboard read fast (a pod's
 * WIP board, a project's gate status), keyed by partition and sort key such
 * as `pod#payments` / `wip`.
 */
export interface ProjectionStore {
  /** Writes the document; false when a newer version is already stored. */
  put<T extends ProjectionDocument>(pk: string, sk: string, doc: T, options?: PutProjectionOptions): Promise<boolean>;
  get<T extends ProjectionDocument>(pk: string, sk: string): Promise<ProjectionItem<T> | undefined>;
  query<T extends ProjectionDocument>(pk: string, options?: QueryProjectionOptions): Promise<ProjectionItem<T>[]>;
  delete(pk: string, sk: string): Promise<void>;
}

/** Options of {@link DynamoProjectionStore}. */
export interface DynamoProjectionStoreOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  now?: () => Date;
}

interface StoredItem {
  pk: string;
  sk: string;
  doc: ProjectionDocument;
  version?: number;
  updatedAt: string;
  [TTL_ATTRIBUTE]?: number;
}

/** {@link ProjectionStore} on one DynamoDB table with a string pk and sk. */
export class DynamoProjectionStore implements ProjectionStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly now: () => Date;

  constructor(options: DynamoProjectionStoreOptions) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.now = options.now ?? (() => new Date());
  }

  async put<T extends ProjectionDocument>(pk: string, sk: string, doc: T, options: PutProjectionOptions = {}): Promise<boolean> {
    const now = this.now();
    const item: StoredItem = { pk, sk, doc, version: options.version, updatedAt: now.toISOString() };
    if (options.ttlSeconds !== undefined) item[TTL_ATTRIBUTE] = Math.floor(now.getTime() / 1000) + options.ttlSeconds;
    const versioned =
      options.version === undefined
        ? {}
        : {
            ConditionExpression: 'attribute_not_exists(#version) OR #version < :version',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':version': options.version },
          };
    try {
      await this.client.send(new PutCommand({ TableName: this.tableName, Item: item, ...versioned }));
      return true;
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  async get<T extends ProjectionDocument>(pk: string, sk: string): Promise<ProjectionItem<T> | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk, sk }, ConsistentRead: true }));
    return Item ? this.toItem<T>(Item as StoredItem) : undefined;
  }

  async query<T extends ProjectionDocument>(pk: string, options: QueryProjectionOptions = {}): Promise<ProjectionItem<T>[]> {
    const items: ProjectionItem<T>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: options.skPrefix ? 'pk = :pk AND begins_with(sk, :prefix)' : 'pk = :pk',
          ExpressionAttributeValues: options.skPrefix ? { ':pk': pk, ':prefix': options.skPrefix } : { ':pk': pk },
          ScanIndexForward: !options.descending,
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
          Limit: options.limit === undefined ? undefined : options.limit - items.length,
        }),
      );
      for (const raw of page.Items ?? []) {
        const item = this.toItem<T>(raw as StoredItem);
        if (item) items.push(item);
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey && (options.limit === undefined || items.length < options.limit));
    return items;
  }

  async delete(pk: string, sk: string): Promise<void> {
    await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: { pk, sk } }));
  }

  /** Items past their TTL that DynamoDB has not deleted yet read as absent. */
  private toItem<T extends ProjectionDocument>(raw: StoredItem): ProjectionItem<T> | undefined {
    const expires = raw[TTL_ATTRIBUTE];
    if (expires !== undefined && expires <= Math.floor(this.now().getTime() / 1000)) return undefined;
    const item: ProjectionItem<T> = { pk: raw.pk, sk: raw.sk, doc: raw.doc as T, updatedAt: raw.updatedAt };
    if (raw.version !== undefined) item.version = raw.version;
    return item;
  }
}
