import { ErrorReporter, Loc } from './errors';
import { DExpr, FUNCTIONS } from './expr';
import { ColumnType, FactDef, ParamValue } from './types';

export type ExprType = ColumnType | 'null';

/** What names an expression over one fact may use. */
export interface ExprScope {
  fact: FactDef;
  params: Map<string, ParamValue>;
  /** Whether segments and computed columns may be referenced (not inside `computed` of another fact). */
  allowDerived: boolean;
  errors: ErrorReporter;
  loc: Loc;
  what: string;
}

function at(loc: Loc, offset: number): Loc {
  return { ...loc, col: loc.col + offset };
}

/** Suggests the closest of `candidates` to `name` (edit distance ≤ 2 or a shared prefix). */
export function didYouMean(name: string, candidates: Iterable<string>): string | null {
  let best: string | null = null;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(name.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best !== null && (bestD <= Math.max(2, Math.floor(name.length / 3))) ? best : null;
}

function editDistance(a: string, b: string): number {
  const dp = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) dp[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      dp[i][j] = Math.min(dp[i - 1][j] + 1, dp[i][j - 1] + 1, dp[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) dp[i][j] = Math.min(dp[i][j], dp[i - 2][j - 2] + 1);
    }
  }
  return dp[a.length][b.length];
}

const hint = (name: string, candidates: Iterable<string>) => {
  const s = didYouMean(name, candidates);
  return s ? ` (did you mean \`${s}\`?)` : '';
};

const numeric = (t: ExprType | null) => t === null || t === 'number' || t === 'null';
const boolish = (t: ExprType | null) => t === null || t === 'boolean' || t === 'null';

/**
 * The type of an expression over a fact's columns, segments and computed
 * columns, reporting unknown names and type mismatches. Returns null when a
 * problem makes the type unknown (already reported).
 */
export function typeOf(e: DExpr, s: ExprScope, seen: Set<string> = new Set()): ExprType | null {
  const bad = (message: string, offset = 0) => {
    s.errors.error(at(s.loc, offset), `${s.what}: ${message}`);
    return null;
  };
  switch (e.k) {
    case 'num':
      return 'number';
    case 'str':
      return 'text';
    case 'bool':
      return 'boolean';
    case 'null':
      return 'null';
    case 'param': {
      const v = s.params.get(e.name);
      if (v === undefined) return bad(`unknown parameter \`\${${e.name}}\`${hint(e.name, s.params.keys())}`, e.at);
      return typeof v === 'number' ? 'number' : 'text';
    }
    case 'ref': {
      const col = s.fact.columns.get(e.name);
      if (col) return col.type;
      if (s.allowDerived) {
        const seg = s.fact.segments.get(e.name);
        if (seg) {
          if (seen.has(e.name)) return bad(`segment \`${e.name}\` refers to itself`, e.at);
          const t = typeOf(seg.expr, { ...s, loc: seg.loc, what: `segment ${e.name}` }, new Set([...seen, e.name]));
          return t === null ? null : 'boolean';
        }
        if (s.fact.computed.has(e.name)) return 'boolean';
      }
      const known = [...s.fact.columns.keys(), ...(s.allowDerived ? [...s.fact.segments.keys(), ...s.fact.computed.keys()] : [])];
      return bad(`unknown column or segment \`${e.name}\` of fact \`${s.fact.name}\`${hint(e.name, known)}`, e.at);
    }
    case 'and':
    case 'or': {
      const l = typeOf(e.l, s, seen);
      const r = typeOf(e.r, s, seen);
      if (!boolish(l) || !boolish(r)) return bad(`${e.k.toUpperCase()} needs true/false operands (got ${l} and ${r})`);
      return 'boolean';
    }
    case 'not': {
      const t = typeOf(e.e, s, seen);
      if (!boolish(t)) return bad(`NOT needs a true/false operand (got ${t})`);
      return 'boolean';
    }
    case 'cmp': {
      const l = typeOf(e.l, s, seen);
      const r = typeOf(e.r, s, seen);
      if (l && r && l !== 'null' && r !== 'null' && l !== r) return bad(`cannot compare ${l} with ${r}`);
      return 'boolean';
    }
    case 'arith': {
      const l = typeOf(e.l, s, seen);
      const r = typeOf(e.r, s, seen);
      if (!numeric(l) || !numeric(r)) return bad(`\`${e.op}\` needs numbers (got ${l} and ${r})`);
      return 'number';
    }
    case 'neg': {
      const t = typeOf(e.e, s, seen);
      if (!numeric(t)) return bad(`unary minus needs a number (got ${t})`);
      return 'number';
    }
    case 'isnull':
      typeOf(e.e, s, seen);
      return 'boolean';
    case 'in': {
      const t = typeOf(e.e, s, seen);
      for (const x of e.list) {
        if (x.k !== 'num' && x.k !== 'str' && x.k !== 'param') return bad('IN (…) takes literal values or parameters');
        const xt = typeOf(x, s, seen);
        if (t && xt && t !== xt && t !== 'null') return bad(`IN list value of type ${xt} does not match ${t}`);
      }
      return 'boolean';
    }
    case 'case': {
      let out: ExprType | null = 'null';
      for (const w of e.whens) {
        const c = typeOf(w.when, s, seen);
        if (!boolish(c)) return bad(`CASE WHEN needs a true/false condition (got ${c})`);
        const t = typeOf(w.then, s, seen);
        if (t && t !== 'null') {
          if (out !== 'null' && out !== null && out !== t) return bad(`CASE branches mix ${out} and ${t}`);
          out = t;
        }
      }
      if (e.else) {
        const t = typeOf(e.else, s, seen);
        if (t && t !== 'null' && out !== 'null' && out !== null && out !== t) return bad(`CASE branches mix ${out} and ${t}`);
        if (t && t !== 'null' && out === 'null') out = t;
      }
      return out;
    }
    case 'call': {
      if (!(FUNCTIONS as readonly string[]).includes(e.fn)) return bad(`unknown function \`${e.fn}\`; allowed: ${FUNCTIONS.join(', ')}`, e.at);
      const ts = e.args.map((a) => typeOf(a, s, seen));
      if (e.fn === 'coalesce' || e.fn === 'greatest' || e.fn === 'least') {
        if (e.args.length === 0) return bad(`${e.fn} needs arguments`, e.at);
        const known = ts.filter((t): t is ColumnType => t !== null && t !== 'null');
        if (new Set(known).size > 1) return bad(`${e.fn} mixes ${[...new Set(known)].join(' and ')}`, e.at);
        return known[0] ?? 'null';
      }
      if (e.args.length < 1 || e.args.length > (e.fn === 'round' ? 2 : 1)) return bad(`wrong number of arguments to ${e.fn}`, e.at);
      if (!ts.every(numeric)) return bad(`${e.fn} needs numbers`, e.at);
      return 'number';
    }
  }
}
