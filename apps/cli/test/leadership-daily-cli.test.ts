import { startLeadershipApi, type LeadershipApi } from './support/leadership-api.js';

let api: LeadershipApi;
let alice: string;
let bob: string;
let admin: string;
let anonymous: string;

beforeAll(async () => {
  api = await startLeadershipApi();
  alice = await api.token('alice laptop', { payments: 'lead' }, 'alice');
  bob = await api.token('bob laptop', { payments: 'member' }, 'bob');
  admin = await api.token('root admin', { '*': 'admin' }, 'root');
  anonymous = await api.token('ci', { '*': 'admin' });
});

afterAll(async () => {
  await api?.close();
});

const MISSION = 'Ship the pricing page rewrite';

describe('clos daily', () => {
  it('records a check-in and shows it back, as JSON', async () => {
    const made = await api.clos(alice, 'daily', 'checkin', '--energy', 'high', '--stress', '4', '--tension', '--mission', MISSION, '--json');
    expect(made).toMatchObject({ code: 0, stderr: '' });
    const checkin = JSON.parse(made.stdout) as Record<string, unknown>;
    expect(checkin).toMatchObject({ energy: 'high', stress: 4, tension: true, circular: false, mission: MISSION, completion: null });
    expect(checkin.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const shown = await api.clos(alice, 'daily', 'show', '--json');
    expect(shown.code).toBe(0);
    const day = JSON.parse(shown.stdout) as { checkin: { mission: string }; personId: string; signals: unknown[] };
    expect(day).toMatchObject({ personId: 'alice', checkin: { mission: MISSION } });
    expect(day.signals).toHaveLength(4);

    const human = await api.clos(alice, 'daily', 'show');
    expect(human.stdout).toContain(MISSION);
    expect(human.stdout).toContain('No open decisions.');
  });

  it('refuses a second check-in the same day with a clear message', async () => {
    const again = await api.clos(alice, 'daily', 'checkin', '--energy', 'low', '--stress', '9', '--mission', 'again');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already checked in');
  });

  it('sets the mission, records paralysis, completes and reflects', async () => {
    expect((await api.clos(alice, 'daily', 'mission', 'Close the Q3 hiring plan')).code).toBe(0);
    const stuck = await api.clos(alice, 'daily', 'paralysis', '--decision', 'Reorg the pod', '--fear', 'Losing Bob', '--json');
    expect(stuck.code).toBe(0);
    expect(JSON.parse(stuck.stdout)).toMatchObject({ decision: 'Reorg the pod', fear: 'Losing Bob', stress: 4, energy: 'high' });
    const human = (await api.clos(alice, 'daily', 'show')).stdout;
    expect(human).toContain('Stuck today:');
    expect(human).toMatch(/Reorg the pod\s*│\s*Losing Bob/);
    // One check-in with tension and no overdue decision: no signal fails yet.
    expect(human).not.toContain('Failing health signal');
    const done = await api.clos(alice, 'daily', 'complete', '--type', 'delegated', '--json');
    expect(JSON.parse(done.stdout)).toMatchObject({ mission: 'Close the Q3 hiring plan', completion: 'delegated' });
    const reflected = await api.clos(alice, 'daily', 'reflect', 'Delegating early worked', '--json');
    expect(JSON.parse(reflected.stdout)).toMatchObject({ reflection: 'Delegating early worked' });
  });

  it.each([
    [['--energy', 'ecstatic', '--stress', '3', '--mission', 'x'], 2, '--energy: "ecstatic" is not one of high, medium, low'],
    [['--energy', 'high', '--stress', '11', '--mission', 'x'], 2, '--stress: "11" is not a whole number from 1 to 10'],
    [['--energy', 'high', '--stress', '3'], 2, 'missing --mission'],
    [['--energy', 'high', '--stress', '3', '--mission', 'x'.repeat(501)], 1, 'body.mission'],
  ])('refuses bad input %# with a message and a non-zero exit', async (flags, code, words) => {
    const result = await api.clos(bob, 'daily', 'checkin', ...flags);
    expect(result.code).toBe(code);
    expect(result.stderr).toContain(words);
    expect(result.stdout).toBe('');
  });

  it('keeps the check-in private: another person and an admin see only their own day', async () => {
    const bobDay = JSON.parse((await api.clos(bob, 'daily', 'show', '--json')).stdout) as { personId: string; checkin: unknown; paralysis: unknown[] };
    expect(bobDay).toMatchObject({ personId: 'bob', checkin: null, paralysis: [] });
    const adminDay = JSON.parse((await api.clos(admin, 'daily', 'show', '--json')).stdout) as { personId: string; checkin: unknown };
    expect(adminDay).toMatchObject({ personId: 'root', checkin: null });
    const adminExport = JSON.parse((await api.clos(admin, 'analyze', 'patterns', '--json')).stdout) as { finding: { n: number } };
    expect(adminExport.finding.n).toBe(0);

    // An admin token acting for nobody is refused outright, with the way to fix it.
    const refused = await api.clos(anonymous, 'daily', 'show');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('acts for no person');

    // No route takes a person: reading another's day by URL is impossible, and a date route reads the caller's.
    const today = JSON.parse((await api.clos(alice, 'daily', 'show', '--json')).stdout) as { date: string };
    const viaAdmin = await fetch(`${api.url}/api/checkins/${today.date}`, { headers: { authorization: `Bearer ${admin}` } });
    expect(viaAdmin.status).toBe(404);
    const viaAdminQuery = await fetch(`${api.url}/api/today?person=alice`, { headers: { authorization: `Bearer ${admin}` } });
    expect(JSON.stringify(await viaAdminQuery.json())).not.toContain(MISSION);
  });

  it('stores free text encrypted and keeps it out of the audit log', async () => {
    const { rows } = await api.pool.query<{ mission_enc: string; reflection_enc: string }>(`SELECT mission_enc, reflection_enc FROM leadership_checkins WHERE person_id = 'alice'`);
    expect(rows[0]!.mission_enc).toMatch(/^v1\.test\.[\w-]+\.[\w-]+\.[\w-]+$/);
    const everything = JSON.stringify((await api.pool.query('SELECT * FROM leadership_checkins')).rows);
    expect(everything).not.toContain('Q3 hiring');
    const paralysis = JSON.stringify((await api.pool.query('SELECT * FROM leadership_paralysis')).rows);
    expect(paralysis).not.toContain('Losing Bob');
    const audit = await api.pool.query<{ action: string; details: unknown }>(`SELECT action, details FROM audit_log WHERE action LIKE 'leadership.%' ORDER BY id`);
    expect(audit.rows.map((r) => r.action)).toEqual(expect.arrayContaining(['leadership.checkin', 'leadership.paralysis', 'leadership.reflect']));
    const auditText = JSON.stringify(audit.rows);
    for (const secret of [MISSION, 'Q3 hiring', 'Losing Bob', 'Delegating early']) expect(auditText).not.toContain(secret);
  });

  it('links an episode to a decision of your own log, and refuses another person’s or an unknown one', async () => {
    const decision = JSON.parse((await api.clos(alice, 'decision', 'add', 'Reorg the pod', '--type', 'irreversible', '--json')).stdout) as { id: string };
    const stuck = await api.clos(alice, 'daily', 'paralysis', '--decision', 'Reorg the pod', '--fear', 'Losing Bob', '--decision-id', decision.id, '--json');
    expect(stuck).toMatchObject({ code: 0, stderr: '' });
    const episode = JSON.parse(stuck.stdout) as { id: string; decisionId: string | null };
    expect(episode.decisionId).toBe(decision.id);
    expect((await api.clos(alice, 'daily', 'paralysis', '--decision', 'Reorg the pod', '--fear', 'Losing Bob', '--decision-id', decision.id)).stdout).toContain(`about decision ${decision.id}`);
    const day = JSON.parse((await api.clos(alice, 'daily', 'show', '--json')).stdout) as { paralysis: { id: string; decisionId: string | null }[] };
    expect(day.paralysis).toContainEqual(expect.objectContaining({ id: episode.id, decisionId: decision.id }));
    // The earlier episode named no decision.
    expect(day.paralysis[0]).toMatchObject({ decisionId: null });

    // Bob cannot link Alice's decision (nor learn that it exists), nor one nobody has.
    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const id of [decision.id, unknown]) {
      const refused = await api.clos(bob, 'daily', 'paralysis', '--decision', 'x', '--fear', 'y', '--decision-id', id, '--json');
      expect(refused).toMatchObject({ code: 1, stdout: '' });
      expect(refused.stderr).toContain(`decisionId: you have no decision ${id}`);
    }
    expect(await api.clos(bob, 'daily', 'paralysis', '--decision', 'x', '--fear', 'y', '--decision-id', 'DEC-1')).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('body.decisionId: must be an id (UUID)'),
    });
    const { rows } = await api.pool.query(`SELECT 1 FROM leadership_paralysis WHERE person_id = 'bob'`);
    expect(rows).toEqual([]);
  });

  it('shows a pod only aggregates, and only over at least 3 people', async () => {
    const hidden = await fetch(`${api.url}/api/pods/payments/leadership`, { headers: { authorization: `Bearer ${alice}` } });
    expect(hidden.status).toBe(200);
    expect(await hidden.json()).toMatchObject({ shown: false, people: 1, minimumPeople: 3 });

    const carol = await api.token('carol', { payments: 'member' }, 'carol');
    expect((await api.clos(bob, 'daily', 'checkin', '--energy', 'low', '--stress', '8', '--mission', 'b')).code).toBe(0);
    expect((await api.clos(carol, 'daily', 'checkin', '--energy', 'medium', '--stress', '6', '--mission', 'c')).code).toBe(0);
    const shown = await fetch(`${api.url}/api/pods/payments/leadership`, { headers: { authorization: `Bearer ${alice}` } });
    const body = (await shown.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ shown: true, people: 3, aggregates: { checkins: 3, averageStress: 6, energy: { high: 1, medium: 1, low: 1 } } });
    expect(JSON.stringify(body)).not.toMatch(/alice|bob|carol|mission/);

    const outsider = await fetch(`${api.url}/api/pods/growth/leadership`, { headers: { authorization: `Bearer ${bob}` } });
    expect(outsider.status).toBe(403);
  });
});

describe('clos analyze paralysis', () => {
  it('counts episodes by the type of the decision they are stuck on, unlinked ones apart', async () => {
    const dave = await api.token('dave laptop', { payments: 'member' }, 'dave');
    const decision = async (type: string) => (JSON.parse((await api.clos(dave, 'decision', 'add', `A ${type} call`, '--type', type, '--json')).stdout) as { id: string }).id;
    const irreversible = await decision('irreversible');
    const reversibleHigh = await decision('reversible_high');
    await decision('reversible_low');
    // Eight episodes: 3 on the irreversible decision, 1 on the costly reversible one, none on the cheap one, 4 unlinked.
    for (const id of [irreversible, irreversible, irreversible, reversibleHigh, undefined, undefined, undefined, undefined]) {
      const flags = id === undefined ? [] : ['--decision-id', id];
      expect((await api.clos(dave, 'daily', 'paralysis', '--decision', 'Which way', '--fear', 'Being wrong', ...flags)).code).toBe(0);
    }

    const answered = await api.clos(dave, 'analyze', 'paralysis', '--json');
    expect(answered).toMatchObject({ code: 0, stderr: '' });
    const { finding } = JSON.parse(answered.stdout) as { finding: { enough: boolean; n: number; result: { byDecisionType: unknown } } };
    expect(finding).toMatchObject({ enough: true, n: 8 });
    expect(finding.result.byDecisionType).toEqual({
      reversible_low: { episodes: 0, share: 0 },
      reversible_high: { episodes: 1, share: 0.13 },
      irreversible: { episodes: 3, share: 0.38 },
      unlinked: { episodes: 4, share: 0.5 },
    });

    const table = (await api.clos(dave, 'analyze', 'paralysis')).stdout;
    expect(table).toContain('By decision type:');
    expect(table).toMatch(/│ DECISION TYPE\s*│ EPISODES │ SHARE │/);
    for (const [type, episodes, share] of [['reversible_low', 0, '0 %'], ['reversible_high', 1, '13 %'], ['irreversible', 3, '38 %'], ['unlinked', 4, '50 %']] as const) {
      expect(table).toMatch(new RegExp(`│ ${type}\\s*│ ${episodes}\\s*│ ${share}\\s*│`));
    }
  });
});
