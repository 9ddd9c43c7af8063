import { frontierOf, graft } from './orgTree';
import { TeamTree } from './types';

const t = (teamId: string, depth: number, rest: Partial<TeamTree> = {}): TeamTree => ({ id: `${teamId}@2026-12-01`, teamId, asOf: '2026-12-01', name: teamId, depth, ...rest });

describe('reading the org tree in chunks', () => {
  // One read of 2 levels: a ── b (b has children still to read), c (a leaf at the cut).
  const roots = [t('a', 1, { children: [t('b', 2, { more: [{ id: 'x@2026-12-01' }] }), t('c', 2, { more: [] })] })];

  it('the frontier is the deepest teams read that still have children', () => {
    expect(frontierOf(roots).map((x) => x.teamId)).toEqual(['b']);
  });

  it('grafts each subtree under its team, leaving leaves and the input untouched', () => {
    const sub = t('b', 2, { children: [t('d', 3, { children: [] })] });
    const whole = graft(roots, new Map([['b', sub]]));
    expect(whole[0].children!.map((x) => [x.teamId, x.children?.map((y) => y.teamId) ?? null])).toEqual([
      ['b', ['d']],
      ['c', null],
    ]);
    expect(whole[0].children![0].more).toBeUndefined();
    expect(frontierOf(whole)).toEqual([]);
    expect(roots[0].children![0].children).toBeUndefined();
  });
});
