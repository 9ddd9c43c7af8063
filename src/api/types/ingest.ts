import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../scalars';

@ObjectType({ description: 'Why a record was rejected (SPEC §3.3).' })
export class RejectionReason {
  @Field({ description: 'invalid_timestamp, missing_field, out_of_range, unknown_agent, overlapping_version, malformed or invalid_value.' })
  code!: string;

  @Field(() => String, { nullable: true, description: 'The field (CSV column or JSON path) concerned; null for the whole record.' })
  field!: string | null;

  @Field(() => String, { nullable: true, description: 'The offending value as found (trimmed).' })
  value!: string | null;

  @Field({ description: 'A sentence naming file, line, field and value.' })
  message!: string;
}

@ObjectType({ description: 'A record a run refused, with its raw text (kept so it can be replayed).' })
export class RejectedRecord {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  runId!: string;

  @Field()
  connector!: string;

  @Field(() => String, { nullable: true })
  file!: string | null;

  @Field(() => Int, { description: 'Line in the file where the record starts.' })
  position!: number;

  @Field({ description: 'The record as found in the file.' })
  raw!: string;

  @Field(() => [RejectionReason], { description: 'Every reason found.' })
  reasons!: RejectionReason[];
}

@ObjectType({ description: 'One run of a connector over files (the ingest ledger).' })
export class IngestRun {
  @Field(() => ID)
  id!: string;

  @Field()
  connector!: string;

  @Field({ description: 'running, completed or failed (a run whose process died is failed, with an error saying so).' })
  status!: string;

  @Field(() => [String])
  files!: string[];

  @Field({ description: 'Zone applied to timestamps without an offset.' })
  sourceTz!: string;

  @Field(() => DateTimeScalar)
  startedAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  finishedAt!: Date | null;

  @Field(() => Int)
  read!: number;

  @Field(() => Int)
  inserted!: number;

  @Field(() => Int)
  updated!: number;

  @Field(() => Int)
  unchanged!: number;

  @Field(() => Int)
  duplicates!: number;

  @Field(() => Int)
  rejected!: number;

  @Field(() => String, { nullable: true })
  error!: string | null;
}
