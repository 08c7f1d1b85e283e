import { eventRequest, signSlackRequest, slashCommandRequest } from '@clos/slack/testing';
import { blocksText, replyText, SIGNING_SECRET, startSlackStack, type SlackStack } from './support/slack-stack.js';

let s: SlackStack;

beforeAll(async () => {
  s = await startSlackStack();
}, 60_000);
afterAll(async () => {
  await s?.close();
});

describe('POST /slack/events: verification', () => {
  const wip = (options: { secret?: string; timestamp?: number }) =>
    slashCommandRequest(
      { command: '/wip', text: s.ids.payments, userId: 'U0BOB', responseUrl: s.slack.responseUrl('forged') },
      { signingSecret: options.secret ?? SIGNING_SECRET, ...(options.timestamp !== undefined ? { timestamp: options.timestamp } : {}) },
    );

  it('refuses a request signed with another secret with 401 and does nothing', async () => {
    const answer = await s.post(wip({ secret: 'not-the-secret' }));
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ error: { code: 'Unauthorized', message: expect.stringContaining('does not match') } });
    await s.bot.idle();
    expect(s.slack.responses('forged')).toHaveLength(0);
  });

  it('refuses unsigned, tampered, stale and future-dated requests with 401', async () => {
    const good = wip({});
    const unsigned = { ...good, headers: { 'content-type': good.headers['content-type']! } };
    const tampered = { ...good, payload: good.payload.replace('U0BOB', 'U0ALICE') };
    const now = Math.floor(Date.now() / 1000);
    for (const request of [unsigned, tampered, wip({ timestamp: now - 6 * 60 }), wip({ timestamp: now + 6 * 60 })]) {
      expect((await s.post(request)).status).toBe(401);
    }
  });

  it('answers 400 to a signed body it cannot read', async () => {
    const payload = '{not json';
    const headers = { 'content-type': 'application/json', ...signSlackRequest({ signingSecret: SIGNING_SECRET, rawBody: payload, timestamp: Math.floor(Date.now() / 1000) }) };
    const answer = await s.post({ payload, headers });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: { code: 'InvalidInput' } });
  });

  it('answers Slack’s URL verification challenge', async () => {
    const answer = await s.event({ type: 'url_verification', token: 'x', challenge: 'challenge-123' });
    expect(answer).toMatchObject({ status: 200, body: { challenge: 'challenge-123' } });
  });
});

describe('POST /slack/events: retries', () => {
  it('answers a mention once, however often Slack retries the event', async () => {
    const envelope = {
      type: 'event_callback',
      team_id: 'TCLOS',
      api_app_id: 'ACLOS',
      event_id: `Ev${s.run}`,
      event_time: Math.floor(Date.now() / 1000),
      event: { type: 'app_mention', user: 'U0BOB', text: '<@UCLOSBOT> help', ts: '1700000100.000100', channel: 'C0PAYMENTS', event_ts: '1700000100.000100' },
    };
    expect((await s.event(envelope)).status).toBe(200);
    expect((await s.event(envelope, 1)).status).toBe(200);
    expect((await s.post(eventRequest(envelope, { signingSecret: SIGNING_SECRET, retryNum: 2 }))).status).toBe(200);
    await s.bot.idle();
    const posts = s.slack.callsOf('chat.postMessage').filter((c) => c.body.thread_ts === '1700000100.000100');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body.text).toEqual(expect.stringContaining('/wip'));
  });

  it('schedules one demo for a command Slack delivers twice', async () => {
    const first = await s.command('U0BOB', '/demo', `schedule ${s.ids.checkout} 2099-01-02`, { triggerId: `trig-${s.run}` });
    const retry = await s.command('U0BOB', '/demo', `schedule ${s.ids.checkout} 2099-01-02`, { triggerId: `trig-${s.run}`, retryNum: 1 });
    expect(first.status).toBe(200);
    expect(replyText(first.body)).toMatch(/Demo #\d+ of Checkout is scheduled for Fri 2 Jan/);
    expect(retry).toMatchObject({ status: 200, body: undefined });
    await s.bot.idle();
    const { rows } = await s.pool.query('SELECT project_id, scheduled_for::text AS day, scheduled_by FROM demos WHERE project_id = $1', [s.ids.checkout]);
    expect(rows).toEqual([{ project_id: s.ids.checkout, day: '2099-01-02', scheduled_by: 'bob' }]);
    expect(s.slack.callsOf('chat.postMessage').filter((c) => String(c.body.text).includes('scheduled for Fri 2 Jan'))).toHaveLength(1);
  });
});

describe('help and usage', () => {
  it.each(['/wip', '/stage', '/unblock', '/idea', '/demo'])('%s help lists the subcommands', async (command) => {
    const answer = await s.say('U0BOB', command, 'help');
    expect(answer.status).toBe(200);
    expect(answer.message).toMatchObject({ response_type: 'ephemeral' });
    const text = answer.text;
    expect(text).toContain(command);
    expect(text).toContain('help');
  });

  it.each([
    ['/wip', 'frobnicate now'],
    ['/stage', 'frobnicate'],
    ['/unblock', 'frobnicate now'],
    ['/idea', 'frobnicate'],
    ['/demo', 'frobnicate'],
  ])('%s answers an unknown subcommand with its usage', async (command, text) => {
    const answer = await s.say('U0BOB', command, text);
    expect(answer.status).toBe(200);
    const reply = answer.text;
    expect(reply).toContain('frobnicate');
    expect(reply).toContain(`Usage of ${command}`);
  });
});

describe('/wip without workflows running', () => {
  it('answers within 3 s naming the pod and its limit', async () => {
    const answer = await s.say('U0BOB', '/wip', s.ids.payments);
    expect(answer.status).toBe(200);
    expect(answer.ms).toBeLessThan(3_000);
    const text = answer.text;
    expect(text).toContain(`Payments (${s.ids.payments})`);
    expect(text).toContain('limit 2');
    const blocks = (answer.message as { blocks: unknown[] }).blocks;
    expect(blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: `WIP — Payments (${s.ids.payments})`, emoji: true } });
    expect(blocksText(blocks)).toContain('*Limit* 2');
    expect(blocksText(blocks)).toContain('*Holding a slot:* nobody');
  });

  it('shows the caller’s pods when given no pod, and finds a pod by name', async () => {
    const mine = await s.say('U0DAVE', '/wip', '');
    expect(mine.text).toContain(`Growth (${s.ids.growth})`);
    expect(mine.text).toContain('limit 3');
    expect(mine.text).not.toContain('Payments');
    const byName = await s.say('U0BOB', '/wip', 'payments');
    expect(byName.text).toContain('limit 2');
    // Another pod's WIP is read under the REST read rule: its viewers only.
    const other = await s.say('U0DAVE', '/wip', 'payments');
    expect(other.text).toBe(`:no_entry: Only a viewer of Payments (${s.ids.payments}) can see its WIP; you are not a member of Payments (${s.ids.payments}).`);
  });

  it('tells a stranger which pods exist', async () => {
    const answer = await s.say('U0NOBODY', '/wip', '');
    expect(answer.text).toContain('not a member of any pod');
    expect(answer.text).toContain(s.ids.payments);
  });
});

describe('/demo schedule and list', () => {
  it('refuses bad days, strangers to the pod and missing projects', async () => {
    expect((await s.say('U0BOB', '/demo', 'schedule')).text).toContain('Usage of /demo');
    expect((await s.say('U0BOB', '/demo', `schedule ${s.ids.checkout} 2001-01-05`)).text).toContain('has passed');
    expect((await s.say('U0BOB', '/demo', `schedule ${s.ids.checkout} 2099-02-30`)).text).toContain('is not a day');
    expect((await s.say('U0BOB', '/demo', `schedule ${s.ids.loop}`)).text).toContain(`Only a member of Growth (${s.ids.growth})`);
    expect((await s.say('U0BOB', '/demo', 'schedule nowhere')).text).toContain('No project named "nowhere"');
  });

  it('defaults to the next Friday and lists upcoming demos of the caller’s pods', async () => {
    const scheduled = await s.say('U0DAVE', '/demo', `schedule ${s.ids.loop}`);
    expect(scheduled.text).toMatch(/Demo #\d+ of Growth loop is scheduled for Fri \d+ \w+ \(\d{4}-\d{2}-\d{2}\)/);
    const listed = await s.say('U0DAVE', '/demo', 'list');
    expect(listed.text).toContain('*Upcoming demos of your pods*');
    expect(listed.text).toContain('Growth loop — Fri');
    expect(listed.text).not.toContain('Checkout');
    const { rows } = await s.pool.query<{ dow: number }>('SELECT extract(isodow FROM scheduled_for)::int AS dow FROM demos WHERE project_id = $1', [s.ids.loop]);
    expect(rows).toEqual([{ dow: 5 }]);
  });
});

describe('requests nothing handles', () => {
  it('answers 404 to a command the app does not serve', async () => {
    const answer = await s.command('U0BOB', '/nope', '');
    expect(answer.status).toBe(404);
  });
});
