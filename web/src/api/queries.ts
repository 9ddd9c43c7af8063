import { DocumentNode, gql } from '@apollo/client';

/**
 * A team as seen on one date: `Team.id` is `<teamId>@<date>` (one identity per
 * org-chart version, so the cache never mixes two dates) and `Team.teamId` the
 * plain org-unit id, which is what the app passes back in queries.
 */
export const TEAM_NODE = gql`
  fragment TeamNode on Team {
    id
    teamId
    asOf
    name
    depth
  }
`;

/** Assignment key fields (employeeId, effectiveFrom) are always selected: the cache needs them. */
export const ASSIGNMENT_REF = gql`
  fragment AssignmentRef on Assignment {
    employeeId
    effectiveFrom
    effectiveTo
    teamId
    role
    site
  }
`;

export const ME = gql`
  query Me {
    me {
      role
      employeeId
      employee {
        id
        name
        latestAssignment {
          ...AssignmentRef
        }
      }
    }
  }
  ${ASSIGNMENT_REF}
`;

/**
 * GraphQL has no recursive selections, and the server prices every list as 5 items
 * (src/api/queryLimits.ts), so a tree selection costs 5× more per level: six levels in
 * one request are over the cost limit. The tree is read ORG_CHUNK_LEVELS levels at a
 * time; the deepest level also asks whether it has children (`more`), and those
 * subtrees are read by a further request (orgSubtreesQuery), until none is left.
 */
export const ORG_CHUNK_LEVELS = 4;

function treeSelection(levels: number): string {
  return levels === 0 ? 'more: children(limit: 1) { id }' : `children { ...TeamNode ${treeSelection(levels - 1)} }`;
}

export const ORG_CHART = gql`
  query OrgChart($asOf: Date) {
    orgChart(asOf: $asOf) {
      ...TeamNode
      ${treeSelection(ORG_CHUNK_LEVELS - 1)}
    }
  }
  ${TEAM_NODE}
`;

/** The most subtrees one request reads (each costs about a fifth of a whole chunk). */
export const ORG_SUBTREES_PER_REQUEST = 10;

const subtreeDocs = new Map<number, DocumentNode>();

/** The subtrees below `n` teams (variables id0…id{n-1}, asOf), as t0…t{n-1}. */
export function orgSubtreesQuery(n: number): DocumentNode {
  let doc = subtreeDocs.get(n);
  if (!doc) {
    const vars = Array.from({ length: n }, (_, i) => `$id${i}: ID!`).join(', ');
    const fields = Array.from({ length: n }, (_, i) => `t${i}: team(id: $id${i}, asOf: $asOf) { ...TeamNode ${treeSelection(ORG_CHUNK_LEVELS - 1)} }`);
    doc = gql`
      query OrgSubtrees($asOf: Date, ${vars}) {
        ${fields.join('\n')}
      }
      ${TEAM_NODE}
    `;
    subtreeDocs.set(n, doc);
  }
  return doc;
}

export const TEAM = gql`
  query Team($id: ID!, $asOf: Date) {
    team(id: $id, asOf: $asOf) {
      ...TeamNode
      parent {
        ...TeamNode
      }
    }
  }
  ${TEAM_NODE}
`;

export const EMPLOYEE = gql`
  query Employee($id: ID!) {
    employee(id: $id) {
      id
      name
      latestAssignment {
        ...AssignmentRef
        team {
          ...TeamNode
        }
      }
    }
  }
  ${ASSIGNMENT_REF}
  ${TEAM_NODE}
`;

export const METRIC_CATALOG = gql`
  query MetricCatalog {
    metrics {
      name
      label
      description
      unit
      format
      direction
      owner
      type
      facts
      dimensions
      version
      file
      parameters {
        name
        value
      }
    }
  }
`;

/** Every metricData result is read with all row fields, so any result can become a CSV. */
export const METRIC_RESULT = gql`
  fragment MetricResultFields on MetricResult {
    attribution
    timezone
    rowCount
    metrics {
      name
      label
      format
      unit
      version
    }
    rows {
      period
      teamId
      employeeId
      role
      site
      productSku
      productCategory
      channel
      queue
      team {
        ...TeamNode
      }
      employee {
        id
        name
      }
      values
      previousValues
    }
  }
  ${TEAM_NODE}
`;

export const METRIC_DATA = gql`
  query MetricData($query: MetricQueryInput!) {
    metricData(query: $query) {
      ...MetricResultFields
    }
  }
  ${METRIC_RESULT}
`;

/** Two metric queries in one request: a total and its breakdown. */
export const METRIC_DATA_PAIR = gql`
  query MetricDataPair($a: MetricQueryInput!, $b: MetricQueryInput!) {
    a: metricData(query: $a) {
      ...MetricResultFields
    }
    b: metricData(query: $b) {
      ...MetricResultFields
    }
  }
  ${METRIC_RESULT}
`;

const levelDocs = new Map<number, DocumentNode>();

/**
 * One request for the KPIs of every level of the org tree: level N is metricData by
 * TEAM with `teamLevel: N` (each fact rolled up to its team's ancestor at depth N).
 * Results come back as l1, l2, … .
 */
export function orgLevelsQuery(levels: number): DocumentNode {
  let doc = levelDocs.get(levels);
  if (!doc) {
    const fields = Array.from(
      { length: levels },
      (_, i) =>
        `l${i + 1}: metricData(query: { metrics: $metrics, dimensions: [TEAM], teamLevel: ${i + 1}, from: $from, to: $to, timezone: $timezone, attribution: $attribution }) { ...MetricResultFields }`,
    );
    doc = gql`
      query OrgLevels($metrics: [String!]!, $from: DateTime!, $to: DateTime!, $timezone: String, $attribution: Attribution) {
        ${fields.join('\n')}
      }
      ${METRIC_RESULT}
    `;
    levelDocs.set(levels, doc);
  }
  return doc;
}

/** Each metric's buckets of a scorecard (SPEC §6.1) and the weighted totals. */
export const SCORECARD_FIELDS = gql`
  fragment ScorecardFields on Scorecard {
    employeeId
    teamId
    from
    to
    metrics {
      metric
      label
      format
      direction
      grain
      version
      buckets {
        periodStart
        periodEnd
        complete
        actual
        target
        attainment
        status
        score
      }
    }
    totals {
      grain
      periodStart
      periodEnd
      score
      metricsScored
    }
  }
`;

export const SCORECARD = gql`
  query Scorecard($employeeId: ID, $from: Date!, $to: Date!) {
    scorecard(employeeId: $employeeId, from: $from, to: $to) {
      ...ScorecardFields
    }
  }
  ${SCORECARD_FIELDS}
`;

/** The most scorecards one request asks for (each costs about one metricData). */
export const SCORECARDS_PER_REQUEST = 15;

const scorecardDocs = new Map<string, DocumentNode>();

/** Scorecards of `n` employees or teams in one request: variables s0…s{n-1}, from, to; results s0…s{n-1}. */
export function scorecardsQuery(n: number, of: 'employeeId' | 'teamId'): DocumentNode {
  const key = `${of}:${n}`;
  let doc = scorecardDocs.get(key);
  if (!doc) {
    const vars = Array.from({ length: n }, (_, i) => `$s${i}: ID!`).join(', ');
    const fields = Array.from({ length: n }, (_, i) => `s${i}: scorecard(${of}: $s${i}, from: $from, to: $to) { ...ScorecardFields }`);
    doc = gql`
      query Scorecards($from: Date!, $to: Date!, ${vars}) {
        ${fields.join('\n')}
      }
      ${SCORECARD_FIELDS}
    `;
    scorecardDocs.set(key, doc);
  }
  return doc;
}

/** A metric query whose rows carry the TEAM and CENTER benchmarks (SPEC §7: aggregates an agent may see). */
export const METRIC_DATA_BENCHMARKED = gql`
  query MetricDataBenchmarked($query: MetricQueryInput!, $days: MetricQueryInput!) {
    a: metricData(query: $query) {
      ...MetricResultFields
      rows {
        benchmarks {
          kind
          teamId
          team {
            ...TeamNode
          }
          values
        }
      }
    }
    b: metricData(query: $days) {
      ...MetricResultFields
    }
  }
  ${METRIC_RESULT}
`;

const ENTRY_FIELDS = `rank employeeId anonymous isMe value volume qualified employee { id name }`;

export const LEADERBOARD = gql`
  query Leaderboard($metric: String!, $from: DateTime!, $to: DateTime!, $board: BoardInput!, $minVolume: Float, $limit: Int! = 50) {
    leaderboard(metric: $metric, from: $from, to: $to, board: $board, minVolume: $minVolume, limit: $limit) {
      metric
      direction
      version
      volumeMetric
      minVolume
      qualifiedCount
      board {
        teamId
        center
        public
      }
      entries { ${ENTRY_FIELDS} }
      notQualified { ${ENTRY_FIELDS} }
      me { ${ENTRY_FIELDS} }
    }
  }
`;

/** Badges held, points and what they buy (issue 9). */
export const RECOGNITION = gql`
  query Recognition($employeeId: ID) {
    badges {
      id
      name
      description
      points
    }
    achievements(employeeId: $employeeId, limit: 50) {
      id
      badge
      reason
      awardedAt
      points
      source
      metric
    }
    points(employeeId: $employeeId) {
      employeeId
      earned
      spent
      balance
    }
    pointsLedger(employeeId: $employeeId, limit: 10) {
      id
      at
      kind
      points
      reason
    }
    rewards {
      id
      name
      description
      cost
    }
  }
`;

export const REDEEM_REWARD = gql`
  mutation RedeemReward($reward: String!) {
    redeemReward(reward: $reward) {
      employeeId
      earned
      spent
      balance
    }
  }
`;

export const CONTESTS = gql`
  query Contests {
    contests(limit: 10) {
      id
      name
      status
      metric
      startsAt
      endsAt
      minVolume
      board {
        teamId
        center
        public
      }
      prizes {
        rank
        label
        points
      }
      standings(limit: 10) {
        ${ENTRY_FIELDS}
        prize {
          label
        }
      }
    }
  }
`;

/** Goals in force on a day (the executive tree colours the teams that have one). */
export const ACTIVE_GOALS = gql`
  query ActiveGoals($activeOn: Date) {
    goals(activeOn: $activeOn, limit: 1000) {
      id
      metric
      target
      grain
      scope {
        kind
        teamId
        employeeId
        role
      }
    }
  }
`;

export const CREATE_EMBED_TOKEN = gql`
  mutation CreateEmbedToken($ttlSeconds: Int, $teamId: ID) {
    createEmbedToken(ttlSeconds: $ttlSeconds, teamId: $teamId) {
      token
      expiresAt
      teamId
      role
      employeeId
    }
  }
`;
