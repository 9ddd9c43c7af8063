import { DataSource } from 'typeorm';
import { addDays, dateInZone, IsoDate, Sql } from '../../canonical';
import { Direction } from '../../semantic';
import { actualKey, ActionEnv, metricActuals } from '../actuals';
import { Bucket, bucketAt, bucketStart, GoalGrain } from '../buckets';
import { competitionRank } from '../leaderboard';
import { employeeCells, ScoreCell } from '../scorecard';
import { sameValue } from '../scoring';
import { BadgeRule, Gamification } from './definitions';

/** One achievement a rule finds earned: its key makes the award happen once. */
export interface Earned {
  key: string;
  employeeId: string;
  bucketStart: IsoDate;
  bucketLast: IsoDate;
  value: number | null;
  reason: string;
}

/** An earlier award, judged again on today's data; null when the rule no longer looks that far back. */
export type Recheck = (award: { key: string; employeeId: string; periodStart: IsoDate; periodEnd: IsoDate }) => { stillQualifies: boolean; valueNow: number | null } | null;

export interface RuleRun {
  rule: string;
  badge: string;
  /** Achievements newly awarded by this run. */
  awarded: number;
  /** Earlier awards whose numbers changed since (late data, back-dated org changes): kept, and reported. */
  restated: { achievementId: string; employeeId: string; valueAtAward: number | null; valueNow: number | null; stillQualifies: boolean }[];
}

/** The last `n` buckets of a grain that have ended by `today` (org-chart date), oldest first. */
export function completeBuckets(grain: GoalGrain, n: number, today: IsoDate): Bucket[] {
  const out: Bucket[] = [];
  let b = bucketAt(addDays(bucketStart(today, grain), -1), grain);
  for (let i = 0; i < n; i++) {
    out.unshift(b);
    b = bucketAt(addDays(b.start, -1), grain);
  }
  return out;
}

const strictlyBetter = (a: number, b: number, d: Direction) => !sameValue(a, b) && (d === 'higher_is_better' ? a > b : a < b);
const passes = (op: '>' | '>=' | '<' | '<=', v: number, t: number) => (op === '>' ? v > t : op === '>=' ? v >= t : op === '<' ? v < t : v <= t);

/** Metric and volume per subject and bucket, from one metricData query. */
async function bucketValues(sql: Sql, env: ActionEnv, rule: Extract<BadgeRule, { grain: GoalGrain }>, buckets: Bucket[], by: ('TEAM' | 'EMPLOYEE')[]) {
  const actuals = await metricActuals(sql, env, { metrics: [rule.metric, rule.volume_metric], grain: rule.grain, from: buckets[0].start, to: buckets[buckets.length - 1].end, by });
  const subjects = [...new Set([...actuals.keys()].map((k) => k.split('|')[0]))].sort();
  const at = (subject: string, b: Bucket) => {
    const v = actuals.get(actualKey(subject, b.start));
    return { value: v?.[0] ?? null, volume: v?.[1] ?? 0 };
  };
  return { subjects, at };
}

/**
 * What a rule finds earned over its look-back as of `today`, and how to judge an
 * earlier award on the same data. Pure reading: the caller writes the awards.
 * `lastAwardEnd` (per employee) restarts a streak's count after its last award.
 */
export async function evaluateRule(sql: Sql, env: ActionEnv, rule: BadgeRule, today: IsoDate, now: Date, lastAwardEnd: Map<string, IsoDate>): Promise<{ earned: Earned[]; recheck: Recheck }> {
  const m = env.manifest.metrics.get(rule.metric)!;
  const dir = m.def.direction;
  const earned: Earned[] = [];
  if (rule.kind === 'goal_streak') {
    const grains: { grain: GoalGrain }[] = await sql.query(`SELECT DISTINCT grain FROM goal WHERE metric = $1 ORDER BY grain`, [rule.metric]);
    const seen = new Map<string, ScoreCell[]>(); // `${employee}|${grain}` → cells
    for (const { grain } of grains) {
      const buckets = completeBuckets(grain, rule.lookback, today);
      const cells = await employeeCells(sql, env, { metrics: [m], grain, buckets, employeeIds: null, now });
      for (const [employeeId, byMetric] of cells) {
        const row = byMetric.get(rule.metric)!;
        seen.set(`${employeeId}|${grain}`, row);
        const after = lastAwardEnd.get(employeeId) ?? '';
        let run: Bucket[] = [];
        for (const c of row) {
          if (c.bucket.start <= after) continue;
          run = c.goal?.grain === grain && c.status === 'ON_TRACK' ? [...run, c.bucket] : [];
          if (run.length === rule.count) {
            const last = run[run.length - 1];
            earned.push({
              key: `${rule.name}:${employeeId}:${grain}:${last.start}`,
              employeeId,
              bucketStart: run[0].start,
              bucketLast: last.last,
              value: rule.count,
              reason: `${rule.metric} goal met ${rule.count} ${grain.toLowerCase()}${rule.count > 1 ? 's' : ''} in a row (${run[0].start} to ${last.last})`,
            });
            run = [];
          }
        }
      }
    }
    const recheck: Recheck = (a) => {
      const grain = a.key.split(':')[2];
      const row = seen.get(`${a.employeeId}|${grain}`);
      if (!row || !row.length || a.periodStart < row[0].bucket.start) return null;
      const inAward = row.filter((c) => c.bucket.start >= a.periodStart && c.bucket.last <= a.periodEnd);
      const held = inAward.filter((c) => c.status === 'ON_TRACK').length;
      return { stillQualifies: inAward.length > 0 && held === inAward.length, valueNow: held };
    };
    return { earned, recheck };
  }

  const buckets = completeBuckets(rule.grain, rule.lookback, today);
  const inSight = (a: { periodStart: IsoDate }) => a.periodStart >= buckets[0].start;
  if (rule.kind === 'leaderboard_top') {
    const { subjects, at } = await bucketValues(sql, env, rule, buckets, rule.board === 'team' ? ['TEAM', 'EMPLOYEE'] : ['EMPLOYEE']);
    for (const b of buckets) {
      const boards = new Map<string, { employeeId: string; value: number }[]>();
      for (const s of subjects) {
        const { value, volume } = at(s, b);
        if (value === null || volume < rule.min_volume) continue;
        const [board, employeeId] = rule.board === 'team' ? s.split('/') : ['*', s];
        boards.set(board, [...(boards.get(board) ?? []), { employeeId, value }]);
      }
      for (const [board, entries] of boards) {
        for (const e of competitionRank(entries, dir)) {
          if (e.rank > rule.top) continue;
          earned.push({
            key: `${rule.name}:${e.employeeId}:${board}:${b.start}`,
            employeeId: e.employeeId,
            bucketStart: b.start,
            bucketLast: b.last,
            value: e.value,
            reason: `rank ${e.rank} of ${entries.length} on ${board === '*' ? 'the center board' : `the board of ${board}`} for ${rule.metric}, ${rule.grain.toLowerCase()} of ${b.start}`,
          });
        }
      }
    }
    const byKey = new Map(earned.map((e) => [e.key, e]));
    const recheck: Recheck = (a) => {
      if (!inSight(a)) return null;
      const e = byKey.get(a.key);
      const [, , board] = a.key.split(':');
      return { stillQualifies: e !== undefined, valueNow: e?.value ?? at(rule.board === 'team' ? `${board}/${a.employeeId}` : a.employeeId, buckets.find((b) => b.start === a.periodStart) ?? buckets[0]).value };
    };
    return { earned, recheck };
  }

  const { subjects, at } = await bucketValues(sql, env, rule, buckets, ['EMPLOYEE']);
  for (const employeeId of subjects) {
    let best: number | null = null;
    let history = 0;
    for (const b of buckets) {
      const { value, volume } = at(employeeId, b);
      if (value === null || volume < rule.min_volume) continue;
      const base = { key: `${rule.name}:${employeeId}:${b.start}`, employeeId, bucketStart: b.start, bucketLast: b.last, value };
      if (rule.kind === 'threshold' && passes(rule.op, value, rule.value)) {
        earned.push({ ...base, reason: `${rule.metric} ${value} ${rule.op} ${rule.value}, ${rule.grain.toLowerCase()} of ${b.start}` });
      }
      if (rule.kind === 'personal_best') {
        if (history >= rule.min_history && best !== null && strictlyBetter(value, best, dir)) {
          earned.push({ ...base, reason: `personal best ${rule.metric} ${value} (best of the ${history} ${rule.grain.toLowerCase()}s before: ${best}), ${rule.grain.toLowerCase()} of ${b.start}` });
        }
        if (best === null || strictlyBetter(value, best, dir)) best = value;
        history++;
      }
    }
  }
  const keys = new Set(earned.map((e) => e.key));
  const recheck: Recheck = (a) => {
    if (!inSight(a)) return null;
    const b = buckets.find((x) => x.start === a.periodStart);
    return { stillQualifies: keys.has(a.key), valueNow: b ? at(a.employeeId, b).value : null };
  };
  return { earned, recheck };
}

/**
 * Runs every badge rule once, as of `now` (an injectable clock: tests pass their
 * own). Each earned achievement is inserted with its key, so however often a rule
 * runs it awards once; the badge's points go to the ledger in the same
 * transaction. Earlier awards that today's data judges differently (late facts, a
 * back-dated org change) are kept and marked with their value now: never taken
 * back silently, and reported in the run's result.
 */
export async function runBadgeRules(ds: DataSource, env: ActionEnv, g: Gamification, now: Date): Promise<RuleRun[]> {
  const today = dateInZone(now, env.orgTimezone);
  const runs: RuleRun[] = [];
  for (const rule of g.rules) {
    const points = g.badges.get(rule.badge)?.points ?? 0;
    const result = await ds.transaction(async (tx) => {
      // Two schedulers evaluating the same rule at once must not both award.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('badge_rule'), hashtext($1))`, [rule.name]);
      const past: { id: string; employee_id: string; award_key: string; period_start: IsoDate; period_end: IsoDate; value: number | null }[] = await tx.query(
        `SELECT id::text, employee_id, award_key, period_start::text, period_end::text, value FROM achievement WHERE rule = $1 ORDER BY period_end`,
        [rule.name],
      );
      const lastEnd = new Map<string, IsoDate>();
      for (const p of past) lastEnd.set(p.employee_id, p.period_end);
      const { earned, recheck } = await evaluateRule(tx, env, rule, today, now, lastEnd);
      let awarded = 0;
      for (const e of earned) {
        const ins: { id: string }[] = await tx.query(
          `INSERT INTO achievement (employee_id, badge, source, rule, award_key, awarded_at, period_start, period_end, metric, value, reason, points)
           VALUES ($1, $2, 'rule', $3, $4, $5, $6, $7, $8, $9, $10, $11)
           ON CONFLICT (award_key) DO NOTHING RETURNING id::text`,
          [e.employeeId, rule.badge, rule.name, e.key, now, e.bucketStart, e.bucketLast, rule.metric, e.value, e.reason, points],
        );
        if (!ins.length) continue;
        awarded++;
        if (points > 0) {
          await tx.query(`INSERT INTO points_entry (employee_id, at, kind, points, reason, achievement_id) VALUES ($1, $2, 'earned', $3, $4, $5::bigint)`, [
            e.employeeId,
            now,
            points,
            `badge ${rule.badge}: ${e.reason}`,
            ins[0].id,
          ]);
        }
      }
      const restated: RuleRun['restated'] = [];
      for (const p of past) {
        const r = recheck({ key: p.award_key, employeeId: p.employee_id, periodStart: p.period_start, periodEnd: p.period_end });
        if (!r) continue;
        const changed = !r.stillQualifies || (r.valueNow !== null && p.value !== null && !sameValue(r.valueNow, p.value));
        await tx.query(
          `UPDATE achievement SET restated_value = $2, still_qualifies = $3, restated_at = CASE WHEN $3::boolean IS NULL THEN NULL ELSE $4::timestamptz END
            WHERE id = $1::bigint AND (still_qualifies IS DISTINCT FROM $3 OR restated_value IS DISTINCT FROM $2)`,
          [p.id, changed ? r.valueNow : null, changed ? r.stillQualifies : null, now],
        );
        if (changed) restated.push({ achievementId: p.id, employeeId: p.employee_id, valueAtAward: p.value, valueNow: r.valueNow, stillQualifies: r.stillQualifies });
      }
      return { awarded, restated };
    });
    runs.push({ rule: rule.name, badge: rule.badge, ...result });
  }
  return runs;
}
