import { createTestDatabase } from '@clos/devstack';
import { parseClosConfig } from '@clos/domain';
import type pg from 'pg';
import { createPool, syncConfigToDb } from '../src/index.js';

const ACME = `
org: acme
timezone: Europe/Berlin
pods:
  - id: payments
    name: Payments
    wipLimit: 3
    perPersonWipLimit: 2
    repos: [acme/payments-api, acme/payments-web]
    linearTeams: [PAY]
    slackChannel: C0PAYMENTS
    members:
      - github: alice
        slack: U0ALICE
        role: lead
      - github: bob
        role: member
projects:
  - id: checkout-v2
    name: Checkout v2
    pod: payments
    template: delivery
    linearProject: Checkout v2
`;

const ACME_REORGANISED = `
org: acme
timezone: Europe/Berlin
pods:
  - id: growth
    name: Growth
    wipLimit: 2
    mode: warn
    repos: [acme/payments-web]
    members:
      - github: alice
        slack: U0ALICE
        role: admin
      - slack: U0CAROL
        name: Carol
        role: viewer
projects:
  - id: onboarding
    name: Onboarding
    pod: growth
    template: spec
`;

describe('syncConfigToDb', () => {
  let pool: pg.Pool;

  beforeAll(async () => {
    pool = createPool({ connectionString: await createTestDatabase() });
  });
  afterAll(async () => {
    await pool.end();
  });

  async function snapshot(): Promise<Record<string, unknown[]>> {
    const q = async (sql: string): Promise<unknown[]> => (await pool.query(sql)).rows;
    return {
      orgs: await q('SELECT * FROM orgs ORDER BY id'),
      pods: await q('SELECT * FROM pods ORDER BY id'),
      people: await q('SELECT * FROM people ORDER BY id'),
      memberships: await q('SELECT * FROM memberships ORDER BY person_id, pod_id'),
      repos: await q('SELECT * FROM repos ORDER BY full_name'),
      templates: await q('SELECT * FROM stage_templates ORDER BY id'),
      projects: await q('SELECT * FROM projects ORDER BY id'),
    };
  }

  it('writes the org, pods, people, memberships, repos, templates and projects of clos.yml', async () => {
    const summary = await syncConfigToDb(pool, parseClosConfig(ACME, 'clos.yml'));
    expect(summary).toMatchObject({ pods: 1, people: 2, memberships: 2, repos: 2, projects: 1 });

    const { rows: pods } = await pool.query(
      'SELECT id, org_id, wip_limit, per_person_wip_limit, mode, expedite_label, expedite_quota, linear_teams, slack_channel FROM pods',
    );
    expect(pods).toEqual([
      {
        id: 'payments',
        org_id: 'acme',
        wip_limit: 3,
        per_person_wip_limit: 2,
        mode: 'enforce',
        expedite_label: 'expedite',
        expedite_quota: 1,
        linear_teams: ['PAY'],
        slack_channel: 'C0PAYMENTS',
      },
    ]);
    const { rows: members } = await pool.query(
      `SELECT p.id, p.github_login, p.slack_user_id, m.role FROM people p JOIN memberships m ON m.person_id = p.id ORDER BY p.id`,
    );
    expect(members).toEqual([
      { id: 'alice', github_login: 'alice', slack_user_id: 'U0ALICE', role: 'lead' },
      { id: 'bob', github_login: 'bob', slack_user_id: null, role: 'member' },
    ]);
    const { rows: repos } = await pool.query('SELECT full_name, pod_id FROM repos ORDER BY full_name');
    expect(repos).toEqual([
      { full_name: 'acme/payments-api', pod_id: 'payments' },
      { full_name: 'acme/payments-web', pod_id: 'payments' },
    ]);
    const { rows: projects } = await pool.query('SELECT id, pod_id, template_id, linear_project, status FROM projects');
    expect(projects).toEqual([
      { id: 'checkout-v2', pod_id: 'payments', template_id: 'delivery', linear_project: 'Checkout v2', status: 'active' },
    ]);
    const { rows: templates } = await pool.query(`SELECT id, built_in, definition->>'id' AS def_id FROM stage_templates ORDER BY id`);
    expect(templates).toEqual(
      expect.arrayContaining([
        { id: 'delivery', built_in: true, def_id: 'delivery' },
        { id: 'spec', built_in: true, def_id: 'spec' },
      ]),
    );
  });

  it('is idempotent: a second sync of the same file changes no row', async () => {
    const before = await snapshot();
    await syncConfigToDb(pool, parseClosConfig(ACME, 'clos.yml'));
    expect(await snapshot()).toEqual(before);
  });

  it('follows a changed file, archiving what it no longer declares but keeping history', async () => {
    await pool.query(
      `INSERT INTO stage_transitions (project_id, from_stage, to_stage, kind) VALUES ('checkout-v2', NULL, 'idea', 'start')`,
    );
    await syncConfigToDb(pool, parseClosConfig(ACME_REORGANISED, 'clos.yml'));

    const { rows: pods } = await pool.query('SELECT id, mode, archived_at IS NOT NULL AS archived FROM pods ORDER BY id');
    expect(pods).toEqual([
      { id: 'growth', mode: 'warn', archived: false },
      { id: 'payments', mode: 'enforce', archived: true },
    ]);
    const { rows: people } = await pool.query('SELECT id, name FROM people ORDER BY id');
    expect(people).toEqual([
      { id: 'U0CAROL', name: 'Carol' },
      { id: 'alice', name: null },
    ]);
    const { rows: memberships } = await pool.query('SELECT person_id, pod_id, role FROM memberships ORDER BY person_id');
    expect(memberships).toEqual([
      { person_id: 'U0CAROL', pod_id: 'growth', role: 'viewer' },
      { person_id: 'alice', pod_id: 'growth', role: 'admin' },
    ]);
    const { rows: repos } = await pool.query('SELECT full_name, pod_id FROM repos');
    expect(repos).toEqual([{ full_name: 'acme/payments-web', pod_id: 'growth' }]);
    const { rows: projects } = await pool.query('SELECT id, status FROM projects ORDER BY id');
    expect(projects).toEqual([
      { id: 'checkout-v2', status: 'archived' },
      { id: 'onboarding', status: 'active' },
    ]);
    const { rows: transitions } = await pool.query('SELECT count(*)::int AS n FROM stage_transitions');
    expect(transitions).toEqual([{ n: 1 }]);

    // And back: the pod and project return to active.
    await syncConfigToDb(pool, parseClosConfig(ACME, 'clos.yml'));
    const { rows: back } = await pool.query(
      `SELECT (SELECT archived_at FROM pods WHERE id = 'payments') AS archived_at,
              (SELECT status FROM projects WHERE id = 'checkout-v2') AS status`,
    );
    expect(back).toEqual([{ archived_at: null, status: 'active' }]);
  });

  it('serialises concurrent syncs', async () => {
    const config = parseClosConfig(ACME, 'clos.yml');
    await Promise.all([syncConfigToDb(pool, config), syncConfigToDb(pool, config), syncConfigToDb(pool, config)]);
    const { rows } = await pool.query('SELECT count(*)::int AS n FROM people');
    expect(rows).toEqual([{ n: 2 }]);
  });
});
