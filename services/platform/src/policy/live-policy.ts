import type { ClosConfig } from '@clos/domain';
import type { Logger } from '../logger.js';
import type pg from 'pg';
import { ConfigHolder } from './config-source.js';
import { publishPolicy, readLatestPolicy, type PublishOutcome, type PublishPolicyInput } from './policy-store.js';

/** The channel `policy_versions` notifies on (see its migration). */
export const POLICY_CHANNEL = 'clos_policy';

/** Options of {@link LivePolicy.start}. */
export interface LivePolicyOptions {
  pool: pg.Pool;
  /**
   * The deploy-time clos.yml. It is published when the database has no policy yet, or when
   * this exact file was never published before (a deploy shipping a new file); a restart
   * with a file already seen keeps the version in force (ADR 0017).
   */
  seed?: { config: ClosConfig; text: string };
  /** Safety net behind LISTEN: how often the latest version is read anyway (default 30 s). */
  pollMs?: number;
  /** How long to wait before listening again after the connection dropped (default 1 s). */
  reconnectMs?: number;
  logger?: Logger;
}

/**
 * The policy in force, following Postgres: boots from the latest version in
 * `policy_versions` and replaces it whenever a newer one is published by any process,
 * within milliseconds through LISTEN/NOTIFY (and at the latest after `pollMs` should a
 * notification be missed while the connection was down).
 */
export class LivePolicy extends ConfigHolder {
  private listener: pg.PoolClient | undefined;
  private poll: NodeJS.Timeout | undefined;
  private reconnect: NodeJS.Timeout | undefined;
  private refreshing: Promise<boolean> = Promise.resolve(false);
  private stopped = false;

  private constructor(
    private readonly options: LivePolicyOptions,
    initial: ClosConfig,
    version: number,
  ) {
    super(initial, version);
  }

  /** Seeds (when told to), reads the latest version and starts following. */
  static async start(options: LivePolicyOptions): Promise<LivePolicy> {
    if (options.seed !== undefined) {
      const outcome = await publishPolicy(options.pool, {
        config: options.seed.config,
        source: 'file',
        fileText: options.seed.text,
        actor: 'clos.yml',
        reason: 'deploy-time file',
      });
      options.logger?.info({ outcome: outcome.status, version: outcome.version }, 'policy: deploy-time clos.yml checked against the database');
    }
    const latest = await readLatestPolicy(options.pool);
    if (latest === undefined) {
      throw new Error('policy: the database has no policy version yet; start a process with CLOS_CONFIG set to seed it');
    }
    const live = new LivePolicy(options, latest.config, latest.version);
    await live.listen();
    live.poll = setInterval(() => void live.refresh(), options.pollMs ?? 30_000);
    live.poll.unref();
    options.logger?.info({ version: latest.version }, 'policy: following the live policy');
    return live;
  }

  /** Publishes a new version through this process's pool; this holder takes it at once. */
  async publish(input: PublishPolicyInput): Promise<PublishOutcome> {
    const outcome = await publishPolicy(this.options.pool, input);
    await this.refresh();
    return outcome;
  }

  /** Reads the latest version and puts it in force when it is newer; answers whether it was. */
  refresh(): Promise<boolean> {
    // One read at a time, so two notifications never race to install versions out of order.
    this.refreshing = this.refreshing.then(
      () => this.load(),
      () => this.load(),
    );
    return this.refreshing;
  }

  private async load(): Promise<boolean> {
    if (this.stopped) return false;
    try {
      const latest = await readLatestPolicy(this.options.pool);
      if (latest === undefined || latest.version <= this.version()) return false;
      this.replace(latest.config, latest.version);
      this.options.logger?.info({ version: latest.version, source: latest.source, actor: latest.actor }, 'policy: new version in force');
      return true;
    } catch (error) {
      this.options.logger?.warn({ err: error }, 'policy: reading the latest version failed; the version in force stays');
      return false;
    }
  }

  private async listen(): Promise<void> {
    const client = await this.options.pool.connect();
    this.listener = client;
    client.on('notification', (message) => {
      if (message.channel === POLICY_CHANNEL) void this.refresh();
    });
    client.on('error', (error) => this.lost(client, error));
    try {
      await client.query(`LISTEN ${POLICY_CHANNEL}`);
    } catch (error) {
      this.listener = undefined;
      client.release(error as Error);
      throw error;
    }
  }

  /** The listening connection died: listen again on a fresh one, then catch up on what was missed. */
  private lost(client: pg.PoolClient, error: Error): void {
    if (this.listener !== client) return;
    this.listener = undefined;
    client.release(error);
    if (this.stopped) return;
    this.options.logger?.warn({ err: error }, 'policy: lost the LISTEN connection; reconnecting');
    const retry = (): void => {
      this.reconnect = setTimeout(() => {
        if (this.stopped) return;
        this.listen()
          .then(() => this.refresh())
          .catch((err: unknown) => {
            this.options.logger?.warn({ err }, 'policy: LISTEN failed; retrying');
            retry();
          });
      }, this.options.reconnectMs ?? 1_000);
      this.reconnect.unref();
    };
    retry();
  }

  /** Stops following; the last version stays in force. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.poll);
    clearTimeout(this.reconnect);
    const client = this.listener;
    this.listener = undefined;
    if (client !== undefined) {
      await client.query(`UNLISTEN ${POLICY_CHANNEL}`).catch(() => undefined);
      client.release();
    }
    await this.refreshing.catch(() => undefined);
  }
}
