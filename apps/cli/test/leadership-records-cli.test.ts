import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { startLeadershipApi, type LeadershipApi } from './support/leadership-api.js';

let api: LeadershipApi;
let alice: string;
let bob: string;
let admin: string;

beforeAll(async () => {
  api = await startLeadershipApi();
  alice = await api.token('alice laptop', { payments: 'lead' }, 'alice');
  bob = await api.token('bob laptop', { payments: 'member' }, 'bob');
  admin = await api.token('root admin', { '*': 'admin' }, 'root');
});

afterAll(async () => {
  await api?.close();
});

const json = <T>(result: { stdout: string }) => JSON.parse(result.stdout) as T;

describe('clos decision', () => {
  let id: string;

  it('logs, lists and decides a decision (POST /api/decisions {text, type})', async () => {
    const added = await api.clos(alice, 'decision', 'add', 'Hire a second SRE', '--type', 'reversible_high', '--json');
    expect(added.code).toBe(0);
    const decision = json<{ id: string; text: string; type: string; overdue: boolean }>(added);
    expect(decision).toMatchObject({ text: 'Hire a second SRE', type: 'reversible_high', overdue: false });
    id = decision.id;

    const listed = await api.clos(alice, 'decision', 'list');
    expect(listed.stdout).toContain('Hire a second SRE');
    expect(json<unknown[]>(await api.clos(alice, 'decision', 'list', '--overdue', '--json'))).toEqual([]);

    const decided = await api.clos(alice, 'decision', 'decide', id, '--rationale', 'On-call load', '--told', 'bob, carol', '--json');
    expect(json(decided)).toMatchObject({ rationale: 'On-call load', communicatedTo: ['bob', 'carol'], overdue: false });
    expect(json<{ hoursToDecide: number }>(decided).hoursToDecide).toBeLessThan(1);
  });

  it('counts a decision open past 48 hours as overdue', async () => {
    const added = json<{ id: string }>(await api.clos(alice, 'decision', 'add', 'Sunset the legacy API', '--type', 'irreversible', '--json'));
    await api.pool.query(`UPDATE leadership_decisions SET opened_at = now() - interval '50 hours' WHERE id = $1`, [added.id]);
    const overdue = json<{ id: string; overdue: boolean }[]>(await api.clos(alice, 'decision', 'list', '--overdue', '--json'));
    expect(overdue).toEqual([expect.objectContaining({ id: added.id, overdue: true })]);
    // One failing signal is named on the day's page, short of the breaker's warning (two).
    const day = await api.clos(alice, 'daily', 'show');
    expect(day.stdout).toContain('Failing health signal: decisions (1)');
    expect(day.stdout).not.toContain('Warning:');
  });

  it('refuses bad input and other people’s decisions', async () => {
    expect(await api.clos(alice, 'decision', 'add', 'x', '--type', 'maybe')).toMatchObject({ code: 2, stderr: expect.stringContaining('--type: "maybe" is not one of') });
    expect(await api.clos(alice, 'decision', 'decide', id, '--rationale', 'again')).toMatchObject({ code: 1, stderr: expect.stringContaining('already decided') });
    expect(await api.clos(alice, 'decision', 'decide', 'not-an-id', '--rationale', 'r')).toMatchObject({ code: 1, stderr: expect.stringContaining('params.decisionId') });
    // Bob and the admin cannot decide, or even find, Alice's decision.
    expect(await api.clos(bob, 'decision', 'decide', id, '--rationale', 'mine now')).toMatchObject({ code: 1, stderr: expect.stringContaining(`no decision ${id}`) });
    expect(json<unknown[]>(await api.clos(admin, 'decision', 'list', '--json'))).toEqual([]);
  });
});

describe('clos weekly', () => {
  it('delegates, records the outcome, sets the focus and reviews the week', async () => {
    const made = json<{ id: string }>(await api.clos(alice, 'weekly', 'delegate', 'Run the incident review', '--to', 'bob', '--control', '8', '--json'));
    const closed = await api.clos(alice, 'weekly', 'outcome', made.id, '--outcome', 'owned', '--json');
    expect(json(closed)).toMatchObject({ outcome: 'owned', to: 'bob', controlImpulse: 8 });
    const focus = await api.clos(alice, 'weekly', 'focus', 'Hiring', '--secondary', 'Budget, Roadmap', '--json');
    expect(json(focus)).toMatchObject({ focus: 'Hiring', secondary: ['Budget', 'Roadmap'] });

    const review = json<{ focus: string; figures: { decisionsMade: number; decidedWithin48h: number; delegations: { made: number; successRate: number } } }>(
      await api.clos(alice, 'weekly', 'review', '--json'),
    );
    expect(review).toMatchObject({ focus: 'Hiring', figures: { decisionsMade: 1, decidedWithin48h: 1, delegations: { made: 1, successRate: 1 } } });
    expect((await api.clos(alice, 'weekly', 'review')).stdout).toContain('decided within 48 h');
    expect(await api.clos(alice, 'weekly', 'delegate', 'x', '--to', 'bob', '--control', 'lots')).toMatchObject({ code: 2, stderr: expect.stringContaining('--control') });
    expect(json<{ figures: { from: string } }>(await api.clos(alice, 'monthly', 'review', '--json')).figures.from).toMatch(/-01$/);
  });
});

describe('clos project', () => {
  it('adds, lists, updates, completes and kills projects', async () => {
    const a = json<{ id: string; slipDays: number }>(
      await api.clos(alice, 'project', 'add', 'Pricing v2', '--deadline', '2030-03-01', '--eac', '2030-03-15', '--criteria', 'Live for 100% of EU', '--json'),
    );
    expect(a.slipDays).toBe(14);
    const b = json<{ id: string }>(await api.clos(alice, 'project', 'add', 'Data retention', '--deadline', '2030-06-01', '--eac', '2030-05-01', '--criteria', 'Policy signed', '--json'));
    expect(json(await api.clos(alice, 'project', 'update', a.id, '--status', 'red', '--json'))).toMatchObject({ status: 'red' });
    expect((await api.clos(alice, 'project', 'timeline')).stdout).toMatch(/LATE by 14 d .*Pricing v2/);
    expect(json(await api.clos(alice, 'project', 'complete', b.id, '--json'))).toMatchObject({ state: 'completed', shippedEarly: true });
    expect(json(await api.clos(alice, 'project', 'kill', a.id, '--reason', 'Superseded', '--json'))).toMatchObject({ state: 'killed', killedReason: 'Superseded' });
    expect(json<unknown[]>(await api.clos(alice, 'project', 'list', '--active', '--json'))).toEqual([]);
    expect(json<unknown[]>(await api.clos(alice, 'project', 'list', '--json'))).toHaveLength(2);
    expect(await api.clos(alice, 'project', 'kill', a.id, '--reason', 'again')).toMatchObject({ code: 1, stderr: expect.stringContaining('already completed or killed') });
    expect(await api.clos(alice, 'project', 'add', 'x', '--deadline', '2030-13-45', '--eac', '2030-01-01', '--criteria', 'c')).toMatchObject({ code: 2 });
    expect(json<unknown[]>(await api.clos(bob, 'project', 'list', '--json'))).toEqual([]);
  });
});

describe('clos emergency', () => {
  it('warns on two failing signals, activates simplified mode, and records the recovery', async () => {
    // Six stressed, tense days before today.
    for (let day = 1; day <= 6; day += 1) {
      await api.pool.query(
        `INSERT INTO leadership_checkins (person_id, local_date, energy, stress, tension) VALUES ('bob', current_date - $1::int, 'low', 9, true)`,
        [day],
      );
    }
    const check = json<{ warn: boolean; failing: string[] }>(await api.clos(bob, 'emergency', 'check', '--json'));
    expect(check).toMatchObject({ warn: true, failing: expect.arrayContaining(['stress', 'tension']) });
    expect(json<{ warning: string }>(await api.clos(bob, 'daily', 'show', '--json')).warning).toContain('2 health signals failing');

    const on = json<{ signals: string[]; active: boolean }>(await api.clos(bob, 'emergency', 'activate', '--reason', 'Running on fumes', '--json'));
    expect(on).toMatchObject({ active: true, signals: ['stress', 'tension'] });
    expect(await api.clos(bob, 'emergency', 'activate', '--reason', 'again')).toMatchObject({ code: 1, stderr: expect.stringContaining('already active') });
    expect(json<{ breaker: { reason: string } }>(await api.clos(bob, 'daily', 'show', '--json')).breaker).toMatchObject({ reason: 'Running on fumes' });
    // Alice's view knows nothing of it.
    expect(json<{ active: unknown }>(await api.clos(alice, 'emergency', 'check', '--json')).active).toBeNull();

    await api.pool.query(`UPDATE leadership_checkins SET stress = 3, tension = false WHERE person_id = 'bob'`);
    const off = json<{ active: boolean; signalsAtRecovery: string[] }>(await api.clos(bob, 'emergency', 'deactivate', '--json'));
    expect(off).toMatchObject({ active: false, signalsAtRecovery: [] });
    expect(json<unknown[]>(await api.clos(bob, 'emergency', 'history', '--json'))).toHaveLength(1);
    expect(await api.clos(bob, 'emergency', 'deactivate')).toMatchObject({ code: 1, stderr: expect.stringContaining('not active') });
  });
});

describe('clos analyze', () => {
  it('makes no claim below the minimum sample, and finds a trend above it', async () => {
    const thinResult = await api.clos(alice, 'analyze', 'delegation', '--json');
    expect(thinResult).toMatchObject({ code: 0, stderr: '' });
    const thin = json<{ finding: { enough: boolean; message: string } }>(thinResult);
    expect(thin.finding).toMatchObject({ enough: false, needed: 8 });
    expect(thin.finding.message).toContain('Not enough data');

    // Eight weeks of four check-ins each, completion improving week over week: each is made
    // today through the CLI, then moved back to its day (the ciphertext is bound to the person
    // and column, not the date).
    const dave = await api.token('dave', { payments: 'member' }, 'dave');
    for (let week = 1; week <= 8; week += 1) {
      for (let day = 0; day < 4; day += 1) {
        expect((await api.clos(dave, 'daily', 'checkin', '--energy', 'medium', '--stress', '5', '--mission', `w${week}d${day}`)).code).toBe(0);
        expect((await api.clos(dave, 'daily', 'complete', '--type', day < Math.floor(week / 2) ? 'delivered' : 'live')).code).toBe(0);
        await api.pool.query(
          `UPDATE leadership_checkins SET local_date = date_trunc('week', current_date)::date - ($1::int * 7) + $2::int
           WHERE person_id = 'dave' AND local_date = (SELECT max(local_date) FROM leadership_checkins WHERE person_id = 'dave')`,
          [9 - week, day],
        );
      }
    }
    const shippingResult = await api.clos(dave, 'analyze', 'shipping', '--period', '6months', '--json');
    expect(shippingResult).toMatchObject({ code: 0, stderr: '' });
    const shipping = json<{ finding: { enough: boolean; result: { slopePerWeek: number; confidence95: number[]; direction: string } } }>(shippingResult);
    expect(shipping.finding.enough).toBe(true);
    expect(shipping.finding.result.slopePerWeek).toBeGreaterThan(0);
    expect(shipping.finding.result.direction).toBe('improving');
    expect(await api.clos(dave, 'analyze', 'shipping', '--period', 'forever')).toMatchObject({ code: 1, stderr: expect.stringContaining('period') });
  });
});

describe('clos login', () => {
  it('checks the token, stores it readable by its owner only, and uses it when CLOS_TOKEN is unset', async () => {
    const logged = await api.clos(undefined, 'login', '--token', alice, '--url', api.url, '--json');
    expect(logged.code).toBe(0);
    const path = join(api.configDir, 'credentials');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readFile(path, 'utf8')).toContain(alice);
    expect(json<{ personId: string }>(await api.closWith({ CLOS_API_URL: api.url }, 'daily', 'show', '--json')).personId).toBe('alice');
    expect(await api.clos(undefined, 'login', '--token', 'clos_wrong', '--url', api.url)).toMatchObject({ code: 1 });
    expect(await api.clos(undefined, 'logout')).toMatchObject({ code: 0 });
    expect(await api.closWith({ CLOS_API_URL: api.url }, 'daily', 'show')).toMatchObject({ code: 1, stderr: expect.stringContaining('clos login') });
  });
});
