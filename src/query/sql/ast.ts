/**
 * The SQL syntax tree (after Kysely's operation nodes): frozen plain objects with
 * a `kind`. Values only ever appear as `param` nodes (rendered `$n`); identifiers
 * only come from the validated manifest or the compiler itself, and the renderer
 * refuses any identifier that is not a plain lower_snake_case name.
 */

export type SqlType = 'text' | 'text[]' | 'numeric' | 'int' | 'float8' | 'boolean' | 'date' | 'timestamptz' | 'timestamp';

export type Expr =
  | { kind: 'col'; table: string | null; name: string }
  | { kind: 'param'; value: unknown; type: SqlType }
  | { kind: 'null'; type: SqlType | null }
  | { kind: 'star' }
  | { kind: 'binary'; op: BinaryOp; l: Expr; r: Expr }
  | { kind: 'not'; e: Expr }
  | { kind: 'neg'; e: Expr }
  | { kind: 'isNull'; e: Expr; not: boolean }
  | { kind: 'call'; fn: FnName; args: Expr[]; distinct?: boolean; filter?: Expr | null; named?: string }
  | { kind: 'case'; whens: { when: Expr; then: Expr }[]; else: Expr | null }
  | { kind: 'cast'; e: Expr; type: SqlType }
  | { kind: 'any'; e: Expr; array: Expr; not: boolean }
  | { kind: 'atTimeZone'; e: Expr; zone: Expr }
  | { kind: 'index'; array: Expr; index: Expr }
  | { kind: 'exists'; query: Select }
  | { kind: 'in'; e: Expr; list: Expr[]; not: boolean }
  | { kind: 'inQuery'; e: Expr; query: Select };

export type BinaryOp = '=' | '<>' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | 'AND' | 'OR' | '@>' | 'IS NOT DISTINCT FROM';

/** Functions the compiler may emit. */
export type FnName =
  | 'count'
  | 'sum'
  | 'avg'
  | 'min'
  | 'max'
  | 'coalesce'
  | 'greatest'
  | 'least'
  | 'abs'
  | 'round'
  | 'nullif'
  | 'date_trunc'
  | 'make_interval'
  | 'cardinality'
  | 'org_unit_path'
  | 'lower';

export interface SelectItem {
  expr: Expr;
  as: string | null;
}

export type FromItem =
  | { kind: 'table'; name: string; as: string }
  | { kind: 'subquery'; query: Select | Union; as: string };

export interface Join {
  type: 'LEFT' | 'INNER';
  from: FromItem;
  on: Expr;
}

export interface OrderItem {
  expr: Expr;
  desc: boolean;
  nullsLast: boolean;
}

export interface Select {
  kind: 'select';
  distinct: boolean;
  distinctOn: Expr[];
  columns: SelectItem[];
  from: FromItem | null;
  joins: Join[];
  where: Expr | null;
  groupBy: Expr[];
  orderBy: OrderItem[];
  limit: Expr | null;
}

export interface Union {
  kind: 'union';
  queries: Select[];
}

export interface Cte {
  name: string;
  /** Written above the CTE as `-- …` lines: the plan node it comes from. */
  comment: string[];
  query: Select | Union;
}

export interface Statement {
  comment: string[];
  ctes: Cte[];
  body: Select;
}

// ---- builders -------------------------------------------------------------------

export const col = (table: string | null, name: string): Expr => ({ kind: 'col', table, name });
export const param = (value: unknown, type: SqlType): Expr => ({ kind: 'param', value, type });
export const nul = (type: SqlType | null = null): Expr => ({ kind: 'null', type });
export const bin = (op: BinaryOp, l: Expr, r: Expr): Expr => ({ kind: 'binary', op, l, r });
export const and = (...es: (Expr | null)[]): Expr | null => {
  const xs = es.filter((e): e is Expr => e !== null);
  return xs.length === 0 ? null : xs.reduce((a, b) => bin('AND', a, b));
};
export const call = (fn: FnName, ...args: Expr[]): Expr => ({ kind: 'call', fn, args });
export const cast = (e: Expr, type: SqlType): Expr => ({ kind: 'cast', e, type });
export const atTz = (e: Expr, zone: Expr): Expr => ({ kind: 'atTimeZone', e, zone });

export function select(parts: Partial<Omit<Select, 'kind'>> & { columns: SelectItem[] }): Select {
  return {
    kind: 'select',
    distinct: false,
    distinctOn: [],
    from: null,
    joins: [],
    where: null,
    groupBy: [],
    orderBy: [],
    limit: null,
    ...parts,
  };
}

export const item = (expr: Expr, as: string | null = null): SelectItem => ({ expr, as });
export const table = (name: string, as: string): FromItem => ({ kind: 'table', name, as });
