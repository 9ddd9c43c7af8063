import { MetricResult, TeamTree } from '../api/types';

/** One line of the executive org tree: a team of today's tree, or a level-1 leftover. */
export interface TreeRow {
  key: string;
  teamId: string | null;
  name: string;
  depth: number;
  parentKey: string | null;
  hasChildren: boolean;
  values: (number | null)[];
  kind: 'team' | 'elsewhere' | 'unattributed';
}

/** teamId → values of one level's result (null key = unattributed facts). */
export function levelIndex(result: MetricResult | null | undefined): Map<string | null, (number | null)[]> {
  return new Map((result?.rows ?? []).map((r) => [r.teamId, r.values]));
}

/**
 * Flattens today's tree, depth first, with each team's KPIs taken from the result of
 * its own level (a team at depth N reads metricData with `teamLevel: N`, where every
 * fact is rolled up to its ancestor at depth N in the tree of its time, or of today
 * under AS_IS). Level 1 accounts for every fact, so its leftovers are listed too: roots
 * that are not in today's tree, and unattributed facts (no assignment in force).
 */
export function treeRows(roots: readonly TeamTree[], levels: readonly (MetricResult | null | undefined)[], metricCount: number): TreeRow[] {
  const index = levels.map(levelIndex);
  const empty = () => Array<number | null>(metricCount).fill(null);
  const out: TreeRow[] = [];
  const walk = (t: TeamTree, parentKey: string | null) => {
    const key = `${t.teamId}@${t.depth}`;
    out.push({
      key,
      teamId: t.teamId,
      name: t.name,
      depth: t.depth,
      parentKey,
      hasChildren: (t.children?.length ?? 0) > 0,
      values: index[t.depth - 1]?.get(t.teamId) ?? empty(),
      kind: 'team',
    });
    for (const c of t.children ?? []) walk(c, key);
  };
  for (const r of roots) walk(r, null);

  const rootIds = new Set(roots.map((r) => r.teamId));
  for (const row of levels[0]?.rows ?? []) {
    if (row.teamId === null) continue;
    if (rootIds.has(row.teamId)) continue;
    out.push({ key: `elsewhere:${row.teamId}`, teamId: row.teamId, name: `${row.team?.name ?? row.teamId} (not in today's tree)`, depth: 1, parentKey: null, hasChildren: false, values: row.values, kind: 'elsewhere' });
  }
  const unattributed = index[0]?.get(null);
  if (unattributed) {
    out.push({ key: 'unattributed', teamId: null, name: 'Unattributed (no assignment in force)', depth: 1, parentKey: null, hasChildren: false, values: unattributed, kind: 'unattributed' });
  }
  return out;
}

/** The rows still visible when some teams are collapsed (their descendants hidden). */
export function visibleRows(rows: readonly TreeRow[], collapsed: ReadonlySet<string>): TreeRow[] {
  const hidden = new Set<string>();
  return rows.filter((r) => {
    if (r.parentKey && (hidden.has(r.parentKey) || collapsed.has(r.parentKey))) {
      hidden.add(r.key);
      return false;
    }
    return true;
  });
}

/** Depth of the deepest team in the tree (how many levels of KPIs to ask for). */
export function treeDepth(roots: readonly TeamTree[]): number {
  let max = 0;
  const walk = (t: TeamTree) => {
    max = Math.max(max, t.depth);
    t.children?.forEach(walk);
  };
  roots.forEach(walk);
  return max;
}
