import { TeamTree } from './types';

/** The teams read at the deepest level of a chunk that have children still to read. */
export function frontierOf(roots: readonly TeamTree[]): TeamTree[] {
  const out: TeamTree[] = [];
  const walk = (t: TeamTree) => {
    if (t.children) t.children.forEach(walk);
    else if (t.more?.length) out.push(t);
  };
  roots.forEach(walk);
  return out;
}

/** The tree with each frontier team's children taken from its subtree (by teamId); the input is left as it is. */
export function graft(roots: readonly TeamTree[], subtrees: ReadonlyMap<string, TeamTree>): TeamTree[] {
  const walk = (t: TeamTree): TeamTree => {
    if (t.children) return { ...t, children: t.children.map(walk) };
    const sub = subtrees.get(t.teamId);
    if (!sub) return t;
    const { more: _more, ...rest } = t;
    return { ...rest, children: sub.children ?? [] };
  };
  return roots.map(walk);
}
