import { Dimension, ValueExpr } from '../semantic';
import { exprToSql } from './exprToSql';
import { AggregateNode, BranchPlan, PredicateNode, QueryPlan } from './plan';
import { and, atTz, bin, call, cast, col, Cte, Expr, item, Join, nul, OrderItem, param, select, SelectItem, Statement, table } from './sql/ast';
import { Shift } from './types';

/**
 * Stage 3, SQL syntax tree: one CTE chain per branch (facts → attribution →
 * aggregate), a combine step when several facts or windows meet, then the
 * metric values. Each CTE is commented with the plan node it implements.
 */

/** Output column of each dimension. */
export const DIMENSION_COLUMN: Record<Dimension, string> = {
  TEAM: 'team_id',
  EMPLOYEE: 'employee_id',
  ROLE: 'role',
  SITE: 'site',
  PRODUCT: 'product_sku',
  PRODUCT_CATEGORY: 'product_category',
  CHANNEL: 'channel',
  QUEUE: 'queue',
};

const interval = (s: Shift): Expr => ({ kind: 'call', fn: 'make_interval', args: [s.unit === 'secs' ? param(s.n, 'float8') : param(s.n, 'int')], named: s.unit });

/** Moves an instant by a shift: calendar shifts happen on the zone's wall clock (DST-safe). */
function shiftInstant(e: Expr, s: Shift, sign: '+' | '-', tz: Expr): Expr {
  if (s.unit === 'secs') return bin(sign, e, interval(s));
  return atTz(bin(sign, atTz(e, tz), interval(s)), tz);
}

/**
 * A team's root-first path on a date from the org chart's closure table
 * (`org_unit_lineage`, one row per team and range of unchanged path), joined
 * instead of calling the recursive `org_unit_path()` per row. The function stays
 * as the fallback where the closure has no row: a team without a version that
 * day (both give null) or one caught in a cycle (which only the walk up defines).
 */
function lineageJoin(alias: string, team: Expr, date: Expr): Join {
  return { type: 'LEFT', from: table('org_unit_lineage', alias), on: bin('AND', bin('=', col(alias, 'org_unit_id'), team), bin('@>', col(alias, 'valid'), date)) };
}
function lineagePath(alias: string, team: Expr, date: Expr): Expr {
  return call('coalesce', col(alias, 'path'), call('org_unit_path', team, date));
}

/** Aggregates that are 0, not null, over no facts (SPEC §4.2). */
export const isCountLike = (agg: string) => agg === 'count' || agg === 'sum' || agg === 'count_distinct';

function branchCtes(b: BranchPlan, plan: QueryPlan): { ctes: Cte[]; agg: string } {
  const q = plan.query;
  const fact = b.source.fact;
  const tz = param(b.window.timezone, 'text');
  const orgTz = param(q.orgTimezone, 'text');
  const f = 'f';
  // From a rollup: the same columns, an instant fact's time being its 15-minute slot,
  // or, from a day tier, its local date in the query's zone (then a calendar-day fact).
  const rollup = b.source.strategy === 'rollup' ? b.source.rollup! : null;
  const timeCol = rollup ? rollup.timeColumn : fact.time.column;
  const dayKind = rollup ? rollup.time === 'day' : fact.time.kind === 'day';
  const ts: Expr = dayKind ? atTz(cast(col(f, timeCol), 'timestamp'), tz) : col(f, timeCol);
  const agg = b.aggregate;

  // What the later stages need from the fact rows.
  const dims = new Set<Dimension>([...agg.dimensions, ...b.predicates.flatMap((p) => (p.kind === 'DimensionFilter' ? [p.filter.dimension] : []))]);
  const needEmployee = b.attribution !== null || dims.has('EMPLOYEE') || b.predicates.some((p) => p.kind === 'AccessScope');
  const employeeExpr: Expr | null = rollup
    ? col(f, 'employee_id')
    : fact.employee?.kind === 'column' ? col(f, fact.employee.column) : fact.employee?.kind === 'via' ? col('j', q.facts.get(fact.employee.fact)!.employee!.kind === 'column' ? (q.facts.get(fact.employee.fact)!.employee as { column: string }).column : 'employee_id') : null;
  const factDimExpr = (d: Dimension): Expr => {
    if (d === 'EMPLOYEE') return employeeExpr!;
    if (d === 'PRODUCT') return col(f, fact.product!);
    return col(f, fact.dimensionColumns[d]!);
  };

  // ---- facts CTE: source, time window, fact-stage predicates, measure inputs
  let from: Expr = param(b.window.from, 'timestamptz');
  let to: Expr = param(b.window.to, 'timestamptz');
  if (b.window.back) {
    from = shiftInstant(from, b.window.back, '-', tz);
    to = shiftInstant(to, b.window.back, '-', tz);
  }
  const cols: SelectItem[] = [];
  // The bucket's instant, from the facts CTE's period column: `period` itself, or (a
  // day tier) computed from `period_local` once per group after aggregation.
  let periodOfGroup = (e: Expr): Expr => e;
  const periodCol = rollup?.dayZone ? 'period_local' : 'period';
  if (agg.grain) {
    const forward = (e: Expr): Expr => (agg.periodForward ? shiftInstant(e, agg.periodForward, '+', tz) : e);
    if (rollup?.dayZone) {
      // A day tier's dates are local days of the query's zone, whose midnights the
      // planner proved to exist once each (midnightSafe): the local time of a day's
      // start is the date itself. The facts carry the bucket's local start; one
      // conversion per group then gives its instant.
      // At DAY grain the bucket is the date itself: grouping by the column (not an
      // expression of it) lets PostgreSQL estimate the groups and hash them.
      if (agg.grain === 'DAY') {
        cols.push(item(col(f, timeCol), periodCol));
        periodOfGroup = (e) => forward(atTz(cast(e, 'timestamp'), tz));
      } else {
        cols.push(item(call('date_trunc', param(agg.grain.toLowerCase(), 'text'), cast(col(f, timeCol), 'timestamp')), periodCol));
        periodOfGroup = (e) => forward(atTz(e, tz));
      }
    } else cols.push(item(forward(atTz(call('date_trunc', param(agg.grain.toLowerCase(), 'text'), atTz(ts, tz)), tz)), 'period'));
  }
  if (needEmployee) cols.push(item(employeeExpr!, 'employee_id'));
  if (b.attribution?.mode.mode === 'AS_WAS') cols.push(item(dayKind ? col(f, timeCol) : cast(atTz(col(f, timeCol), orgTz), 'date'), 'org_date'));
  for (const d of ['PRODUCT', 'CHANNEL', 'QUEUE'] as const) if (dims.has(d)) cols.push(item(factDimExpr(d), DIMENSION_COLUMN[d]));
  if (dims.has('PRODUCT_CATEGORY') && !dims.has('PRODUCT')) cols.push(item(factDimExpr('PRODUCT'), 'product_sku'));
  for (const { id, m } of agg.measures) {
    if (rollup) {
      const rm = rollup.measures.get(m.key)!;
      if (rm.kind === 'sum') cols.push(item(col(f, rm.columns[0]), `${id}_v`));
      else cols.push(item(col(f, rm.columns[0]), `${id}_s`), item(col(f, rm.columns[1]), `${id}_n`));
      continue;
    }
    const fact2 = q.facts.get(m.fact)!;
    const ctx = { fact: fact2, alias: f, params: m.params, facts: q.facts };
    if (m.expr) cols.push(item(exprToSql(m.expr, ctx), `${id}_v`));
    if (m.where) cols.push(item(exprToSql(m.where, ctx), `${id}_w`));
  }
  if (cols.length === 0) cols.push(item(param(true, 'boolean'), 'present'));
  const filterExpr = (x: Expr, p: PredicateNode): Expr => {
    if (p.kind === 'UnderTeam') return { kind: 'any', e: param(p.teamId, 'text'), array: col('t', 'path'), not: false };
    if (p.kind === 'AccessScope') {
      if (p.scope.kind === 'employee') return bin('=', x, param(p.scope.employeeId, 'text'));
      if (p.scope.employeeIds) return { kind: 'any', e: x, array: param(p.scope.employeeIds, 'text[]'), not: false };
      const asOf = param(p.scope.asOf, 'date');
      return {
        kind: 'inQuery',
        e: x,
        query: select({
          columns: [item(col('s', 'employee_id'))],
          from: table('assignment', 's'),
          joins: [lineageJoin('sl', col('s', 'org_unit_id'), asOf)],
          where: bin('AND', bin('@>', col('s', 'valid'), asOf), { kind: 'any', e: param(p.scope.teamId, 'text'), array: lineagePath('sl', col('s', 'org_unit_id'), asOf), not: false }),
        }),
      };
    }
    const values = param(p.filter.values, 'text[]');
    if (!p.filter.exclude) return { kind: 'any', e: x, array: values, not: false };
    return bin('OR', { kind: 'isNull', e: x, not: false }, { kind: 'any', e: x, array: values, not: true });
  };
  const factPreds = b.predicates.filter((p) => p.stage === 'fact');
  const factsSel = select({
    columns: cols,
    from: table(rollup ? rollup.table : fact.table, f),
    joins:
      !rollup && fact.employee?.kind === 'via' && needEmployee
        ? [{ type: 'LEFT', from: table(q.facts.get(fact.employee.fact)!.table, 'j'), on: bin('=', col('j', fact.employee.key), col(f, fact.employee.key)) }]
        : [],
    where: and(
      // A calendar-day fact: first an index-friendly bound on the date itself, then the exact instant test.
      // A day tier: the planner proved both bounds local midnights in the query's zone,
      // so the dates alone are exact (and plain columns keep the row estimates right:
      // a test on an expression would make the planner expect a handful of rows).
      ...(rollup?.dayZone
        ? [bin('>=', col(f, timeCol), cast(atTz(from, tz), 'date')), bin('<', col(f, timeCol), cast(atTz(to, tz), 'date'))]
        : [
            ...(dayKind ? [bin('>=', col(f, timeCol), cast(atTz(from, tz), 'date')), bin('<=', col(f, timeCol), cast(atTz(to, tz), 'date'))] : []),
            bin('>=', ts, from),
            bin('<', ts, to),
          ]),
      ...factPreds.map((p) => filterExpr(p.kind === 'DimensionFilter' ? factDimExpr(p.filter.dimension) : employeeExpr!, p))),
  });
  const factsName = `${b.id}_facts`;
  const ctes: Cte[] = [
    {
      name: factsName,
      comment: [b.source.description, b.window.description, ...factPreds.map((p) => p.description)],
      query: factsSel,
    },
  ];

  // ---- attribution CTE
  const attrName = `${b.id}_attribution`;
  // Per row (a day tier, AS_WAS, no team path): the assignment in force is joined to
  // each fact row in the aggregate below, with no second pass over the facts CTE.
  const directAsWas = b.attribution?.perRow === true;
  if (b.attribution && !directAsWas) {
    const a = b.attribution.mode;
    const dateFor: Expr = a.mode === 'AS_WAS' ? col('k', 'org_date') : a.mode === 'AS_IS' ? param(a.today, 'date') : param(a.asOf, 'date');
    const withPath = b.attribution.withPath;
    const pathCol = (teamCol: Expr, date: Expr): SelectItem[] => (withPath ? [item(lineagePath('l', teamCol, date), 'path')] : []);
    const pathJoin = (teamCol: Expr, date: Expr): Join[] => (withPath ? [lineageJoin('l', teamCol, date)] : []);
    let attrSel;
    if (a.mode === 'AS_WAS') {
      attrSel = select({
        columns: [item(col('k', 'employee_id')), item(col('k', 'org_date')), item(col('a', 'org_unit_id'), 'team_id'), item(col('a', 'role')), item(col('a', 'site')), ...pathCol(col('a', 'org_unit_id'), dateFor)],
        from: {
          kind: 'subquery',
          as: 'k',
          query: select({ distinct: true, columns: [item(col(null, 'employee_id')), item(col(null, 'org_date'))], from: table(factsName, 'x'), where: { kind: 'isNull', e: col(null, 'employee_id'), not: true } }),
        },
        joins: [
          { type: 'INNER', from: table('assignment', 'a'), on: bin('AND', bin('=', col('a', 'employee_id'), col('k', 'employee_id')), bin('@>', col('a', 'valid'), col('k', 'org_date'))) },
          ...pathJoin(col('a', 'org_unit_id'), dateFor),
        ],
      });
    } else {
      const inFacts: Expr = { kind: 'inQuery', e: col('a', 'employee_id'), query: select({ columns: [item(col('x', 'employee_id'))], from: table(factsName, 'x') }) };
      attrSel = select({
        distinctOn: a.mode === 'AS_IS' ? [col('a', 'employee_id')] : [],
        columns: [item(col('a', 'employee_id')), item(col('a', 'org_unit_id'), 'team_id'), item(col('a', 'role')), item(col('a', 'site')), ...pathCol(col('a', 'org_unit_id'), dateFor)],
        from: table('assignment', 'a'),
        joins: pathJoin(col('a', 'org_unit_id'), dateFor),
        where: a.mode === 'AS_OF' ? bin('AND', inFacts, bin('@>', col('a', 'valid'), dateFor)) : inFacts,
        orderBy: a.mode === 'AS_IS' ? [{ expr: col('a', 'employee_id'), desc: false, nullsLast: true }, { expr: call('lower', col('a', 'valid')), desc: true, nullsLast: true }] : [],
      });
    }
    ctes.push({ name: attrName, comment: [b.attribution.description], query: attrSel });
  }

  // ---- aggregate CTE
  const teamExpr: Expr =
    agg.teamLevel !== null
      ? call('coalesce', { kind: 'index', array: col('t', 'path'), index: call('least', param(agg.teamLevel, 'int'), call('cardinality', col('t', 'path'))) }, col('t', 'team_id'))
      : col('t', 'team_id');
  const dimExpr = (d: Dimension): Expr => {
    switch (d) {
      case 'TEAM':
        return teamExpr;
      case 'ROLE':
        return col('t', 'role');
      case 'SITE':
        return col('t', 'site');
      case 'PRODUCT_CATEGORY':
        return col('p', 'category');
      case 'EMPLOYEE':
        return col(f, 'employee_id');
      default:
        return col(f, DIMENSION_COLUMN[d]);
    }
  };
  const groupKeys: Expr[] = [...(agg.grain ? [col(f, periodCol)] : []), ...agg.dimensions.map(dimExpr)];
  const keys: SelectItem[] = [...(agg.grain ? [item(periodOfGroup(col(f, periodCol)), 'period')] : []), ...agg.dimensions.map((d) => item(dimExpr(d), DIMENSION_COLUMN[d]))];
  const measureItems: SelectItem[] = agg.measures.map(({ id, m }) => {
    if (rollup) {
      // Sums of the additive components; an average is their sum over their count, as avg() divides.
      const rm = rollup.measures.get(m.key)!;
      if (rm.kind === 'sum') return item(cast(call('sum', col(f, `${id}_v`)), 'numeric'), id);
      return item(cast(bin('/', cast(call('sum', col(f, `${id}_s`)), 'numeric'), call('nullif', cast(call('sum', col(f, `${id}_n`)), 'numeric'), param(0, 'numeric'))), 'numeric'), id);
    }
    const filter = m.where ? col(f, `${id}_w`) : null;
    const arg = m.expr ? col(f, `${id}_v`) : ({ kind: 'star' } as Expr);
    const fn = m.agg === 'count_distinct' ? 'count' : m.agg;
    return item(cast({ kind: 'call', fn, args: [arg], distinct: m.agg === 'count_distinct', filter }, 'numeric'), id);
  });
  const aggPreds = b.predicates.filter((p) => p.stage === 'attributed');
  const joins = [];
  if (directAsWas) {
    const assignment = select({
      columns: [item(col('a', 'employee_id')), item(col('a', 'valid')), item(col('a', 'org_unit_id'), 'team_id'), item(col('a', 'role')), item(col('a', 'site'))],
      from: table('assignment', 'a'),
    });
    const on = bin('AND', bin('=', col('t', 'employee_id'), col(f, 'employee_id')), bin('@>', col('t', 'valid'), col(f, 'org_date')));
    joins.push({ type: 'LEFT' as const, from: { kind: 'subquery' as const, as: 't', query: assignment }, on });
  } else if (b.attribution) {
    const on = b.attribution.mode.mode === 'AS_WAS' ? bin('AND', bin('=', col('t', 'employee_id'), col(f, 'employee_id')), bin('=', col('t', 'org_date'), col(f, 'org_date'))) : bin('=', col('t', 'employee_id'), col(f, 'employee_id'));
    joins.push({ type: 'LEFT' as const, from: table(attrName, 't'), on });
  }
  if (dims.has('PRODUCT_CATEGORY')) joins.push({ type: 'LEFT' as const, from: table('product', 'p'), on: bin('=', col('p', 'sku'), col(f, 'product_sku')) });
  const aggName = `${b.id}_aggregate`;
  ctes.push({
    name: aggName,
    comment: [...(directAsWas ? [b.attribution!.description] : []), ...aggPreds.map((p) => p.description), agg.description],
    query: select({
      columns: [...keys, ...measureItems],
      from: table(factsName, f),
      joins,
      where: and(...aggPreds.map((p) => filterExpr(p.kind === 'DimensionFilter' ? dimExpr(p.filter.dimension) : col('t', 'path'), p))),
      groupBy: groupKeys,
    }),
  });
  return { ctes, agg: aggName };
}

function valueToSql(v: ValueExpr, ids: Map<string, string>, c: string): Expr {
  switch (v.k) {
    case 'num':
      return param(v.value, 'numeric');
    case 'neg':
      return { kind: 'neg', e: valueToSql(v.e, ids, c) };
    case 'measure': {
      const x = col(c, ids.get(v.m.key)!);
      return isCountLike(v.m.agg) ? call('coalesce', x, param(0, 'numeric')) : x;
    }
    case 'arith': {
      const l = valueToSql(v.l, ids, c);
      const r = valueToSql(v.r, ids, c);
      return v.op === '/' ? bin('/', l, call('nullif', r, param(0, 'numeric'))) : bin(v.op, l, r);
    }
  }
}

export function planToSql(plan: QueryPlan): Statement {
  const ctes: Cte[] = [];
  const aggs: { name: string; ids: string[] }[] = [];
  for (const b of plan.branches) {
    const r = branchCtes(b, plan);
    ctes.push(...r.ctes);
    aggs.push({ name: r.agg, ids: b.aggregate.measures.map((m) => m.id) });
  }
  const keyCols = plan.combine.keys.map((k) => (k === 'period' ? 'period' : DIMENSION_COLUMN[k]));
  let source: string;
  if (aggs.length === 1) source = aggs[0].name;
  else {
    source = 'combined';
    ctes.push({
      name: 'branches',
      comment: [plan.combine.description],
      query: {
        kind: 'union',
        queries: aggs.map((a) =>
          select({
            columns: [...keyCols.map((k) => item(col(null, k))), ...plan.combine.measureIds.map((id) => (a.ids.includes(id) ? item(col(null, id)) : item(nul('numeric'), id)))],
            from: table(a.name, 'g'),
          }),
        ),
      },
    });
    ctes.push({
      name: 'combined',
      comment: ['One row per key: each measure comes from exactly one branch'],
      query: select({
        columns: [...keyCols.map((k) => item(col('u', k))), ...plan.combine.measureIds.map((id) => item(call('max', col('u', id)), id))],
        from: table('branches', 'u'),
        groupBy: keyCols.map((k) => col('u', k)),
      }),
    });
  }
  const out = plan.output;
  const values = out.values.map((v, i) => item(cast(valueToSql(v.value, out.current, 'c'), 'float8'), `v${i}`));
  const previous = out.previous ? out.values.map((v, i) => item(cast(valueToSql(v.value, out.previous!, 'c'), 'float8'), `p${i}`)) : [];
  const orderBy: OrderItem[] = out.orderBy.map((o) => ({
    expr: col(null, o.key.kind === 'period' ? 'period' : o.key.kind === 'dimension' ? DIMENSION_COLUMN[o.key.dimension] : `v${o.key.index}`),
    desc: o.desc,
    nullsLast: true,
  }));
  for (const k of keyCols) if (!orderBy.some((o) => o.expr.kind === 'col' && o.expr.name === k)) orderBy.push({ expr: col(null, k), desc: false, nullsLast: true });
  return {
    comment: [out.description],
    ctes,
    body: select({
      columns: [...keyCols.map((k) => item(col('c', k))), ...values, ...previous],
      from: table(source, 'c'),
      orderBy,
      // One row past the limit tells the caller the result was cut (MetricResultData.truncated).
      limit: out.limit !== null ? param(out.limit + 1, 'int') : null,
    }),
  };
}
