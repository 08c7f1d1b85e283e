import { startRestStack, uniqueSuffix, type RestStack } from './rest-stack.js';

/**
 * Knowledge search on the real Postgres: records written as their writers write them
 * are found through the triggers' index, ranked by relevance and recency, paged, and
 * never shown to a caller without a role in their pod — nor private notes to anyone but
 * their owner.
 */
const s = uniqueSuffix();
const PAY = `pay-${s}`;
const OPS = `ops-${s}`;
const CHECKOUT = `checkout-${s}`;

const CLOS_YML = `
org: acme
timezone: UTC
pods:
  - id: ${PAY}
    name: Payments
    wipLimit: 2
    repos: [acme/pay-${s}]
    members:
      - github: alice
        role: lead
  - id: ${OPS}
    name: Ops
    wipLimit: 2
    repos: [acme/ops-${s}]
    members:
      - github: olga
        role: member
projects:
  - id: ${CHECKOUT}
    name: Checkout
    pod: ${PAY}
    template: delivery
`;

const DAY = 86_400_000;
let stack: RestStack;
const tokens = {} as Record<'payViewer' | 'opsViewer' | 'admin' | 'alice' | 'olga', string>;

interface Hit {
  kind: string;
  id: string;
  title: string;
  snippet: string;
  score: number;
  url: string | null;
  occurredAt: string;
  podId: string | null;
}

async function search(token: string, query: string): Promise<{ status: number; items: Hit[]; nextCursor: string | null; body: Record<string, unknown> }> {
  const response = await stack.call('GET', `/api/search?${query}`, { token });
  const body = response.json() as Record<string, unknown>;
  return { status: response.statusCode, items: (body.items ?? []) as Hit[], nextCursor: (body.nextCursor ?? null) as string | null, body };
}

async function idea(pod: string, title: string, problem: string, ageDays: number): Promise<string> {
  const { rows } = await stack.pool.query<{ id: string }>(
    `INSERT INTO ideas (pod_id, title, problem, impact, confidence, ease, submitted_by, created_at)
     VALUES ($1, $2, $3, 5, 5, 5, 'alice', now() - make_interval(days => $4)) RETURNING id::text`,
    [pod, title, problem, ageDays],
  );
  return rows[0]!.id;
}

beforeAll(async () => {
  stack = await startRestStack({ closYml: CLOS_YML });
  tokens.payViewer = (await stack.issue('pay viewer', { [PAY]: 'viewer' })).token;
  tokens.opsViewer = (await stack.issue('ops viewer', { [OPS]: 'viewer' })).token;
  tokens.admin = (await stack.issue('admin', { '*': 'admin' })).token;
  const alice = await stack.issue('alice', { [PAY]: 'lead' });
  const olga = await stack.issue('olga', { [OPS]: 'member' });
  tokens.alice = alice.token;
  tokens.olga = olga.token;
  // The token's person, as the leadership layer records it (added here when its migration has not).
  await stack.pool.query('ALTER TABLE api_tokens ADD COLUMN IF NOT EXISTS person_id text');
  await stack.pool.query('UPDATE api_tokens SET person_id = $2 WHERE id = $1', [alice.id, 'alice']);
  await stack.pool.query('UPDATE api_tokens SET person_id = $2 WHERE id = $1', [olga.id, 'olga']);
}, 120_000);

afterAll(() => stack?.close());

describe('GET /api/search', () => {
  it('finds records of every indexed kind by a word of their text, with a highlighted snippet and a link', async () => {
    const ideaId = await idea(PAY, 'Idempotent refunds', `Duplicate refunds happen when the zeppelin${s} gateway retries`, 1);
    await stack.pool.query(
      `INSERT INTO standups (pod_id, person_id, day, yesterday, today, blockers, confidence)
       VALUES ($1, 'alice', current_date, 'shipped the zeppelin${s} adapter', 'reviews', '', 4)`,
      [PAY],
    );
    await stack.pool.query(
      `INSERT INTO blockers (pod_id, person_id, description, normalized) VALUES ($1, 'alice', $2, $2)`,
      [PAY, `waiting on zeppelin${s} credentials`],
    );
    await stack.pool.query(
      `INSERT INTO evidence (project_id, stage_id, criterion_id, submitted_by, value) VALUES ($1, 'build', 'load-test', 'alice', $2)`,
      [CHECKOUT, `zeppelin${s} load test passed at 900 rps`],
    );
    await stack.pool.query(
      `INSERT INTO stage_transitions (project_id, from_stage, to_stage, kind, actor, reason) VALUES ($1, 'build', 'ship', 'override', 'alice', $2)`,
      [CHECKOUT, `zeppelin${s} launch cannot wait`],
    );
    await stack.pool.query(
      `INSERT INTO work_items (id, kind, pod_id, person_id, state, title, url, repo, number, opened_at)
       VALUES ($1, 'pull_request', $2, 'alice', 'open', $3, 'https://github.com/acme/pay/pull/7', $4, 7, now())`,
      [`gh:acme/pay-${s}#7`, PAY, `Retry zeppelin${s} webhooks`, `acme/pay-${s}`],
    );

    const found = await search(tokens.payViewer, `q=zeppelin${s}&limit=50`);
    expect(found.status).toBe(200);
    expect(new Set(found.items.map((h) => h.kind))).toEqual(new Set(['idea', 'standup', 'blocker', 'evidence', 'stage_transition', 'work_item']));
    const hit = found.items.find((h) => h.kind === 'idea')!;
    expect(hit).toMatchObject({ id: ideaId, title: 'Idempotent refunds', url: `/ideas/?id=${ideaId}`, podId: PAY });
    expect(hit.snippet).toContain(`«zeppelin${s}»`);
    expect(hit.score).toBeGreaterThan(0);
    expect(found.items.find((h) => h.kind === 'work_item')!.url).toBe('https://github.com/acme/pay/pull/7');

    const onlyEvidence = await search(tokens.payViewer, `q=zeppelin${s}&kinds=evidence,demo`);
    expect(onlyEvidence.items.map((h) => h.kind)).toEqual(['evidence']);

    // An edit is searchable at once, and the old words are gone.
    await stack.pool.query(`UPDATE ideas SET problem = 'retries double-charge customers' WHERE id = $1`, [ideaId]);
    expect((await search(tokens.payViewer, `q=double-charge&kinds=idea`)).items.map((h) => h.id)).toContain(ideaId);
    expect((await search(tokens.payViewer, `q=zeppelin${s}&kinds=idea`)).items).toEqual([]);
  });

  it('ranks a title match over a body match, and the recent over the old when equally relevant', async () => {
    const word = `quokka${s}`;
    const inBody = await idea(PAY, 'Cache warmup', `the ${word} service is slow`, 0);
    const inTitle = await idea(PAY, `Replace ${word}`, 'it is slow', 0);
    const oldTwin = await idea(PAY, `Retire ${word} cluster`, 'costly', 400);
    const newTwin = await idea(PAY, `Retire ${word} cluster`, 'costly', 2);

    const { items } = await search(tokens.payViewer, `q=${word}`);
    const order = items.map((h) => h.id);
    expect(order.indexOf(inTitle)).toBeLessThan(order.indexOf(inBody));
    expect(order.indexOf(newTwin)).toBeLessThan(order.indexOf(oldTwin));
    expect(items.map((h) => h.score)).toEqual([...items.map((h) => h.score)].sort((a, b) => b - a));

    // A phrase and an exclusion, as a search box takes them.
    const phrase = await search(tokens.payViewer, `q=${encodeURIComponent(`"retire ${word}" -costly`)}`);
    expect(phrase.items).toEqual([]);
    const narrowed = await search(tokens.payViewer, `q=${encodeURIComponent(`${word} -slow`)}`);
    expect(narrowed.items.map((h) => h.id).sort()).toEqual([oldTwin, newTwin].sort());
  });

  it('pages with a cursor: every hit once, in score order', async () => {
    const word = `wombat${s}`;
    const ids = [];
    for (let i = 0; i < 7; i++) ids.push(await idea(PAY, `Idea ${i} about ${word}`, i % 2 === 0 ? word : 'other', i));
    const seen: Hit[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<typeof search>> = await search(tokens.payViewer, `q=${word}&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...page.items);
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== null);
    expect(pages).toBe(3);
    expect(seen.map((h) => h.id).sort()).toEqual([...ids].sort());
    expect(seen.map((h) => h.score)).toEqual([...seen.map((h) => h.score)].sort((a, b) => b - a));

    // Well-formed, but naming no page of this listing: that page does not exist.
    const bad = await search(tokens.payViewer, `q=${word}&cursor=bm9wZQ`);
    expect(bad.status).toBe(404);
    expect(JSON.stringify(bad.body)).toContain('querystring.cursor');
  });

  it("shows only the pods the caller can see, and private notes only to their owner", async () => {
    const word = `narwhal${s}`;
    const payIdea = await idea(PAY, `Pay ${word}`, '', 0);
    const opsIdea = await idea(OPS, `Ops ${word}`, '', 0);
    // Check-in notes as the leadership layer indexes them: private to their person.
    await stack.pool.query(
      `SELECT search_document_put('checkin', $1, $2, $3, $4, 'felt stuck on it', NULL, now())`,
      [`alice-${s}`, PAY, 'alice', `Check-in: ${word} worries`],
    );
    await stack.pool.query(
      `SELECT search_document_put('checkin', $1, $2, $3, $4, 'notes', NULL, now())`,
      [`olga-${s}`, OPS, 'olga', `Check-in: ${word} on call`],
    );

    const ids = async (token: string, extra = '') => (await search(token, `q=${word}${extra}`)).items.map((h) => `${h.kind}:${h.id}`).sort();
    expect(await ids(tokens.payViewer)).toEqual([`idea:${payIdea}`]);
    expect(await ids(tokens.opsViewer)).toEqual([`idea:${opsIdea}`]);
    expect(await ids(tokens.admin)).toEqual([`idea:${payIdea}`, `idea:${opsIdea}`].sort());
    expect(await ids(tokens.alice)).toEqual([`checkin:alice-${s}`, `idea:${payIdea}`].sort());
    expect(await ids(tokens.olga)).toEqual([`checkin:olga-${s}`, `idea:${opsIdea}`].sort());

    // Naming a pod the caller has no role in is refused, not quietly empty.
    const refused = await search(tokens.payViewer, `q=${word}&pod=${OPS}`);
    expect(refused.status).toBe(403);
    expect(await ids(tokens.admin, `&pod=${OPS}`)).toEqual([`idea:${opsIdea}`]);
  });

  it('refuses bad input with a message naming the field, and callers without a token', async () => {
    const empty = await search(tokens.payViewer, 'q=%20');
    expect(empty.status).toBe(400);
    expect(JSON.stringify(empty.body)).toContain('q');
    const kind = await search(tokens.payViewer, 'q=x&kinds=idea,memo');
    expect(kind.status).toBe(400);
    expect(JSON.stringify(kind.body)).toContain('must be one of');
    const from = await search(tokens.payViewer, 'q=x&from=yesterday');
    expect(from.status).toBe(400);
    const anonymous = await stack.call('GET', '/api/search?q=x');
    expect(anonymous.statusCode).toBe(401);
    // Only stop words: a valid query that matches nothing.
    expect((await search(tokens.payViewer, 'q=the')).items).toEqual([]);
  });

  it('narrows to records from a time on', async () => {
    const word = `axolotl${s}`;
    await idea(PAY, `Old ${word}`, '', 30);
    const recent = await idea(PAY, `New ${word}`, '', 1);
    const from = new Date(Date.now() - 7 * DAY).toISOString();
    expect((await search(tokens.payViewer, `q=${word}&from=${encodeURIComponent(from)}`)).items.map((h) => h.id)).toEqual([recent]);
  });
});
