import { addDays, localDate, startOfLocalDay } from './local-date.js';

describe('startOfLocalDay', () => {
  it('is local midnight as an instant', () => {
    expect(startOfLocalDay('2026-12-07', 'UTC').toISOString()).toBe('2026-12-07T00:00:00.000Z');
    expect(startOfLocalDay('2026-12-07', 'Europe/Berlin').toISOString()).toBe('2026-12-06T23:00:00.000Z');
    expect(startOfLocalDay('2026-07-01', 'Europe/Berlin').toISOString()).toBe('2026-06-30T22:00:00.000Z');
    expect(startOfLocalDay('2026-12-07', 'Asia/Kolkata').toISOString()).toBe('2026-12-06T18:30:00.000Z');
    expect(startOfLocalDay('2026-12-07', 'America/Los_Angeles').toISOString()).toBe('2026-12-07T08:00:00.000Z');
  });

  it('starts every day of a year in its own date, clock changes included, and the moment before is the day before', () => {
    for (const zone of ['Europe/Berlin', 'America/Los_Angeles', 'America/Santiago', 'Asia/Beirut', 'Australia/Lord_Howe', 'Pacific/Chatham']) {
      for (let date = '2026-01-01'; date <= '2026-12-31'; date = addDays(date, 1)) {
        const start = startOfLocalDay(date, zone);
        expect({ zone, date, day: localDate(start, zone) }).toEqual({ zone, date, day: date });
        expect({ zone, date, before: localDate(new Date(start.getTime() - 1), zone) < date }).toEqual({ zone, date, before: true });
      }
    }
  });
});
