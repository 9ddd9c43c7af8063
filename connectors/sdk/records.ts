import { AssignmentVersion, IsoDate, OrgUnitVersion, SourceSystem } from '../../src/canonical';

/**
 * Canonical records: what cleansing produces and src/ingest writes.
 *
 * Fact records carry their fields under the canonical table's column names, so the
 * bulk writer can serialize them without a per-connector mapping. Instants are ISO
 * strings in UTC (`toISOString()`), calendar dates `YYYY-MM-DD`.
 */

/** A reference to an agent, resolved by ingest through the identity map (SPEC §3.2). */
export interface AgentRef {
  system: SourceSystem;
  ref: string;
  /** The field the reference came from, named in an `unknown_agent` rejection. */
  field: string;
  /** The record's instant (epoch ms): its org-chart date is taken in the org time zone. */
  at?: number;
  /** Or a calendar date, for facts dated by a day (adherence). */
  date?: IsoDate;
}

export interface OrgUnitRecord {
  kind: 'org_unit_version';
  version: OrgUnitVersion;
}

export interface EmployeeVersionRecord {
  kind: 'employee_version';
  employee: { id: string; firstName: string; lastName: string; email: string | null };
  assignment: AssignmentVersion;
  identities: { system: SourceSystem; externalId: string }[];
}

export interface InteractionRecord {
  kind: 'interaction';
  agent: AgentRef | null;
  contact_id: string;
  channel: string;
  initiation_method: string | null;
  initiated_at: string;
  disconnected_at: string | null;
  queue_name: string | null;
  enqueued_at: string | null;
  queue_seconds: number | null;
  agent_username: string | null;
  connected_at: string | null;
  talk_seconds: number | null;
  hold_seconds: number | null;
  acw_seconds: number | null;
  transferred_at: string | null;
  customer_address: string | null;
  product_sku: string | null;
  last_update_at: string;
}

export interface SalesOrderRecord {
  kind: 'sales_order';
  agent: AgentRef;
  order_id: string;
  crm_user_id: string;
  contact_id: string | null;
  customer_id: string | null;
  sku: string | null;
  product_name: string | null;
  product_category: string | null;
  /** Decimal text, normalized (no exponent, no trailing zeros). */
  quantity: string;
  unit_price: string;
  currency: string;
  ordered_at: string;
  order_type: 'new' | 'upsell' | 'cross_sell';
  status: 'booked' | 'cancelled';
}

export interface QualityEvaluationRecord {
  kind: 'quality_evaluation';
  agent: AgentRef;
  evaluation_id: string;
  qa_agent_id: string;
  contact_id: string | null;
  evaluator: string | null;
  evaluated_at: string;
  form: string | null;
  score: string;
  max_score: string;
  auto_fail: boolean;
}

export interface SurveyResponseRecord {
  kind: 'survey_response';
  response_id: string;
  contact_id: string | null;
  responded_at: string;
  csat: number | null;
  nps: number | null;
  comment: string | null;
}

export interface AdherenceDayRecord {
  kind: 'adherence_day';
  agent: AgentRef;
  wfm_agent_id: string;
  date: IsoDate;
  scheduled_seconds: number;
  adherent_seconds: number;
  staffed_seconds: number;
}

export type FactRecord =
  | InteractionRecord
  | SalesOrderRecord
  | QualityEvaluationRecord
  | SurveyResponseRecord
  | AdherenceDayRecord;

export type CanonicalRecord = OrgUnitRecord | EmployeeVersionRecord | FactRecord;
export type RecordKind = CanonicalRecord['kind'];
