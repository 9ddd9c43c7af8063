import { isMap, isScalar, isSeq, LineCounter, Node, parseDocument } from 'yaml';
import { ErrorReporter, Loc } from './errors';

/**
 * A YAML value with the place it was written: the decoder reports problems at
 * the exact line of the offending key or value.
 */
export type Located =
  | { kind: 'map'; loc: Loc; entries: Map<string, { keyLoc: Loc; node: Located }> }
  | { kind: 'seq'; loc: Loc; items: Located[] }
  | { kind: 'scalar'; loc: Loc; value: string | number | boolean | null };

function locOf(file: string, lc: LineCounter, node: Node | null | undefined, fallback: Loc): Loc {
  const at = node?.range?.[0];
  if (at === undefined) return fallback;
  const p = lc.linePos(at);
  return { file, line: p.line, col: p.col };
}

function convert(file: string, lc: LineCounter, node: unknown, fallback: Loc, errors: ErrorReporter): Located {
  const loc = locOf(file, lc, node as Node, fallback);
  if (isMap(node)) {
    const entries = new Map<string, { keyLoc: Loc; node: Located }>();
    for (const pair of node.items) {
      const keyNode = pair.key as Node;
      const keyLoc = locOf(file, lc, keyNode, loc);
      const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
      if (entries.has(key)) errors.error(keyLoc, `duplicate key \`${key}\``);
      entries.set(key, { keyLoc, node: convert(file, lc, pair.value, keyLoc, errors) });
    }
    return { kind: 'map', loc, entries };
  }
  if (isSeq(node)) {
    return { kind: 'seq', loc, items: node.items.map((i) => convert(file, lc, i, loc, errors)) };
  }
  if (isScalar(node)) {
    const v = node.value;
    const value = v === null || v === undefined ? null : typeof v === 'number' || typeof v === 'boolean' ? v : String(v);
    return { kind: 'scalar', loc, value };
  }
  return { kind: 'scalar', loc, value: null };
}

/** Parses one YAML file; syntax errors are reported with their line, and yield null. */
export function parseYamlFile(file: string, text: string, errors: ErrorReporter): Located | null {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false });
  const start: Loc = { file, line: 1, col: 1 };
  if (doc.errors.length > 0) {
    for (const e of doc.errors.slice(0, 1)) {
      const p = e.linePos?.[0] ?? { line: 1, col: 1 };
      errors.error({ file, line: p.line, col: p.col }, `YAML syntax: ${e.message.split('\n')[0]}`);
    }
    return null;
  }
  return convert(file, lineCounter, doc.contents, start, errors);
}

/** Plain JavaScript value of a located node (for hashing and examples). */
export function plain(n: Located): unknown {
  if (n.kind === 'scalar') return n.value;
  if (n.kind === 'seq') return n.items.map(plain);
  const out: Record<string, unknown> = {};
  for (const [k, v] of n.entries) out[k] = plain(v.node);
  return out;
}
