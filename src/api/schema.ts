import 'reflect-metadata';
import { GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchemaSync, NonEmptyArray } from 'type-graphql';
import { AssignmentResolver, EmployeeResolver, TeamResolver } from './resolvers/OrgResolver';
import { IngestResolver } from './resolvers/IngestResolver';
import { MeResolver } from './resolvers/MeResolver';
import { MetricBenchmarkResolver, MetricResolver } from './resolvers/MetricResolver';
import { GoalResolver } from './resolvers/GoalResolver';
import { LeaderboardResolver } from './resolvers/LeaderboardResolver';
import { GamificationResolver } from './resolvers/GamificationResolver';
import { IncentiveResolver } from './resolvers/IncentiveResolver';
import { AuditResolver } from './resolvers/AuditResolver';
import { AlertResolver } from './resolvers/AlertResolver';
import { WebhookResolver } from './resolvers/WebhookResolver';
import { TaskResolver } from './resolvers/TaskResolver';
import { CoachingResolver } from './resolvers/CoachingResolver';
import { PlanResolver } from './resolvers/PlanResolver';
import { AppraisalResolver } from './resolvers/AppraisalResolver';
import { FeedbackResolver } from './resolvers/FeedbackResolver';
import { EmbedResolver } from './resolvers/EmbedResolver';
import { BoardEntryResolver, ContestStandingResolver } from './resolvers/BoardEntryResolver';
import { LiveResolver } from './resolvers/LiveResolver';
import { ContactResolver } from './resolvers/ContactResolver';

/** Every resolver class of the API. A new resolver is one line here. */
export const resolvers: NonEmptyArray<Function> = [
  TeamResolver,
  EmployeeResolver,
  AssignmentResolver,
  MeResolver,
  MetricResolver,
  MetricBenchmarkResolver,
  IngestResolver,
  GoalResolver,
  LeaderboardResolver,
  GamificationResolver,
  IncentiveResolver,
  AuditResolver,
  AlertResolver,
  WebhookResolver,
  TaskResolver,
  CoachingResolver,
  PlanResolver,
  AppraisalResolver,
  FeedbackResolver,
  EmbedResolver,
  BoardEntryResolver,
  ContestStandingResolver,
  LiveResolver,
  ContactResolver,
];

let cached: GraphQLSchema | undefined;

/** Every subscription brings its own `subscribe` (src/realtime/live.ts): type-graphql's topics are unused. */
const noTopics = {
  publish(): void {
    throw new Error('subscriptions use their own subscribe functions, not pubSub topics');
  },
  subscribe(): AsyncIterable<never> {
    throw new Error('subscriptions use their own subscribe functions, not pubSub topics');
  },
};

/** The executable schema (built once per process). */
export function buildApiSchema(): GraphQLSchema {
  cached ??= buildSchemaSync({ resolvers, validate: false, pubSub: noTopics });
  return cached;
}

/** The published SDL: sorted, so the committed schema.graphql diffs cleanly. */
export function printApiSchema(): string {
  return `${printSchema(lexicographicSortSchema(buildApiSchema()))}\n`;
}
