import { GraphQLError } from 'graphql';
import { Arg, Ctx, Query, Resolver, Root, Subscription } from 'type-graphql';
import { LiveHub } from '../../realtime/live';
import { queueIntraday, QueueIntradayRow } from '../../realtime/queues';
import { metricDataSource, queueIntradaySource } from '../../realtime/sources';
import { ApiContext } from '../context';
import { LIMITS } from '../limits';
import { DateScalar } from '../scalars';
import { MetricQueryInput, MetricResult } from '../types/metric';
import { QueueIntraday } from '../types/realtime';

/** A subscription's context: the request's, plus the server's live hub (WebSocket only). */
export type LiveContext = ApiContext & { live?: LiveHub };

function hubOf(ctx: LiveContext): LiveHub {
  if (!ctx.live) throw new GraphQLError('subscriptions are served over WebSocket (graphql-ws, protocol graphql-transport-ws) at /graphql', { extensions: { code: 'BAD_REQUEST' } });
  return ctx.live;
}

const toType = (rows: QueueIntradayRow[]): QueueIntraday[] => rows.map((r) => Object.assign(new QueueIntraday(), r));

/** Live metric results and intraday queue figures (issue 12). */
@Resolver()
export class LiveResolver {
  @Query(() => [QueueIntraday], {
    description:
      "Today's figures per queue so far, each in its own time zone (or `date`). Queues come from metrics/queues/queues.yaml and the contacts of the day. Every reading role sees every queue: these are queue totals, never per employee.",
  })
  async queueIntraday(
    @Ctx() ctx: ApiContext,
    @Arg('queues', () => [String], { nullable: true, description: 'Only these queues (default: all).' }) queues?: string[] | null,
    @Arg('date', () => DateScalar, { nullable: true, description: "A past day in each queue's zone (default: today there)." }) date?: string | null,
  ): Promise<QueueIntraday[]> {
    return toType(await queueIntraday(ctx.sql, { now: ctx.clock(), queues: queues ?? null, date: date ?? null, orgTimezone: ctx.config.orgTimezone }));
  }

  @Subscription(() => MetricResult, {
    complexity: ({ args, childComplexity }) => LIMITS.metricDataCost * (1 + (args.query?.benchmarks?.length ?? 0)) + childComplexity,
    description:
      "metricData, live: the result on subscribe, then a fresh one whenever a committed ingest changes facts inside the query's window and the caller's scope (debounced; at most one a second). Subscribers with the same query and scope share one evaluation.",
    subscribe: async ({ args, context }) => hubOf(context as LiveContext).subscribe(await metricDataSource(context as ApiContext, args.query as MetricQueryInput)),
  })
  metricDataLive(@Root() result: MetricResult, @Arg('query', () => MetricQueryInput) _query: MetricQueryInput): MetricResult {
    return result;
  }

  @Subscription(() => [QueueIntraday], {
    description: 'queueIntraday, live: on subscribe, on every committed contact change of the day (at most one a second), and every 30 s (waits grow).',
    subscribe: ({ args, context }) => hubOf(context as LiveContext).subscribe(queueIntradaySource(context as ApiContext, (args.queues as string[] | null) ?? null, (args.date as string | null) ?? null)),
  })
  queueIntradayLive(
    @Root() rows: QueueIntradayRow[],
    @Arg('queues', () => [String], { nullable: true }) _queues?: string[] | null,
    @Arg('date', () => DateScalar, { nullable: true }) _date?: string | null,
  ): QueueIntraday[] {
    return toType(rows);
  }
}
