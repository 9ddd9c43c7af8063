import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { Message as MessageRecord, Task as TaskRecord } from '../../actions';
import { IsoDate } from '../../canonical';
import { DateScalar, DateTimeScalar } from '../scalars';

export enum TaskStatus {
  OPEN = 'open',
  IN_PROGRESS = 'in_progress',
  DONE = 'done',
  CANCELLED = 'cancelled',
}
registerEnumType(TaskStatus, { name: 'TaskStatus' });

export enum MessageBox {
  INBOX = 'inbox',
  SENT = 'sent',
}
registerEnumType(MessageBox, { name: 'MessageBox' });

@InputType()
export class TaskInput {
  @Field()
  title!: string;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => ID, { nullable: true, description: 'Default: you.' })
  assigneeId?: string | null;

  @Field(() => DateScalar, { nullable: true })
  dueDate?: IsoDate | null;

  @Field(() => ID, { nullable: true, description: 'The employee it is about.' })
  employeeId?: string | null;

  @Field(() => String, { nullable: true, description: 'A metric it is about.' })
  metric?: string | null;

  @Field(() => ID, { nullable: true, description: 'The alert event it answers.' })
  alertEventId?: string | null;
}

@InputType()
export class TaskPatch {
  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => ID, { nullable: true })
  assigneeId?: string | null;

  @Field(() => DateScalar, { nullable: true })
  dueDate?: IsoDate | null;

  @Field(() => TaskStatus, { nullable: true })
  status?: TaskStatus | null;
}

@ObjectType({ description: 'A task (SPEC §6.3): an assignee, a due date, a status, and a link to an alert, a metric, an employee or a coaching session.' })
export class Task {
  @Field(() => ID)
  id!: string;

  @Field()
  title!: string;

  @Field()
  description!: string;

  @Field(() => ID)
  assigneeId!: string;

  @Field(() => TaskStatus)
  status!: string;

  @Field(() => DateScalar, { nullable: true })
  dueDate!: IsoDate | null;

  @Field(() => ID, { nullable: true })
  employeeId!: string | null;

  @Field(() => String, { nullable: true })
  metric!: string | null;

  @Field(() => ID, { nullable: true })
  alertEventId!: string | null;

  @Field(() => ID, { nullable: true })
  coachingSessionId!: string | null;

  @Field({ description: 'manual, alert (created by an alert rule) or coaching (a follow-up).' })
  source!: string;

  @Field(() => String, { nullable: true })
  createdBy!: string | null;

  @Field(() => DateTimeScalar)
  createdAt!: Date;

  @Field(() => DateTimeScalar)
  updatedAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  completedAt!: Date | null;

  static from(t: TaskRecord): Task {
    return Object.assign(new Task(), t);
  }
}

@InputType({ description: 'Exactly one of employeeId or teamId (everyone in the team\'s subtree today).' })
export class MessageInput {
  @Field(() => ID, { nullable: true })
  employeeId?: string | null;

  @Field(() => ID, { nullable: true })
  teamId?: string | null;

  @Field(() => String, { nullable: true })
  subject?: string | null;

  @Field()
  body!: string;

  @Field(() => ID, { nullable: true })
  taskId?: string | null;

  @Field(() => ID, { nullable: true })
  alertEventId?: string | null;
}

@ObjectType()
export class Message {
  @Field(() => ID)
  id!: string;

  @Field(() => ID, { nullable: true })
  senderId!: string | null;

  @Field()
  senderRole!: string;

  @Field({ description: 'employee or team.' })
  recipientKind!: string;

  @Field(() => ID)
  recipientId!: string;

  @Field()
  subject!: string;

  @Field()
  body!: string;

  @Field(() => ID, { nullable: true })
  taskId!: string | null;

  @Field(() => ID, { nullable: true })
  alertEventId!: string | null;

  @Field(() => DateTimeScalar)
  sentAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When you read it (inbox).' })
  readAt!: Date | null;

  static from(m: MessageRecord): Message {
    return Object.assign(new Message(), m);
  }
}
