import type pg from 'pg';
import { EVENT_LOG_CHANNEL } from '../stream/event-stream-hub.js';
import type { ReadCache, ReadTag } from './read-cache.js';

/** The channel the listing tables' statement triggers notify, naming the table. */
export const LISTING_CHANNEL = 'clos_listing_changed';

/** Which cached answers a change of each table can alter. */
const TAGS_OF_TABLE: Record<string, readonly ReadTag[]> = {
  pods: ['pods', 'wip'],
  repos: ['pods'],
  memberships: ['pods'],
  search_documents: ['search'],
};

/** Options of {@link ListingChangeFeed}. */
export interface ListingChangeFeedOptions {
  pool: pg.Pool;
  cache: ReadCache;
  /** How long to wait before listening again after the connection is lost (default 1 s). */
  retryMs?: number;
  onError?(error: unknown): void;
}

/**
 * Keeps one replica's {@link ReadCache} honest: one pooled connection LISTENs on the event
 * log's channel (a new event changes the event listings and the pod's live WIP, whose
 * every change the pod workflow records) and on the listing tables' channel (pods,
 * repos, memberships, search documents). Every replica listens, so a change made through
 * any of them — or by the processor, the worker, a migration — drops the answers it
 * alters everywhere. The cache is on only while the connection is up.
 */
export class ListingChangeFeed {
  private client: pg.PoolClient | undefined;
  private retry: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly options: ListingChangeFeedOptions) {}

  /** Starts listening; the cache turns on once LISTEN has taken effect. */
  start(): void {
    void this.listen();
  }

  /** Stops listening and turns the cache off. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    this.options.cache.setEnabled(false);
    const client = this.client;
    this.client = undefined;
    if (client === undefined) return;
    await client.query(`UNLISTEN *`).catch(() => undefined);
    this.release(client);
  }

  private async listen(): Promise<void> {
    if (this.closed) return;
    let client: pg.PoolClient | undefined;
    try {
      client = await this.options.pool.connect();
      const connected = client;
      connected.on('notification', (message) => this.onNotification(message.channel, message.payload));
      connected.on('error', (error) => this.lost(connected, error));
      await connected.query(`LISTEN ${EVENT_LOG_CHANNEL}; LISTEN ${LISTING_CHANNEL}`);
      if (this.closed) {
        this.release(connected);
        return;
      }
      this.client = connected;
      // Whatever changed while nobody listened is unknown: start empty.
      this.options.cache.setEnabled(true);
    } catch (error) {
      this.options.onError?.(error);
      if (client !== undefined) this.lost(client, error);
      else this.again();
    }
  }

  private onNotification(channel: string, payload: string | undefined): void {
    if (channel === EVENT_LOG_CHANNEL) this.options.cache.invalidate(['events', 'wip']);
    else if (channel === LISTING_CHANNEL) this.options.cache.invalidate(TAGS_OF_TABLE[payload ?? ''] ?? ['pods', 'wip', 'search']);
  }

  private lost(client: pg.PoolClient, error: unknown): void {
    this.options.cache.setEnabled(false);
    if (this.client === client) this.client = undefined;
    this.release(client, error);
    this.again();
  }

  private again(): void {
    if (this.closed) return;
    clearTimeout(this.retry);
    this.retry = setTimeout(() => void this.listen(), this.options.retryMs ?? 1_000);
    this.retry.unref();
  }

  private release(client: pg.PoolClient, error?: unknown): void {
    client.removeAllListeners('notification');
    client.removeAllListeners('error');
    // An error listener stays so a late socket error does not crash the process.
    client.on('error', () => undefined);
    try {
      client.release(error instanceof Error ? error : true);
    } catch {
      // Already released.
    }
  }
}
