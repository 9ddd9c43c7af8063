import { compileMetricQuery, MetricQuery, QueryEnv } from '../../src/query';
import { catalogOfManifest } from '../../src/rollup';
import { loadManifestOrThrow } from '../../src/semantic';

/**
 * When the planner answers from a day tier, from the 15-minute slots, or from raw
 * facts (src/query/rollupPlan.ts), and what it says why. Pure compilation: the
 * equality tests (equality.test.ts) check that every path gives the same numbers.
 * Window bounds are local midnights written by hand.
 */
const manifest = loadManifestOrThrow();
const rollups = catalogOfManifest(manifest, ['UTC', 'America/New_York', 'Asia/Kolkata', 'Europe/London', 'America/Santiago']);
const env = (orgTimezone = 'UTC'): QueryEnv => ({ manifest, orgTimezone, today: '2026-04-15', scope: { kind: 'all' }, rollups });
const KPIS = ['contacts_handled', 'aht', 'service_level', 'abandon_rate', 'fcr_rate'];

function source(q: Partial<MetricQuery>, orgTimezone = 'UTC'): { table: string; reason: string } {
  const c = compileMetricQuery({ metrics: KPIS, ...q } as MetricQuery, env(orgTimezone));
  const b = c.plan.branches.find((x) => x.source.fact.name === 'interaction' && x.role === 'current')!;
  return { table: b.source.rollup?.table ?? b.source.fact.table, reason: b.source.reason };
}

const UTC_FEB = { from: '2026-02-01T00:00:00Z', to: '2026-03-01T00:00:00Z' };
// New York: EST (UTC-5) all February; 1 March is still EST (DST starts 8 March).
const NY_FEB = { from: '2026-02-01T05:00:00Z', to: '2026-03-01T05:00:00Z', timezone: 'America/New_York' };
// Kolkata: UTC+5:30 all year.
const KOLKATA_FEB = { from: '2026-01-31T18:30:00Z', to: '2026-02-28T18:30:00Z', timezone: 'Asia/Kolkata' };

it('a month of whole UTC days at DAY grain by TEAM reads the UTC day tier', () => {
  expect(source({ dimensions: ['TEAM'], grain: 'DAY', ...UTC_FEB })).toEqual({ table: 'rollup_interaction_day_utc', reason: expect.stringContaining('the day tier') });
  expect(source({ dimensions: ['EMPLOYEE'], grain: 'WEEK', ...UTC_FEB }).table).toBe('rollup_interaction_day_utc');
  expect(source({ grain: 'MONTH', ...UTC_FEB }).table).toBe('rollup_interaction_day_utc');
  expect(source({ ...UTC_FEB }).table).toBe('rollup_interaction_day_utc');
  expect(source({ dimensions: ['SITE'], attribution: 'AS_IS', ...UTC_FEB }).table).toBe('rollup_interaction_day_utc');
});

it('an hourly grain, or product, channel or queue as a dimension or filter, reads the slots, saying why', () => {
  expect(source({ dimensions: ['TEAM'], grain: 'HOUR', ...UTC_FEB })).toEqual({ table: 'rollup_interaction', reason: expect.stringContaining('UTC: an hourly grain') });
  expect(source({ dimensions: ['QUEUE'], grain: 'DAY', ...UTC_FEB })).toEqual({ table: 'rollup_interaction', reason: expect.stringContaining('QUEUE is not kept per day') });
  expect(source({ dimensions: ['TEAM'], filters: [{ dimension: 'CHANNEL', values: ['VOICE'] }], ...UTC_FEB }).reason).toContain('CHANNEL is not kept per day');
  expect(source({ metrics: ['conversion_rate'], dimensions: ['PRODUCT_CATEGORY'], ...UTC_FEB } as Partial<MetricQuery>).reason).toContain('PRODUCT_CATEGORY is not kept per day');
});

it('a window that is not whole local days reads the slots', () => {
  expect(source({ dimensions: ['TEAM'], grain: 'DAY', from: '2026-02-01T06:00:00Z', to: '2026-03-01T00:00:00Z' })).toEqual({
    table: 'rollup_interaction',
    reason: expect.stringContaining('UTC: the window is not whole days in UTC'),
  });
  // UTC midnights are not New York midnights.
  expect(source({ dimensions: ['TEAM'], grain: 'DAY', ...UTC_FEB, timezone: 'America/New_York' }).table).toBe('rollup_interaction');
});

it("another zone's day tier answers in that zone; AS_WAS only when org-chart dates are in it too", () => {
  expect(source({ dimensions: ['TEAM'], grain: 'DAY', ...NY_FEB }, 'America/New_York').table).toBe('rollup_interaction_day_america_new_york');
  expect(source({ dimensions: ['TEAM'], grain: 'DAY', ...NY_FEB }, 'UTC')).toEqual({ table: 'rollup_interaction', reason: expect.stringContaining('America/New_York: org-chart dates are in UTC') });
  expect(source({ dimensions: ['TEAM'], grain: 'DAY', attribution: 'AS_IS', ...NY_FEB }, 'UTC').table).toBe('rollup_interaction_day_america_new_york');
  expect(source({ dimensions: ['EMPLOYEE'], grain: 'DAY', ...KOLKATA_FEB }, 'Asia/Kolkata').table).toBe('rollup_interaction_day_asia_kolkata');
  // Europe/London changes its clocks at 01:00 UTC (01:00 or 02:00 local): midnights are safe.
  expect(source({ dimensions: ['TEAM'], grain: 'DAY', from: '2026-03-01T00:00:00Z', to: '2026-04-01T23:00:00Z', timezone: 'Europe/London' }, 'Europe/London').table).toBe('rollup_interaction_day_europe_london');
});

it('a zone that changes its clocks at midnight never uses its day tier', () => {
  // Chile (America/Santiago) moves its clocks at 24:00: some local midnights do not exist.
  // January 2026 is summer time there (UTC-3).
  expect(source({ dimensions: ['TEAM'], grain: 'DAY', from: '2026-01-01T03:00:00Z', to: '2026-02-01T03:00:00Z', timezone: 'America/Santiago' }, 'America/Santiago')).toEqual({
    table: 'rollup_interaction',
    reason: expect.stringContaining('America/Santiago: America/Santiago changes its offset near midnight'),
  });
});

it('a comparison window by whole months keeps the day tier; the SQL filters the tier on its date column only', () => {
  const c = compileMetricQuery({ metrics: KPIS, dimensions: ['TEAM'], grain: 'DAY', ...UTC_FEB, compare: 'PREVIOUS_YEAR' } as MetricQuery, env());
  const tables = c.plan.branches.filter((b) => b.source.fact.name === 'interaction').map((b) => b.source.rollup?.table);
  expect(tables).toEqual(['rollup_interaction_day_utc', 'rollup_interaction_day_utc']);
  expect(c.rendered.sql).toMatch(/WHERE f\.day >= \(\(\$\d+::timestamptz AT TIME ZONE \$\d+::text\)\)::date AND f\.day < /);
});
