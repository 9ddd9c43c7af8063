import { AnomalySpec, Comparison } from './types';

/** `value comparison threshold`, as the rule reads (SPEC §6.3). */
export function compare(value: number, op: Comparison, threshold: number): boolean {
  switch (op) {
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
  }
}

/** Mean and sample standard deviation (n − 1), for a baseline of at least two values. */
export function meanAndStddev(xs: number[]): { mean: number; stddev: number } {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const ss = xs.reduce((s, x) => s + (x - mean) ** 2, 0);
  return { mean, stddev: Math.sqrt(ss / (xs.length - 1)) };
}

/** Fewer baseline values than this and an anomaly rule does not judge. */
export const MIN_BASELINE_VALUES = 3;

export interface AnomalyJudgement {
  firing: boolean;
  /** The bound on the side the value lies: mean + k·σ above, mean − k·σ below. */
  bound: number;
  comparison: '>' | '<';
  mean: number;
  stddev: number;
  periods: number;
}

/**
 * Is `value` more than k standard deviations from the baseline mean, on the
 * rule's side? Null when the baseline is too short to say. A baseline without
 * variation (σ = 0) makes any different value anomalous.
 */
export function judgeAnomaly(value: number, baseline: number[], spec: AnomalySpec): AnomalyJudgement | null {
  if (baseline.length < MIN_BASELINE_VALUES) return null;
  const { mean, stddev } = meanAndStddev(baseline);
  const upper = mean + spec.sigmas * stddev;
  const lower = mean - spec.sigmas * stddev;
  const side = spec.side === 'either' ? (value >= mean ? 'above' : 'below') : spec.side;
  const base = { mean, stddev, periods: baseline.length };
  return side === 'above' ? { ...base, firing: value > upper, bound: upper, comparison: '>' } : { ...base, firing: value < lower, bound: lower, comparison: '<' };
}
