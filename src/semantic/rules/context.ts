import { ErrorReporter } from '../errors';
import { FactDef, MetricDef } from '../types';

/** What every validation rule sees: all decoded definitions, and where to report. */
export interface RuleContext {
  facts: FactDef[];
  metrics: MetricDef[];
  factByName: Map<string, FactDef>;
  metricByName: Map<string, MetricDef>;
  errors: ErrorReporter;
}

export type Rule = (ctx: RuleContext) => void;
