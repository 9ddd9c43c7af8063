import fs from 'fs';
import path from 'path';
import { useDatabase } from '../support/useDatabase';
import { loadManifestOrThrow } from '../../src/semantic';
import { compileMetricQuery, EmployeeScope, MetricQuery } from '../../src/query';
import { catalogOfManifest, rebuildRollups } from '../../src/rollup';

/**
 * Golden SQL (after MetricFlow): the compiled SQL of representative queries is
 * pinned in test/golden/<case>.sql, plan-node descriptions as comments and the
 * `$n` parameters listed on top. Rewrite them with `UPDATE_GOLDEN=1 npm test`
 * and review the diff like code. Each case is also run on PostgreSQL.
 */
const db = useDatabase('golden');
const DIR = __dirname;
const env = () => ({ manifest: loadManifestOrThrow(), orgTimezone: 'Europe/London', today: '2026-04-15' });
const JAN = { from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z' };

const CASES: Record<string, MetricQuery> = {
  simple_total: { metrics: ['contacts_handled'], ...JAN },
  ratio_team_day_as_was: {
    metrics: ['aht', 'service_level'],
    dimensions: ['TEAM'],
    grain: 'DAY',
    ...JAN,
    timezone: 'America/New_York',
    attribution: 'AS_WAS',
    teamLevel: 2,
    filters: [{ dimension: 'CHANNEL', values: ['VOICE'] }],
  },
  derived_nps_employee_week: { metrics: ['nps', 'csat'], dimensions: ['EMPLOYEE'], grain: 'WEEK', ...JAN, timezone: 'Asia/Kolkata' },
  multi_fact_occupancy_site_as_is: { metrics: ['occupancy', 'aht', 'adherence'], dimensions: ['SITE'], grain: 'MONTH', ...JAN, attribution: 'AS_IS' },
  fcr_repeat_window_queue_hour: { metrics: ['fcr_rate', 'transfer_rate'], dimensions: ['QUEUE'], grain: 'HOUR', ...JAN, filters: [{ dimension: 'QUEUE', values: ['Billing'], exclude: true }] },
  conversion_product_category: { metrics: ['conversion_rate', 'revenue_per_contact'], dimensions: ['PRODUCT_CATEGORY', 'ROLE'], ...JAN },
  compare_previous_year_as_of_under_team: {
    metrics: ['revenue', 'upsell_rate'],
    dimensions: ['PRODUCT', 'TEAM'],
    grain: 'QUARTER',
    from: '2026-01-01T00:00:00Z',
    to: '2026-07-01T00:00:00Z',
    attribution: 'AS_OF',
    asOf: '2026-03-01',
    underTeam: 'care',
    compare: 'PREVIOUS_YEAR',
    orderBy: [{ field: 'revenue', direction: 'DESC' }],
    limit: 20,
  },
  compare_previous_period_qa: { metrics: ['qa_score'], dimensions: ['TEAM'], grain: 'WEEK', from: '2026-01-05T00:00:00Z', to: '2026-01-19T00:00:00Z', compare: 'PREVIOUS_PERIOD' },
};

/** Cases compiled for a caller with an access scope. */
const SCOPED: Record<string, EmployeeScope> = {
  access_scope_subtree_survey: { kind: 'subtree', teamId: 'care', asOf: '2026-04-15' },
  // As the API sends it: the subtree's members resolved once per request (src/access resolveScope).
  access_scope_resolved_members_employee: { kind: 'subtree', teamId: 'care', asOf: '2026-04-15', employeeIds: ['E1', 'E2', 'E7'] },
};
CASES.access_scope_subtree_survey = { metrics: ['csat_top2'], dimensions: ['TEAM'], grain: 'MONTH', ...JAN };
CASES.access_scope_resolved_members_employee = { metrics: ['aht', 'orders'], dimensions: ['EMPLOYEE'], ...JAN };

/**
 * Cases compiled with the rollups built (issue 11): each is answered from a rollup,
 * or from raw facts with the reason in the source comment.
 */
const ROLLUP: Record<string, MetricQuery> = {
  rollup_day_tier_dashboard_london: { metrics: ['contacts_handled', 'aht', 'service_level', 'abandon_rate', 'fcr_rate'], dimensions: ['TEAM'], grain: 'DAY', ...JAN, timezone: 'Europe/London' },
  rollup_dashboard_team_day: { metrics: ['contacts_handled', 'aht', 'service_level', 'fcr_rate', 'csat'], dimensions: ['TEAM'], grain: 'DAY', ...JAN, timezone: 'America/New_York' },
  rollup_kolkata_hour_under_team_compare: {
    metrics: ['conversion_rate', 'qa_score', 'adherence', 'upsell_rate'],
    dimensions: ['TEAM'],
    grain: 'HOUR',
    from: '2026-01-05T18:30:00Z',
    to: '2026-01-06T18:30:00Z',
    timezone: 'Asia/Kolkata',
    teamLevel: 2,
    underTeam: 'care',
    compare: 'PREVIOUS_PERIOD',
  },
  rollup_as_is_product_category_scoped: { metrics: ['revenue', 'conversion_rate'], dimensions: ['PRODUCT_CATEGORY'], grain: 'MONTH', ...JAN, attribution: 'AS_IS' },
  rollup_raw_window_finer_than_slots: { metrics: ['aht', 'orders'], dimensions: ['EMPLOYEE'], from: '2026-01-05T10:07:00Z', to: '2026-01-05T12:00:00Z' },
};
SCOPED.rollup_as_is_product_category_scoped = { kind: 'subtree', teamId: 'care', asOf: '2026-04-15', employeeIds: ['E1', 'E2'] };
Object.assign(CASES, ROLLUP);

const envFor = (name: string) => ({ ...env(), scope: SCOPED[name] ?? { kind: 'all' as const }, ...(name in ROLLUP ? { rollups: catalogOfManifest(loadManifestOrThrow(), ['UTC', 'Europe/London']) } : {}) });

beforeAll(async () => {
  await rebuildRollups(db.ds, loadManifestOrThrow(), { dayZones: ['UTC', 'Europe/London'] });
});

function goldenText(name: string, q: MetricQuery): string {
  const { rendered } = compileMetricQuery(q, envFor(name));
  const params = rendered.params.map((p, i) => `--   $${i + 1} = ${JSON.stringify(p instanceof Date ? p.toISOString() : p)}`);
  return [`-- golden case: ${name}`, `-- query: ${JSON.stringify(q)}`, '-- parameters:', ...params, rendered.sql].join('\n');
}

describe('golden SQL', () => {
  for (const [name, q] of Object.entries(CASES)) {
    it(name, async () => {
      const file = path.join(DIR, `${name}.sql`);
      const text = goldenText(name, q);
      if (process.env.UPDATE_GOLDEN === '1' || !fs.existsSync(file)) fs.writeFileSync(file, text);
      expect(text).toBe(fs.readFileSync(file, 'utf8'));
      const { rendered } = compileMetricQuery(q, envFor(name));
      await expect(db.ds.query(rendered.sql, rendered.params)).resolves.toBeDefined();
    });
  }

  it('values only ever travel as $n parameters', () => {
    const q: MetricQuery = { metrics: ['aht'], dimensions: ['TEAM'], ...JAN, underTeam: "x'\n; DROP TABLE interaction; --", filters: [{ dimension: 'SITE', values: ["Leeds'\r\n--"] }] };
    const { rendered } = compileMetricQuery(q, env());
    // Values may be quoted in plan comments, but every line that is not a comment is free of them.
    const code = rendered.sql.split('\n').filter((l) => !/^\s*--/.test(l));
    expect(code.join('\n')).not.toContain('DROP TABLE');
    expect(code.join('\n')).not.toContain('Leeds');
    expect(code.join('\n')).not.toMatch(/'/); // no string literal at all
    expect(rendered.params).toContain("x'\n; DROP TABLE interaction; --");
    expect(rendered.params).toContainEqual(["Leeds'\r\n--"]);
  });
});
