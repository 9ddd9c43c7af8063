import { DataSource } from 'typeorm';
import { Sql } from '../../canonical';
import { ActionEnv } from '../actuals';
import { recordAudit } from '../audit';
import { assertBoardExists } from '../boards';
import { badInput, notFound } from '../errors';
import { Board, boardKey, computeLeaderboard, LeaderboardEntry, resolveBoardMetrics } from '../leaderboard';
import { Actor, assertCanActOnTeam, assertCenterWide } from '../permissions';
import { Gamification } from './definitions';

/** What the entrants at a rank win (ties share: every employee on that rank wins it). */
export interface Prize {
  rank: number;
  label: string;
  points: number;
  badge: string | null;
}

export interface Contest {
  id: string;
  name: string;
  metric: string;
  volumeMetric: string;
  board: Board;
  startsAt: Date;
  endsAt: Date;
  minVolume: number;
  prizes: Prize[];
  createdBy: string | null;
  frozenAt: Date | null;
}

export interface ContestInput {
  id?: string | null;
  name: string;
  metric: string;
  volumeMetric?: string | null;
  board: Board;
  startsAt: Date;
  endsAt: Date;
  minVolume?: number | null;
  prizes: { rank: number; label?: string | null; points?: number | null; badge?: string | null }[];
}

export interface Standing extends LeaderboardEntry {
  prize: Prize | null;
}

const toBoard = (b: string): Board => (b === '*' ? { kind: 'center' } : { kind: 'team', teamId: b });

function toContest(r: Record<string, unknown>): Contest {
  return {
    id: r.id as string,
    name: r.name as string,
    metric: r.metric as string,
    volumeMetric: r.volume_metric as string,
    board: toBoard(r.board as string),
    startsAt: r.starts_at as Date,
    endsAt: r.ends_at as Date,
    minVolume: Number(r.min_volume),
    prizes: r.prizes as Prize[],
    createdBy: (r.created_by as string | null) ?? null,
    frozenAt: (r.frozen_at as Date | null) ?? null,
  };
}

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'contest';

/**
 * A named competition over a window with a metric, a board and prizes (issue 9).
 * A supervisor runs contests on boards inside their subtree; the center board
 * needs an executive or admin. Audited.
 */
export async function createContest(ds: DataSource, env: ActionEnv, actor: Actor, g: Gamification, input: ContestInput): Promise<Contest> {
  const { metric, volume } = resolveBoardMetrics(env.manifest, input.metric, input.volumeMetric);
  if (!input.name.trim()) throw badInput('name: give the contest a name');
  if (!(input.startsAt < input.endsAt)) throw badInput('endsAt: must be after startsAt');
  const minVolume = input.minVolume ?? 0;
  if (!(minVolume >= 0)) throw badInput(`minVolume: must be 0 or more (got ${minVolume})`);
  const prizes: Prize[] = input.prizes.map((p, i) => {
    if (!Number.isInteger(p.rank) || p.rank < 1) throw badInput(`prizes[${i}].rank: a whole number from 1 (got ${p.rank})`);
    if (p.badge && !g.badges.has(p.badge)) throw badInput(`prizes[${i}].badge: unknown badge ${JSON.stringify(p.badge)}`);
    const points = p.points ?? (p.badge ? g.badges.get(p.badge)!.points : 0);
    if (!Number.isInteger(points) || points < 0) throw badInput(`prizes[${i}].points: a whole number from 0 (got ${p.points})`);
    return { rank: p.rank, label: p.label?.trim() || `Rank ${p.rank}`, points, badge: p.badge ?? null };
  });
  if (new Set(prizes.map((p) => p.rank)).size !== prizes.length) throw badInput('prizes: one prize per rank');
  await assertBoardExists(ds, input.board);
  if (input.board.kind === 'center') assertCenterWide(actor, 'createContest on the center board');
  else await assertCanActOnTeam(ds, actor, input.board.teamId, 'createContest');
  const id = input.id?.trim() || `${slug(input.name)}-${input.startsAt.toISOString().slice(0, 10)}`;
  if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) throw badInput(`id: lower-case letters, digits and dashes (got ${JSON.stringify(id)})`);
  return ds.transaction(async (tx) => {
    const rows = await tx.query(
      `INSERT INTO contest (id, name, metric, volume_metric, board, starts_at, ends_at, min_volume, prizes, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (id) DO NOTHING RETURNING *`,
      [id, input.name.trim(), metric.def.name, volume.def.name, boardKey(input.board), input.startsAt, input.endsAt, minVolume, JSON.stringify(prizes), actor.principal.employeeId ?? actor.principal.role],
    );
    if (!rows.length) throw badInput(`id: a contest ${JSON.stringify(id)} already exists`);
    const c = toContest(rows[0]);
    await recordAudit(tx, actor, { entity: 'contest', entityId: id, action: 'create', before: null, after: c, subjectTeamId: input.board.kind === 'team' ? input.board.teamId : null });
    return c;
  });
}

export async function getContest(sql: Sql, id: string): Promise<Contest | null> {
  const rows = await sql.query(`SELECT * FROM contest WHERE id = $1`, [id]);
  return rows.length ? toContest(rows[0]) : null;
}

export async function listContests(sql: Sql, limit: number): Promise<Contest[]> {
  const rows = await sql.query(`SELECT * FROM contest ORDER BY starts_at DESC, id LIMIT $1`, [limit]);
  return rows.map(toContest);
}

const prizeFor = (c: Contest, rank: number | null) => (rank === null ? null : c.prizes.find((p) => p.rank === rank) ?? null);

/** Standings: live while the contest runs; once frozen, exactly as they stood when it ended. */
export async function contestStandings(sql: Sql, env: ActionEnv, c: Contest): Promise<{ frozen: boolean; standings: Standing[] }> {
  if (c.frozenAt) {
    const rows = await sql.query(`SELECT * FROM contest_standing WHERE contest_id = $1 ORDER BY position`, [c.id]);
    return {
      frozen: true,
      standings: rows.map((r: Record<string, unknown>) => ({
        employeeId: r.employee_id as string,
        rank: (r.rank as number | null) ?? null,
        value: (r.value as number | null) ?? null,
        volume: Number(r.volume ?? 0),
        qualified: r.qualified as boolean,
        prize: (r.prize as Prize | null) ?? null,
      })),
    };
  }
  const data = await computeLeaderboard(sql, env, { metric: c.metric, volumeMetric: c.volumeMetric, from: c.startsAt, to: c.endsAt, board: c.board, minVolume: c.minVolume });
  return { frozen: false, standings: [...data.ranked, ...data.notQualified].map((e) => ({ ...e, prize: prizeFor(c, e.rank) })) };
}

/**
 * Freezes every contest that has ended by `now`: its final standings are stored,
 * its prizes awarded (badges and points, once: the award key is the contest and
 * the employee), and it never changes again. Safe to run from several schedulers.
 */
export async function freezeEndedContests(ds: DataSource, env: ActionEnv, g: Gamification, now: Date): Promise<string[]> {
  const due: { id: string }[] = await ds.query(`SELECT id FROM contest WHERE frozen_at IS NULL AND ends_at <= $1 ORDER BY ends_at, id`, [now]);
  const frozen: string[] = [];
  for (const { id } of due) {
    const done = await ds.transaction(async (tx) => {
      const locked = await tx.query(`SELECT * FROM contest WHERE id = $1 AND frozen_at IS NULL FOR UPDATE SKIP LOCKED`, [id]);
      if (!locked.length) return false;
      const c = toContest(locked[0]);
      const { standings } = await contestStandings(tx, env, c);
      for (const [i, s] of standings.entries()) {
        await tx.query(
          `INSERT INTO contest_standing (contest_id, employee_id, position, rank, value, volume, qualified, prize) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [c.id, s.employeeId, i + 1, s.rank, s.value, s.volume, s.qualified, s.prize ? JSON.stringify(s.prize) : null],
        );
        if (!s.prize) continue;
        const [a] = await tx.query(
          `INSERT INTO achievement (employee_id, badge, source, award_key, awarded_at, metric, value, reason, points, contest_id)
           VALUES ($1, $2, 'contest', $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (award_key) DO NOTHING RETURNING id::text`,
          [s.employeeId, s.prize.badge ?? 'contest_prize', `contest:${c.id}:${s.employeeId}`, now, c.metric, s.value, `${s.prize.label} in ${c.name} (rank ${s.rank})`, s.prize.points, c.id],
        );
        if (a && s.prize.points > 0) {
          await tx.query(`INSERT INTO points_entry (employee_id, at, kind, points, reason, achievement_id) VALUES ($1, $2, 'earned', $3, $4, $5::bigint)`, [
            s.employeeId,
            now,
            s.prize.points,
            `${s.prize.label} in ${c.name}`,
            a.id,
          ]);
        }
      }
      await tx.query(`UPDATE contest SET frozen_at = $2 WHERE id = $1`, [c.id, now]);
      return true;
    });
    if (done) frozen.push(id);
  }
  return frozen;
}

export async function requireContest(sql: Sql, id: string): Promise<Contest> {
  const c = await getContest(sql, id);
  if (!c) throw notFound(`no contest ${JSON.stringify(id)}`);
  return c;
}
