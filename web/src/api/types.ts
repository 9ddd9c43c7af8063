/** The shapes the app reads from the public schema (schema.graphql), field for field. */

export type Attribution = 'AS_WAS' | 'AS_IS' | 'AS_OF';
export type Grain = 'HOUR' | 'DAY' | 'WEEK' | 'MONTH' | 'QUARTER' | 'YEAR';
export type Dimension = 'TEAM' | 'EMPLOYEE' | 'ROLE' | 'SITE' | 'PRODUCT' | 'PRODUCT_CATEGORY' | 'CHANNEL' | 'QUEUE';
export type CompareMode = 'PREVIOUS_PERIOD' | 'PREVIOUS_YEAR';

export interface MetricQueryInput {
  metrics: string[];
  dimensions?: Dimension[];
  grain?: Grain;
  from: string;
  to: string;
  timezone?: string;
  attribution?: Attribution;
  asOf?: string;
  teamLevel?: number;
  underTeam?: string;
  filters?: { dimension: Dimension; values: string[]; exclude?: boolean }[];
  orderBy?: { field: string; direction: 'ASC' | 'DESC' }[];
  limit?: number;
  compare?: CompareMode;
}

/** A view of a team on one date (see TEAM_NODE in queries.ts for why both ids). */
export interface TeamNode {
  id: string;
  teamId: string;
  asOf: string;
  name: string;
  depth: number;
}

export interface TeamTree extends TeamNode {
  /** Absent at the deepest level of one read (see ORG_CHUNK_LEVELS). */
  children?: TeamTree[];
  /** At the deepest level of one read: non-empty when the team has children still to read. */
  more?: { id: string }[];
}

export interface ResultMetric {
  name: string;
  label: string;
  format: string;
  unit: string;
  version: string;
}

export interface MetricRow {
  period: string | null;
  teamId: string | null;
  employeeId: string | null;
  role: string | null;
  site: string | null;
  productSku: string | null;
  productCategory: string | null;
  channel: string | null;
  queue: string | null;
  team: TeamNode | null;
  employee: { id: string; name: string } | null;
  values: (number | null)[];
  previousValues: (number | null)[] | null;
}

export interface MetricResult {
  attribution: Attribution;
  timezone: string;
  rowCount: number;
  metrics: ResultMetric[];
  rows: MetricRow[];
}

export interface AssignmentRef {
  employeeId: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  teamId: string;
  role: string;
  site: string | null;
}

export interface MeData {
  me: {
    role: string;
    employeeId: string | null;
    employee: { id: string; name: string; latestAssignment: AssignmentRef | null } | null;
  };
}

export interface MetricDefinition {
  name: string;
  label: string;
  description: string;
  unit: string;
  format: string;
  direction: string;
  owner: string;
  type: string;
  facts: string[];
  dimensions: Dimension[];
  version: string;
  file: string;
  parameters: { name: string; value: string }[];
}

export type GoalStatus = 'ON_TRACK' | 'AT_RISK' | 'OFF_TRACK' | 'NO_DATA';

export interface ScorecardBucket {
  periodStart: string;
  periodEnd: string;
  complete: boolean;
  actual: number | null;
  target: number | null;
  attainment: number | null;
  status: GoalStatus;
  score: number | null;
}

export interface ScorecardMetric {
  metric: string;
  label: string;
  format: string;
  direction: string;
  grain: 'DAY' | 'WEEK' | 'MONTH' | 'QUARTER';
  version: string;
  buckets: ScorecardBucket[];
}

export interface Scorecard {
  employeeId: string | null;
  teamId: string | null;
  from: string;
  to: string;
  metrics: ScorecardMetric[];
  totals: { grain: string; periodStart: string; periodEnd: string; score: number | null; metricsScored: number }[];
}

export interface Benchmark {
  kind: 'TEAM' | 'CENTER';
  teamId: string | null;
  team: TeamNode | null;
  values: (number | null)[];
}

export interface BoardEntry {
  rank: number | null;
  employeeId: string | null;
  anonymous: boolean;
  isMe: boolean;
  value: number | null;
  volume: number;
  qualified: boolean;
  employee: { id: string; name: string } | null;
}

export interface BoardRef {
  teamId: string | null;
  center: boolean;
  public: boolean;
}

export interface LeaderboardData {
  metric: string;
  direction: string;
  version: string;
  volumeMetric: string;
  minVolume: number;
  qualifiedCount: number;
  board: BoardRef;
  entries: BoardEntry[];
  notQualified: BoardEntry[];
  me: BoardEntry | null;
}

export interface PointsBalance {
  employeeId: string;
  earned: number;
  spent: number;
  balance: number;
}

export interface RecognitionData {
  badges: { id: string; name: string; description: string; points: number }[];
  achievements: { id: string; badge: string; reason: string | null; awardedAt: string; points: number; source: string; metric: string | null }[];
  points: PointsBalance;
  pointsLedger: { id: string; at: string; kind: string; points: number; reason: string }[];
  rewards: { id: string; name: string; description: string; cost: number }[];
}

export interface Contest {
  id: string;
  name: string;
  status: 'SCHEDULED' | 'RUNNING' | 'ENDED' | 'FROZEN';
  metric: string;
  startsAt: string;
  endsAt: string;
  minVolume: number;
  board: BoardRef;
  prizes: { rank: number; label: string; points: number }[];
  standings: (BoardEntry & { prize: { label: string } | null })[];
}

export interface ActiveGoal {
  id: string;
  metric: string;
  target: number;
  grain: string;
  scope: { kind: 'employee' | 'team' | 'role'; teamId: string | null; employeeId: string | null; role: string | null };
}

export interface EmbedToken {
  token: string;
  expiresAt: string;
  teamId: string | null;
  role: string;
  employeeId: string | null;
}
