import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The canonical model of SPEC §2: people, the identity map, the versioned org chart,
 * products, the five fact tables, and the governance ledger (ingest runs, rejected
 * records, metric definition versions).
 *
 * Effective-dated tables hold a `valid daterange` (half-open, `[from, to + 1 day)`,
 * upper bound infinite when open-ended) with an exclusion constraint, so two
 * overlapping versions of the same key cannot exist, whatever writes them.
 */
export class CanonicalModel1763800000000 implements MigrationInterface {
  name = 'CanonicalModel1763800000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);

    await q.query(`
      CREATE TABLE ingest_run (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        connector    text NOT NULL,
        status       text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'completed', 'failed')),
        files        text[] NOT NULL DEFAULT '{}',
        source_tz    text NOT NULL DEFAULT 'UTC',
        started_at   timestamptz NOT NULL DEFAULT now(),
        finished_at  timestamptz,
        read         integer NOT NULL DEFAULT 0,
        inserted     integer NOT NULL DEFAULT 0,
        updated      integer NOT NULL DEFAULT 0,
        unchanged    integer NOT NULL DEFAULT 0,
        duplicates   integer NOT NULL DEFAULT 0,
        rejected     integer NOT NULL DEFAULT 0,
        error        text
      )`);
    await q.query(`CREATE INDEX ingest_run_connector_started ON ingest_run (connector, started_at DESC)`);

    await q.query(`
      CREATE TABLE rejected_record (
        id           bigserial PRIMARY KEY,
        run_id       uuid NOT NULL REFERENCES ingest_run (id) ON DELETE CASCADE,
        connector    text NOT NULL,
        file         text,
        position     integer NOT NULL,
        raw          text NOT NULL,
        reasons      jsonb NOT NULL,
        replayed_at  timestamptz
      )`);
    await q.query(`CREATE INDEX rejected_record_run ON rejected_record (run_id, position)`);

    await q.query(`
      CREATE TABLE employee (
        id          text PRIMARY KEY,
        first_name  text NOT NULL,
        last_name   text NOT NULL,
        email       text CHECK (email = lower(email)),
        run_id      uuid REFERENCES ingest_run (id) ON DELETE SET NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX employee_email ON employee (email)`);

    await q.query(`
      CREATE TABLE identity_map (
        id            bigserial PRIMARY KEY,
        source_system text NOT NULL CHECK (source_system IN ('acd', 'crm', 'qa', 'wfm')),
        external_id   text NOT NULL,
        employee_id   text NOT NULL REFERENCES employee (id),
        valid         daterange NOT NULL CHECK (NOT isempty(valid)),
        run_id        uuid REFERENCES ingest_run (id) ON DELETE SET NULL,
        EXCLUDE USING gist (source_system WITH =, external_id WITH =, valid WITH &&)
      )`);
    await q.query(`CREATE INDEX identity_map_employee ON identity_map (employee_id)`);

    await q.query(`CREATE TABLE org_unit (id text PRIMARY KEY)`);
    await q.query(`
      CREATE TABLE org_unit_version (
        id           bigserial PRIMARY KEY,
        org_unit_id  text NOT NULL REFERENCES org_unit (id),
        name         text NOT NULL,
        parent_id    text REFERENCES org_unit (id),
        valid        daterange NOT NULL CHECK (NOT isempty(valid)),
        run_id       uuid REFERENCES ingest_run (id) ON DELETE SET NULL,
        recorded_at  timestamptz NOT NULL DEFAULT now(),
        CHECK (parent_id IS DISTINCT FROM org_unit_id),
        EXCLUDE USING gist (org_unit_id WITH =, valid WITH &&)
      )`);
    await q.query(`CREATE INDEX org_unit_version_parent ON org_unit_version USING gist (parent_id, valid)`);

    // The path of a team from its root down to itself, in the tree in force on day d.
    // Guarded against cycles, which a bad reorganization file could otherwise create.
    await q.query(`
      CREATE FUNCTION org_unit_path(team text, d date) RETURNS text[]
      LANGUAGE sql STABLE PARALLEL SAFE AS $$
        WITH RECURSIVE up AS (
          SELECT v.org_unit_id, v.parent_id, 1 AS n, ARRAY[v.org_unit_id] AS seen
            FROM org_unit_version v
           WHERE v.org_unit_id = team AND v.valid @> d
          UNION ALL
          SELECT p.org_unit_id, p.parent_id, up.n + 1, up.seen || p.org_unit_id
            FROM up
            JOIN org_unit_version p ON p.org_unit_id = up.parent_id AND p.valid @> d
           WHERE NOT p.org_unit_id = ANY (up.seen)
        )
        SELECT array_agg(org_unit_id ORDER BY n DESC) FROM up
      $$`);

    await q.query(`
      CREATE TABLE assignment (
        id           bigserial PRIMARY KEY,
        employee_id  text NOT NULL REFERENCES employee (id),
        org_unit_id  text NOT NULL REFERENCES org_unit (id),
        role         text NOT NULL CHECK (role IN ('agent', 'supervisor', 'manager', 'director', 'executive', 'analyst')),
        manager_id   text,
        site         text,
        valid        daterange NOT NULL CHECK (NOT isempty(valid)),
        run_id       uuid REFERENCES ingest_run (id) ON DELETE SET NULL,
        recorded_at  timestamptz NOT NULL DEFAULT now(),
        EXCLUDE USING gist (employee_id WITH =, valid WITH &&)
      )`);
    await q.query(`CREATE INDEX assignment_team ON assignment USING gist (org_unit_id, valid)`);

    await q.query(`
      CREATE TABLE product (
        sku        text PRIMARY KEY,
        name       text,
        category   text,
        run_id     uuid REFERENCES ingest_run (id) ON DELETE SET NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    // Facts. Each row remembers the run that last wrote it (run_id): a record seen
    // again in that same run is a duplicate, in a later run unchanged (SPEC §3).
    await q.query(`
      CREATE TABLE interaction (
        contact_id         text PRIMARY KEY,
        channel            text NOT NULL,
        initiation_method  text,
        initiated_at       timestamptz NOT NULL,
        disconnected_at    timestamptz,
        queue_name         text,
        enqueued_at        timestamptz,
        queue_seconds      integer CHECK (queue_seconds >= 0),
        agent_username     text,
        employee_id        text REFERENCES employee (id),
        connected_at       timestamptz,
        talk_seconds       integer CHECK (talk_seconds >= 0),
        hold_seconds       integer CHECK (hold_seconds >= 0),
        acw_seconds        integer CHECK (acw_seconds >= 0),
        transferred_at     timestamptz,
        customer_address   text,
        product_sku        text,
        last_update_at     timestamptz NOT NULL,
        run_id             uuid NOT NULL REFERENCES ingest_run (id)
      )`);
    await q.query(`CREATE INDEX interaction_initiated ON interaction (initiated_at)`);
    await q.query(`CREATE INDEX interaction_employee ON interaction (employee_id, initiated_at)`);
    await q.query(`CREATE INDEX interaction_customer ON interaction (customer_address, initiated_at)`);

    await q.query(`
      CREATE TABLE sales_order (
        order_id     text PRIMARY KEY,
        crm_user_id  text NOT NULL,
        employee_id  text REFERENCES employee (id),
        contact_id   text,
        customer_id  text,
        sku          text REFERENCES product (sku),
        quantity     numeric NOT NULL CHECK (quantity >= 0),
        unit_price   numeric NOT NULL CHECK (unit_price >= 0),
        currency     text NOT NULL,
        ordered_at   timestamptz NOT NULL,
        order_type   text NOT NULL CHECK (order_type IN ('new', 'upsell', 'cross_sell')),
        status       text NOT NULL CHECK (status IN ('booked', 'cancelled')),
        run_id       uuid NOT NULL REFERENCES ingest_run (id)
      )`);
    await q.query(`CREATE INDEX sales_order_ordered ON sales_order (ordered_at)`);
    await q.query(`CREATE INDEX sales_order_contact ON sales_order (contact_id)`);

    await q.query(`
      CREATE TABLE quality_evaluation (
        evaluation_id  text PRIMARY KEY,
        qa_agent_id    text NOT NULL,
        employee_id    text REFERENCES employee (id),
        contact_id     text,
        evaluator      text,
        evaluated_at   timestamptz NOT NULL,
        form           text,
        score          numeric NOT NULL CHECK (score >= 0),
        max_score      numeric NOT NULL CHECK (max_score > 0),
        auto_fail      boolean NOT NULL DEFAULT false,
        run_id         uuid NOT NULL REFERENCES ingest_run (id)
      )`);
    await q.query(`CREATE INDEX quality_evaluation_evaluated ON quality_evaluation (evaluated_at)`);

    await q.query(`
      CREATE TABLE survey_response (
        response_id   text PRIMARY KEY,
        contact_id    text,
        responded_at  timestamptz NOT NULL,
        csat          smallint CHECK (csat BETWEEN 1 AND 5),
        nps           smallint CHECK (nps BETWEEN 0 AND 10),
        comment       text,
        run_id        uuid NOT NULL REFERENCES ingest_run (id)
      )`);
    await q.query(`CREATE INDEX survey_response_responded ON survey_response (responded_at)`);
    await q.query(`CREATE INDEX survey_response_contact ON survey_response (contact_id)`);

    await q.query(`
      CREATE TABLE adherence_day (
        wfm_agent_id       text NOT NULL,
        date               date NOT NULL,
        employee_id        text REFERENCES employee (id),
        scheduled_seconds  integer NOT NULL CHECK (scheduled_seconds >= 0),
        adherent_seconds   integer NOT NULL CHECK (adherent_seconds >= 0),
        staffed_seconds    integer NOT NULL CHECK (staffed_seconds >= 0),
        run_id             uuid NOT NULL REFERENCES ingest_run (id),
        PRIMARY KEY (wfm_agent_id, date)
      )`);
    await q.query(`CREATE INDEX adherence_day_date ON adherence_day (date)`);

    await q.query(`
      CREATE TABLE metric_definition_version (
        name           text NOT NULL,
        version        text NOT NULL,
        definition     jsonb NOT NULL,
        first_seen_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (name, version)
      )`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION org_unit_path(text, date)`);
    for (const table of [
      'metric_definition_version',
      'adherence_day',
      'survey_response',
      'quality_evaluation',
      'sales_order',
      'interaction',
      'product',
      'assignment',
      'org_unit_version',
      'org_unit',
      'identity_map',
      'employee',
      'rejected_record',
      'ingest_run',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
    // btree_gist is left installed: other objects in the database may use it.
  }
}
