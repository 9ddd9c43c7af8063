import { typeOf, didYouMean } from '../typecheck';
import { COLUMN_DIMENSIONS, ORG_DIMENSIONS, PRODUCT_DIMENSIONS, FactDef } from '../types';
import { RuleContext } from './context';

function needColumn(ctx: RuleContext, fact: FactDef, column: string, what: string, loc = fact.loc, types?: string[]): void {
  const c = fact.columns.get(column);
  if (!c) {
    const s = didYouMean(column, fact.columns.keys());
    ctx.errors.error(loc, `fact ${fact.name}: ${what}: unknown column \`${column}\`${s ? ` (did you mean \`${s}\`?)` : ''}`);
  } else if (types && !types.includes(c.type)) {
    ctx.errors.error(loc, `fact ${fact.name}: ${what}: column \`${column}\` is ${c.type}, expected ${types.join(' or ')}`);
  }
}

/** A fact's time, employee, product and dimension columns exist, and its dimensions are backed by them. */
export function factColumns(ctx: RuleContext): void {
  for (const fact of ctx.facts) {
    needColumn(ctx, fact, fact.time.column, 'time', fact.time.loc, fact.time.kind === 'day' ? ['date'] : ['timestamp']);
    if (fact.employee?.kind === 'column') needColumn(ctx, fact, fact.employee.column, 'employee', fact.loc, ['text']);
    if (fact.employee?.kind === 'via') {
      const other = ctx.factByName.get(fact.employee.fact);
      if (!other) ctx.errors.error(fact.employee.loc, `fact ${fact.name}: employee.via: unknown fact \`${fact.employee.fact}\``);
      else {
        needColumn(ctx, fact, fact.employee.key, 'employee.key', fact.employee.loc);
        needColumn(ctx, other, fact.employee.key, `employee.key (as seen from ${fact.name})`, fact.employee.loc);
        if (other.employee?.kind !== 'column') ctx.errors.error(fact.employee.loc, `fact ${fact.name}: employee.via: fact \`${other.name}\` has no employee column of its own`);
      }
    }
    if (fact.product) needColumn(ctx, fact, fact.product, 'product', fact.loc, ['text']);
    for (const d of fact.dimensions) {
      if (ORG_DIMENSIONS.includes(d) && !fact.employee) ctx.errors.error(fact.dimensionsLoc, `fact ${fact.name}: dimension ${d} needs \`employee\``);
      if (PRODUCT_DIMENSIONS.includes(d) && !fact.product) ctx.errors.error(fact.dimensionsLoc, `fact ${fact.name}: dimension ${d} needs \`product\``);
      if (COLUMN_DIMENSIONS.includes(d) && !fact.dimensionColumns[d]) ctx.errors.error(fact.dimensionsLoc, `fact ${fact.name}: dimension ${d} needs an entry in \`dimension_columns\``);
    }
    for (const [d, col] of Object.entries(fact.dimensionColumns)) needColumn(ctx, fact, col!, `dimension_columns.${d}`, fact.dimensionsLoc, ['text']);
  }
}
