import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { createWebhook, deleteWebhook, listDeliveries, listWebhooks, pingWebhook, redeliverWebhook, updateWebhook } from '../../actions';
import { act, actorOf } from '../actor';
import { ApiContext } from '../context';
import { checkLimit } from '../limit';
import { CreatedWebhook, Webhook, WebhookDelivery, WebhookInput } from '../types/webhooks';

/** Webhooks and their delivery log (SPEC §6.3). Center-wide: executives and admins manage them; analysts read them too. */
@Resolver()
export class WebhookResolver {
  @Query(() => [Webhook])
  webhooks(@Ctx() ctx: ApiContext): Promise<Webhook[]> {
    return act(async () => (await listWebhooks(ctx.ds, await actorOf(ctx))).map(Webhook.from));
  }

  @Query(() => [WebhookDelivery], { description: 'The delivery log, newest first, each with every attempt (outcome, latency, response code).' })
  webhookDeliveries(
    @Ctx() ctx: ApiContext,
    @Arg('webhookId', () => ID, { nullable: true }) webhookId?: string | null,
    @Arg('status', () => String, { nullable: true, description: 'pending, in_flight, delivered or dead.' }) status?: string | null,
    @Arg('alertEventId', () => ID, { nullable: true }) alertEventId?: string | null,
    @Arg('limit', () => Int, { defaultValue: 100 }) limit = 100,
  ): Promise<WebhookDelivery[]> {
    return act(async () => {
      checkLimit(limit);
      return (await listDeliveries(ctx.ds, await actorOf(ctx), { webhookId, status, alertEventId, limit })).map(WebhookDelivery.from);
    });
  }

  @Mutation(() => CreatedWebhook, { description: 'Registers a receiver; the secret is returned this once. Audited.' })
  createWebhook(@Ctx() ctx: ApiContext, @Arg('input', () => WebhookInput) input: WebhookInput): Promise<CreatedWebhook> {
    return act(async () => {
      const { webhook, secret } = await createWebhook(ctx.ds, await actorOf(ctx), input, ctx.clock);
      return Object.assign(new CreatedWebhook(), { webhook: Webhook.from(webhook), secret });
    });
  }

  @Mutation(() => Webhook, { description: 'Changes a webhook (a new secret takes effect at once). Audited.' })
  updateWebhook(@Ctx() ctx: ApiContext, @Arg('id', () => ID) id: string, @Arg('input', () => WebhookInput) input: WebhookInput): Promise<Webhook> {
    return act(async () => Webhook.from(await updateWebhook(ctx.ds, await actorOf(ctx), id, input, ctx.clock)));
  }

  @Mutation(() => Boolean, { description: 'Removes a webhook and its delivery log. Audited.' })
  deleteWebhook(@Ctx() ctx: ApiContext, @Arg('id', () => ID) id: string): Promise<boolean> {
    return act(async () => deleteWebhook(ctx.ds, await actorOf(ctx), id));
  }

  @Mutation(() => ID, { description: 'Queues a ping to the webhook (delivered by the webhooks job); returns the delivery id.' })
  pingWebhook(@Ctx() ctx: ApiContext, @Arg('id', () => ID) id: string): Promise<string> {
    return act(async () => pingWebhook(ctx.ds, await actorOf(ctx), id, ctx.clock));
  }

  @Mutation(() => Boolean, { description: 'Puts a dead (or pending) delivery back in the queue, due now, for another maxAttempts. Audited.' })
  redeliverWebhook(@Ctx() ctx: ApiContext, @Arg('deliveryId', () => ID) deliveryId: string): Promise<boolean> {
    return act(async () => {
      await redeliverWebhook(ctx.ds, await actorOf(ctx), deliveryId, ctx.clock);
      return true;
    });
  }
}
