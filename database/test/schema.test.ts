import pg from 'pg';
import { migrate } from '../src/index.js';
import { createEmptyDatabase, type EmptyDatabase } from './empty-database.js';

/** Rules the schema itself enforces, whatever code writes to it. */
describe('schema constraints', () => {
  let db: EmptyDatabase;
  let client: pg.Client;

  beforeAll(async () => {
    db = await createEmptyDatabase();
    await migrate({ databaseUrl: db.url });
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
    await client.query(`INSERT INTO orgs (id, name) VALUES ('acme', 'Acme')`);
    await client.query(`INSERT INTO pods (id, org_id, name, wip_limit) VALUES ('payments', 'acme', 'Payments', 3)`);
  });
  afterAll(async () => {
    await client.end();
    await db.drop();
  });

  it('stores API tokens only as a SHA-256 hex digest', async () => {
    await expect(
      client.query(`INSERT INTO api_tokens (name, token_hash) VALUES ('ci', 'clos_live_plaintext_token')`),
    ).rejects.toThrow(/api_tokens_token_hash_check/);
    const digest = 'a'.repeat(64);
    await client.query(`INSERT INTO api_tokens (name, token_hash, scopes, pod_roles) VALUES ('ci', $1, '{read}', '{"payments":"lead"}')`, [
      digest,
    ]);
    await expect(client.query(`INSERT INTO api_tokens (name, token_hash) VALUES ('dup', $1)`, [digest])).rejects.toThrow(
      /api_tokens_token_hash_key/,
    );
  });

  it('accepts work item ids of the domain’s two shapes only', async () => {
    await client.query(
      `INSERT INTO work_items (id, kind, pod_id, state, repo, number) VALUES ('gh:acme/payments-api#12', 'pull_request', 'payments', 'open', 'acme/payments-api', 12)`,
    );
    await client.query(`INSERT INTO work_items (id, kind, state, linear_identifier) VALUES ('lin:PAY-44', 'linear_issue', 'started', 'PAY-44')`);
    await expect(
      client.query(`INSERT INTO work_items (id, kind, state, repo, number) VALUES ('acme/payments-api#13', 'pull_request', 'open', 'acme/payments-api', 13)`),
    ).rejects.toThrow(/work_items_id_check/);
    // A PR links to its Linear issue even before Linear's webhook has arrived.
    await client.query(`INSERT INTO work_item_links (pull_request_id, linear_issue_id) VALUES ('gh:acme/payments-api#12', 'lin:PAY-45')`);
  });

  it('keeps a repository in one pod, ignoring case', async () => {
    await client.query(`INSERT INTO pods (id, org_id, name, wip_limit) VALUES ('growth', 'acme', 'Growth', 2)`);
    await client.query(`INSERT INTO repos (full_name, pod_id) VALUES ('acme/web', 'payments')`);
    await expect(client.query(`INSERT INTO repos (full_name, pod_id) VALUES ('Acme/Web', 'growth')`)).rejects.toThrow(
      /repos_full_name_lower_key/,
    );
  });

  it('refuses an outbox row in processing without a lease, and unknown statuses', async () => {
    await expect(
      client.query(
        `INSERT INTO events (id, type, source, occurred_at, received_at, delivery_id, correlation_id, status)
         VALUES (gen_random_uuid(), 'pr.opened', 'github', now(), now(), 'd', 'c', 'processing')`,
      ),
    ).rejects.toThrow(/events_check/);
    await expect(
      client.query(
        `INSERT INTO events (id, type, source, occurred_at, received_at, delivery_id, correlation_id, status)
         VALUES (gen_random_uuid(), 'pr.opened', 'github', now(), now(), 'd', 'c', 'lost')`,
      ),
    ).rejects.toThrow(/events_status_check/);
  });

  it('requires an actor and a reason for a stage override', async () => {
    await client.query(`INSERT INTO stage_templates (id, name, definition) VALUES ('delivery', 'Delivery', '{"id":"delivery"}')`);
    await client.query(`INSERT INTO projects (id, pod_id, template_id, name) VALUES ('checkout-v2', 'payments', 'delivery', 'Checkout v2')`);
    await expect(
      client.query(`INSERT INTO stage_transitions (project_id, from_stage, to_stage, kind) VALUES ('checkout-v2', 'build', 'launch', 'override')`),
    ).rejects.toThrow(/stage_transitions_check/);
  });

  it("links a paralysis episode only to a decision of the same person, and unlinks it when the decision goes", async () => {
    for (const person of ['ana', 'ben']) await client.query(`INSERT INTO people (id, org_id, github_login) VALUES ($1, 'acme', $1)`, [person]);
    const decision = async (person: string) =>
      (await client.query<{ id: string }>(`INSERT INTO leadership_decisions (person_id, text_enc, decision_type) VALUES ($1, 'x', 'irreversible') RETURNING id`, [person])).rows[0]!.id;
    const anas = await decision('ana');
    const bens = await decision('ben');
    const episode = (person: string, decisionId: string) =>
      client.query<{ id: string }>(`INSERT INTO leadership_paralysis (person_id, local_date, decision_enc, fear_enc, decision_id) VALUES ($1, current_date, 'd', 'f', $2) RETURNING id`, [person, decisionId]);

    const linked = (await episode('ana', anas)).rows[0]!.id;
    await expect(episode('ana', bens)).rejects.toThrow(/leadership_paralysis_decision_fkey/);
    await client.query('DELETE FROM leadership_decisions WHERE id = $1', [anas]);
    const { rows } = await client.query<{ decision_id: string | null; person_id: string }>('SELECT decision_id, person_id FROM leadership_paralysis WHERE id = $1', [linked]);
    expect(rows).toEqual([{ decision_id: null, person_id: 'ana' }]);
  });
});
