import { addDays, daysBetween, formatDay, isDay, isWorkingDay, localDay, nextWeekday, nextWorkingDay, weekdayOf, FRIDAY } from './local-day.js';

describe('local days', () => {
  it('reads the calendar day in the given time zone, not in UTC', () => {
    const instant = new Date('2025-11-21T23:30:00Z');
    expect(localDay(instant, 'UTC')).toBe('2025-11-21');
    expect(localDay(instant, 'Europe/Berlin')).toBe('2025-11-22');
    expect(localDay(instant, 'America/Los_Angeles')).toBe('2025-11-21');
  });

  it('validates days', () => {
    expect(isDay('2025-02-28')).toBe(true);
    expect(isDay('2025-02-29')).toBe(false);
    expect(isDay('2025-2-1')).toBe(false);
    expect(isDay('tomorrow')).toBe(false);
  });

  it('counts and steps days across month ends', () => {
    expect(addDays('2025-11-30', 1)).toBe('2025-12-01');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(daysBetween('2025-11-17', '2025-11-21')).toBe(4);
    expect(weekdayOf('2025-11-21')).toBe(5);
  });

  it('finds the next Friday strictly after the day', () => {
    expect(nextWeekday('2025-11-17', FRIDAY)).toBe('2025-11-21'); // Monday
    expect(nextWeekday('2025-11-21', FRIDAY)).toBe('2025-11-28'); // a Friday: the one after
    expect(nextWeekday('2025-11-22', FRIDAY)).toBe('2025-11-28'); // Saturday
  });

  it('knows working days', () => {
    expect(isWorkingDay('2025-11-21')).toBe(true);
    expect(isWorkingDay('2025-11-22')).toBe(false);
    expect(nextWorkingDay('2025-11-21')).toBe('2025-11-24');
    expect(nextWorkingDay('2025-11-24')).toBe('2025-11-25');
  });

  it('formats days for people', () => {
    expect(formatDay('2025-11-21')).toBe('Fri 21 Nov');
  });
});
