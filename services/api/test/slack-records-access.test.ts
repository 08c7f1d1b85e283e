import { randomBytes } from 'node:crypto';
import { podWipStart } from '@clos/app';
import { podById } from '@clos/domain';
import { acquireWorkItem, getWipState, type AcquireInput } from '@clos/workflows';
import { replyText, startSlackStack, type SlackStack } from './support/slack-stack.js';

/**
 * Standups, ideas, demos and the WIP buttons go through the application services from Slack
 * and REST alike: one access rule, one audit entry, whichever way the call came in.
 */
let s: SlackStack;
let payments: string;

beforeAll(async () => {
  s = await startSlackStack({ worker: true, dataKeys: { currentId: 'test', keys: new Map([['test', randomBytes(32)]]) } });
  payments = s.ids.payments;
  const start = { ...podWipStart(s.cfg, payments)!, taskQueue: s.taskQueue };
  // Alice and Bob hold both slots of Payments; Carol's change waits in the queue.
  for (const [number, personId] of [[1, 'alice'], [2, 'bob'], [3, 'carol']] as const) await acquireWorkItem(s.temporal, payments, pr(number, personId), start);
}, 120_000);
afterAll(async () => {
  await s?.close();
});

function pr(number: number, personId: string): AcquireInput {
  const repo = `acme/pay-${s.run}`;
  return { id: item(number), personId, title: `Change ${number}`, pullRequests: [{ repo, number, headSha: `${s.run}${number}`.padEnd(40, '0') }] };
}
const item = (number: number) => `gh:acme/pay-${s.run}#${number}`;
const wipUrl = (number: number, action: string) => `/api/pods/${payments}/wip/${encodeURIComponent(item(number))}/${action}`;

async function rest(token: string, url: string) {
  return s.api.inject({ method: 'POST', url, headers: { authorization: `Bearer ${token}` } });
}

async function audit(where: string, values: unknown[] = []) {
  const { rows } = await s.pool.query<{ actor: string; action: string; target: string; details: Record<string, unknown> }>(
    `SELECT actor, action, target, details FROM audit_log WHERE ${where} ORDER BY id`,
    values,
  );
  return rows;
}

const score = (n: number) => ({ type: 'static_select', selected_option: { text: { type: 'plain_text', text: String(n) }, value: String(n) } });
const text = (value: string) => ({ type: 'plain_text_input', value });

describe('a viewer', () => {
  it('is refused a swarm on Slack and over REST alike, with the same audit entry', async () => {
    const click = await s.click('U0CAROL', 'wip_swarm', JSON.stringify({ podId: payments, itemId: item(1) }));
    expect(replyText((await s.responses(click.responseId))[0])).toBe(
      `:no_entry: Only a member of Payments (${payments}) can swarm on #1; you are a viewer there.`,
    );
    const carol = await s.issue('carol-viewer', { [payments]: 'viewer' }, 'carol');
    const refused = await rest(carol, wipUrl(1, 'swarm'));
    expect(refused.statusCode).toBe(403);
    expect(refused.json<{ error: { code: string } }>().error.code).toBe('Forbidden');

    const rows = await audit(`action = 'auth.forbidden' AND details->>'operation' = 'swarmWorkItem'`);
    const judged = (row: (typeof rows)[number]) => ({
      action: row.action,
      target: row.target,
      operation: row.details.operation,
      needed: row.details.needed,
      had: row.details.had,
      podId: row.details.podId,
    });
    expect(rows).toHaveLength(2);
    expect(judged(rows[0]!)).toEqual({ action: 'auth.forbidden', target: `pod:${payments}`, operation: 'swarmWorkItem', needed: 'member', had: 'viewer', podId: payments });
    expect(judged(rows[1]!)).toEqual(judged(rows[0]!));
    expect(rows[0]).toMatchObject({ actor: 'carol', details: { via: 'slack', slackUserId: 'U0CAROL' } });
    expect(rows[1]!.actor).toMatch(/^token:/);
  });

  it('is refused a standup and a demo by the services’ rules, in Slack’s words', async () => {
    const standup = await s.say('U0CAROL', '/unblock', payments);
    expect(standup.text).toBe(`:no_entry: Only a member of Payments (${payments}) can answer its standup; you are a viewer there.`);
    const demo = await s.say('U0CAROL', '/demo', `schedule ${s.ids.checkout}`);
    expect(demo.text).toBe(`:no_entry: Only a member of Payments (${payments}) can schedule a demo of Checkout; you are a viewer there.`);
    const operations = (await audit(`action = 'auth.forbidden' AND actor = 'carol'`)).map((r) => r.details.operation);
    expect(operations).toEqual(['swarmWorkItem', 'saveStandup', 'scheduleDemo']);
  });

  it('and a stranger read /wip and /stage under the REST read rules', async () => {
    const wip = await s.say('U0CAROL', '/wip', payments);
    expect(wip.text).toBe(`WIP of Payments (${payments}): 2/2 in progress, limit 2, mode enforce, 1 queued`);
    const stranger = await s.say('U0NOBODY', '/wip', payments);
    expect(stranger.text).toBe(`:no_entry: Only a viewer of Payments (${payments}) can see its WIP; you are not a member of Payments (${payments}).`);
    const stage = await s.say('U0NOBODY', '/stage', s.ids.checkout);
    expect(stage.text).toContain(`:no_entry: Only a viewer of Payments (${payments}) can see the stage of Checkout`);
    const refused = await audit(`action = 'auth.forbidden' AND actor = 'slack:U0NOBODY'`);
    expect(refused.map((r) => r.details.operation)).toEqual(['getWip', 'getStage']);
  });
});

describe('a member’s standup, idea and demo', () => {
  it('are saved by their services and audited as Slack calls', async () => {
    const day = JSON.parse((await openStandupMetadata()) as string) as { podId: string; day: string };
    const saved = await s.submit('U0BOB', 'standup_submit', JSON.stringify(day), {
      yesterday: { yesterday_input: text('Refund flow') },
      today: { today_input: text('Checkout tests') },
      blockers: { blockers_input: text('Waiting for API keys') },
      confidence: { confidence_select: score(4) },
    });
    expect(saved).toMatchObject({ status: 200, body: undefined });
    await s.bot.idle();

    await s.command('U0BOB', '/idea', 'submit Faster refunds');
    await s.bot.idle();
    const ideaView = s.slack.callsOf('views.open').at(-1)!.body.view as { private_metadata: string };
    expect(JSON.parse(ideaView.private_metadata)).toEqual({ podId: payments });
    await s.submit('U0BOB', 'idea_submit', ideaView.private_metadata, {
      title: { title_input: text('Faster refunds') },
      problem: { problem_input: text('Refunds take a week') },
      impact: { impact_select: score(6) },
      confidence: { confidence_select: score(5) },
      ease: { ease_select: score(4) },
    });
    await s.bot.idle();

    const scheduled = await s.say('U0BOB', '/demo', `schedule ${s.ids.checkout}`);
    const demoId = /Demo #(\d+)/.exec(scheduled.text)?.[1];
    expect(demoId).toBeDefined();
    const held = await s.say('U0BOB', '/demo', `held ${demoId}`);
    expect(held.text).toBe(`Demo #${demoId} of Checkout marked held. It counts as evidence for *demo* in Build.`);

    const rows = await audit(`action IN ('standup.save', 'idea.submit', 'demo.schedule', 'demo.held')`);
    expect(rows.map((r) => [r.actor, r.action, r.details.outcome, r.details.via, r.details.role])).toEqual([
      ['bob', 'standup.save', 'done', 'slack', 'member'],
      ['bob', 'idea.submit', 'done', 'slack', 'member'],
      ['bob', 'demo.schedule', 'done', 'slack', 'member'],
      ['bob', 'demo.held', 'done', 'slack', 'member'],
    ]);
    expect(rows[0]).toMatchObject({ target: `pod:${payments}`, details: { input: { day: day.day, confidence: 4 }, result: { opened: 1 } } });
    expect(rows[0]!.details.input).not.toHaveProperty('today');
    expect(rows[1]).toMatchObject({ details: { result: { iceScore: 120, created: true } } });
    expect(rows[3]).toMatchObject({ target: `demo:${demoId}`, details: { result: { changed: true, evidence: { stageId: 'build', criterionId: 'demo' } } } });
  });

  it('a blocker is resolved by its owner, and an idea decided by a lead, through their services', async () => {
    const { rows } = await s.pool.query<{ id: string }>(`SELECT id FROM blockers WHERE pod_id = $1 AND resolved_at IS NULL`, [payments]);
    const resolved = await s.click('U0BOB', 'blocker_resolve', rows[0]!.id);
    expect(replyText((await s.responses(resolved.responseId))[0])).toBe(':white_check_mark: Resolved: Waiting for API keys');
    const { rows: ideas } = await s.pool.query<{ id: string }>(`SELECT id FROM ideas WHERE title = 'Faster refunds'`);
    const member = await s.say('U0BOB', '/idea', `accept ${ideas[0]!.id} we need it`);
    expect(member.text).toBe(`:no_entry: Only a lead or admin of Payments (${payments}) can accept idea #${ideas[0]!.id}; you are a member there.`);
    const lead = await s.say('U0ALICE', '/idea', `accept ${ideas[0]!.id} we need it`);
    expect(lead.text).toBe(`Idea #${ideas[0]!.id} accepted: we need it`);

    const entries = await audit(`action IN ('blocker.resolve', 'idea.decide')`);
    expect(entries.map((r) => [r.actor, r.action, r.target, r.details.outcome])).toEqual([
      ['bob', 'blocker.resolve', `blocker:${rows[0]!.id}`, 'done'],
      ['alice', 'idea.decide', `idea:${ideas[0]!.id}`, 'done'],
    ]);
    expect(entries[0]!.details.result).toEqual({ resolved: true, own: true });
  });
});

describe('release and swarm over REST', () => {
  it('a member swarms and a lead releases: the queue moves up, audited as the Slack buttons are', async () => {
    const bob = await s.issue('bob-member', { [payments]: 'member' }, 'bob');
    const alice = await s.issue('alice-lead', { [payments]: 'lead' }, 'alice');
    const swarm = await rest(bob, wipUrl(1, 'swarm'));
    expect(swarm.statusCode).toBe(200);
    expect(swarm.json()).toMatchObject({ podId: payments, holder: { id: item(1), personId: 'alice', lane: 'regular' } });

    expect((await rest(bob, wipUrl(2, 'release'))).statusCode).toBe(403);
    expect((await rest(bob, wipUrl(1, 'release-own'))).statusCode).toBe(403);
    const released = await rest(alice, wipUrl(2, 'release'));
    expect(released.statusCode).toBe(200);
    expect(released.json()).toMatchObject({ podId: payments, itemId: item(2), status: 'released', promoted: [item(3)] });
    expect((await rest(alice, wipUrl(2, 'release'))).statusCode).toBe(404);
    const own = await rest(alice, wipUrl(1, 'release-own'));
    expect(own.json()).toMatchObject({ status: 'released', promoted: [] });
    expect((await getWipState(s.temporal, payments))?.holders.map((h) => h.id)).toEqual([item(3)]);

    const rows = await audit(`action IN ('wip.swarm', 'wip.release') AND actor LIKE 'token:%'`);
    expect(rows.map((r) => [r.action, r.target, r.details.outcome])).toEqual([
      ['wip.swarm', item(1), 'done'],
      // Bob passes the rule of releasing one's own, and the service refuses Alice's item.
      ['wip.release', item(1), 'refused'],
      ['wip.release', item(2), 'done'],
      ['wip.release', item(2), 'refused'],
      ['wip.release', item(1), 'done'],
    ]);
    const view = await s.say('U0BOB', '/wip', podById(s.cfg, payments)!.id);
    expect(view.text).toBe(`WIP of Payments (${payments}): 1/2 in progress, limit 2, mode enforce, 0 queued`);
  });
});

/** Opens Bob's standup modal through /unblock and answers its metadata. */
async function openStandupMetadata(): Promise<unknown> {
  const answer = await s.command('U0BOB', '/unblock', '');
  expect(answer).toMatchObject({ status: 200, body: undefined });
  await s.bot.idle();
  return (s.slack.callsOf('views.open').at(-1)!.body.view as { private_metadata: string }).private_metadata;
}
