import { randomBytes } from 'node:crypto';
import { ensureChromium } from '@clos/devstack';
import { addDays, checkinRecords, createFieldCipher, decisionRecords, delegationRecords, localDate, reviewPdf, weekStart, type DataKeyring } from '@clos/platform';
import {
  DECISIONS_DUE_WORKFLOW,
  decisionsDueScheduleId,
  ensureLeadershipSchedules,
  PERSON_REVIEW_WORKFLOW,
  reviewScheduleId,
  type DecisionsDueResult,
  type PersonReviewInput,
  type PersonReviewResult,
} from '@clos/workflows';
import { eventually, startSlackStack, type SlackStack } from './support/slack-stack.js';

const keys: DataKeyring = { currentId: 'test', keys: new Map([['test', randomBytes(32)]]) };
const cipher = createFieldCipher(keys);
let s: SlackStack;
let scheduled: string[] = [];
let lastWeek: { from: string; to: string };

beforeAll(async () => {
  s = await startSlackStack({ worker: true, dataKeys: keys });
  // Bob's week before this one, in his time zone: five check-ins, two decisions, a delegation.
  const today = localDate(new Date(), 'Europe/Berlin');
  const from = addDays(weekStart(today), -7);
  lastWeek = { from, to: addDays(from, 6) };
  const checkins = checkinRecords(s.pool, cipher, 'bob');
  const energies = ['high', 'high', 'medium', 'low', 'medium'] as const;
  for (const [i, energy] of energies.entries()) {
    await checkins.insert({ date: addDays(from, i), energy, stress: 3 + i, tension: i === 3, circular: false, mission: `Mission ${i}` });
    if (i < 4) await checkins.setCompletion(addDays(from, i), i === 2 ? 'delegated' : 'delivered', new Date(`${addDays(from, i)}T16:00:00Z`));
  }
  const decisions = decisionRecords(s.pool, cipher, 'bob');
  const quick = await decisions.insert({ text: 'Pick the PSP', type: 'irreversible', openedAt: new Date(`${from}T09:00:00Z`) }, new Date());
  await decisions.decide(quick.id, { rationale: 'Fees', communicatedTo: [], decidedAt: new Date(`${addDays(from, 1)}T09:00:00Z`) });
  await decisions.insert({ text: 'Reorganise on-call', type: 'reversible_high', openedAt: new Date(`${addDays(from, 2)}T09:00:00Z`) }, new Date());
  const handed = await delegationRecords(s.pool, cipher, 'bob').insert({ task: 'Run the retro', to: 'carol', controlImpulse: 4, handoffDone: true });
  await delegationRecords(s.pool, cipher, 'bob').close(handed.id, { outcome: 'owned', at: new Date(`${addDays(from, 4)}T12:00:00Z`) });
  await s.pool.query('UPDATE leadership_delegations SET created_at = $2 WHERE id = $1', [handed.id, `${addDays(from, 1)}T10:00:00Z`]);
}, 180_000);

afterAll(async () => {
  for (const id of scheduled) await s?.temporal.schedule.getHandle(id).delete().catch(() => undefined);
  await s?.close();
});

const dmsTo = (user: string, contains: string) => s.slack.callsOf('chat.postMessage').filter((c) => c.body.channel === user && String(c.body.text).includes(contains));

describe('leadership schedules', () => {
  it('schedules each member’s weekly review on Monday, monthly on the first and decisions due on working days, in their time zone', async () => {
    const outcome = await ensureLeadershipSchedules(s.temporal, s.cfg, { taskQueue: s.taskQueue });
    scheduled = outcome.scheduled;
    expect(outcome.scheduled).toEqual(expect.arrayContaining([reviewScheduleId('bob', 'weekly'), reviewScheduleId('bob', 'monthly'), decisionsDueScheduleId('bob')]));
    const weekly = await s.temporal.schedule.getHandle(reviewScheduleId('bob', 'weekly')).describe();
    expect(weekly.spec.timezone).toBe('Europe/Berlin');
    expect(weekly.spec.calendars?.[0]).toMatchObject({ dayOfWeek: [{ start: 'MONDAY', end: 'MONDAY', step: 1 }], hour: [{ start: 7, end: 7, step: 1 }], minute: [{ start: 30, end: 30, step: 1 }] });
    expect(weekly.action).toMatchObject({ workflowType: PERSON_REVIEW_WORKFLOW, args: [{ personId: 'bob', kind: 'weekly', trigger: 'schedule' }] });
    expect(weekly.info.nextActionTimes[0]!.getUTCDay()).toBe(1);
    const monthly = await s.temporal.schedule.getHandle(reviewScheduleId('bob', 'monthly')).describe();
    expect(monthly.spec.calendars?.[0]).toMatchObject({ dayOfMonth: [{ start: 1, end: 1, step: 1 }] });
    const due = await s.temporal.schedule.getHandle(decisionsDueScheduleId('bob')).describe();
    expect(due.action).toMatchObject({ workflowType: DECISIONS_DUE_WORKFLOW });
    // Working days only, at Bob's morning digest time (08:00 by default).
    expect(due.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 8, end: 8, step: 1 }] });
    for (const at of due.info.nextActionTimes) expect([0, 6]).not.toContain(at.getUTCDay());
  });

  it('a scheduled run stores last week’s review and sends it to the person alone, in well under 30 s', async () => {
    await s.temporal.schedule.getHandle(reviewScheduleId('bob', 'weekly')).trigger();
    const dm = await eventually('the weekly review DM', () => dmsTo('U0BOB', 'Weekly review').at(0), 60_000);
    expect(dm.body.text).toContain(`Weekly review, ${lastWeek.from} to ${lastWeek.to}`);
    expect(dm.body.text).toContain('Mission completion: *80 %*');
    expect(dm.body.text).toContain('Energy high / medium / low: *2 / 2 / 1*');
    expect(dm.body.text).toContain('Decided within 48 h: *100 %*');
    expect(dm.body.text).toContain('Delegations (success): *1 (100 %)*');
    const { rows } = await s.pool.query<{ person_id: string; figures: Record<string, unknown> }>("SELECT person_id, figures FROM leadership_reviews WHERE kind = 'weekly' AND period_start = $1", [lastWeek.from]);
    expect(rows).toEqual([{ person_id: 'bob', figures: expect.objectContaining({ checkins: 5, completionRate: 0.8, decisionsMade: 1, energy: { high: 2, medium: 2, low: 1 } }) }]);
    // Nobody else heard of it: Alice keeps no records, so her run sends nothing.
    expect(s.slack.callsOf('chat.postMessage').filter((c) => String(c.body.text).includes('review') && c.body.channel !== 'U0BOB')).toEqual([]);

    const run = (input: PersonReviewInput) =>
      s.temporal.workflow.execute<(i: PersonReviewInput) => Promise<PersonReviewResult>>(PERSON_REVIEW_WORKFLOW, { taskQueue: s.taskQueue, workflowId: `review-test:${input.personId}:${input.kind}:${Date.now()}`, args: [input] });
    const again = await run({ personId: 'bob', kind: 'weekly', trigger: 'on-demand' });
    expect(again).toMatchObject({ status: 'sent', periodStart: lastWeek.from, periodEnd: lastWeek.to });
    expect((again as { ms: number }).ms).toBeLessThan(30_000);
    expect(dmsTo('U0BOB', 'Weekly review')).toHaveLength(1);
    expect(await run({ personId: 'alice', kind: 'weekly', trigger: 'on-demand' })).toEqual({ status: 'skipped', reason: 'alice keeps no leadership records' });
    const month = await run({ personId: 'bob', kind: 'monthly', trigger: 'on-demand' });
    expect(month).toMatchObject({ status: 'sent' });
    expect((month as { ms: number }).ms).toBeLessThan(60_000);
  }, 90_000);

  it('sends the decisions open past 48 hours to the person', async () => {
    const result = await s.temporal.workflow.execute<(i: { personId: string; trigger: string }) => Promise<DecisionsDueResult>>(DECISIONS_DUE_WORKFLOW, {
      taskQueue: s.taskQueue,
      workflowId: `decisions-due-test:${Date.now()}`,
      args: [{ personId: 'bob', trigger: 'on-demand' }],
    });
    expect(result).toEqual({ status: 'sent', overdue: 1 });
    const dm = dmsTo('U0BOB', 'open past 48 hours').at(-1)!;
    expect(dm.body.text).toContain('1 decision open past 48 hours');
    expect(dm.body.text).toContain('Reorganise on-call (reversible_high, open');
    expect(dm.body.text).not.toContain('Pick the PSP');
  }, 60_000);

  it('prints the stored review as a real PDF with headless Chromium', async () => {
    await ensureChromium();
    const review = (await s.api.inject({ method: 'GET', url: `/api/reviews/weekly?date=${lastWeek.from}`, headers: { authorization: `Bearer ${await s.issue('bob', {}, 'bob')}` } })).json() as Parameters<typeof reviewPdf>[0];
    expect(review.figures).toMatchObject({ from: lastWeek.from, checkins: 5 });
    const started = Date.now();
    const pdf = await reviewPdf(review);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length ?? 0).toBeGreaterThan(0);
  }, 60_000);
});
