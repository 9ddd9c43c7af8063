import { Sql } from '../canonical';
import { Attribution, runMetricQuery } from '../query';
import { CompiledMetric, didYouMean, Direction, Manifest } from '../semantic';
import { ActionEnv } from './actuals';
import { badInput } from './errors';
import { sameValue } from './scoring';

/** A board is a team's subtree or the whole center (SPEC §6.2). */
export type Board = { kind: 'team'; teamId: string } | { kind: 'center' };

export const boardKey = (b: Board) => (b.kind === 'center' ? '*' : b.teamId);

export interface LeaderboardRequest {
  metric: string;
  /** The count that decides who qualifies; default contacts_handled. */
  volumeMetric?: string | null;
  from: Date;
  to: Date;
  board: Board;
  minVolume?: number | null;
  attribution?: Attribution | null;
}

export interface LeaderboardEntry {
  employeeId: string;
  value: number | null;
  volume: number;
  /** Competition rank (1, 2, 2, 4); null when not qualified. */
  rank: number | null;
  qualified: boolean;
}

export interface LeaderboardData {
  metric: CompiledMetric;
  volumeMetric: CompiledMetric;
  board: Board;
  minVolume: number;
  /** Qualified employees, best first; equal values share a rank and go by employee id. */
  ranked: LeaderboardEntry[];
  /** Below the minimum volume or without a value: listed apart, by employee id. */
  notQualified: LeaderboardEntry[];
}

export const DEFAULT_VOLUME_METRIC = 'contacts_handled';

export function resolveBoardMetrics(manifest: Manifest, metric: string, volumeMetric?: string | null): { metric: CompiledMetric; volume: CompiledMetric } {
  const find = (name: string, field: string) => {
    const m = manifest.metrics.get(name);
    if (!m) {
      const s = didYouMean(name, manifest.metrics.keys());
      throw badInput(`${field}: unknown metric ${JSON.stringify(name)}${s ? `; did you mean "${s}"?` : ''}`);
    }
    return m;
  };
  const m = find(metric, 'metric');
  const v = find(volumeMetric ?? DEFAULT_VOLUME_METRIC, 'volumeMetric');
  if (v.def.format !== 'integer') throw badInput(`volumeMetric: ${v.def.name} is not a count (format ${v.def.format}); name a count metric such as contacts_handled or orders`);
  return { metric: m, volume: v };
}

/**
 * Standard competition ranking (SPEC §6.2) in the metric's direction: equal
 * values share a rank and are listed by employee id; the next rank skips (1, 2, 2, 4).
 */
export function competitionRank(entries: { employeeId: string; value: number }[], direction: Direction): { employeeId: string; value: number; rank: number }[] {
  const better = (a: number, b: number) => (direction === 'higher_is_better' ? b - a : a - b);
  const sorted = [...entries].sort((a, b) => (sameValue(a.value, b.value) ? a.employeeId.localeCompare(b.employeeId) : better(a.value, b.value)));
  let rank = 0;
  return sorted.map((e, i) => {
    if (i === 0 || !sameValue(e.value, sorted[i - 1].value)) rank = i + 1;
    return { ...e, rank };
  });
}

/**
 * A leaderboard: the metric and the volume per employee over the window, from
 * one metricData query (AS_WAS by default: a board holds the facts attributed
 * inside its subtree when they happened). Values are over everyone on the board;
 * who may see which name is decided by the caller (the API), not here.
 */
export async function computeLeaderboard(sql: Sql, env: ActionEnv, r: LeaderboardRequest): Promise<LeaderboardData> {
  const { metric, volume } = resolveBoardMetrics(env.manifest, r.metric, r.volumeMetric);
  const minVolume = r.minVolume ?? 0;
  if (!Number.isFinite(minVolume) || minVolume < 0) throw badInput(`minVolume: must be 0 or more (got ${minVolume})`);
  const data = await runMetricQuery(
    sql,
    {
      metrics: [metric.def.name, volume.def.name],
      dimensions: ['EMPLOYEE'],
      from: r.from,
      to: r.to,
      timezone: env.orgTimezone,
      attribution: r.attribution ?? 'AS_WAS',
      underTeam: r.board.kind === 'team' ? r.board.teamId : null,
    },
    { ...env, scope: { kind: 'all' } },
  );
  const rows = data.rows.filter((x) => x.employeeId !== null).map((x) => ({ employeeId: x.employeeId!, value: x.values[0], volume: x.values[1] ?? 0 }));
  const qualifies = (x: (typeof rows)[number]) => x.value !== null && x.volume >= minVolume;
  const volumeOf = new Map(rows.map((x) => [x.employeeId, x.volume]));
  const ranked = competitionRank(
    rows.filter(qualifies).map((x) => ({ employeeId: x.employeeId, value: x.value! })),
    metric.def.direction,
  ).map((x) => ({ ...x, volume: volumeOf.get(x.employeeId)!, qualified: true }));
  const notQualified = rows
    .filter((x) => !qualifies(x))
    .sort((a, b) => a.employeeId.localeCompare(b.employeeId))
    .map((x) => ({ ...x, rank: null, qualified: false }));
  return { metric, volumeMetric: volume, board: r.board, minVolume, ranked, notQualified };
}
