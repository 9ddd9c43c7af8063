import { RuleContext } from './context';

/** Example rows name known facts and known columns. Every metric ships at least one example. */
export function examples(ctx: RuleContext): void {
  for (const m of ctx.metrics) {
    if (m.examples.length === 0) ctx.errors.error(m.loc, `metric ${m.name}: no \`examples\`: every metric carries at least one example test`);
    for (const x of m.examples) {
      for (const [factName, rows] of Object.entries(x.facts)) {
        const fact = ctx.factByName.get(factName);
        if (!fact) {
          ctx.errors.error(x.loc, `metric ${m.name}: example: unknown fact \`${factName}\``);
          continue;
        }
        for (const row of rows) {
          for (const col of Object.keys(row)) {
            if (!fact.columns.has(col)) ctx.errors.error(x.loc, `metric ${m.name}: example: unknown column \`${col}\` of fact \`${factName}\``);
          }
        }
      }
    }
  }
}
