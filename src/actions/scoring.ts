import { Direction } from '../semantic';

/** Goal status of SPEC §6.1. */
export type GoalStatus = 'ON_TRACK' | 'AT_RISK' | 'OFF_TRACK' | 'NO_DATA';

/**
 * actual / target for higher-is-better metrics, target / actual for lower-is-better
 * ones; null when either is null or the divisor is 0 (SPEC §6.1).
 */
export function attainment(actual: number | null, target: number | null, direction: Direction): number | null {
  if (actual === null || target === null) return null;
  const [num, den] = direction === 'higher_is_better' ? [actual, target] : [target, actual];
  return den === 0 ? null : num / den;
}

/** ON_TRACK at ≥ 1, AT_RISK at ≥ 0.9, OFF_TRACK below, NO_DATA when null. */
export function goalStatus(att: number | null): GoalStatus {
  if (att === null) return 'NO_DATA';
  if (att >= 1) return 'ON_TRACK';
  if (att >= 0.9) return 'AT_RISK';
  return 'OFF_TRACK';
}

/** The floor a goal scores from: as set, else 0 (higher is better) or 2 × target (lower is better). */
export function effectiveFloor(target: number, floor: number | null, direction: Direction): number {
  return floor ?? (direction === 'higher_is_better' ? 0 : 2 * target);
}

/** clamp((actual − floor) / (target − floor), 0, 1.2) × 100; null without an actual. */
export function goalScore(actual: number | null, target: number | null, floor: number | null, direction: Direction): number | null {
  if (actual === null || target === null) return null;
  const f = effectiveFloor(target, floor, direction);
  if (target === f) return null;
  return Math.min(Math.max((actual - f) / (target - f), 0), 1.2) * 100;
}

/** Σ weight × score / Σ weight over the metrics that have a score; null when none has. */
export function weightedTotal(parts: { score: number | null; weight: number }[]): number | null {
  const scored = parts.filter((p) => p.score !== null);
  const w = scored.reduce((s, p) => s + p.weight, 0);
  return w === 0 ? null : scored.reduce((s, p) => s + p.weight * p.score!, 0) / w;
}

export type Trend = 'IMPROVING' | 'DECLINING' | 'FLAT' | 'NO_DATA';

/** How a value moved against the previous bucket, in the metric's own direction. */
export function trend(actual: number | null, previous: number | null, direction: Direction): Trend {
  if (actual === null || previous === null) return 'NO_DATA';
  if (sameValue(actual, previous)) return 'FLAT';
  return (actual > previous) === (direction === 'higher_is_better') ? 'IMPROVING' : 'DECLINING';
}

/** Equal as reported values: float8 ratios of different integers can differ in the last bits. */
export function sameValue(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}
