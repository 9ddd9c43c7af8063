import { Field, Float, Int, ObjectType } from 'type-graphql';
import { DateScalar, DateTimeScalar } from '../scalars';

@ObjectType({
  description:
    "A queue's intraday figures for one day in the queue's time zone (metrics/queues/queues.yaml), by contact start. Queues are not org units: these are center-level aggregates (like the CENTER benchmark) that every reading role sees, never broken down by employee.",
})
export class QueueIntraday {
  @Field(() => String)
  queue!: string;

  @Field(() => String, { description: "The queue's IANA time zone (its day)." })
  timezone!: string;

  @Field(() => DateScalar, { description: "The day, in the queue's time zone." })
  date!: string;

  @Field(() => Int, { description: 'Seconds in queue within which a handled contact counts for the service level.' })
  serviceLevelSeconds!: number;

  @Field(() => Int, { description: 'Queued contacts so far that are handled, abandoned or waiting (short abandons excluded).' })
  offered!: number;

  @Field(() => Int, { description: 'Queued contacts connected to an agent.' })
  handled!: number;

  @Field(() => Int, { description: 'Queued contacts that left without an agent after the short-abandon threshold.' })
  abandoned!: number;

  @Field(() => Float, { nullable: true, description: 'Handled within serviceLevelSeconds / (handled + abandoned); null before any.' })
  serviceLevel!: number | null;

  @Field(() => Float, { nullable: true, description: 'Average seconds in queue of handled contacts; null before any.' })
  asa!: number | null;

  @Field(() => Int, { description: 'Contacts queued now: not connected, not disconnected, no time in queue yet (Queue.Duration comes when a contact leaves the queue).' })
  waiting!: number;

  @Field(() => Int, { nullable: true, description: 'Seconds the longest-waiting contact has waited, at asOf; null when none waits.' })
  longestWaitSeconds!: number | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the longest-waiting contact was queued (a client can count the wait on from it).' })
  oldestWaitingSince!: Date | null;

  @Field(() => DateTimeScalar, { description: 'The instant these figures are for.' })
  asOf!: Date;
}
