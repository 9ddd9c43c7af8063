import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../scalars';

/**
 * One contact behind a number (the interaction fact, SPEC §4.1): what an agent's
 * handled count, handle time, FCR or service level are made of. The customer's
 * address is never shown; `repeated` says what FCR makes of it.
 */
@ObjectType({ description: "One contact (an ACD contact record) of an employee in your scope: the facts behind their numbers. The customer's address is not shown." })
export class Contact {
  @Field(() => ID)
  contactId!: string;

  @Field({ description: 'VOICE, CHAT, TASK…' })
  channel!: string;

  @Field(() => String, { nullable: true, description: 'INBOUND, OUTBOUND, TRANSFER…' })
  initiationMethod!: string | null;

  @Field(() => DateTimeScalar, { description: "The contact's time (metrics bucket it by this)." })
  initiatedAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  disconnectedAt!: Date | null;

  @Field(() => String, { nullable: true })
  queue!: string | null;

  @Field(() => Int, { nullable: true, description: 'Seconds in queue before it was answered or abandoned.' })
  queueSeconds!: number | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When it reached the agent; null: not handled.' })
  connectedAt!: Date | null;

  @Field({ description: 'It reached the agent (counts in contacts_handled).' })
  handled!: boolean;

  @Field(() => Int, { nullable: true })
  talkSeconds!: number | null;

  @Field(() => Int, { nullable: true })
  holdSeconds!: number | null;

  @Field(() => Int, { nullable: true })
  acwSeconds!: number | null;

  @Field(() => Int, { nullable: true, description: 'Talk + hold + after-contact work, as aht counts it; null when not handled.' })
  handleSeconds!: number | null;

  @Field({ description: 'It was transferred (counts in transfer_rate).' })
  transferred!: boolean;

  @Field({ description: "A later inbound contact from the same customer came within the contacts fact's repeat window (so it is not a first-contact resolution)." })
  repeated!: boolean;

  @Field(() => String, { nullable: true })
  productSku!: string | null;

  @Field(() => Int, { nullable: true, description: "The contact's survey CSAT (1–5), the latest response if several." })
  csat!: number | null;
}

@ObjectType()
export class ContactPageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Pass as `after` for the next page; null on an empty page.' })
  endCursor!: string | null;
}

/** A page of contacts, in time order. */
@ObjectType()
export class ContactConnection {
  @Field(() => [Contact])
  nodes!: Contact[];

  @Field(() => ContactPageInfo)
  pageInfo!: ContactPageInfo;

  /** What totalCount counts (not in the schema). */
  count!: () => Promise<number>;
}
