import { dateInZone, IsoDate, Sql } from '../canonical';
import { Attribution, MetricQuery, QueryEnv, runMetricQuery } from '../query';
import { Bucket, GoalGrain, startOfDayIn } from './buckets';

/** Where action queries run: the metrics layer's environment (manifest, org zone, today). */
export type ActionEnv = Omit<QueryEnv, 'scope'>;

export interface ActualsRequest {
  metrics: string[];
  /** Buckets of one grain (null = one total over [from, to)). */
  grain: GoalGrain | null;
  /** Org-chart dates in SWITCHBOARD_ORG_TIMEZONE; `to` exclusive. */
  from: IsoDate;
  to: IsoDate;
  /** One row per employee (EMPLOYEE), per team (TEAM), per team × employee, or one total (none). */
  by: ('TEAM' | 'EMPLOYEE')[];
  /** Only these employees' facts. */
  employeeIds?: string[] | null;
  /** Only facts attributed inside this team's subtree. */
  underTeam?: string | null;
  attribution?: Attribution;
  teamLevel?: number | null;
}

/**
 * Metric values keyed `subject|bucket start date`: the subject is the `by` values
 * joined with '/' ('' for a total), the bucket '' without a grain.
 */
export type Actuals = Map<string, (number | null)[]>;

export const actualKey = (subject: string | null, bucketStart: IsoDate | null) => `${subject ?? ''}|${bucketStart ?? ''}`;

/**
 * Metric values for actions, from the metrics layer itself (one compiler, one
 * truth): a single metricData query for every metric, subject and bucket asked,
 * never one query per cell. Buckets are cut in the org time zone, as goals are.
 */
export async function metricActuals(sql: Sql, env: ActionEnv, r: ActualsRequest): Promise<Actuals> {
  if ((r.employeeIds && r.employeeIds.length === 0) || r.metrics.length === 0 || !(r.from < r.to)) return new Map();
  const q: MetricQuery = {
    metrics: r.metrics,
    dimensions: r.by,
    grain: r.grain,
    from: startOfDayIn(r.from, env.orgTimezone),
    to: startOfDayIn(r.to, env.orgTimezone),
    timezone: env.orgTimezone,
    attribution: r.attribution ?? 'AS_WAS',
    underTeam: r.underTeam ?? null,
    teamLevel: r.teamLevel ?? null,
    filters: r.employeeIds ? [{ dimension: 'EMPLOYEE', values: r.employeeIds }] : [],
  };
  const data = await runMetricQuery(sql, q, { ...env, scope: { kind: 'all' } });
  const out: Actuals = new Map();
  for (const row of data.rows) {
    const parts = r.by.map((d) => (d === 'TEAM' ? row.teamId : row.employeeId));
    if (parts.some((p) => p === null)) continue; // unattributed facts belong to no subject
    out.set(actualKey(parts.join('/'), row.period ? dateInZone(row.period, env.orgTimezone) : null), row.values);
  }
  return out;
}

/** The [from, to) dates that cover `buckets` and the bucket before the first (for trends). */
export function spanWithPrevious(buckets: Bucket[], previous: Bucket): { from: IsoDate; to: IsoDate } {
  return { from: previous.start, to: buckets[buckets.length - 1].end };
}
