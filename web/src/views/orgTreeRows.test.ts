import { MetricResult, TeamTree } from '../api/types';
import { treeDepth, treeRows, visibleRows } from './orgTreeRows';

const node = (teamId: string, depth: number, children: TeamTree[] = []): TeamTree => ({ id: teamId, teamId, asOf: '2026-12-01', name: teamId.toUpperCase(), depth, children });
const level = (rows: [string | null, number][]): MetricResult => ({
  attribution: 'AS_WAS', timezone: 'UTC', rowCount: rows.length, metrics: [{ name: 'contacts_handled', label: 'Handled', format: 'integer', unit: 'contacts', version: 'v' }],
  rows: rows.map(([teamId, v]) => ({ period: null, teamId, employeeId: null, role: null, site: null, productSku: null, productCategory: null, channel: null, queue: null, team: teamId ? { id: teamId, teamId, asOf: '2026-01-01', name: `Old ${teamId}`, depth: 1 } : null, employee: null, values: [v], previousValues: null })),
});

// Today's tree: ops ── care ── t2;  sales ── t1   (t1 moved from care to sales)
const roots = [node('ops', 1, [node('care', 2, [node('t2', 3)])]), node('sales', 1, [node('t1', 2)])];

describe('org tree rows', () => {
  it('each team reads the result of its own level; level 1 also lists leftovers', () => {
    const rows = treeRows(roots, [level([['ops', 3], ['sales', 1], ['gone', 7], [null, 1]]), level([['care', 3], ['t1', 1]]), level([['t1', 3], ['t2', 1]])], 1);
    expect(rows.map((r) => [r.name, r.depth, r.values[0]])).toEqual([
      ['OPS', 1, 3],
      ['CARE', 2, 3],
      ['T2', 3, 1],
      ['SALES', 1, 1],
      ['T1', 2, 1], // from level 2: the level-3 row for t1 (its depth before the move) is not this node
      ["Old gone (not in today's tree)", 1, 7],
      ['Unattributed (no assignment in force)', 1, 1],
    ]);
  });

  it('a team without facts at its level has no values (not zero)', () => {
    const rows = treeRows(roots, [level([]), level([]), level([])], 1);
    expect(rows.every((r) => r.values[0] === null)).toBe(true);
    expect(rows).toHaveLength(5);
  });

  it('collapsing a team hides everything below it', () => {
    const rows = treeRows(roots, [], 1);
    expect(visibleRows(rows, new Set(['ops@1'])).map((r) => r.teamId)).toEqual(['ops', 'sales', 't1']);
    expect(visibleRows(rows, new Set(['care@2'])).map((r) => r.teamId)).toEqual(['ops', 'care', 'sales', 't1']);
    expect(treeDepth(roots)).toBe(3);
  });
});
