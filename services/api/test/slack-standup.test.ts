import { isWorkingDay, localDay, nextWorkingDay } from '@clos/slack';
import { ensureStandupSchedules, standupReminderScheduleId, type StandupReminderResult } from '@clos/workflows';
import { blocksText, eventually, replyText, startSlackStack, type SlackStack } from './support/slack-stack.js';

/** A clock on a working day in Berlin (today, or the next one on a weekend), so reminders always run. */
function workingDayClock(): () => Date {
  let t = Date.now();
  while (!isWorkingDay(localDay(new Date(t), 'Europe/Berlin'))) t += 24 * 60 * 60 * 1000;
  const offset = t - Date.now();
  return () => new Date(Date.now() + offset);
}

const clock = workingDayClock();
let s: SlackStack;
let day: string;

beforeAll(async () => {
  s = await startSlackStack({ worker: true, now: clock });
  day = localDay(clock(), 'Europe/Berlin');
}, 120_000);
afterAll(async () => {
  for (const pod of [s?.ids.payments, s?.ids.growth]) {
    if (pod !== undefined) await s.temporal.schedule.getHandle(standupReminderScheduleId(pod)).delete().catch(() => undefined);
  }
  await s?.close();
});

const values = (answers: { yesterday?: string; today?: string; blockers?: string; confidence?: number }) => ({
  yesterday: { yesterday_input: { type: 'plain_text_input', value: answers.yesterday ?? null } },
  today: { today_input: { type: 'plain_text_input', value: answers.today ?? null } },
  blockers: { blockers_input: { type: 'plain_text_input', value: answers.blockers ?? null } },
  confidence: {
    confidence_select: {
      type: 'static_select',
      selected_option: answers.confidence !== undefined ? { text: { type: 'plain_text', text: String(answers.confidence) }, value: String(answers.confidence) } : null,
    },
  },
});

describe('/unblock: the standup modal', () => {
  it('opens the modal for today in the pod’s time zone', async () => {
    const answer = await s.command('U0BOB', '/unblock', '');
    expect(answer).toMatchObject({ status: 200, body: undefined });
    await s.bot.idle();
    const open = s.slack.callsOf('views.open').at(-1)!;
    expect(open.token).toBe('xoxb-clos-test-token');
    expect(open.body.trigger_id).toEqual(expect.stringMatching(/^trigger-/));
    const view = open.body.view as { callback_id: string; private_metadata: string; blocks: { block_id?: string; type: string }[] };
    expect(view.callback_id).toBe('standup_submit');
    expect(JSON.parse(view.private_metadata)).toEqual({ podId: s.ids.payments, day });
    expect(view.blocks.filter((b) => b.type === 'input').map((b) => b.block_id)).toEqual(['yesterday', 'today', 'blockers', 'confidence']);
  });

  it('refuses a viewer, who has no standup to answer', async () => {
    const answer = await s.say('U0CAROL', '/unblock', s.ids.payments);
    expect(answer.text).toContain('Only a member');
    await s.bot.idle();
  });

  it('shows missing answers next to the inputs', async () => {
    const answer = await s.submit('U0BOB', 'standup_submit', JSON.stringify({ podId: s.ids.payments, day }), values({ yesterday: 'x' }));
    expect(answer).toMatchObject({
      status: 200,
      body: { response_action: 'errors', errors: { today: expect.any(String), confidence: expect.any(String) } },
    });
  });

  it('saves the standup and tracks each blocker, linked to the work item it names', async () => {
    const answer = await s.submit(
      'U0BOB',
      'standup_submit',
      JSON.stringify({ podId: s.ids.payments, day }),
      values({ yesterday: 'Shipped the refund flow', today: 'Checkout tests', blockers: `PAY-44 waits for API keys\n- flaky CI on acme/pay-${s.run}#7`, confidence: 3 }),
    );
    expect(answer).toMatchObject({ status: 200, body: undefined });
    await s.bot.idle();
    const { rows: standups } = await s.pool.query('SELECT person_id, day::text AS day, today, confidence, slack_user_id FROM standups WHERE pod_id = $1', [s.ids.payments]);
    expect(standups).toEqual([{ person_id: 'bob', day, today: 'Checkout tests', confidence: 3, slack_user_id: 'U0BOB' }]);
    const { rows: blockers } = await s.pool.query('SELECT description, work_item_id, resolved_at FROM blockers WHERE pod_id = $1 ORDER BY id', [s.ids.payments]);
    expect(blockers).toEqual([
      { description: 'PAY-44 waits for API keys', work_item_id: 'lin:PAY-44', resolved_at: null },
      { description: `flaky CI on acme/pay-${s.run}#7`, work_item_id: `gh:acme/pay-${s.run}#7`, resolved_at: null },
    ]);
    const dm = s.slack.callsOf('chat.postMessage').filter((c) => c.body.channel === 'U0BOB').at(-1)!;
    expect(dm.body.text).toContain('Standup saved for Payments');
    expect(dm.body.text).toContain('New blocker on PAY-44');
  });

  it('keeps a blocker named again open with its age and resolves the one left out', async () => {
    await s.submit('U0BOB', 'standup_submit', JSON.stringify({ podId: s.ids.payments, day }), values({ today: 'Checkout tests', blockers: 'PAY-44 waits for API keys.', confidence: 4 }));
    await s.bot.idle();
    const { rows } = await s.pool.query('SELECT description, resolved_by FROM blockers WHERE pod_id = $1 ORDER BY id', [s.ids.payments]);
    expect(rows).toEqual([
      { description: 'PAY-44 waits for API keys.', resolved_by: null },
      { description: `flaky CI on acme/pay-${s.run}#7`, resolved_by: 'bob' },
    ]);
    const { rows: count } = await s.pool.query('SELECT count(*)::int AS n FROM standups WHERE pod_id = $1', [s.ids.payments]);
    expect(count[0].n).toBe(1);
  });
});

describe('/unblock status and the resolve button', () => {
  it('lists open blockers and who has not answered today', async () => {
    const answer = await s.say('U0ALICE', '/unblock', 'status');
    expect(answer.text).toContain('Payments: 1 open blocker; 1/2 answered the standup today.');
    const text = blocksText((answer.message as { blocks: unknown }).blocks);
    expect(text).toContain('PAY-44 waits for API keys.');
    expect(text).toContain('on PAY-44');
    expect(text).toContain('Not answered yet: <@U0ALICE>');
    const button = JSON.stringify(answer.message).match(/"action_id":"blocker_resolve","value":"(\d+)"/);
    expect(button).not.toBeNull();
  });

  it('lets only the owner or a lead resolve a blocker', async () => {
    const { rows } = await s.pool.query<{ id: string }>('SELECT id FROM blockers WHERE pod_id = $1 AND resolved_at IS NULL', [s.ids.payments]);
    const id = rows[0]!.id;
    const refused = await s.click('U0CAROL', 'blocker_resolve', id);
    expect(refused.status).toBe(200);
    expect(replyText((await s.responses(refused.responseId))[0])).toContain('Only a lead or admin');
    const done = await s.click('U0ALICE', 'blocker_resolve', id);
    expect((await s.responses(done.responseId))[0]).toMatchObject({ response_type: 'ephemeral', replace_original: false, text: expect.stringContaining('Resolved') });
    const { rows: after } = await s.pool.query('SELECT resolved_by FROM blockers WHERE id = $1', [id]);
    expect(after[0].resolved_by).toBe('alice');
  });
});

describe('the standup reminder schedule', () => {
  it('runs on working days in the org’s time zone, nudges, escalates stale blockers and reminds of demos, once', async () => {
    // A blocker open for ten days, and demos today and on the next working day.
    await s.submit('U0BOB', 'standup_submit', JSON.stringify({ podId: s.ids.payments, day }), values({ today: 'More tests', blockers: 'Waiting for legal review', confidence: 2 }));
    await s.bot.idle();
    await s.pool.query(`UPDATE blockers SET opened_at = $2 WHERE pod_id = $1 AND resolved_at IS NULL`, [
      s.ids.payments,
      new Date(clock().getTime() - 10 * 24 * 60 * 60 * 1000),
    ]);
    await s.command('U0BOB', '/demo', `schedule ${s.ids.checkout} ${day}`);
    await s.command('U0BOB', '/demo', `schedule ${s.ids.checkout} ${nextWorkingDay(day)}`);
    await s.bot.idle();

    const created = await ensureStandupSchedules(s.temporal, s.cfg, { taskQueue: s.taskQueue, at: '09:30' });
    expect(created).toEqual([standupReminderScheduleId(s.ids.payments), standupReminderScheduleId(s.ids.growth)]);
    const handle = s.temporal.schedule.getHandle(standupReminderScheduleId(s.ids.payments));
    const description = await handle.describe();
    expect(description.spec.timezone).toBe('Europe/Berlin');
    expect(description.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 9, end: 9, step: 1 }], minute: [{ start: 30, end: 30, step: 1 }] });
    expect(JSON.stringify(description.spec.calendars?.[0]?.dayOfWeek)).toContain('MONDAY');
    expect(JSON.stringify(description.spec.calendars?.[0]?.dayOfWeek)).not.toContain('SATURDAY');

    const runOnce = async (): Promise<StandupReminderResult> => {
      const before = (await handle.describe()).info.recentActions.length;
      await handle.trigger();
      const action = await eventually('the schedule to start a run', async () => {
        const actions = (await handle.describe()).info.recentActions;
        return actions.length > before ? actions.at(-1) : undefined;
      });
      return s.temporal.workflow.getHandle(action.action.workflow.workflowId, action.action.workflow.firstExecutionRunId).result();
    };
    const first = await runOnce();
    // Alice has not answered (Bob has; Carol is a viewer); one stale blocker to one lead; two demos.
    expect(first).toEqual({ nudged: 1, escalated: 1, demoReminders: 2 });
    const dms = s.slack.callsOf('chat.postMessage');
    const toAlice = dms.filter((c) => c.body.channel === 'U0ALICE').map((c) => String(c.body.text));
    expect(toAlice).toEqual(
      expect.arrayContaining([expect.stringContaining('Your standup for *Payments*'), expect.stringContaining('open for 10 days: <@U0BOB> — Waiting for legal review')]),
    );
    const demoPosts = dms.filter((c) => c.body.channel === 'C0PAYMENTS' && /demo #\d+/i.test(String(c.body.text)));
    expect(demoPosts.map((c) => String(c.body.text))).toEqual(
      expect.arrayContaining([expect.stringContaining('is today'), expect.stringContaining('Reminder: demo #')]),
    );
    const { rows } = await s.pool.query('SELECT escalated_to FROM blockers WHERE pod_id = $1 AND resolved_at IS NULL', [s.ids.payments]);
    expect(rows).toEqual([{ escalated_to: ['alice'] }]);

    const second = await runOnce();
    expect(second).toEqual({ nudged: 0, escalated: 0, demoReminders: 0 });
  });

  it('drops the schedule of a pod that leaves clos.yml', async () => {
    const onlyPayments = { ...s.cfg, pods: s.cfg.pods.filter((p) => p.id === s.ids.payments) };
    expect(await ensureStandupSchedules(s.temporal, onlyPayments, { taskQueue: s.taskQueue })).toEqual([standupReminderScheduleId(s.ids.payments)]);
    await expect(s.temporal.schedule.getHandle(standupReminderScheduleId(s.ids.growth)).describe()).rejects.toThrow(/not found/i);
    await expect(s.temporal.schedule.getHandle(standupReminderScheduleId(s.ids.payments)).describe()).resolves.toBeDefined();
  });
});
