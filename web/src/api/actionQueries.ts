import { gql } from '@apollo/client';

/**
 * The action loop in the app (issue 10's API, SPEC §6.3): alerts, tasks, coaching and
 * its before-and-after, feedback and messages; and the contacts behind a number.
 * Every list is scoped by the server: a supervisor gets what is in their subtree.
 */

export const ALERT_EVENT_FIELDS = gql`
  fragment AlertEventFields on AlertEvent {
    id
    ruleName
    metric
    comparison
    threshold
    value
    lastValue
    volume
    scope {
      kind
      id
    }
    openedAt
    windowFrom
    windowTo
    status
    acknowledgedAt
    acknowledgedBy
    resolvedAt
    note
    taskId
  }
`;

export const OPEN_ALERTS = gql`
  query OpenAlerts($limit: Int!) {
    alertEvents(status: OPEN, limit: $limit) {
      ...AlertEventFields
    }
  }
  ${ALERT_EVENT_FIELDS}
`;

export const ACKNOWLEDGE_ALERT = gql`
  mutation AcknowledgeAlert($id: ID!, $note: String) {
    acknowledgeAlertEvent(id: $id, note: $note) {
      ...AlertEventFields
    }
  }
  ${ALERT_EVENT_FIELDS}
`;

export const RESOLVE_ALERT = gql`
  mutation ResolveAlert($id: ID!, $note: String) {
    resolveAlertEvent(id: $id, note: $note) {
      ...AlertEventFields
    }
  }
  ${ALERT_EVENT_FIELDS}
`;

export const TASK_FIELDS = gql`
  fragment TaskFields on Task {
    id
    title
    description
    assigneeId
    status
    dueDate
    employeeId
    metric
    alertEventId
    coachingSessionId
    source
    createdAt
  }
`;

export const TASKS = gql`
  query Tasks($status: [TaskStatus!], $employeeId: ID, $assigneeId: ID, $limit: Int!) {
    tasks(status: $status, employeeId: $employeeId, assigneeId: $assigneeId, limit: $limit) {
      ...TaskFields
    }
  }
  ${TASK_FIELDS}
`;

export const CREATE_TASK = gql`
  mutation CreateTask($input: TaskInput!) {
    createTask(input: $input) {
      ...TaskFields
    }
  }
  ${TASK_FIELDS}
`;

export const UPDATE_TASK_STATUS = gql`
  mutation UpdateTaskStatus($id: ID!, $status: TaskStatus!) {
    updateTask(id: $id, input: { status: $status }) {
      ...TaskFields
    }
  }
  ${TASK_FIELDS}
`;

export const COACHING_FIELDS = gql`
  fragment CoachingFields on CoachingSession {
    id
    employeeId
    coachId
    focusMetrics
    scheduledAt
    completedAt
    status
    notes
    alertEventId
    taskId
  }
`;

export const COACHING_SESSIONS = gql`
  query CoachingSessions($employeeId: ID, $limit: Int!) {
    coachingSessions(employeeId: $employeeId, limit: $limit) {
      ...CoachingFields
    }
  }
  ${COACHING_FIELDS}
`;

export const SCHEDULE_COACHING = gql`
  mutation ScheduleCoaching($input: CoachingInput!) {
    scheduleCoaching(input: $input) {
      ...CoachingFields
    }
  }
  ${COACHING_FIELDS}
`;

export const COMPLETE_COACHING = gql`
  mutation CompleteCoaching($id: ID!, $input: CompleteCoachingInput) {
    completeCoaching(id: $id, input: $input) {
      session {
        ...CoachingFields
      }
    }
  }
  ${COACHING_FIELDS}
`;

/** One session with its before and after (each focus metric over the N days either side of the session day). */
export const COACHING_SESSION = gql`
  query CoachingSession($id: ID!, $days: Int!) {
    coachingSession(id: $id) {
      ...CoachingFields
      impact(days: $days) {
        sessionId
        sessionDate
        days
        before {
          from
          to
        }
        after {
          from
          to
        }
        complete
        metrics {
          metric
          direction
          version
          before
          after
          difference
          improved
        }
      }
      followUps {
        ...TaskFields
      }
    }
  }
  ${COACHING_FIELDS}
  ${TASK_FIELDS}
`;

export const FEEDBACK = gql`
  query Feedback($subjectId: ID, $limit: Int!) {
    feedback(subjectId: $subjectId, limit: $limit) {
      id
      kind
      subjectId
      authorId
      anonymous
      body
      rating
      shared
      createdAt
    }
  }
`;

export const INBOX = gql`
  query Inbox($limit: Int!) {
    messages(box: INBOX, limit: $limit) {
      id
      subject
      body
      senderId
      senderRole
      recipientKind
      sentAt
      readAt
    }
  }
`;

export const MARK_READ = gql`
  mutation MarkRead($id: ID!) {
    markMessageRead(id: $id) {
      id
      readAt
    }
  }
`;

/** The contacts behind a number: one employee's, a page at a time (first, after). */
export const CONTACTS = gql`
  query Contacts($employeeId: ID!, $from: DateTime!, $to: DateTime!, $first: Int!, $after: String) {
    contacts(employeeId: $employeeId, from: $from, to: $to, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        contactId
        channel
        initiationMethod
        initiatedAt
        queue
        queueSeconds
        handled
        talkSeconds
        holdSeconds
        acwSeconds
        handleSeconds
        transferred
        repeated
        csat
      }
    }
  }
`;

export const EMPLOYEE_NAME = gql`
  query EmployeeName($id: ID!) {
    employee(id: $id) {
      id
      name
    }
  }
`;

export type AlertEventStatus = 'OPEN' | 'ACKNOWLEDGED' | 'RESOLVED';
export interface AlertEvent {
  id: string;
  ruleName: string;
  metric: string;
  comparison: string;
  threshold: number;
  value: number;
  lastValue: number | null;
  volume: number | null;
  scope: { kind: 'EMPLOYEE' | 'TEAM' | 'QUEUE'; id: string };
  openedAt: string;
  windowFrom: string;
  windowTo: string;
  status: AlertEventStatus;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  resolvedAt: string | null;
  note: string | null;
  taskId: string | null;
}

export type TaskStatus = 'OPEN' | 'IN_PROGRESS' | 'DONE' | 'CANCELLED';
export interface Task {
  id: string;
  title: string;
  description: string;
  assigneeId: string;
  status: TaskStatus;
  dueDate: string | null;
  employeeId: string | null;
  metric: string | null;
  alertEventId: string | null;
  coachingSessionId: string | null;
  source: string;
  createdAt: string;
}

export interface CoachingSession {
  id: string;
  employeeId: string;
  coachId: string;
  focusMetrics: string[];
  scheduledAt: string;
  completedAt: string | null;
  status: 'SCHEDULED' | 'COMPLETED' | 'CANCELLED';
  notes: string;
  alertEventId: string | null;
  taskId: string | null;
}

export interface CoachingImpact {
  sessionId: string;
  sessionDate: string;
  days: number;
  before: { from: string; to: string };
  after: { from: string; to: string };
  complete: boolean;
  metrics: { metric: string; direction: string; version: string; before: number | null; after: number | null; difference: number | null; improved: boolean | null }[];
}

export interface Feedback {
  id: string;
  kind: 'PEER' | 'TWO_WAY' | 'SELF' | 'NOTE';
  subjectId: string;
  authorId: string | null;
  anonymous: boolean;
  body: string;
  rating: number | null;
  shared: boolean;
  createdAt: string;
}

export interface Message {
  id: string;
  subject: string;
  body: string;
  senderId: string | null;
  senderRole: string;
  recipientKind: string;
  sentAt: string;
  readAt: string | null;
}

export interface Contact {
  contactId: string;
  channel: string;
  initiationMethod: string | null;
  initiatedAt: string;
  queue: string | null;
  queueSeconds: number | null;
  handled: boolean;
  talkSeconds: number | null;
  holdSeconds: number | null;
  acwSeconds: number | null;
  handleSeconds: number | null;
  transferred: boolean;
  repeated: boolean;
  csat: number | null;
}

export interface ContactConnection {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: Contact[];
}
