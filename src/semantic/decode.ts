import { ErrorReporter, Loc } from './errors';
import { ExprSyntaxError, parseExpr } from './expr';
import { MapReader } from './reader';
import { Located, plain } from './source';
import {
  AGGREGATIONS,
  COLUMN_TYPES,
  ColumnType,
  DIMENSIONS,
  Dimension,
  DIRECTIONS,
  EmployeeSource,
  ExampleDef,
  ExistsColumn,
  ExprSource,
  FactDef,
  MeasureDef,
  METRIC_TYPES,
  MetricDef,
  ParamValue,
} from './types';

/**
 * Decoding: one YAML file → one typed definition, or nothing. Shape problems
 * (missing field, wrong type, unknown field, expression syntax) are reported here;
 * cross-file meaning (unknown fact, column or metric, cycles, types of
 * expressions) is checked by the rules in ./rules.
 */

const NAME = /^[a-z][a-z0-9_]*$/;

function colOffset(loc: Loc, at: number, quoted: boolean): Loc {
  return { ...loc, col: loc.col + at + (quoted ? 1 : 0) };
}

export function readExpr(r: MapReader, key: string, optional = false): ExprSource | null {
  const text = r.text(key, optional);
  if (text === null) return null;
  const loc = r.locOf(key);
  try {
    return { text, expr: parseExpr(text), loc };
  } catch (e) {
    if (e instanceof ExprSyntaxError) {
      r.errors.error(colOffset(loc, e.at, false), `${r.what}.${key}: ${e.message} in \`${text}\``);
      return null;
    }
    throw e;
  }
}

function readName(r: MapReader, key: string): string | null {
  const v = r.str(key);
  if (v !== null && !NAME.test(v)) {
    r.errors.error(r.locOf(key), `${r.what}: \`${key}\` must be lower_snake_case (got ${JSON.stringify(v)})`);
    return null;
  }
  return v;
}

function readParams(r: MapReader): Map<string, ParamValue> {
  const out = new Map<string, ParamValue>();
  const m = r.map('parameters', true);
  if (!m) return out;
  for (const k of m.keys()) {
    const e = m.entry(k)!;
    if (e.node.kind === 'scalar' && (typeof e.node.value === 'number' || typeof e.node.value === 'string')) out.set(k, e.node.value);
    else r.errors.error(e.node.loc, `parameters: \`${k}\` must be a number or a string`);
  }
  return out;
}

function readStringMap(m: MapReader | null): Map<string, { value: string; loc: Loc }> {
  const out = new Map<string, { value: string; loc: Loc }>();
  if (!m) return out;
  for (const k of m.keys()) {
    const v = m.str(k);
    if (v !== null) out.set(k, { value: v, loc: m.locOf(k) });
  }
  return out;
}

export function decodeFact(file: string, root: Located, errors: ErrorReporter): FactDef | null {
  const r = MapReader.of(root, errors, 'fact', { file, line: 1, col: 1 });
  if (!r) return null;
  const name = readName(r, 'fact');
  const label = r.str('label');
  const description = r.str('description');
  const table = readName(r, 'table');

  let time: FactDef['time'] | null = null;
  const t = r.map('time');
  if (t) {
    const column = t.str('column');
    const kind = t.oneOf('kind', ['instant', 'day'] as const, true) ?? 'instant';
    t.rejectUnknown();
    if (column) time = { column, kind, loc: t.locOf('column') };
  }

  let employee: EmployeeSource | null = null;
  const em = r.map('employee', true);
  if (em) {
    if (em.has('via')) {
      const fact = em.str('via');
      const key = em.str('key');
      if (fact && key) employee = { kind: 'via', fact, key, loc: em.locOf('via') };
    } else {
      const column = em.str('column');
      if (column) employee = { kind: 'column', column };
    }
    em.rejectUnknown();
  }
  const product = r.str('product', true);

  const dimensions: Dimension[] = [];
  for (const d of r.seq('dimensions') ?? []) {
    if (d.kind === 'scalar' && DIMENSIONS.includes(d.value as Dimension)) dimensions.push(d.value as Dimension);
    else errors.error(d.loc, `fact: unknown dimension ${JSON.stringify(d.kind === 'scalar' ? d.value : d.kind)}; known: ${DIMENSIONS.join(', ')}`);
  }
  const dimensionsLoc = r.locOf('dimensions');
  const dimensionColumns: Partial<Record<Dimension, string>> = {};
  for (const [k, v] of readStringMap(r.map('dimension_columns', true))) {
    if (!DIMENSIONS.includes(k as Dimension)) errors.error(v.loc, `fact: dimension_columns: unknown dimension \`${k}\``);
    else dimensionColumns[k as Dimension] = v.value;
  }

  const columns = new Map<string, { type: ColumnType; loc: Loc }>();
  const cols = r.map('columns');
  if (cols) {
    for (const k of cols.keys()) {
      const ty = cols.oneOf(k, COLUMN_TYPES);
      if (ty && !NAME.test(k)) errors.error(cols.keyLoc(k), `fact: column name \`${k}\` must be lower_snake_case`);
      else if (ty) columns.set(k, { type: ty, loc: cols.keyLoc(k) });
    }
  }

  const parameters = readParams(r);

  const segments = new Map<string, ExprSource>();
  const segs = r.map('segments', true);
  if (segs) {
    for (const k of segs.keys()) {
      const e = readExpr(segs, k);
      if (e) segments.set(k, e);
    }
  }

  const computed = new Map<string, ExistsColumn>();
  const comp = r.map('computed', true);
  if (comp) {
    for (const k of comp.keys()) {
      const c = comp.map(k);
      if (!c) continue;
      const fact = c.str('exists');
      const match = [...readStringMap(c.map('match'))].map(([other, v]) => ({ other, self: v.value, loc: v.loc }));
      const where = readExpr(c, 'where', true);
      let after: ExistsColumn['after'] = null;
      const a = c.map('after', true);
      if (a) {
        const other = a.str('column');
        const self = a.str('than');
        const within = readExpr(a, 'within_hours');
        a.rejectUnknown();
        if (other && self && within) after = { other, self, withinHours: within, loc: a.loc };
      }
      c.rejectUnknown();
      if (fact) computed.set(k, { name: k, loc: comp.keyLoc(k), fact, match, where, after });
    }
  }

  const defaults = r.map('example_defaults', true);
  const exampleDefaults = defaults ? (plain(defaults.node) as Record<string, unknown>) : {};
  if (defaults) defaults.keys().forEach((k) => defaults.entry(k));

  r.rejectUnknown();
  if (!name || !label || description === null || !table || !time) return null;
  return {
    name,
    label,
    description,
    table,
    file,
    loc: r.loc,
    time,
    employee,
    product,
    dimensions,
    dimensionsLoc,
    dimensionColumns,
    columns,
    parameters,
    segments,
    computed,
    exampleDefaults,
    content: plain(root),
  };
}

function readMeasure(r: MapReader | null): MeasureDef | null {
  if (!r) return null;
  const fact = r.str('fact');
  const agg = r.oneOf('agg', AGGREGATIONS);
  const expr = readExpr(r, 'expr', true);
  const where = readExpr(r, 'where', true);
  r.rejectUnknown();
  if (agg && agg !== 'count' && !expr && r.has('agg')) {
    r.errors.error(r.loc, `${r.what}: \`${agg}\` needs an \`expr\``);
    return null;
  }
  if (!fact || !agg) return null;
  return { fact, agg, expr, where, loc: r.loc };
}

function readExamples(r: MapReader): ExampleDef[] {
  const out: ExampleDef[] = [];
  const items = r.seq('examples', true) ?? [];
  items.forEach((item, i) => {
    const x = MapReader.of(item, r.errors, `examples[${i}]`, r.loc);
    if (!x) return;
    const description = x.str('description', true);
    const factsR = x.map('facts');
    const facts: Record<string, Record<string, unknown>[]> = {};
    if (factsR) {
      for (const k of factsR.keys()) {
        const rows = factsR.seq(k);
        if (!rows) continue;
        facts[k] = [];
        for (const row of rows) {
          if (row.kind !== 'map') r.errors.error(row.loc, `examples[${i}].facts.${k}: each row must be a mapping of column: value`);
          else facts[k].push(plain(row) as Record<string, unknown>);
        }
      }
    }
    let expect: number | null = null;
    const e = x.entry('expect');
    if (!e) r.errors.error(x.loc, `examples[${i}]: missing field \`expect\``);
    else if (e.node.kind === 'scalar' && (typeof e.node.value === 'number' || e.node.value === null)) expect = e.node.value as number | null;
    else r.errors.error(e.node.loc, `examples[${i}]: \`expect\` must be a number or null`);
    x.rejectUnknown();
    out.push({ loc: x.loc, description, facts, expect });
  });
  return out;
}

export function decodeMetric(file: string, root: Located, errors: ErrorReporter): MetricDef | null {
  const r = MapReader.of(root, errors, 'metric', { file, line: 1, col: 1 });
  if (!r) return null;
  const name = readName(r, 'name');
  const label = r.str('label');
  const description = r.str('description');
  const unit = r.str('unit');
  const format = r.str('format');
  const direction = r.oneOf('direction', DIRECTIONS);
  const owner = r.str('owner');
  const type = r.oneOf('type', METRIC_TYPES);
  const parameters = readParams(r);

  let measure: MeasureDef | null = null;
  let numerator: MeasureDef | null = null;
  let denominator: MeasureDef | null = null;
  let formula: ExprSource | null = null;
  let scale = 1;
  const measures = new Map<string, MeasureDef>();
  let shapeOk = true;
  if (type === 'simple') {
    measure = readMeasure(r.map('measure'));
    shapeOk = measure !== null;
  } else if (type === 'ratio') {
    numerator = readMeasure(r.map('numerator'));
    denominator = readMeasure(r.map('denominator'));
    scale = r.num('scale', true) ?? 1;
    shapeOk = numerator !== null && denominator !== null;
  } else if (type === 'derived') {
    formula = readExpr(r, 'formula');
    const ms = r.map('measures', true);
    if (ms) {
      for (const k of ms.keys()) {
        const m = readMeasure(ms.map(k));
        if (m) measures.set(k, m);
        else shapeOk = false;
      }
    }
    shapeOk = shapeOk && formula !== null;
  }
  const examples = readExamples(r);
  r.rejectUnknown();

  if (!name || !label || !description || !unit || !format || !direction || !owner || !type || !shapeOk) return null;
  return {
    name,
    label,
    description,
    unit,
    format,
    direction,
    owner,
    type,
    file,
    loc: r.loc,
    parameters,
    measure,
    numerator,
    denominator,
    scale,
    formula,
    measures,
    examples,
    content: plain(root),
  };
}
