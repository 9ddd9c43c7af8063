import { useMutation, useQuery } from '@apollo/client';
import { FEEDBACK, Feedback, INBOX, MARK_READ, Message } from '../../api/actionQueries';
import { ErrorNote, Loading } from '../../components/QueryState';
import { Catalog } from '../../components/useCatalog';
import { CoachingList } from '../workflow/CoachingList';
import { EmployeeName, when } from '../workflow/common';
import { TasksSection } from '../workflow/TasksSection';

const FEEDBACK_KIND: Record<Feedback['kind'], string> = { PEER: 'From a teammate', TWO_WAY: 'Two-way', SELF: 'Self-assessment', NOTE: "Manager's note" };

function FeedbackList({ employeeId }: { employeeId: string }) {
  const { data, error, loading } = useQuery<{ feedback: Feedback[] }>(FEEDBACK, { variables: { subjectId: employeeId, limit: 20 } });
  const items = data?.feedback ?? [];
  return (
    <section aria-labelledby="feedback-h" className="feedback">
      <h2 id="feedback-h">Feedback</h2>
      {error && <ErrorNote error={error} />}
      {loading && !data && <Loading what="feedback" />}
      {data && items.length === 0 && <p className="help">No feedback yet.</p>}
      <ul>
        {items.map((f) => (
          <li key={f.id} data-feedback={f.id} data-kind={f.kind}>
            <strong>{FEEDBACK_KIND[f.kind]}</strong>
            {f.rating !== null && <> · rated {f.rating}</>}
            <span className="help">
              {' '}
              · {when(f.createdAt)}
              {f.authorId && !f.anonymous ? (
                <>
                  {' '}
                  · by <EmployeeName id={f.authorId} />
                </>
              ) : (
                ' · anonymous'
              )}
            </span>
            <br />
            {f.body}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Inbox() {
  const { data, error, loading } = useQuery<{ messages: Message[] }>(INBOX, { variables: { limit: 20 } });
  const [markRead] = useMutation(MARK_READ);
  const items = data?.messages ?? [];
  return (
    <section aria-labelledby="inbox-h" className="inbox">
      <h2 id="inbox-h">Messages</h2>
      {error && <ErrorNote error={error} />}
      {loading && !data && <Loading what="messages" />}
      {data && items.length === 0 && <p className="help">No messages.</p>}
      <ul>
        {items.map((m) => (
          <li key={m.id} data-message={m.id} data-read={m.readAt ? 'yes' : 'no'}>
            <strong>{m.subject}</strong>{' '}
            <span className="help">
              · {when(m.sentAt)} · from {m.senderId ? <EmployeeName id={m.senderId} /> : m.senderRole}
              {m.recipientKind === 'team' && ' to your team'}
            </span>
            <br />
            {m.body}
            {!m.readAt && (
              <>
                {' '}
                <button type="button" className="secondary" onClick={() => void markRead({ variables: { id: m.id } }).catch(() => undefined)}>
                  Mark read<span className="visually-hidden"> {m.subject}</span>
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** An employee's coaching, tasks and feedback (issue 10's API); messages on their own page. */
export function WorkSection({ employeeId, mine, catalog }: { employeeId: string; mine: boolean; catalog: Catalog }) {
  return (
    <div className="work two-col">
      <CoachingList catalog={catalog} employeeId={employeeId} title="Coaching sessions" showEmployee={false} />
      <TasksSection catalog={catalog} employeeId={mine ? null : employeeId} open={false} title={mine ? 'My tasks' : 'Tasks about this agent'} />
      <FeedbackList employeeId={employeeId} />
      {mine && <Inbox />}
    </div>
  );
}
