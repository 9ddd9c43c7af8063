import fc from 'fast-check';
import { dateInZone } from '../../src/canonical';
import { offsetMinutes } from '../../src/query/rollupPlan';

/**
 * The shortcuts for UTC (no Intl formatter) must say what Intl says. The expected
 * values come from Intl.DateTimeFormat directly, written here, not through the code
 * under test.
 */
const intlDate = (d: Date, zone: string) => new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);

describe('calendar dates and offsets in UTC', () => {
  it('dateInZone(UTC) is the Intl date for any instant, inside and outside years 1000–9999', () => {
    const instant = fc.oneof(
      fc.integer({ min: Date.UTC(1000, 0, 1) - 86_400_000 * 3, max: Date.UTC(1000, 0, 1) + 86_400_000 * 3 }),
      fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2100, 0, 1) }),
      fc.integer({ min: Date.UTC(9999, 11, 25), max: Date.UTC(10000, 0, 5) }),
      fc.integer({ min: -8.64e15, max: 8.64e15 }),
    );
    fc.assert(fc.property(instant, (t) => dateInZone(new Date(t), 'UTC') === intlDate(new Date(t), 'UTC')), { numRuns: 2000 });
    // The last and first millisecond of a day.
    expect(dateInZone(new Date('2026-03-31T23:59:59.999Z'), 'UTC')).toBe('2026-03-31');
    expect(dateInZone(new Date('2026-04-01T00:00:00.000Z'), 'UTC')).toBe('2026-04-01');
  });

  it('offsetMinutes: 0 in UTC; the zone rules elsewhere', () => {
    fc.assert(fc.property(fc.integer({ min: -8.64e15, max: 8.64e15 }), (t) => offsetMinutes('UTC', new Date(t)) === 0));
    expect(offsetMinutes('America/New_York', new Date('2026-01-15T12:00:00Z'))).toBe(-300);
    expect(offsetMinutes('America/New_York', new Date('2026-07-15T12:00:00Z'))).toBe(-240);
    expect(offsetMinutes('Asia/Kolkata', new Date('2026-07-15T12:00:00Z'))).toBe(330);
    expect(offsetMinutes('Asia/Kathmandu', new Date('2026-07-15T12:00:00Z'))).toBe(345);
  });
});
