import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Webhook as WebhookRecord, WebhookDelivery as DeliveryRecord } from '../../actions';
import { DateTimeScalar } from '../scalars';

@InputType({ description: 'A webhook receiver. Each alert event is POSTed as JSON with X-Switchboard-Signature: sha256=<hex HMAC-SHA256 of the raw body with the secret>.' })
export class WebhookInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'http:// or https://' })
  url?: string | null;

  @Field(() => String, { nullable: true, description: 'At least 16 characters; default a random one, returned once by createWebhook.' })
  secret?: string | null;

  @Field(() => [String], { nullable: true, description: 'Some of alert.opened, alert.acknowledged, alert.resolved (default all).' })
  eventTypes?: string[] | null;

  @Field(() => Boolean, { nullable: true })
  enabled?: boolean | null;

  @Field(() => Int, { nullable: true, description: 'Attempts before a delivery is dead-lettered (default 8).' })
  maxAttempts?: number | null;

  @Field(() => Int, { nullable: true, description: 'Per attempt (default 10000).' })
  timeoutMs?: number | null;
}

@ObjectType()
export class Webhook {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field()
  url!: string;

  @Field(() => [String])
  eventTypes!: string[];

  @Field()
  enabled!: boolean;

  @Field(() => Int)
  maxAttempts!: number;

  @Field(() => Int)
  timeoutMs!: number;

  @Field(() => String, { nullable: true })
  createdBy!: string | null;

  @Field(() => DateTimeScalar)
  createdAt!: Date;

  @Field(() => DateTimeScalar)
  updatedAt!: Date;

  static from(w: WebhookRecord): Webhook {
    return Object.assign(new Webhook(), w);
  }
}

@ObjectType({ description: 'A new webhook and its secret (shown this once).' })
export class CreatedWebhook {
  @Field(() => Webhook)
  webhook!: Webhook;

  @Field()
  secret!: string;
}

@ObjectType({ description: 'One attempt to deliver: when, how long, and what came back.' })
export class WebhookAttempt {
  @Field(() => Int)
  attempt!: number;

  @Field(() => DateTimeScalar)
  startedAt!: Date;

  @Field(() => Int)
  latencyMs!: number;

  @Field({ description: 'success (2xx), http_error, timeout or network_error.' })
  outcome!: string;

  @Field(() => Int, { nullable: true })
  responseCode!: number | null;

  @Field(() => String, { nullable: true })
  error!: string | null;
}

@ObjectType({ description: 'One event on its way to one webhook (the outbox), with its log of attempts.' })
export class WebhookDelivery {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  webhookId!: string;

  @Field()
  eventType!: string;

  @Field(() => ID, { nullable: true })
  alertEventId!: string | null;

  @Field({ description: 'The exact JSON text signed and sent.' })
  body!: string;

  @Field({ description: 'pending, in_flight, delivered or dead (dead letter: redeliverWebhook puts it back).' })
  status!: string;

  @Field(() => Int)
  attempts!: number;

  @Field(() => Int)
  attemptLimit!: number;

  @Field(() => DateTimeScalar)
  nextAttemptAt!: Date;

  @Field(() => DateTimeScalar)
  createdAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  deliveredAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  deadAt!: Date | null;

  @Field(() => String, { nullable: true })
  lastError!: string | null;

  @Field(() => [WebhookAttempt])
  log!: WebhookAttempt[];

  static from(d: DeliveryRecord): WebhookDelivery {
    return Object.assign(new WebhookDelivery(), { ...d, log: d.log.map((a) => Object.assign(new WebhookAttempt(), a)) });
  }
}
