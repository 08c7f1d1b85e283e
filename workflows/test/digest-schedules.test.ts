import { randomUUID } from 'node:crypto';
import { validateClosConfig, type ClosConfig } from '@clos/domain';
import { Client, Connection, type ScheduleDescription } from '@temporalio/client';
import { ensureDigestSchedules } from '../src/client/digest-schedules.js';
import { digestScheduleId, PERSON_DIGEST_WORKFLOW } from '../src/shared/digest-messages.js';

function env(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} is not set: run through jest`);
  return value;
}

describe('digest schedules on a real Temporal server', () => {
  const run = randomUUID().slice(0, 8);
  const taskQueue = `clos-digest-schedules-${run}`;
  let connection: Connection;
  let client: Client;
  const ada = `ada-${run}`;
  const grace = `grace-${run}`;
  const config = (graceDigests: Record<string, string>): ClosConfig =>
    validateClosConfig({
      org: `acme-${run}`,
      timezone: 'Europe/Berlin',
      pods: [
        {
          id: 'core',
          name: 'Core',
          wipLimit: 2,
          members: [
            { github: ada, slack: 'U0ADA', role: 'lead' },
            { github: grace, slack: 'U0GRACE', role: 'member', timezone: 'America/New_York', digests: graceDigests },
            { github: `bob-${run}`, role: 'member' },
          ],
        },
      ],
    });
  const describeSchedule = (id: string): Promise<ScheduleDescription> => client.schedule.getHandle(id).describe();

  beforeAll(async () => {
    connection = await Connection.connect({ address: env('TEMPORAL_ADDRESS') });
    client = new Client({ connection, namespace: 'default' });
  });
  afterAll(async () => {
    // Leaves nothing on the shared server: an empty policy deletes this org's schedules.
    await ensureDigestSchedules(client, validateClosConfig({ org: `acme-${run}`, timezone: 'UTC', pods: [] }), { taskQueue });
    await connection.close();
  });

  it('makes one schedule per person and kind in their time zone, skips who has no Slack id, and follows policy changes', async () => {
    const first = await ensureDigestSchedules(client, config({ weekly: 'off', morning: '07:45' }), { taskQueue });
    expect(first.skipped).toEqual([{ personId: `bob-${run}`, reason: 'no Slack id in clos.yml' }]);
    expect(first.scheduled.sort()).toEqual(
      [
        digestScheduleId(ada, 'morning'),
        digestScheduleId(ada, 'midday'),
        digestScheduleId(ada, 'evening'),
        digestScheduleId(ada, 'weekly'),
        digestScheduleId(grace, 'morning'),
        digestScheduleId(grace, 'midday'),
        digestScheduleId(grace, 'evening'),
      ].sort(),
    );

    const adaMorning = await describeSchedule(digestScheduleId(ada, 'morning'));
    expect(adaMorning.spec.timezone).toBe('Europe/Berlin');
    expect(adaMorning.spec.calendars).toEqual([
      expect.objectContaining({ hour: [{ start: 8, end: 8, step: 1 }], minute: [{ start: 0, end: 0, step: 1 }], dayOfWeek: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'].map((d) => ({ start: d, end: d, step: 1 })) }),
    ]);
    expect(adaMorning.action).toMatchObject({ workflowType: PERSON_DIGEST_WORKFLOW, taskQueue, args: [{ personId: ada, kind: 'morning', trigger: 'schedule' }] });
    const adaWeekly = await describeSchedule(digestScheduleId(ada, 'weekly'));
    expect(adaWeekly.spec.calendars?.[0]).toMatchObject({ dayOfWeek: [{ start: 'MONDAY', end: 'MONDAY', step: 1 }], hour: [{ start: 9, end: 9, step: 1 }] });
    const graceMorning = await describeSchedule(digestScheduleId(grace, 'morning'));
    expect(graceMorning.spec.timezone).toBe('America/New_York');
    expect(graceMorning.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 7, end: 7, step: 1 }], minute: [{ start: 45, end: 45, step: 1 }] });
    // Runs only on working days, at 07:45 New York time.
    for (const at of graceMorning.info.nextActionTimes) {
      const local = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
      expect(local).toMatch(/^(Mon|Tue|Wed|Thu|Fri) 07:45$/);
    }

    // Policy change: grace turns her evening off and gets her weekly back; the schedules follow.
    const second = await ensureDigestSchedules(client, config({ evening: 'off', weekly: 'Friday 16:00' }), { taskQueue });
    expect(second.scheduled).not.toContain(digestScheduleId(grace, 'evening'));
    await expect(describeSchedule(digestScheduleId(grace, 'evening'))).rejects.toThrow();
    const graceWeekly = await describeSchedule(digestScheduleId(grace, 'weekly'));
    expect(graceWeekly.spec.calendars?.[0]).toMatchObject({ dayOfWeek: [{ start: 'FRIDAY', end: 'FRIDAY', step: 1 }], hour: [{ start: 16, end: 16, step: 1 }] });
  });

  it('keeps the local time across a daylight-saving change (Temporal computes in the zone)', async () => {
    await ensureDigestSchedules(client, config({}), { taskQueue });
    const { spec } = await describeSchedule(digestScheduleId(ada, 'morning'));
    // The same spec, starting the week Berlin moves to summer time (Sunday 28 March 2027).
    const probeId = `digest-dst-probe-${run}`;
    const probe = await client.schedule.create({
      scheduleId: probeId,
      spec: { ...spec, startAt: new Date('2027-03-24T00:00:00Z') },
      action: { type: 'startWorkflow', workflowType: PERSON_DIGEST_WORKFLOW, workflowId: probeId, taskQueue, args: [{ personId: ada, kind: 'morning', trigger: 'schedule' }] },
      state: { paused: true },
    });
    try {
      const times = (await probe.describe()).info.nextActionTimes.slice(0, 4).map((t) => t.toISOString());
      // Wed, Thu, Fri before the change at 07:00Z (CET), Monday after it at 06:00Z (CEST): 08:00 local throughout.
      expect(times).toEqual(['2027-03-24T07:00:00.000Z', '2027-03-25T07:00:00.000Z', '2027-03-26T07:00:00.000Z', '2027-03-29T06:00:00.000Z']);
    } finally {
      await probe.delete();
    }
  });
});
