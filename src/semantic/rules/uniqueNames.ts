import { formatLoc } from '../errors';
import { RuleContext } from './context';

/** A fact or metric name is defined once. */
export function uniqueNames(ctx: RuleContext): void {
  for (const [list, what] of [
    [ctx.facts, 'fact'],
    [ctx.metrics, 'metric'],
  ] as const) {
    const first = new Map<string, (typeof list)[number]>();
    for (const d of list) {
      const prev = first.get(d.name);
      if (prev) ctx.errors.error(d.loc, `duplicate ${what} name \`${d.name}\` (already defined at ${formatLoc(prev.loc)})`);
      else first.set(d.name, d);
    }
  }
}
