import { FactRecord } from '../../connectors';

/** How the bulk writer stores one kind of fact. Identifiers here are code, never input. */
export interface FactSpec {
  kind: FactRecord['kind'];
  table: string;
  /** Natural key columns (the table's primary key). */
  key: string[];
  /** Every column written to the table, key included (run_id is added by the merge). */
  columns: string[];
  /** Staging-only columns (e.g. product name/category carried by orders). */
  extra: string[];
  /** PostgreSQL type of every staged column. */
  types: Record<string, string>;
  /**
   * `values`: a stored key with different values is updated (last write wins).
   * `newest`: only a later `versionColumn` updates (contact records' LastUpdateTimestamp).
   */
  mode: 'values' | 'newest';
  versionColumn?: string;
  /** The column that places a fact in time (the change feed reports its range). */
  timeColumn: string;
}

const T = 'text';
const TS = 'timestamptz';
const INT = 'integer';

export const FACTS: Record<FactRecord['kind'], FactSpec> = {
  interaction: {
    kind: 'interaction',
    table: 'interaction',
    timeColumn: 'initiated_at',
    key: ['contact_id'],
    columns: [
      'contact_id', 'channel', 'initiation_method', 'initiated_at', 'disconnected_at', 'queue_name', 'enqueued_at',
      'queue_seconds', 'agent_username', 'employee_id', 'connected_at', 'talk_seconds', 'hold_seconds', 'acw_seconds',
      'transferred_at', 'customer_address', 'product_sku', 'last_update_at',
    ],
    extra: [],
    types: {
      contact_id: T, channel: T, initiation_method: T, initiated_at: TS, disconnected_at: TS, queue_name: T, enqueued_at: TS,
      queue_seconds: INT, agent_username: T, employee_id: T, connected_at: TS, talk_seconds: INT, hold_seconds: INT,
      acw_seconds: INT, transferred_at: TS, customer_address: T, product_sku: T, last_update_at: TS,
    },
    mode: 'newest',
    versionColumn: 'last_update_at',
  },
  sales_order: {
    kind: 'sales_order',
    table: 'sales_order',
    timeColumn: 'ordered_at',
    key: ['order_id'],
    columns: [
      'order_id', 'crm_user_id', 'employee_id', 'contact_id', 'customer_id', 'sku', 'quantity', 'unit_price', 'currency',
      'ordered_at', 'order_type', 'status',
    ],
    extra: ['product_name', 'product_category'],
    types: {
      order_id: T, crm_user_id: T, employee_id: T, contact_id: T, customer_id: T, sku: T, quantity: 'numeric',
      unit_price: 'numeric', currency: T, ordered_at: TS, order_type: T, status: T, product_name: T, product_category: T,
    },
    mode: 'values',
  },
  quality_evaluation: {
    kind: 'quality_evaluation',
    table: 'quality_evaluation',
    timeColumn: 'evaluated_at',
    key: ['evaluation_id'],
    columns: ['evaluation_id', 'qa_agent_id', 'employee_id', 'contact_id', 'evaluator', 'evaluated_at', 'form', 'score', 'max_score', 'auto_fail'],
    extra: [],
    types: {
      evaluation_id: T, qa_agent_id: T, employee_id: T, contact_id: T, evaluator: T, evaluated_at: TS, form: T,
      score: 'numeric', max_score: 'numeric', auto_fail: 'boolean',
    },
    mode: 'values',
  },
  survey_response: {
    kind: 'survey_response',
    table: 'survey_response',
    timeColumn: 'responded_at',
    key: ['response_id'],
    columns: ['response_id', 'contact_id', 'responded_at', 'csat', 'nps', 'comment'],
    extra: [],
    types: { response_id: T, contact_id: T, responded_at: TS, csat: 'smallint', nps: 'smallint', comment: T },
    mode: 'values',
  },
  adherence_day: {
    kind: 'adherence_day',
    table: 'adherence_day',
    timeColumn: 'date',
    key: ['wfm_agent_id', 'date'],
    columns: ['wfm_agent_id', 'date', 'employee_id', 'scheduled_seconds', 'adherent_seconds', 'staffed_seconds'],
    extra: [],
    types: { wfm_agent_id: T, date: 'date', employee_id: T, scheduled_seconds: INT, adherent_seconds: INT, staffed_seconds: INT },
    mode: 'values',
  },
};

export function isFactKind(kind: string): kind is FactRecord['kind'] {
  return Object.prototype.hasOwnProperty.call(FACTS, kind);
}

/** Staged columns, in COPY order. */
export function stagedColumns(spec: FactSpec): string[] {
  return [...spec.columns, ...spec.extra];
}
