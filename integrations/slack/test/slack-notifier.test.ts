import { createTestDatabase } from '@clos/devstack';
import pg from 'pg';
import { ChannelPacer, createPgMessageLedger, createSlackWebClient, SlackNotifier, webApiPoster } from '../src/index.js';
import { startFakeSlack, type FakeSlack } from '../src/testing/index.js';

describe('SlackNotifier against a Slack stand-in and Postgres', () => {
  let pool: pg.Pool;
  let slack: FakeSlack;

  beforeAll(async () => {
    pool = new pg.Pool({ connectionString: await createTestDatabase(), max: 4 });
    slack = await startFakeSlack({ token: 'xoxb-test' });
  });
  afterAll(async () => {
    await Promise.all([pool.end(), slack.close()]);
  });
  beforeEach(() => slack.clear());

  function notifier(options: { intervalMs?: number } = {}): SlackNotifier {
    const client = createSlackWebClient({ token: 'xoxb-test', apiUrl: slack.apiUrl, rejectRateLimitedCalls: true, retries: 0 });
    return new SlackNotifier({
      poster: webApiPoster(client),
      ledger: createPgMessageLedger(pool),
      channelFor: (podId) => (podId === 'payments' ? 'C0PAYMENTS' : undefined),
      pacer: new ChannelPacer({ intervalMs: options.intervalMs ?? 1000 }),
    });
  }

  it('posts to the pod channel once per key, however often the send is retried', async () => {
    const n = notifier();
    const message = { podId: 'payments', kind: 'wip.exceeded', text: 'Pod payments is over its WIP limit', key: 'pod-wip:payments:run1:7' };
    await n.notify(message);
    await n.notify(message);
    await Promise.all([n.notify(message), notifier().notify(message)]);
    const posts = slack.callsOf('chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({ token: 'xoxb-test', body: { channel: 'C0PAYMENTS', text: 'Pod payments is over its WIP limit' } });
    const { rows } = await pool.query('SELECT channel, kind, ts, sent_at FROM slack_messages WHERE key = $1', [message.key]);
    expect(rows).toEqual([expect.objectContaining({ channel: 'C0PAYMENTS', kind: 'wip.exceeded', ts: expect.stringMatching(/^\d+\.\d+$/) })]);
  });

  it('threads messages that share a thread key under the first one', async () => {
    const n = notifier({ intervalMs: 0 });
    await n.notify({ podId: 'payments', kind: 'wip.exceeded', text: 'first', threadKey: 'wip:payments:thread-test', key: 't-1' });
    await n.notify({ podId: 'payments', kind: 'wip.slot_freed', text: 'second', threadKey: 'wip:payments:thread-test', key: 't-2' });
    await n.notify({ podId: 'payments', kind: 'stage.advanced', text: 'unrelated', threadKey: 'stage:web', key: 't-3' });
    const [first, second, third] = slack.callsOf('chat.postMessage');
    expect(first?.body.thread_ts).toBeUndefined();
    const { rows } = await pool.query<{ ts: string }>('SELECT ts FROM slack_messages WHERE key = $1', ['t-1']);
    expect(second?.body.thread_ts).toBe(rows[0]?.ts);
    expect(third?.body.thread_ts).toBeUndefined();
  });

  it('sends at most one message a second to a channel', async () => {
    const n = notifier();
    await Promise.all([1, 2, 3].map((i) => n.notify({ podId: 'payments', kind: 'wip.slot_freed', text: `m${i}`, key: `pace-${i}` })));
    const times = slack.callsOf('chat.postMessage').map((c) => c.at);
    expect(times).toHaveLength(3);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(950);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(950);
  });

  it('honours a 429 Retry-After and then posts exactly once', async () => {
    slack.failNext({ kind: 'rate_limited', method: 'chat.postMessage', retryAfterSeconds: 1 });
    const n = notifier({ intervalMs: 0 });
    await n.notify({ podId: 'payments', kind: 'stage.escalated', text: 'escalated', key: 'rl-1' });
    const calls = slack.callsOf('chat.postMessage');
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(950);
    const { rows } = await pool.query('SELECT ts FROM slack_messages WHERE key = $1', ['rl-1']);
    expect(rows[0]?.ts).toEqual(expect.any(String));
  });

  it('lets a retry send again when Slack refused the first attempt', async () => {
    slack.failNext({ kind: 'error', method: 'chat.postMessage', error: 'channel_not_found' });
    const n = notifier({ intervalMs: 0 });
    const message = { podId: 'payments', kind: 'wip.exceeded', text: 'retry me', key: 'fail-1' };
    await expect(n.notify(message)).rejects.toThrow(/channel_not_found/);
    await n.notify(message);
    expect(slack.callsOf('chat.postMessage').map((c) => c.status)).toEqual([200, 200]);
    const { rows } = await pool.query('SELECT count(*)::int AS n FROM slack_messages WHERE key = $1 AND ts IS NOT NULL', ['fail-1']);
    expect(rows[0]?.n).toBe(1);
  });

  it('drops a notification for a pod without a channel', async () => {
    await notifier().notify({ podId: 'unknown', kind: 'wip.exceeded', text: 'nowhere', key: 'none-1' });
    expect(slack.calls).toHaveLength(0);
  });
});
