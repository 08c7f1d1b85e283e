import { replyText, startSlackStack, type SlackStack } from './support/slack-stack.js';

let s: SlackStack;

beforeAll(async () => {
  s = await startSlackStack({ github: true });
}, 60_000);
afterAll(async () => {
  await s?.close();
});

const score = (n: number) => ({ type: 'static_select', selected_option: { text: { type: 'plain_text', text: String(n) }, value: String(n) } });
const ideaValues = (title: string, problem: string, impact: number, confidence: number, ease: number) => ({
  title: { title_input: { type: 'plain_text_input', value: title } },
  problem: { problem_input: { type: 'plain_text_input', value: problem } },
  impact: { impact_select: score(impact) },
  confidence: { confidence_select: score(confidence) },
  ease: { ease_select: score(ease) },
});

async function submitIdea(user: string, title: string, problem: string, ice: [number, number, number]): Promise<number> {
  await s.command(user, '/idea', `submit ${title}`);
  await s.bot.idle();
  const open = s.slack.callsOf('views.open').at(-1)!;
  const view = open.body.view as { private_metadata: string };
  const answer = await s.submit(user, 'idea_submit', view.private_metadata, ideaValues(title, problem, ...ice));
  expect(answer).toMatchObject({ status: 200, body: undefined });
  await s.bot.idle();
  const { rows } = await s.pool.query<{ id: string }>('SELECT id FROM ideas WHERE title = $1', [title]);
  return Number(rows[0]!.id);
}

describe('/idea', () => {
  it('submit opens a modal with the title and stores the idea with its ICE score', async () => {
    const usage = await s.say('U0BOB', '/idea', 'submit');
    expect(usage.text).toContain('`/idea submit` needs a title');

    const id = await submitIdea('U0BOB', 'One-click refunds', 'Support spends 10h a week on refunds', [8, 5, 4]);
    const open = s.slack.callsOf('views.open').at(-1)!;
    const view = open.body.view as { callback_id: string; blocks: { block_id?: string; element?: { initial_value?: string } }[] };
    expect(view.callback_id).toBe('idea_submit');
    expect(view.blocks.find((b) => b.block_id === 'title')?.element?.initial_value).toBe('One-click refunds');

    const { rows } = await s.pool.query('SELECT pod_id, submitted_by, impact, confidence, ease, ice_score, status FROM ideas WHERE id = $1', [id]);
    expect(rows).toEqual([{ pod_id: s.ids.payments, submitted_by: 'bob', impact: 8, confidence: 5, ease: 4, ice_score: 160, status: 'proposed' }]);
    const post = await s.slack.waitFor((c) => c.method === 'chat.postMessage' && String(c.body.text).includes('New idea'));
    expect(post.body).toMatchObject({ channel: 'C0PAYMENTS', text: expect.stringContaining(`*#${id}*`) });
  });

  it('refuses incomplete answers in the modal and submitters clos.yml does not know', async () => {
    const incomplete = await s.submit('U0BOB', 'idea_submit', '{}', {
      title: { title_input: { type: 'plain_text_input', value: 'x' } },
      problem: { problem_input: { type: 'plain_text_input', value: '' } },
    });
    expect(incomplete.body).toMatchObject({ response_action: 'errors', errors: { problem: expect.any(String), impact: expect.any(String) } });
    const stranger = await s.say('U0NOBODY', '/idea', 'submit Something');
    expect(stranger.text).toBe(':no_entry: Only a member of a pod in clos.yml can submit ideas.');
  });

  it('a retried submission creates nothing twice', async () => {
    const before = (await s.pool.query('SELECT count(*)::int AS n FROM ideas')).rows[0].n as number;
    const values = ideaValues('Dark mode', 'People ask', 3, 3, 3);
    // The same modal submitted twice (each a request of its own, as after a lost answer).
    await s.submit('U0DAVE', 'idea_submit', JSON.stringify({ podId: s.ids.growth }), values, `VDARK${s.run}`);
    await s.submit('U0DAVE', 'idea_submit', JSON.stringify({ podId: s.ids.growth }), values, `VDARK${s.run}`);
    await s.bot.idle();
    const { rows } = await s.pool.query<{ submission_key: string }>('SELECT submission_key FROM ideas WHERE title = $1', ['Dark mode']);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.submission_key).toMatch(/^slack-view:/);
    expect((await s.pool.query('SELECT count(*)::int AS n FROM ideas')).rows[0].n).toBe(before + 1);
  });

  it('list, score and show', async () => {
    await submitIdea('U0ALICE', 'Faster checkout', 'Conversion drops at step 3', [9, 8, 7]);
    const list = await s.say('U0BOB', '/idea', 'list');
    expect(list.text).toMatch(/\*Ideas, newest first\*\n:bulb: \*#\d+\* Faster checkout — ICE \*504\*/);
    const ranking = await s.say('U0BOB', '/idea', 'score');
    const text = ranking.text;
    expect(text.indexOf('Faster checkout')).toBeLessThan(text.indexOf('One-click refunds'));
    expect(text).toContain('1. :bulb:');
    const bad = await s.say('U0BOB', '/idea', 'list maybe');
    expect(bad.text).toContain('Unknown status "maybe"');
  });

  it('re-scoring is for the author or a lead', async () => {
    const { rows } = await s.pool.query<{ id: string }>('SELECT id FROM ideas WHERE title = $1', ['Faster checkout']);
    const id = rows[0]!.id;
    const other = await s.say('U0BOB', '/idea', `score ${id} 1 1 1`);
    expect(other.text).toContain('Only a lead or admin of Payments');
    const mine = await s.say('U0ALICE', '/idea', `score ${id} 10 8 7`);
    expect(mine.text).toBe(`Idea #${id} re-scored: ICE 504 → 560.`);
    const usage = await s.say('U0ALICE', '/idea', `score ${id} 11 8`);
    expect(usage.text).toContain('three scores from 1 to 10');
  });

  it('accept and reject: leads only, with a reason, kept in the status history; accepted ideas become GitHub issues', async () => {
    const { rows } = await s.pool.query<{ id: string }>('SELECT id FROM ideas WHERE title = $1', ['One-click refunds']);
    const id = rows[0]!.id;
    const member = await s.say('U0BOB', '/idea', `accept ${id} looks great`);
    expect(member.text).toContain(`:no_entry: Only a lead or admin of Payments (${s.ids.payments}) can accept idea #${id}`);
    const noReason = await s.say('U0ALICE', '/idea', `accept ${id}`);
    expect(noReason.text).toContain('needs an idea and a reason');

    const accepted = await s.say('U0ALICE', '/idea', `accept ${id} saves support a day a week`);
    const body = accepted.message as { text: string; blocks: { type: string; elements?: { action_id: string; value: string }[] }[] };
    expect(body.text).toBe(`Idea #${id} accepted: saves support a day a week`);
    const button = body.blocks.find((b) => b.type === 'actions')?.elements?.[0];
    expect(button).toMatchObject({ action_id: 'idea_github_issue', value: id });
    const history = await s.pool.query('SELECT from_status, to_status, actor, reason FROM idea_status_changes WHERE idea_id = $1 ORDER BY id', [id]);
    expect(history.rows).toEqual([
      { from_status: null, to_status: 'proposed', actor: 'bob', reason: null },
      { from_status: 'proposed', to_status: 'accepted', actor: 'alice', reason: 'saves support a day a week' },
    ]);
    const again = await s.say('U0ALICE', '/idea', `accept ${id} twice`);
    expect(again.text).toBe(`Idea #${id} is already accepted; nothing changed.`);

    const notLead = await s.click('U0BOB', 'idea_github_issue', id);
    expect(replyText((await s.responses(notLead.responseId))[0])).toContain('Only a lead or admin');
    const issue = await s.click('U0ALICE', 'idea_github_issue', id);
    expect(replyText((await s.responses(issue.responseId))[0])).toMatch(/Idea #\d+ is now http/);
    const issues = s.github!.issues(`acme/pay-${s.run}`);
    expect(issues).toEqual([expect.objectContaining({ title: 'One-click refunds', labels: ['idea'] })]);
    const linked = await s.pool.query('SELECT github_repo, github_issue_number, github_issue_state FROM ideas WHERE id = $1', [id]);
    expect(linked.rows).toEqual([{ github_repo: `acme/pay-${s.run}`, github_issue_number: issues[0]!.number, github_issue_state: 'open' }]);
    const twice = await s.click('U0ALICE', 'idea_github_issue', id);
    expect(replyText((await s.responses(twice.responseId))[0])).toContain('already is');
    expect(s.github!.issues(`acme/pay-${s.run}`)).toHaveLength(1);

    const show = await s.say('U0CAROL', '/idea', `show ${id}`);
    expect(JSON.stringify(show.message)).toContain('proposed → accepted by <@U0ALICE>: saves support a day a week');

    const { rows: dark } = await s.pool.query<{ id: string }>('SELECT id FROM ideas WHERE title = $1', ['Dark mode']);
    const rejected = await s.say('U0ERIN', '/idea', `reject ${dark[0]!.id} not this quarter`);
    expect(rejected.text).toBe(`Idea #${dark[0]!.id} rejected: not this quarter`);
    const missing = await s.say('U0ALICE', '/idea', 'show 999999');
    expect(missing.text).toContain('There is no idea #999999');
  });
});
