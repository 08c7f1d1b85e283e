import { createHash } from 'node:crypto';
import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import { isClosError } from '@clos/domain';
import { headerValue, SLACK_RETRY_NUM_HEADER, SLACK_RETRY_REASON_HEADER, type SlackHeaders } from '../verify/slack-headers.js';
import { verifySlackSignature } from '../verify/verify-slack-signature.js';
import { parseSlackBody, slackRequestKey, type SlackBody } from './parse-slack-body.js';
import type { SlackLogger } from '../slack-logger.js';

/** Remembers the Slack requests already taken, so a retried one changes nothing twice. */
export interface RequestClaims {
  /** True the first time `key` is claimed, false for a duplicate. */
  claim(key: string, ttlDays?: number): Promise<boolean>;
  /** Forgets a claim whose work failed before it took effect, so Slack's retry goes through. */
  release(key: string): Promise<void>;
}

/** A request as the HTTP server received it. */
export interface SlackHttpRequest {
  rawBody: Buffer;
  headers: SlackHeaders;
}

/** What to answer Slack. */
export interface SlackHttpAnswer {
  status: number;
  /** JSON object, plain text, or nothing. */
  body?: string | Record<string, unknown>;
  /** Why a request was refused (401/400), for the log and the error body. */
  error?: { code: 'Unauthorized' | 'InvalidInput' | 'Unavailable'; message: string };
  /** The request was a retry of one already taken: nothing was done. */
  duplicate?: boolean;
}

/** Options of {@link SlackRequestReceiver}. */
export interface SlackRequestReceiverOptions {
  signingSecret: string;
  claims: RequestClaims;
  now?: () => Date;
  logger?: SlackLogger;
  /**
   * How long a listener may take to acknowledge before the request is answered anyway.
   * Slack gives up after 3 s; the default 2.5 s leaves room for the network.
   */
  ackTimeoutMs?: number;
}

/** Request keys stay claimed this long; Slack retries within minutes. */
const CLAIM_TTL_DAYS = 1;

/**
 * A Bolt receiver fed by the api's HTTP server instead of owning one: `handle` verifies
 * the v0 signature and the five-minute window, parses the body, answers Slack's URL
 * verification and SSL checks itself, drops retries of requests already taken (events by
 * `event_id`, commands and interactions by `trigger_id`), then hands the rest to
 * `app.processEvent` and answers as soon as a listener calls `ack()` — slower work goes on
 * after the answer, through `respond` or the Web API.
 */
export class SlackRequestReceiver implements Receiver {
  private app: App | undefined;
  private readonly options: SlackRequestReceiverOptions;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(options: SlackRequestReceiverOptions) {
    this.options = options;
  }

  init(app: App): void {
    this.app = app;
  }

  start(): Promise<void> {
    return Promise.resolve();
  }

  /** Waits for listeners still working after their request was answered. */
  async stop(): Promise<void> {
    await this.idle();
  }

  /** Resolves once no listener is working any more (tests wait on it; shutdown drains with it). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Verifies, dedupes and dispatches one request; never throws. */
  async handle(request: SlackHttpRequest): Promise<SlackHttpAnswer> {
    const now = this.options.now?.() ?? new Date();
    const verdict = verifySlackSignature({ signingSecret: this.options.signingSecret, rawBody: request.rawBody, headers: request.headers, now });
    if (!verdict.ok) {
      this.options.logger?.warn({ reason: verdict.reason }, 'slack: request refused');
      return { status: 401, error: { code: 'Unauthorized', message: `slack request refused: ${verdict.message}` } };
    }
    let body: SlackBody;
    try {
      body = parseSlackBody(request.rawBody, headerValue(request.headers, 'content-type'));
    } catch (error) {
      const message = isClosError(error) ? error.message : 'request body is unreadable';
      return { status: 400, error: { code: 'InvalidInput', message } };
    }
    if (body.ssl_check !== undefined) return { status: 200 };
    if (body.type === 'url_verification') return { status: 200, body: { challenge: String(body.challenge ?? '') } };

    const key = `slack:${slackRequestKey(body) ?? `body:${createHash('sha256').update(request.rawBody).digest('hex')}`}`;
    const retryNum = Number(headerValue(request.headers, SLACK_RETRY_NUM_HEADER) ?? '0') || undefined;
    let first: boolean;
    try {
      first = await this.options.claims.claim(key, CLAIM_TTL_DAYS);
    } catch (error) {
      this.options.logger?.error({ err: error }, 'slack: cannot record the request');
      return { status: 503, error: { code: 'Unavailable', message: 'temporarily unable to take the request; try again' } };
    }
    if (!first) {
      this.options.logger?.info({ key, retryNum }, 'slack: duplicate request, nothing done');
      return { status: 200, duplicate: true };
    }
    return this.dispatch(body, key, retryNum, headerValue(request.headers, SLACK_RETRY_REASON_HEADER));
  }

  private async dispatch(body: SlackBody, key: string, retryNum: number | undefined, retryReason: string | undefined): Promise<SlackHttpAnswer> {
    const app = this.app;
    if (app === undefined) throw new Error('SlackRequestReceiver: init(app) was not called');
    let acked = false;
    let answerWith: (answer: SlackHttpAnswer) => void = () => undefined;
    const answered = new Promise<SlackHttpAnswer>((resolve) => {
      answerWith = resolve;
    });
    const event: ReceiverEvent = {
      body,
      ...(retryNum !== undefined ? { retryNum } : {}),
      ...(retryReason !== undefined ? { retryReason } : {}),
      ack: async (response?: unknown) => {
        if (acked) throw new Error('ack() was already called for this request');
        acked = true;
        answerWith({ status: 200, ...ackBody(response) });
      },
    };
    const processing = app.processEvent(event).then(
      () => {
        // No listener acknowledged: nothing here handles this request.
        if (!acked) answerWith({ status: 404 });
      },
      async (error: unknown) => {
        this.options.logger?.error({ err: error, key }, 'slack: listener failed');
        if (!acked) {
          // Nothing took effect yet as far as Slack can tell: let its retry through.
          await this.options.claims.release(key).catch(() => undefined);
          answerWith({ status: 500 });
        }
      },
    );
    this.inFlight.add(processing);
    void processing.finally(() => this.inFlight.delete(processing));
    const timeoutMs = this.options.ackTimeoutMs ?? 2_500;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<SlackHttpAnswer>((resolve) => {
      timer = setTimeout(() => {
        if (!acked) this.options.logger?.error({ key }, 'slack: no listener acknowledged in time');
        resolve({ status: 503, error: { code: 'Unavailable', message: 'the request was not acknowledged in time' } });
      }, timeoutMs);
    });
    try {
      return await Promise.race([answered, late]);
    } finally {
      clearTimeout(timer);
    }
  }
}

function ackBody(response: unknown): Pick<SlackHttpAnswer, 'body'> {
  if (response === undefined || response === null || response === '') return {};
  if (typeof response === 'string') return { body: response };
  return { body: response as Record<string, unknown> };
}
