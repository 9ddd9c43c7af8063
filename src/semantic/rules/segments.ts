import { typeOf } from '../typecheck';
import { RuleContext } from './context';

/** Segments are true/false expressions over their fact; computed columns refer to real facts and columns. */
export function segments(ctx: RuleContext): void {
  for (const fact of ctx.facts) {
    for (const [name, seg] of fact.segments) {
      if (fact.columns.has(name)) ctx.errors.error(seg.loc, `fact ${fact.name}: segment \`${name}\` has the name of a column`);
      const t = typeOf(seg.expr, { fact, params: fact.parameters, allowDerived: true, errors: ctx.errors, loc: seg.loc, what: `fact ${fact.name}: segment ${name}` }, new Set([name]));
      if (t !== null && t !== 'boolean') ctx.errors.error(seg.loc, `fact ${fact.name}: segment \`${name}\` must be true/false (it is ${t})`);
    }
    for (const c of fact.computed.values()) {
      const other = ctx.factByName.get(c.fact);
      if (!other) {
        ctx.errors.error(c.loc, `fact ${fact.name}: computed ${c.name}: unknown fact \`${c.fact}\``);
        continue;
      }
      for (const m of c.match) {
        if (!other.columns.has(m.other)) ctx.errors.error(m.loc, `fact ${fact.name}: computed ${c.name}: unknown column \`${m.other}\` of fact \`${other.name}\``);
        if (!fact.columns.has(m.self)) ctx.errors.error(m.loc, `fact ${fact.name}: computed ${c.name}: unknown column \`${m.self}\` of fact \`${fact.name}\``);
      }
      if (c.where) {
        const t = typeOf(c.where.expr, { fact: other, params: fact.parameters, allowDerived: false, errors: ctx.errors, loc: c.where.loc, what: `fact ${fact.name}: computed ${c.name}.where` });
        if (t !== null && t !== 'boolean') ctx.errors.error(c.where.loc, `fact ${fact.name}: computed ${c.name}.where must be true/false`);
      }
      if (c.after) {
        if (other.columns.get(c.after.other)?.type !== 'timestamp') ctx.errors.error(c.after.loc, `fact ${fact.name}: computed ${c.name}.after.column must be a timestamp column of \`${other.name}\``);
        if (fact.columns.get(c.after.self)?.type !== 'timestamp') ctx.errors.error(c.after.loc, `fact ${fact.name}: computed ${c.name}.after.than must be a timestamp column of \`${fact.name}\``);
        const t = typeOf(c.after.withinHours.expr, { fact, params: fact.parameters, allowDerived: false, errors: ctx.errors, loc: c.after.withinHours.loc, what: `fact ${fact.name}: computed ${c.name}.after.within_hours` });
        if (t !== null && t !== 'number') ctx.errors.error(c.after.withinHours.loc, `fact ${fact.name}: computed ${c.name}.after.within_hours must be a number`);
      }
    }
  }
}
