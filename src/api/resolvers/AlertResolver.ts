import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import {
  acknowledgeAlertEvent,
  AlertRuleInput as RuleInput,
  assertCenterWide,
  badInput,
  Comparison,
  createAlertRule,
  deleteAlertRule,
  evaluateAlertRules,
  getAlertEvent,
  getAlertRule,
  listAlertEvents,
  listAlertRules,
  resolveAlertEvent,
  setAlertRuleEnabled,
  updateAlertRule,
} from '../../actions';
import { envOf } from '../actionEnv';
import { act, actorOf } from '../actor';
import { ApiContext } from '../context';
import { checkLimit } from '../limit';
import { DateTimeScalar } from '../scalars';
import { AlertEvaluation, AlertEvent, AlertEventsFilter, AlertRule, AlertRuleInput } from '../types/alerts';

function toRuleInput(i: AlertRuleInput): RuleInput {
  let window: RuleInput['window'] = null;
  if (i.window) {
    const last = i.window.last !== undefined && i.window.last !== null;
    if (Boolean(i.window.today) === last) throw badInput('window: give `last` with `unit`, or `today: true` (one of them)');
    if (last && !i.window.unit) throw badInput('window.unit: MINUTES, HOURS or DAYS');
    window = i.window.today ? { kind: 'today' } : { kind: 'last', amount: i.window.last!, unit: i.window.unit! };
  }
  if (i.cooldownMinutes !== undefined && i.cooldownMinutes !== null && !(Number.isFinite(i.cooldownMinutes) && i.cooldownMinutes >= 0)) throw badInput('cooldownMinutes: 0 or more');
  return {
    name: i.name,
    description: i.description,
    kind: i.kind,
    metric: i.metric,
    scope: { kind: i.scope.kind, ref: i.scope.id, underTeam: i.scope.underTeamId, teamLevel: i.scope.teamLevel },
    comparison: (i.comparison ?? null) as Comparison | null,
    threshold: i.threshold,
    window,
    anomaly: i.anomaly ? { ...i.anomaly } : null,
    volumeMetric: i.volumeMetric,
    minVolume: i.minVolume,
    cooldownSeconds: i.cooldownMinutes === undefined || i.cooldownMinutes === null ? null : Math.round(i.cooldownMinutes * 60),
    createTask: i.createTask,
    taskDueDays: i.taskDueDays,
    enabled: i.enabled,
  };
}

/** Alert rules and events (SPEC §6.3). */
@Resolver()
export class AlertResolver {
  @Query(() => [AlertRule], { description: 'Alert rules whose subject (an employee, a team subtree, or the center) lies in your scope, and your own.' })
  alertRules(
    @Ctx() ctx: ApiContext,
    @Arg('enabled', () => Boolean, { nullable: true }) enabled?: boolean | null,
    @Arg('limit', () => Int, { defaultValue: 200 }) limit = 200,
  ): Promise<AlertRule[]> {
    return act(async () => {
      checkLimit(limit);
      return (await listAlertRules(ctx.ds, await actorOf(ctx), { enabled, limit })).map(AlertRule.from);
    });
  }

  @Query(() => AlertRule)
  alertRule(@Ctx() ctx: ApiContext, @Arg('id', () => ID) id: string): Promise<AlertRule> {
    return act(async () => AlertRule.from(await getAlertRule(ctx.ds, await actorOf(ctx), id)));
  }

  @Query(() => [AlertEvent], { description: 'Alert events within your scope, newest first: open ones by default, or resolved ones, or all.' })
  alertEvents(
    @Ctx() ctx: ApiContext,
    @Arg('status', () => AlertEventsFilter, { defaultValue: AlertEventsFilter.OPEN }) status: AlertEventsFilter,
    @Arg('ruleId', () => ID, { nullable: true }) ruleId?: string | null,
    @Arg('scopeId', () => ID, { nullable: true, description: 'An employee id, team id or queue name.' }) scopeId?: string | null,
    @Arg('from', () => DateTimeScalar, { nullable: true, description: 'Opened at or after.' }) from?: Date | null,
    @Arg('to', () => DateTimeScalar, { nullable: true, description: 'Opened before.' }) to?: Date | null,
    @Arg('limit', () => Int, { defaultValue: 100 }) limit = 100,
  ): Promise<AlertEvent[]> {
    return act(async () => {
      checkLimit(limit);
      return (await listAlertEvents(ctx.ds, await actorOf(ctx), { status, ruleId, scopeKey: scopeId, from, to, limit })).map(AlertEvent.from);
    });
  }

  @Query(() => AlertEvent)
  alertEvent(@Ctx() ctx: ApiContext, @Arg('id', () => ID) id: string): Promise<AlertEvent> {
    return act(async () => AlertEvent.from(await getAlertEvent(ctx.ds, await actorOf(ctx), id)));
  }

  @Mutation(() => AlertRule, { description: 'Creates an alert rule: within your subtree (give scope.underTeamId or a scope id in it); over the whole center for executives and admins. Audited.' })
  createAlertRule(@Ctx() ctx: ApiContext, @Arg('input', () => AlertRuleInput) input: AlertRuleInput): Promise<AlertRule> {
    return act(async () => AlertRule.from(await createAlertRule(ctx.ds, envOf(ctx).manifest, await actorOf(ctx), toRuleInput(input), ctx.clock)));
  }

  @Mutation(() => AlertRule, { description: 'Replaces a rule\'s definition; open events stay and are judged by the new one. Audited.' })
  updateAlertRule(@Ctx() ctx: ApiContext, @Arg('id', () => ID) id: string, @Arg('input', () => AlertRuleInput) input: AlertRuleInput): Promise<AlertRule> {
    return act(async () => AlertRule.from(await updateAlertRule(ctx.ds, envOf(ctx).manifest, await actorOf(ctx), id, toRuleInput(input), ctx.clock)));
  }

  @Mutation(() => AlertRule, { description: 'Enables or disables a rule; disabling resolves its open events (rule_disabled). Audited.' })
  setAlertRuleEnabled(@Ctx() ctx: ApiContext, @Arg('id', () => ID) id: string, @Arg('enabled') enabled: boolean): Promise<AlertRule> {
    return act(async () => AlertRule.from(await setAlertRuleEnabled(ctx.ds, envOf(ctx).manifest, await actorOf(ctx), id, enabled, ctx.clock)));
  }

  @Mutation(() => Boolean, { description: 'Deletes a rule; its events stay as history (open ones resolved as rule_deleted). Audited.' })
  deleteAlertRule(@Ctx() ctx: ApiContext, @Arg('id', () => ID) id: string): Promise<boolean> {
    return act(async () => deleteAlertRule(ctx.ds, await actorOf(ctx), id, ctx.clock));
  }

  @Mutation(() => AlertEvent, { description: 'You have seen the event and are on it (it stays open). Audited; webhooks get alert.acknowledged.' })
  acknowledgeAlertEvent(@Ctx() ctx: ApiContext, @Arg('id', () => ID) id: string, @Arg('note', () => String, { nullable: true }) note?: string | null): Promise<AlertEvent> {
    return act(async () => AlertEvent.from(await acknowledgeAlertEvent(ctx.ds, await actorOf(ctx), id, note ?? null, ctx.clock)));
  }

  @Mutation(() => AlertEvent, { description: "Resolves the event by hand; the rule's cooldown runs from now. Audited; webhooks get alert.resolved." })
  resolveAlertEvent(@Ctx() ctx: ApiContext, @Arg('id', () => ID) id: string, @Arg('note', () => String, { nullable: true }) note?: string | null): Promise<AlertEvent> {
    return act(async () => AlertEvent.from(await resolveAlertEvent(ctx.ds, await actorOf(ctx), id, note ?? null, ctx.clock)));
  }

  @Mutation(() => [AlertEvaluation], { description: 'Evaluates the enabled rules (or those named) now, as the schedule does (executives and admins). Webhooks are delivered by the schedule\'s webhooks job.' })
  evaluateAlertRules(@Ctx() ctx: ApiContext, @Arg('ruleIds', () => [ID], { nullable: true }) ruleIds?: string[] | null): Promise<AlertEvaluation[]> {
    return act(async () => {
      assertCenterWide(await actorOf(ctx), 'evaluateAlertRules');
      if (ruleIds?.some((id) => !/^[0-9a-f-]{36}$/i.test(id))) throw badInput('ruleIds: alert rule ids');
      return (await evaluateAlertRules(ctx.ds, envOf(ctx), ctx.clock(), ruleIds ?? null)).map(AlertEvaluation.from);
    });
  }
}
