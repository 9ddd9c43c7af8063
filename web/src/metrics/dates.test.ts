import { addDays, isIsoDate, periodLabel, rangeFromParams, rangeWindow, startOfDay } from './dates';

// Jest runs with the machine's zone; these tests pin it down by checking local midnight
// against Date's own local fields, so they hold in any zone.
describe('day ranges', () => {
  it('a range of days is [start of the first day, start of the day after the last)', () => {
    const w = rangeWindow({ from: '2026-02-01', to: '2026-03-31' });
    expect(w.from).toBe(new Date(2026, 1, 1).toISOString());
    expect(w.to).toBe(new Date(2026, 3, 1).toISOString());
    expect(startOfDay('2026-02-28')).toBe(new Date(2026, 1, 28).toISOString());
  });

  it('adds days across months and years', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('validates calendar dates', () => {
    expect(isIsoDate('2026-02-28')).toBe(true);
    expect(isIsoDate('2026-02-30')).toBe(false);
    expect(isIsoDate('2026-2-3')).toBe(false);
    expect(isIsoDate(null)).toBe(false);
  });

  it('reads the range from the URL, falling back to the last 28 days', () => {
    const now = new Date(2026, 2, 15, 10);
    expect(rangeFromParams(new URLSearchParams('from=2026-02-01&to=2026-03-31'), now)).toEqual({ from: '2026-02-01', to: '2026-03-31' });
    expect(rangeFromParams(new URLSearchParams(''), now)).toEqual({ from: '2026-02-16', to: '2026-03-15' });
    expect(rangeFromParams(new URLSearchParams('from=bad&to=2026-03-10'), now)).toEqual({ from: '2026-02-16', to: '2026-03-10' });
    expect(rangeFromParams(new URLSearchParams('from=2026-03-31&to=2026-02-01'), now)).toEqual({ from: '2026-02-01', to: '2026-03-31' });
  });

  it('labels periods on the local clock', () => {
    const p = new Date(2026, 1, 10, 14).toISOString();
    expect(periodLabel(p, 'DAY')).toBe('2026-02-10');
    expect(periodLabel(p, 'HOUR')).toBe('2026-02-10 14:00');
    expect(periodLabel(p, 'MONTH')).toBe('2026-02');
    expect(periodLabel(null, 'DAY')).toBe('Whole range');
  });
});
