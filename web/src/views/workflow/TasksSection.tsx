import { useMutation, useQuery } from '@apollo/client';
import { useState } from 'react';
import { Link } from 'react-router';
import { TASKS, Task, TaskStatus, UPDATE_TASK_STATUS } from '../../api/actionQueries';
import { ErrorNote, Loading } from '../../components/QueryState';
import { Catalog } from '../../components/useCatalog';
import { EmployeeLink, EmployeeName, failure, metricLabel, TASK_STATUS_TEXT } from './common';

const LIMIT = 100;

/**
 * Tasks, by due date: the caller's own (assigned to them or made by them), and for a
 * people manager those about their subtree. Open and in-progress ones can be moved on.
 */
export function TasksSection({
  catalog,
  employeeId,
  title,
  search = '',
  open = true,
}: {
  catalog: Catalog;
  /** Only the tasks about this employee. */
  employeeId?: string | null;
  title: string;
  search?: string;
  /** Only open and in-progress tasks. */
  open?: boolean;
}) {
  const { data, error, loading } = useQuery<{ tasks: Task[] }>(TASKS, { variables: { status: open ? ['OPEN', 'IN_PROGRESS'] : null, employeeId: employeeId ?? null, limit: LIMIT } });
  const [update] = useMutation<{ updateTask: Task }>(UPDATE_TASK_STATUS, { refetchQueries: [TASKS], awaitRefetchQueries: true });
  const [said, setSaid] = useState<{ text: string; error?: boolean } | null>(null);
  const move = async (t: Task, status: TaskStatus) => {
    setSaid(null);
    try {
      await update({ variables: { id: t.id, status } });
      setSaid({ text: `"${t.title}" is ${TASK_STATUS_TEXT[status].toLowerCase()}.` });
    } catch (e) {
      setSaid({ text: `Could not change "${t.title}": ${failure(e)}`, error: true });
    }
  };
  const tasks = data?.tasks ?? [];
  return (
    <section aria-labelledby="tasks-h" className="tasks">
      <h2 id="tasks-h">{title}</h2>
      {error && <ErrorNote error={error} />}
      {loading && !data && <Loading what="tasks" />}
      {data && tasks.length === 0 && <p className="help">No {open ? 'open ' : ''}tasks.</p>}
      {tasks.length > 0 && (
        <div className="table-wrap" role="region" aria-label={title} tabIndex={0}>
          <table className="task-table">
            <caption className="visually-hidden">{title}, by due date</caption>
            <thead>
              <tr>
                <th scope="col">Task</th>
                <th scope="col">About</th>
                <th scope="col">Assignee</th>
                <th scope="col">Due</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tasks.map((t) => (
                <tr key={t.id} data-task={t.id} data-status={t.status} data-alert={t.alertEventId ?? undefined}>
                  <th scope="row">
                    {t.title}
                    {t.source !== 'manual' && <span className="help"> ({t.source === 'alert' ? 'from an alert' : 'coaching follow-up'})</span>}
                  </th>
                  <td>
                    {t.employeeId ? <EmployeeLink id={t.employeeId} search={search} /> : null}
                    {t.metric ? `${t.employeeId ? ', ' : ''}${metricLabel(catalog, t.metric)}` : ''}
                    {t.coachingSessionId && (
                      <>
                        {' '}
                        <Link to={`/coaching/${t.coachingSessionId}`}>coaching</Link>
                      </>
                    )}
                  </td>
                  <td>
                    <EmployeeName id={t.assigneeId} />
                  </td>
                  <td>{t.dueDate ?? '–'}</td>
                  <td className="task-status">{TASK_STATUS_TEXT[t.status]}</td>
                  <td className="actions">
                    {t.status === 'OPEN' && (
                      <button type="button" className="secondary" onClick={() => void move(t, 'IN_PROGRESS')}>
                        Start<span className="visually-hidden"> {t.title}</span>
                      </button>
                    )}
                    {(t.status === 'OPEN' || t.status === 'IN_PROGRESS') && (
                      <button type="button" className="secondary" onClick={() => void move(t, 'DONE')}>
                        Done<span className="visually-hidden"> {t.title}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p role="status" className={said?.error ? 'error' : 'said'}>
        {said?.text}
      </p>
    </section>
  );
}
