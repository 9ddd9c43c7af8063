import { TypePolicies } from '@apollo/client';

/**
 * How the Apollo cache identifies each type of the public schema. Getting these right
 * matters most for the versioned org chart: the same org unit is a different object on
 * different dates (another parent, another name). The schema says so in the id itself:
 * Team.id is `<teamId>@<asOf>`, one identity per org-chart date, so keying by it alone
 * keeps "Retention under Customer Care" from ever overwriting "Retention under Sales".
 */
export const typePolicies: TypePolicies = {
  // `me` is whoever the token says: one object, replaced on sign-in (the cache is cleared on sign-out).
  Me: { keyFields: [] },
  // Team: the default identity (__typename and id) is right. Team.id is `<teamId>@<date>`,
  // one per date; keying by the plain `teamId` would merge two dates of a reorganized team.
  Employee: {
    fields: {
      // Each date asked is its own entry: an assignment is read as of an explicit date.
      assignment: { keyArgs: ['asOf'] },
    },
  },
  // An assignment version: one employee's version starting on one day (SPEC §2 forbids overlaps).
  Assignment: { keyFields: ['employeeId', 'effectiveFrom'] },
  Product: { keyFields: ['sku'] },
  // The catalog is keyed by name; a changed definition (new version) replaces the old one.
  MetricDefinition: { keyFields: ['name'] },
  // Results have no identity of their own: each is stored under the query that produced
  // it (metricData's arguments), and a new answer to the same query replaces the old one.
  MetricResult: { keyFields: false, merge: false },
  MetricRow: { keyFields: false },
  MetricResultMetric: { keyFields: false },
  MetricParameter: { keyFields: false },
  RejectionReason: { keyFields: false },
  MetricBenchmark: { keyFields: false },
  // Scorecards and boards are answers to a question (who, which window, which board):
  // stored under their query like metric results, and replaced by a new answer.
  Scorecard: { keyFields: false, merge: false },
  ScorecardMetric: { keyFields: false },
  ScorecardBucket: { keyFields: false },
  ScorecardTotal: { keyFields: false },
  Leaderboard: { keyFields: false, merge: false },
  LeaderboardEntry: { keyFields: false },
  LeaderboardBoard: { keyFields: false },
  ContestStanding: { keyFields: false },
  ContestPrize: { keyFields: false },
  GoalScope: { keyFields: false },
  // One balance per employee: a redemption's answer updates the balance on screen.
  PointsBalance: { keyFields: ['employeeId'] },
  EmbedToken: { keyFields: false },
  // The action loop: alerts, tasks, sessions, feedback and messages have ids of their own.
  // A session's before and after is an answer (stored under `impact(days)` of its session).
  AlertEventScope: { keyFields: false },
  CoachingImpact: { keyFields: false, merge: false },
  CoachingImpactMetric: { keyFields: false },
  DateWindow: { keyFields: false },
  // A contact is one ACD record; a page of them is the answer to its query (window, cursor).
  Contact: { keyFields: ['contactId'] },
  ContactConnection: { keyFields: false, merge: false },
  ContactPageInfo: { keyFields: false },
};
