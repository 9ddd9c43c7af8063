import { Arg, Ctx, Float, Int, Mutation, Query, Resolver } from 'type-graphql';
import { Attribution } from '../../query';
import {
  assertBoardExists,
  assertCanViewBoard,
  badInput,
  Board,
  boardIsPublic,
  computeLeaderboard,
  setBoardVisibility,
  VisibleEntry,
  visibleEntries,
} from '../../actions';
import { loadManifestOrThrow } from '../../semantic';
import { act, actorOf, teamArg } from '../actor';
import { LIMITS } from '../limits';
import { ApiContext } from '../context';
import { DateTimeScalar } from '../scalars';
import { BoardInput, Leaderboard, LeaderboardBoard, LeaderboardEntry } from '../types/gamification';
import { AttributionEnum } from '../types/metric';

const MAX_ENTRIES = 500;

export function toBoard(b: BoardInput): Board {
  if (b.teamId && b.center) throw badInput('board: give teamId or center: true, not both');
  if (b.teamId) return { kind: 'team', teamId: teamArg(b.teamId) };
  if (b.center) return { kind: 'center' };
  throw badInput('board: give teamId (a team subtree) or center: true (the whole center)');
}

export function toEntry(e: VisibleEntry): LeaderboardEntry {
  return Object.assign(new LeaderboardEntry(), { rank: e.rank, employeeId: e.visibleEmployeeId, anonymous: e.anonymous, isMe: e.isMe, value: e.value, volume: e.volume, qualified: e.qualified });
}

export function boardView(b: Board, isPublic: boolean): LeaderboardBoard {
  return Object.assign(new LeaderboardBoard(), { teamId: b.kind === 'team' ? b.teamId : null, center: b.kind === 'center', public: isPublic });
}

/** Leaderboards (SPEC §6.2) with the visibility rules of §7. */
@Resolver()
export class LeaderboardResolver {
  @Query(() => Leaderboard, {
    description:
      "Ranks employees by a metric over [from, to) on a board. You may see your own team's board, the boards above it and the center board (people managers also the boards in their subtree). Peers' names show only on public boards or when they are in your scope.",
    complexity: ({ childComplexity }) => LIMITS.metricDataCost + childComplexity,
  })
  leaderboard(
    @Ctx() ctx: ApiContext,
    @Arg('metric') metric: string,
    @Arg('from', () => DateTimeScalar) from: Date,
    @Arg('to', () => DateTimeScalar) to: Date,
    @Arg('board', () => BoardInput) board: BoardInput,
    @Arg('minVolume', () => Float, { nullable: true }) minVolume?: number | null,
    @Arg('volumeMetric', () => String, { nullable: true, description: 'Default contacts_handled.' }) volumeMetric?: string | null,
    @Arg('limit', () => Int, { defaultValue: 50 }) limit = 50,
    @Arg('attribution', () => AttributionEnum, { nullable: true, description: 'Default AS_WAS: facts count on the board of the team they were attributed to at the time.' }) attribution?: Attribution | null,
  ): Promise<Leaderboard> {
    return act(async () => {
      if (!(from < to)) throw badInput('from must be earlier than to');
      if (limit < 1 || limit > MAX_ENTRIES) throw badInput(`limit: 1 to ${MAX_ENTRIES}`);
      if (attribution === 'AS_OF') throw badInput('attribution: AS_WAS or AS_IS');
      const actor = await actorOf(ctx);
      const b = toBoard(board);
      await assertBoardExists(ctx.sql, b);
      await assertCanViewBoard(ctx.sql, actor, b);
      const env = { manifest: loadManifestOrThrow(), orgTimezone: ctx.config.orgTimezone, today: ctx.today };
      const data = await computeLeaderboard(ctx.sql, env, { metric, volumeMetric, from, to, board: b, minVolume, attribution });
      const isPublic = await boardIsPublic(ctx.sql, b);
      const v = await visibleEntries(ctx.sql, actor, data, isPublic);
      const me = [...v.ranked, ...v.notQualified].find((e) => e.isMe);
      return Object.assign(new Leaderboard(), {
        metric: data.metric.def.name,
        version: data.metric.version,
        direction: data.metric.def.direction,
        volumeMetric: data.volumeMetric.def.name,
        minVolume: data.minVolume,
        from,
        to,
        board: boardView(b, isPublic),
        entries: v.ranked.slice(0, limit).map(toEntry),
        notQualified: v.notQualified.slice(0, limit).map(toEntry),
        qualifiedCount: v.ranked.length,
        me: me ? toEntry(me) : null,
      });
    });
  }

  @Mutation(() => Boolean, { description: "Marks a board public (peers' names shown) or private (peers anonymous). Audited." })
  setLeaderboardVisibility(@Ctx() ctx: ApiContext, @Arg('board', () => BoardInput) board: BoardInput, @Arg('public') isPublic: boolean): Promise<boolean> {
    return act(async () => setBoardVisibility(ctx.ds, await actorOf(ctx), toBoard(board), isPublic));
  }
}
