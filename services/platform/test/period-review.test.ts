import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { createTestDatabase } from '@clos/devstack';
import { computePeriodReview, createFieldCipher, createPool, decisionRecords, delegationRecords, type DataKeyring } from '../src/index.js';

const keys: DataKeyring = { currentId: 'test', keys: new Map([['test', randomBytes(32)]]) };
const cipher = createFieldCipher(keys);

describe('computePeriodReview', () => {
  let pool: pg.Pool;

  beforeAll(async () => {
    pool = createPool({ connectionString: await createTestDatabase(), max: 2 });
    await pool.query(`INSERT INTO orgs (id, name, timezone) VALUES ('acme', 'Acme', 'Europe/Berlin') ON CONFLICT DO NOTHING`);
    await pool.query(`INSERT INTO people (id, org_id, github_login) VALUES ('ines', 'acme', 'ines') ON CONFLICT DO NOTHING`);
    // 00:30 and 00:45 on Monday 7 December in Berlin: still Sunday in UTC.
    const decisions = decisionRecords(pool, cipher, 'ines');
    const opened = await decisions.insert({ text: 'Freeze the release', type: 'reversible_high', openedAt: new Date('2026-12-06T23:30:00Z') }, new Date('2026-12-06T23:30:00Z'));
    await decisions.decide(opened.id, { rationale: 'risk', communicatedTo: [], decidedAt: new Date('2026-12-06T23:45:00Z') });
    const handed = await delegationRecords(pool, cipher, 'ines').insert({ task: 'Run the retro', to: 'bob', controlImpulse: 3, handoffDone: true });
    await pool.query(`UPDATE leadership_delegations SET created_at = '2026-12-06T23:40:00Z' WHERE id = $1`, [handed.id]);
  });
  afterAll(async () => {
    await pool?.end();
  });

  const review = (date: string, timeZone: string) =>
    computePeriodReview(pool, { cipher, personId: 'ines', kind: 'weekly', date, timeZone, now: new Date('2026-12-08T12:00:00Z') });

  it("counts what happened on the person's local days: a Monday 00:30 in Berlin is in the week that Monday starts", async () => {
    const berlin = await review('2026-12-07', 'Europe/Berlin');
    expect(berlin.figures).toMatchObject({ from: '2026-12-07', to: '2026-12-13', decisionsMade: 1, decidedWithin48h: 1, delegations: { made: 1 } });
    expect((await review('2026-12-06', 'Europe/Berlin')).figures).toMatchObject({ decisionsMade: 0, delegations: { made: 0 } });
    // In UTC the same moments are Sunday's, the week before.
    expect((await review('2026-12-06', 'UTC')).figures).toMatchObject({ decisionsMade: 1, delegations: { made: 1 } });
    expect((await review('2026-12-07', 'UTC')).figures).toMatchObject({ decisionsMade: 0, delegations: { made: 0 } });
  });
});
