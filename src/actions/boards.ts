import { DataSource } from 'typeorm';
import { Sql } from '../canonical';
import { recordAudit } from './audit';
import { badInput, forbidden } from './errors';
import { Board, boardKey, LeaderboardData, LeaderboardEntry } from './leaderboard';
import { Actor, actsCenterWide, assertCanActOnTeam, assertCenterWide, currentTeamOf, employeeInScopeSql, teamInScope } from './permissions';

/** Whether peers' names show on a board (SPEC §7: only where the board is marked public). */
export async function boardIsPublic(sql: Sql, board: Board): Promise<boolean> {
  const rows = await sql.query(`SELECT public FROM leaderboard_board WHERE board = $1`, [boardKey(board)]);
  return rows.length > 0 && rows[0].public === true;
}

export async function assertBoardExists(sql: Sql, board: Board): Promise<void> {
  if (board.kind === 'center') return;
  const rows = await sql.query(`SELECT 1 FROM org_unit WHERE id = $1`, [board.teamId]);
  if (!rows.length) throw badInput(`board.teamId: no team ${JSON.stringify(board.teamId)}`);
}

/**
 * Marks a board public or private. A supervisor may do it for a team in their
 * subtree; the center board needs an executive or admin. Audited.
 */
export async function setBoardVisibility(ds: DataSource, actor: Actor, board: Board, isPublic: boolean): Promise<boolean> {
  await assertBoardExists(ds, board);
  if (board.kind === 'center') assertCenterWide(actor, 'setLeaderboardVisibility for the center board');
  else await assertCanActOnTeam(ds, actor, board.teamId, 'setLeaderboardVisibility');
  return ds.transaction(async (tx) => {
    const before = await boardIsPublic(tx, board);
    await tx.query(
      `INSERT INTO leaderboard_board (board, public, updated_by) VALUES ($1, $2, $3)
       ON CONFLICT (board) DO UPDATE SET public = EXCLUDED.public, updated_at = now(), updated_by = EXCLUDED.updated_by`,
      [boardKey(board), isPublic, actor.principal.employeeId ?? actor.principal.role],
    );
    await recordAudit(tx, actor, {
      entity: 'leaderboard_board',
      entityId: boardKey(board),
      action: 'update',
      before: { public: before },
      after: { public: isPublic },
      subjectTeamId: board.kind === 'team' ? board.teamId : null,
    });
    return isPublic;
  });
}

/**
 * Which boards a caller may look at (SPEC §7: an agent sees their own board):
 * the center board; a team board that holds the caller's own team (their team or
 * one above it); for people managers also any board inside their subtree; for
 * executives, analysts and admins every board.
 */
export async function assertCanViewBoard(sql: Sql, actor: Actor, board: Board): Promise<void> {
  if (board.kind === 'center' || actor.scope.kind === 'all') return;
  const own = await currentTeamOf(sql, actor.principal.employeeId, actor.today);
  if (own?.path.includes(board.teamId)) return;
  if (actor.scope.kind === 'subtree' && (await teamInScope(sql, actor.scope, board.teamId))) return;
  throw forbidden(`leaderboard: the board of team ${board.teamId} does not hold your team; you may see your own team's board, the boards above it and the center board`);
}

/** An entry as the caller may see it: a peer outside their scope on a private board is an anonymous rank. */
export interface VisibleEntry extends LeaderboardEntry {
  /** null when anonymous. */
  visibleEmployeeId: string | null;
  anonymous: boolean;
  isMe: boolean;
}

/** Decides, in SQL, which of the board's employees lie in the caller's scope, then masks the others. */
export async function visibleEntries(sql: Sql, actor: Actor, data: Pick<LeaderboardData, 'ranked' | 'notQualified'>, isPublic: boolean): Promise<{ ranked: VisibleEntry[]; notQualified: VisibleEntry[] }> {
  const all = [...data.ranked, ...data.notQualified].map((e) => e.employeeId);
  let named: Set<string>;
  if (isPublic || actor.scope.kind === 'all' || actsCenterWide(actor)) named = new Set(all);
  else {
    const p = employeeInScopeSql(actor.scope, 'e', 2);
    const rows: { e: string }[] = await sql.query(`SELECT e FROM unnest($1::text[]) e WHERE ${p.sql}`, [all, ...p.params]);
    named = new Set(rows.map((r) => r.e));
  }
  const me = actor.principal.employeeId;
  const view = (e: LeaderboardEntry): VisibleEntry => {
    const shown = named.has(e.employeeId) || e.employeeId === me;
    return { ...e, visibleEmployeeId: shown ? e.employeeId : null, anonymous: !shown, isMe: e.employeeId === me };
  };
  return { ranked: data.ranked.map(view), notQualified: data.notQualified.map(view) };
}
