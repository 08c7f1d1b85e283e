import { validateClosConfig } from '../config/parse-config.js';
import { digestPeople, digestPerson } from './digest-people.js';
import { parseDigestTime } from './digest-schedule.js';

const cfg = validateClosConfig({
  org: 'acme',
  timezone: 'Europe/Berlin',
  pods: [
    {
      id: 'core',
      name: 'Core',
      wipLimit: 2,
      members: [
        { github: 'Ada', slack: 'U0ADA', name: 'Ada Lovelace', role: 'lead', digests: { morning: '07:15', weekly: 'off' } },
        { github: 'bob', role: 'member' },
      ],
    },
    { id: 'web', name: 'Web', wipLimit: 2, members: [{ github: 'ada', role: 'member', timezone: 'America/New_York' }] },
  ],
});

describe('digest settings from clos.yml', () => {
  it('reads times, defaults and off', () => {
    expect(parseDigestTime('morning', undefined)).toEqual({ off: false, hour: 8, minute: 0 });
    expect(parseDigestTime('weekly', undefined)).toEqual({ off: false, weekday: 'MONDAY', hour: 9, minute: 0 });
    expect(parseDigestTime('weekly', 'friday 16:30')).toEqual({ off: false, weekday: 'FRIDAY', hour: 16, minute: 30 });
    expect(parseDigestTime('evening', 'off')).toEqual({ off: true });
  });

  it('lists each person once with their zone, times, Slack id and pods', () => {
    const [ada, bob] = digestPeople(cfg);
    expect(ada).toMatchObject({
      personId: 'ada',
      name: 'Ada Lovelace',
      slack: 'U0ADA',
      timezone: 'America/New_York',
      times: { morning: { off: false, hour: 7, minute: 15 }, midday: { off: false, hour: 12, minute: 30 }, weekly: { off: true } },
      pods: [
        { podId: 'core', role: 'lead' },
        { podId: 'web', role: 'member' },
      ],
    });
    expect(bob).toMatchObject({ personId: 'bob', timezone: 'Europe/Berlin' });
    expect(bob?.slack).toBeUndefined();
    expect(digestPerson(cfg, 'U0ADA')?.personId).toBe('ada');
    expect(digestPerson(cfg, 'nobody')).toBeUndefined();
  });

  it('refuses a malformed time with a message naming it', () => {
    const bad = () =>
      validateClosConfig({ org: 'acme', timezone: 'UTC', pods: [{ id: 'p', name: 'P', wipLimit: 1, members: [{ github: 'x', role: 'member', digests: { morning: '8am' } }] }] });
    expect(bad).toThrow(/pods\[0\]\.members\[0\]\.digests\.morning.*expected a local time such as "08:00", or "off", got "8am"/s);
  });
});
