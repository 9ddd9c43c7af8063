import { loadManifestOrThrow } from '../semantic';
import { resolveQuery } from './resolve';
import { MetricQuery } from './types';

const env = { manifest: loadManifestOrThrow(), orgTimezone: 'UTC', today: '2026-04-15' };
const shift = (q: Partial<MetricQuery>) => resolveQuery({ metrics: ['aht'], from: '', to: '', ...q } as MetricQuery, env).compare!.shift;

describe('comparison windows', () => {
  it('a whole local month compares with the previous month, in the query zone', () => {
    expect(shift({ from: '2026-03-01T05:00:00Z', to: '2026-04-01T04:00:00Z', timezone: 'America/New_York', compare: 'PREVIOUS_PERIOD' })).toEqual({ unit: 'months', n: 1 });
    expect(shift({ from: '2026-01-01T00:00:00Z', to: '2026-04-01T00:00:00Z', compare: 'PREVIOUS_PERIOD' })).toEqual({ unit: 'months', n: 3 });
  });

  it('whole local days shift by days (DST-safe), anything else by its exact length', () => {
    expect(shift({ from: '2026-03-07T05:00:00Z', to: '2026-03-10T04:00:00Z', timezone: 'America/New_York', compare: 'PREVIOUS_PERIOD' })).toEqual({ unit: 'days', n: 3 });
    expect(shift({ from: '2026-03-07T05:30:00Z', to: '2026-03-07T07:00:00Z', compare: 'PREVIOUS_PERIOD' })).toEqual({ unit: 'secs', n: 5400 });
  });

  it('previous year is 12 months, or 52 weeks with grain WEEK', () => {
    expect(shift({ from: '2026-03-01T00:00:00Z', to: '2026-03-09T00:00:00Z', compare: 'PREVIOUS_YEAR' })).toEqual({ unit: 'months', n: 12 });
    expect(shift({ from: '2026-03-02T00:00:00Z', to: '2026-03-09T00:00:00Z', grain: 'WEEK', compare: 'PREVIOUS_YEAR' })).toEqual({ unit: 'days', n: 364 });
  });
});
