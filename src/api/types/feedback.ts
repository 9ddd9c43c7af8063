import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Feedback as FeedbackRecord, FeedbackSummary as SummaryRecord } from '../../actions';
import { DateTimeScalar } from '../scalars';

export enum FeedbackKind {
  PEER = 'peer',
  TWO_WAY = 'two_way',
  SELF = 'self',
  NOTE = 'note',
}
registerEnumType(FeedbackKind, {
  name: 'FeedbackKind',
  description: "PEER (a teammate), TWO_WAY (on your supervisor or a manager above you: anonymous to them, and shown to them only from a minimum number of authors), SELF (a self-assessment), NOTE (a manager's real-time note).",
});

@InputType()
export class FeedbackInput {
  @Field(() => FeedbackKind)
  kind!: FeedbackKind;

  @Field(() => ID, { nullable: true, description: 'Default: you (a self-assessment).' })
  subjectId?: string | null;

  @Field()
  body!: string;

  @Field(() => Int, { nullable: true, description: '1 to 5.' })
  rating?: number | null;

  @Field(() => Boolean, { nullable: true, description: 'Notes only: show it to the employee (default false).' })
  shared?: boolean | null;
}

@InputType()
export class FeedbackPatch {
  @Field(() => String, { nullable: true })
  body?: string | null;

  @Field(() => Int, { nullable: true })
  rating?: number | null;

  @Field(() => Boolean, { nullable: true })
  shared?: boolean | null;
}

@ObjectType()
export class Feedback {
  @Field(() => ID)
  id!: string;

  @Field(() => FeedbackKind)
  kind!: string;

  @Field(() => ID, { nullable: true, description: 'Null where you may not know it (two-way feedback, unless you wrote it or read center-wide).' })
  authorId!: string | null;

  @Field()
  anonymous!: boolean;

  @Field(() => ID)
  subjectId!: string;

  @Field()
  body!: string;

  @Field(() => Int, { nullable: true })
  rating!: number | null;

  @Field({ description: 'Notes: shown to the employee.' })
  shared!: boolean;

  @Field(() => DateTimeScalar)
  createdAt!: Date;

  @Field(() => DateTimeScalar)
  updatedAt!: Date;

  static from(f: FeedbackRecord): Feedback {
    return Object.assign(new Feedback(), f);
  }
}

@ObjectType()
export class FeedbackCount {
  @Field(() => FeedbackKind)
  kind!: string;

  @Field(() => Int)
  count!: number;
}

@ObjectType()
export class FeedbackSummary {
  @Field(() => ID)
  subjectId!: string;

  @Field(() => [FeedbackCount], { description: 'What you may see, by kind.' })
  counts!: FeedbackCount[];

  @Field(() => Int)
  twoWayMinimumAuthors!: number;

  @Field(() => Int, { nullable: true, description: 'Different authors of two-way feedback; hidden from the subject until the minimum is reached.' })
  twoWayAuthors!: number | null;

  @Field()
  twoWayVisibleToSubject!: boolean;

  static from(s: SummaryRecord): FeedbackSummary {
    return Object.assign(new FeedbackSummary(), { ...s, counts: s.counts.map((c) => Object.assign(new FeedbackCount(), c)) });
  }
}
