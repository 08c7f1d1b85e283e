import { blocksText, startSlackStack, type SlackStack } from './support/slack-stack.js';

let s: SlackStack;

beforeAll(async () => {
  s = await startSlackStack();
  await s.pool.query(
    `INSERT INTO work_items (id, kind, pod_id, person_id, state, title, url, repo, number)
     VALUES ($1, 'pull_request', $2, 'bob', 'held', 'Ship the <b>refund</b> flow', 'https://github.test/acme/pay/pull/5', $3, 5)`,
    [`gh:acme/pay-${s.run}#5`, s.ids.payments, `acme/pay-${s.run}`],
  );
}, 60_000);
afterAll(async () => {
  await s?.close();
});

describe('/digest', () => {
  it("previews the caller's own digest from the record, sending nothing and recording nothing", async () => {
    const reply = await s.say('U0BOB', '/digest', 'morning');
    expect(reply.message?.response_type).toBe('ephemeral');
    const blocks = blocksText(reply.message?.blocks);
    expect(blocks).toContain('Morning plan for Bob');
    expect(blocks).toContain('Ship the &lt;b&gt;refund&lt;/b&gt; flow');
    expect(blocks).toContain('holds a WIP slot in pod payments-');
    expect(blocks).toContain('Preview: written by the template, sent to nobody.');
    expect(s.slack.callsOf('chat.postMessage').filter((c) => c.body.channel === 'U0BOB')).toEqual([]);
    const { rows } = await s.pool.query('SELECT count(*)::int AS n FROM digests');
    expect(rows[0]).toEqual({ n: 0 });
  });

  it('says what is wrong with an unknown kind, and who is not in clos.yml', async () => {
    expect((await s.say('U0BOB', '/digest', 'night')).text).toContain('"night" is not a digest kind: use one of morning, midday, evening, weekly.');
    expect((await s.say('U0STRANGER', '/digest', '')).text).toContain('You are not in clos.yml');
  });
});
