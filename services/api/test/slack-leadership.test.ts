import { randomBytes } from 'node:crypto';
import { startSlackStack, type SlackStack } from './support/slack-stack.js';

let s: SlackStack;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  s = await startSlackStack({ dataKeys: { currentId: 'test', keys: new Map([['test', randomBytes(32)]]) } });
  tokens.bob = await s.issue('bob laptop', {}, 'bob');
  tokens.alice = await s.issue('alice laptop', {}, 'alice');
  // Erin is the organisation admin: her token reaches her own record and nobody else's.
  tokens.erin = await s.issue('erin admin', { '*': 'admin' }, 'U0ERIN');
}, 120_000);
afterAll(async () => {
  await s?.close();
});

const rest = (who: string, url: string) => s.api.inject({ method: 'GET', url, headers: { authorization: `Bearer ${tokens[who]}` } });

/** A check-in modal's state as Slack submits it. */
const checkin = (answers: { energy?: string; stress?: number; signals?: string[]; mission?: string | null }) => ({
  energy: { energy_select: { type: 'radio_buttons', selected_option: answers.energy !== undefined ? { value: answers.energy } : null } },
  stress: { stress_select: { type: 'static_select', selected_option: answers.stress !== undefined ? { value: String(answers.stress) } : null } },
  signals: { signals_check: { type: 'checkboxes', selected_options: (answers.signals ?? []).map((value) => ({ value })) } },
  mission: { mission_input: { type: 'plain_text_input', value: answers.mission ?? null } },
});

describe('/checkin: the morning check-in modal', () => {
  it('opens a modal of four inputs within Slack’s three seconds', async () => {
    const answer = await s.command('U0BOB', '/checkin', '');
    expect(answer).toMatchObject({ status: 200, body: undefined });
    expect(answer.ms).toBeLessThan(3_000);
    await s.bot.idle();
    const view = s.slack.callsOf('views.open').at(-1)!.body.view as { callback_id: string; blocks: { type: string; block_id?: string; element?: { type: string } }[] };
    expect(view.callback_id).toBe('checkin_submit');
    expect(view.blocks.filter((b) => b.type === 'input').map((b) => [b.block_id, b.element?.type])).toEqual([
      ['energy', 'radio_buttons'],
      ['stress', 'static_select'],
      ['signals', 'checkboxes'],
      ['mission', 'plain_text_input'],
    ]);
  });

  it('shows each problem next to its input, naming the field', async () => {
    const missing = await s.submit('U0BOB', 'checkin_submit', '', checkin({ mission: 'Ship it' }));
    expect(missing).toMatchObject({ status: 200, body: { response_action: 'errors', errors: { energy: expect.stringContaining('energy:'), stress: expect.stringContaining('stress:') } } });
    const blank = await s.submit('U0BOB', 'checkin_submit', '', checkin({ energy: 'high', stress: 4, mission: '   ' }));
    expect(blank.body).toEqual({ response_action: 'errors', errors: { mission: 'mission: must not be blank' } });
    const bent = await s.submit('U0BOB', 'checkin_submit', '', checkin({ energy: 'sky-high', stress: 11, mission: 'x' }));
    expect((bent.body as { errors: Record<string, string> }).errors).toEqual({ energy: expect.stringMatching(/^energy: must be one of high, medium, low/), stress: 'stress: must be 1 to 10' });
    expect((await rest('bob', '/api/checkins')).json()).toEqual({ items: [] });
  });

  it('stores the check-in for the person Slack says submitted it, encrypted, audited without content', async () => {
    const answer = await s.submit('U0BOB', 'checkin_submit', '', checkin({ energy: 'medium', stress: 6, signals: ['tension'], mission: 'Decide the <Q3> hiring plan' }));
    expect(answer).toMatchObject({ status: 200, body: undefined });
    await s.bot.idle();
    const { items } = (await rest('bob', '/api/checkins')).json() as { items: { date: string; energy: string; stress: number; tension: boolean; circular: boolean; mission: string }[] };
    expect(items).toEqual([expect.objectContaining({ energy: 'medium', stress: 6, tension: true, circular: false, mission: 'Decide the <Q3> hiring plan' })]);
    const { rows } = await s.pool.query<{ person_id: string; mission_enc: string }>('SELECT person_id, mission_enc FROM leadership_checkins');
    expect(rows).toEqual([{ person_id: 'bob', mission_enc: expect.stringMatching(/^v1\.test\./) }]);
    expect(rows[0]!.mission_enc).not.toContain('hiring');
    const { rows: audit } = await s.pool.query("SELECT actor, target, details FROM audit_log WHERE action = 'leadership.checkin'");
    expect(audit).toEqual([{ actor: 'bob', target: 'leadership:self', details: expect.objectContaining({ tokenName: 'slack:U0BOB', input: {}, outcome: 'done' }) }]);
    const dm = s.slack.callsOf('chat.postMessage').filter((c) => c.body.channel === 'U0BOB').at(-1)!;
    expect(dm.body.text).toContain('Checked in for');
    expect(dm.body.text).toContain('Mission: Decide the <Q3> hiring plan');

    const date = items[0]!.date;
    expect((await rest('bob', `/api/checkins/${date}`)).statusCode).toBe(200);
    // Nobody else reads it, whatever their role: Alice leads Bob's pod, Erin is the admin.
    for (const other of ['alice', 'erin']) {
      expect((await rest(other, `/api/checkins/${date}`)).statusCode).toBe(404);
      expect((await rest(other, '/api/checkins')).json()).toEqual({ items: [] });
    }
  });

  it('keeps one check-in a day', async () => {
    const again = await s.say('U0BOB', '/checkin', '');
    expect(again.text).toContain('You checked in today already');
    expect(again.text).toContain('stress 6/10');
    const twice = await s.submit('U0BOB', 'checkin_submit', '', checkin({ energy: 'high', stress: 2, mission: 'Again' }));
    expect(twice.body).toEqual({ response_action: 'errors', errors: { energy: 'You have already checked in today.' } });
  });
});

describe('/decide: the decision log', () => {
  it('logs a decision that GET /api/decisions lists for that person only', async () => {
    const logged = await s.say('U0ALICE', '/decide', 'Move checkout to the new PSP &amp; retire the old one --type irreversible');
    expect(logged.text).toContain('Decision logged (irreversible): Move checkout to the new PSP & retire the old one');
    const plain = await s.say('U0ALICE', '/decide', 'Pick the offsite venue');
    expect(plain.text).toContain('Decision logged (reversible_low)');
    const { items } = (await rest('alice', '/api/decisions')).json() as { items: { text: string; type: string; decidedAt: string | null }[] };
    expect(items.map((d) => [d.text, d.type, d.decidedAt])).toEqual(
      expect.arrayContaining([
        ['Move checkout to the new PSP & retire the old one', 'irreversible', null],
        ['Pick the offsite venue', 'reversible_low', null],
      ]),
    );
    expect(items).toHaveLength(2);
    for (const other of ['bob', 'erin']) expect((await rest(other, '/api/decisions')).json()).toEqual({ items: [] });
    const listed = await s.say('U0ALICE', '/decide', 'list');
    expect(listed.text).toContain('Open decisions (2)');
  });

  it('says which field is wrong', async () => {
    expect((await s.say('U0ALICE', '/decide', 'Hire --type maybe')).text).toContain('type: must be one of reversible_low, reversible_high, irreversible');
    expect((await s.say('U0ALICE', '/decide', '--type irreversible')).text).toContain('text: must not be empty');
    expect((await s.say('U0ALICE', '/decide', 'Hire --by friday')).text).toContain('--by: not an option of /decide');
    expect(((await rest('alice', '/api/decisions')).json() as { items: unknown[] }).items).toHaveLength(2);
  });
});

describe('a Slack user clos.yml does not list', () => {
  it('is refused, told why and how to fix it, and nothing is stored', async () => {
    for (const [command, text] of [
      ['/checkin', ''],
      ['/decide', 'Anything'],
    ] as const) {
      const answer = await s.say('U0STRANGER', command, text);
      expect(answer.text).toContain('You are not in clos.yml');
      expect(answer.text).toContain('slack: U0STRANGER');
    }
    const submitted = await s.submit('U0STRANGER', 'checkin_submit', '', checkin({ energy: 'high', stress: 2, mission: 'x' }));
    expect(submitted.body).toEqual({ response_action: 'errors', errors: { energy: expect.stringContaining('You are not in clos.yml') } });
    const { rows } = await s.pool.query("SELECT count(*)::int AS n FROM leadership_checkins WHERE person_id LIKE 'slack:%' OR person_id = 'U0STRANGER'");
    expect(rows[0].n).toBe(0);
  });
});
