import { acquireWorkItem, getStageState, getWipState, type AcquireInput } from '@clos/workflows';
import { wipPolicyForPod, podById } from '@clos/domain';
import { blocksText, eventually, startSlackStack, type SlackStack } from './support/slack-stack.js';

let s: SlackStack;

beforeAll(async () => {
  // Every holder counts as stale, so the release button shows without waiting days.
  s = await startSlackStack({ worker: true, staleAfterDays: 0 });
}, 120_000);
afterAll(async () => {
  await s?.close();
});

function pr(number: number, personId: string): AcquireInput {
  const repo = `acme/pay-${s.run}`;
  return {
    id: `gh:${repo}#${number}`,
    personId,
    title: `Change ${number}`,
    url: `https://github.com/${repo}/pull/${number}`,
    pullRequests: [{ repo, number, headSha: `${s.run}${number}`.padEnd(40, '0') }],
  };
}

/** A button's reply, posted to its response URL. */
async function reply(answer: { responseId: string }): Promise<{ text: string }> {
  const [first] = await s.responses(answer.responseId);
  return first as { text: string };
}

describe('/wip on a live pod', () => {
  beforeAll(async () => {
    const pod = podById(s.cfg, s.ids.payments)!;
    const start = { policy: wipPolicyForPod(pod), channel: 'C0PAYMENTS', taskQueue: s.taskQueue };
    await acquireWorkItem(s.temporal, pod.id, pr(1, 'alice'), start);
    await acquireWorkItem(s.temporal, pod.id, pr(2, 'bob'), start);
    await acquireWorkItem(s.temporal, pod.id, pr(3, 'carol'), start);
  });

  it('answers within 3 s with the limit, holders, queue and per-person counts', async () => {
    const answer = await s.say('U0BOB', '/wip', s.ids.payments);
    expect(answer.status).toBe(200);
    expect(answer.ms).toBeLessThan(3_000);
    const body = answer.message as { text: string; blocks: { type: string; elements?: { action_id: string; value: string }[] }[] };
    expect(body.text).toBe(`WIP of Payments (${s.ids.payments}): 2/2 in progress, limit 2, mode enforce, 1 queued`);
    const text = blocksText(body.blocks);
    expect(text).toContain('*Limit* 2  ·  *Mode* enforce  ·  *In progress* 2/2  ·  *Expedite* 0/1  ·  *Queued* 1  ·  *Per person* ≤ 2');
    expect(text).toContain(`<https://github.com/acme/pay-${s.run}/pull/1|#1 Change 1>\n<@U0ALICE> · `);
    expect(text).toMatch(new RegExp(`1\\. <https://github.com/acme/pay-${s.run}/pull/3\\|#3 Change 3> — <@U0CAROL> · waiting \\d+m · pod limit`));
    expect(text).toContain('Per person: <@U0ALICE> 1/2 · <@U0BOB> 1/2');
    const buttons = body.blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);
    expect(buttons.map((b) => b.action_id)).toEqual(['wip_swarm', 'wip_release', 'wip_swarm', 'wip_release']);
    expect(JSON.parse(buttons[0]!.value)).toEqual({ podId: s.ids.payments, itemId: `gh:acme/pay-${s.run}#1` });
  });

  it('lets a member swarm, threaded with the pod’s WIP messages, and refuses a viewer', async () => {
    // The workflow told the channel the pod went over its limit (the thread's first message);
    // the swarm replies in that thread.
    const exceeded = await s.slack.waitFor((c) => c.method === 'chat.postMessage' && String(c.body.text).includes('over its WIP limit'));
    expect(exceeded.body.thread_ts).toBeUndefined();
    const value = JSON.stringify({ podId: s.ids.payments, itemId: `gh:acme/pay-${s.run}#1` });
    const refused = await s.click('U0CAROL', 'wip_swarm', value);
    expect((await reply(refused)).text).toContain('Only a member of Payments');
    const joined = await s.click('U0BOB', 'wip_swarm', value);
    expect((await reply(joined)).text).toContain('You are swarming on #1');
    const swarm = await s.slack.waitFor((c) => c.method === 'chat.postMessage' && String(c.body.text).includes('is swarming on'));
    expect(swarm.body).toMatchObject({ channel: 'C0PAYMENTS', text: expect.stringContaining('<@U0BOB> is swarming on') });
    const { rows } = await s.pool.query<{ ts: string }>(`SELECT ts FROM slack_messages WHERE thread_key = $1 AND thread_ts IS NULL ORDER BY sent_at LIMIT 1`, [`wip:${s.ids.payments}`]);
    expect(swarm.body.thread_ts).toBe(rows[0]!.ts);
    const audit = await s.pool.query(`SELECT actor, target FROM audit_log WHERE action = 'wip.swarm'`);
    expect(audit.rows).toEqual([{ actor: 'bob', target: `gh:acme/pay-${s.run}#1` }]);
  });

  it('lets the owner release a stale slot, promoting the queue, and refuses someone else’s', async () => {
    const refused = await s.click('U0BOB', 'wip_release', JSON.stringify({ podId: s.ids.payments, itemId: `gh:acme/pay-${s.run}#1` }));
    expect((await reply(refused)).text).toContain('Only a lead or admin of Payments');
    const released = await s.click('U0BOB', 'wip_release', JSON.stringify({ podId: s.ids.payments, itemId: `gh:acme/pay-${s.run}#2` }));
    expect((await reply(released)).text).toBe('Released #2 from Payments. #3 can go ahead.');
    const state = await getWipState(s.temporal, s.ids.payments);
    expect(state?.holders.map((h) => h.id)).toEqual([`gh:acme/pay-${s.run}#1`, `gh:acme/pay-${s.run}#3`]);
    expect(state?.queue).toEqual([]);
    await s.slack.waitFor((c) => c.method === 'chat.postMessage' && String(c.body.text).includes('released the stale slot of #2'));
  });

  it('/wip set: leads only, audited, applied by the workflow at once', async () => {
    const member = await s.say('U0BOB', '/wip', `set ${s.ids.payments} 5`);
    expect(member.text).toBe(`:no_entry: Only a lead or admin of Payments (${s.ids.payments}) can change its WIP limit; you are a member there.`);
    const typo = await s.say('U0ALICE', '/wip', `set ${s.ids.payments} lots`);
    expect(typo.text).toContain('The limit must be a whole number');
    const usage = await s.say('U0ALICE', '/wip', 'set');
    expect(usage.text).toContain('Usage of /wip');

    const lead = await s.say('U0ALICE', '/wip', `set ${s.ids.payments} 3`);
    expect(lead.message).toMatchObject({ response_type: 'in_channel', text: `WIP limit of Payments (${s.ids.payments}) is now 3 (was 2).` });
    expect((await getWipState(s.temporal, s.ids.payments))?.policy.limit).toBe(3);
    // Judged and recorded by the service REST calls: the member's refusal and the lead's change.
    const { rows } = await s.pool.query(`SELECT actor, action, target, details FROM audit_log
        WHERE action = 'pod.policy.set' OR (action = 'auth.forbidden' AND details->>'operation' = 'setPodPolicy') ORDER BY id`);
    expect(rows).toEqual([
      {
        actor: 'bob',
        action: 'auth.forbidden',
        target: `pod:${s.ids.payments}`,
        details: expect.objectContaining({ via: 'slack', slackUserId: 'U0BOB', operation: 'setPodPolicy', needed: 'lead', had: 'member' }),
      },
      {
        actor: 'alice',
        action: 'pod.policy.set',
        target: `pod:${s.ids.payments}`,
        details: expect.objectContaining({ via: 'slack', slackUserId: 'U0ALICE', role: 'lead', outcome: 'done', result: expect.objectContaining({ policy: expect.objectContaining({ limit: 3 }) }) }),
      },
    ]);
    // The change is a version of the live policy, so every process and a restart agree on it.
    const versions = await s.pool.query<{ actor: string; limit: number }>(
      `SELECT actor, (SELECT (p->>'wipLimit')::int FROM jsonb_array_elements(config->'pods') p WHERE p->>'id' = $1) AS limit
       FROM policy_versions ORDER BY version DESC LIMIT 1`,
      [s.ids.payments],
    );
    expect(versions.rows).toEqual([{ actor: 'alice', limit: 3 }]);
    const change = await s.pool.query(`SELECT details FROM audit_log WHERE action = 'policy.change' ORDER BY id DESC LIMIT 1`);
    expect(change.rows[0].details).toMatchObject({ source: 'api', diff: expect.arrayContaining([{ path: `pods[${s.ids.payments}].wipLimit`, from: 2, to: 3 }]) });
    await eventually('the workflow’s own audit entry', async () => {
      const r = await s.pool.query(`SELECT actor FROM audit_log WHERE action = 'wip.policy_changed'`);
      return r.rows.length > 0 ? r.rows : undefined;
    });
    const admin = await s.say('U0ERIN', '/wip', `set ${s.ids.payments} 2`);
    expect(admin.text).toContain('is now 2 (was 3)');
  });
});

describe('/stage', () => {
  it('shows a project that has not started', async () => {
    const answer = await s.say('U0BOB', '/stage', s.ids.checkout);
    expect(answer.text).toBe(`Checkout (${s.ids.checkout}) has not started its stage gate yet; it begins in Idea.`);
  });

  it('advance lists what is missing; evidence counts; the third failure escalates and a lead resumes', async () => {
    const first = await s.say('U0BOB', '/stage', `advance ${s.ids.checkout}`);
    expect(first.text).toContain('cannot leave Idea yet. Missing:');
    expect(first.text).toContain('Problem statement and expected impact (`problem-statement`)');
    expect(first.text).toContain('Pod lead agrees to start discovery (`lead-go`)');

    const wrong = await s.say('U0BOB', '/stage', `evidence ${s.ids.checkout} bogus something`);
    expect(wrong.text).toContain('has no evidence criterion "bogus". It takes evidence for: `problem-statement`');
    const evidence = await s.say('U0BOB', '/stage', `evidence ${s.ids.checkout} problem-statement <https://docs.example/problem|problem doc>`);
    expect(evidence.text).toContain('recorded: https://docs.example/problem');
    await eventually('the evidence to reach the gate', async () => {
      const state = await getStageState(s.temporal, s.ids.checkout);
      return state?.gate.results.find((r) => r.criterionId === 'problem-statement')?.met === true ? state : undefined;
    });

    await s.command('U0BOB', '/stage', `advance ${s.ids.checkout}`);
    const third = await s.say('U0BOB', '/stage', `advance ${s.ids.checkout}`);
    expect(third.text).toContain('escalated to the pod lead and paused');
    const paused = await s.say('U0BOB', '/stage', `advance ${s.ids.checkout}`);
    expect(paused.text).toContain('is paused');

    const notLead = await s.say('U0BOB', '/stage', `resume ${s.ids.checkout}`);
    expect(notLead.text).toContain('Only a lead or admin');
    const resumed = await s.say('U0ALICE', '/stage', `resume ${s.ids.checkout} talked it through`);
    expect(resumed.message).toMatchObject({ text: ':arrow_forward: The gate of Checkout is running again.', response_type: 'in_channel' });

    // The same audit entries as REST: actor, action, target and outcome of each call.
    const { rows } = await s.pool.query<{ actor: string; action: string; target: string; outcome: string; via: string }>(
      `SELECT actor, action, target, details->>'outcome' AS outcome, details->>'via' AS via FROM audit_log
        WHERE target = $1 AND action IN ('stage.advance', 'stage.evidence', 'stage.resume') ORDER BY id`,
      [`project:${s.ids.checkout}`],
    );
    expect(rows.map((r) => [r.actor, r.action, r.outcome, r.via])).toEqual([
      ['bob', 'stage.advance', 'refused', 'slack'],
      ['bob', 'stage.evidence', 'refused', 'slack'],
      ['bob', 'stage.evidence', 'done', 'slack'],
      ['bob', 'stage.advance', 'refused', 'slack'],
      ['bob', 'stage.advance', 'refused', 'slack'],
      ['bob', 'stage.advance', 'refused', 'slack'],
      ['alice', 'stage.resume', 'done', 'slack'],
    ]);
    const refusal = await s.pool.query(`SELECT details FROM audit_log WHERE action = 'auth.forbidden' AND details->>'operation' = 'resumeProject'`);
    expect(refusal.rows).toEqual([{ details: expect.objectContaining({ slackUserId: 'U0BOB', needed: 'lead', had: 'member' }) }]);
  });

  it('override needs a lead and a reason, and shows in the history', async () => {
    const member = await s.say('U0BOB', '/stage', `override ${s.ids.checkout} because`);
    expect(member.text).toContain('Only a lead or admin of Payments');
    const noReason = await s.say('U0ALICE', '/stage', `override ${s.ids.checkout}`);
    expect(noReason.text).toContain('An override needs a reason');
    const done = await s.say('U0ALICE', '/stage', `override ${s.ids.checkout} launch window agreed with sales`);
    expect(done.text).toBe(':fast_forward: Checkout moved from Idea to Discovery by override: launch window agreed with sales');
    const { rows } = await s.pool.query(`SELECT actor, details->'input'->>'reason' AS reason FROM audit_log WHERE action = 'stage.override' AND details->>'outcome' = 'done'`);
    expect(rows).toEqual([{ actor: 'alice', reason: 'launch window agreed with sales' }]);

    const view = await s.say('U0BOB', '/stage', s.ids.checkout);
    expect(view.text).toBe(`Checkout (${s.ids.checkout}) is in Discovery: 0/2 criteria met.`);
    const text = blocksText(view.message?.blocks);
    expect(text).toContain('*Discovery* (stage 2 of 5, template Delivery)');
    expect(text).toContain(':x: Project brief on the default branch (`brief`)');
    expect(text).toMatch(/Idea → Discovery \(override by <@U0ALICE>\) — launch window agreed with sales/);
  });

  it('lists the projects of the caller’s pods', async () => {
    const answer = await s.say('U0BOB', '/stage', '');
    expect(answer.text).toContain(`*Checkout* (\`${s.ids.checkout}\`) — Discovery, 0/2 criteria met`);
    expect(answer.text).not.toContain('Growth loop');
  });
});

describe('/demo held counts as evidence', () => {
  it('records the held demo as evidence for the template’s demo criterion', async () => {
    await s.command('U0ALICE', '/stage', `override ${s.ids.checkout} brief reviewed offline`);
    const scheduled = await s.say('U0BOB', '/demo', `schedule ${s.ids.checkout}`);
    const id = /Demo #(\d+)/.exec(scheduled.text)?.[1];
    expect(id).toBeDefined();
    expect(scheduled.text).toMatch(/scheduled for Fri \d+ \w+/);

    const viewer = await s.say('U0CAROL', '/demo', `held ${id}`);
    expect(viewer.text).toContain('Only a member of Payments');
    const held = await s.say('U0BOB', '/demo', `held ${id}`);
    expect(held.text).toBe(`Demo #${id} of Checkout marked held. It counts as evidence for *demo* in Build.`);
    const state = await eventually('the demo evidence', async () => {
      const st = await getStageState(s.temporal, s.ids.checkout);
      return st?.facts.evidence.some((e) => e.criterionId === 'demo') === true ? st : undefined;
    });
    expect(state.gate.results.find((r) => r.criterionId === 'demo')?.met).toBe(true);
    const { rows } = await s.pool.query('SELECT held_by, evidence_submitted_at IS NOT NULL AS evidence FROM demos WHERE id = $1', [id]);
    expect(rows).toEqual([{ held_by: 'bob', evidence: true }]);
    const again = await s.say('U0BOB', '/demo', `held ${id}`);
    expect(again.text).toBe(`Demo #${id} was already marked held.`);

    const list = await s.say('U0BOB', '/demo', 'list');
    expect(list.text).toContain('No upcoming demos of your pods');
  });
});
