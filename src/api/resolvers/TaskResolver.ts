import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { createTask, deleteTask, getTask, listMessages, listTasks, markMessageRead, sendMessage, updateTask } from '../../actions';
import { envOf } from '../actionEnv';
import { act, actorOf } from '../actor';
import { ApiContext } from '../context';
import { checkLimit } from '../limit';
import { Message, MessageBox, MessageInput, Task, TaskInput, TaskPatch, TaskStatus } from '../types/workflow';

/** Tasks and messages (SPEC §6.3). */
@Resolver()
export class TaskResolver {
  @Query(() => [Task], { description: 'Tasks assigned to you or made by you; people managers also see those of their subtree. By due date.' })
  tasks(
    @Ctx() ctx: ApiContext,
    @Arg('assigneeId', () => ID, { nullable: true }) assigneeId?: string | null,
    @Arg('employeeId', () => ID, { nullable: true, description: 'About this employee.' }) employeeId?: string | null,
    @Arg('status', () => [TaskStatus], { nullable: true }) status?: TaskStatus[] | null,
    @Arg('alertEventId', () => ID, { nullable: true }) alertEventId?: string | null,
    @Arg('coachingSessionId', () => ID, { nullable: true }) coachingSessionId?: string | null,
    @Arg('limit', () => Int, { defaultValue: 200 }) limit = 200,
  ): Promise<Task[]> {
    return act(async () => {
      checkLimit(limit);
      return (await listTasks(ctx.ds, await actorOf(ctx), { assigneeId, employeeId, statuses: status, alertEventId, coachingSessionId, limit })).map(Task.from);
    });
  }

  @Query(() => Task)
  task(@Ctx() ctx: ApiContext, @Arg('id', () => ID) id: string): Promise<Task> {
    return act(async () => Task.from(await getTask(ctx.ds, await actorOf(ctx), id)));
  }

  @Mutation(() => Task, { description: 'A task for yourself, or (people managers) for someone in your subtree. Audited.' })
  createTask(@Ctx() ctx: ApiContext, @Arg('input', () => TaskInput) input: TaskInput): Promise<Task> {
    return act(async () => Task.from(await createTask(ctx.ds, envOf(ctx).manifest, await actorOf(ctx), input, ctx.clock)));
  }

  @Mutation(() => Task, { description: 'The assignee may change the status; their managers anything. Audited.' })
  updateTask(@Ctx() ctx: ApiContext, @Arg('id', () => ID) id: string, @Arg('input', () => TaskPatch) input: TaskPatch): Promise<Task> {
    return act(async () => Task.from(await updateTask(ctx.ds, await actorOf(ctx), id, input, ctx.clock)));
  }

  @Mutation(() => Boolean, { description: 'Its creator or a manager over it. Audited.' })
  deleteTask(@Ctx() ctx: ApiContext, @Arg('id', () => ID) id: string): Promise<boolean> {
    return act(async () => deleteTask(ctx.ds, await actorOf(ctx), id));
  }

  @Query(() => [Message], { description: 'Your inbox (messages to you, or to a team you were in that day) or sent box, newest first.' })
  messages(
    @Ctx() ctx: ApiContext,
    @Arg('box', () => MessageBox, { defaultValue: MessageBox.INBOX }) box: MessageBox,
    @Arg('unreadOnly', { defaultValue: false }) unreadOnly: boolean,
    @Arg('limit', () => Int, { defaultValue: 100 }) limit = 100,
  ): Promise<Message[]> {
    return act(async () => {
      checkLimit(limit);
      return (await listMessages(ctx.ds, await actorOf(ctx), { box, unreadOnly, limit })).map(Message.from);
    });
  }

  @Mutation(() => Message, { description: 'To an employee or team in your subtree, or to your own supervisor. Audited.' })
  sendMessage(@Ctx() ctx: ApiContext, @Arg('input', () => MessageInput) input: MessageInput): Promise<Message> {
    return act(async () => Message.from(await sendMessage(ctx.ds, await actorOf(ctx), input, ctx.clock)));
  }

  @Mutation(() => Message, { description: 'Marks a message to you read. Audited.' })
  markMessageRead(@Ctx() ctx: ApiContext, @Arg('id', () => ID) id: string): Promise<Message> {
    return act(async () => Message.from(await markMessageRead(ctx.ds, await actorOf(ctx), id, ctx.clock)));
  }
}
