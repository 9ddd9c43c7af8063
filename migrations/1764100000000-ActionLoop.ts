import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The action loop of SPEC §6.3 (issue 10): alert rules and their events, the
 * webhook outbox with its delivery log, tasks and messages, coaching sessions,
 * development plans and PIPs, appraisals (frozen once submitted) and feedback.
 * Every change to these rows is audited in audit_log by the code that makes it.
 */
export class ActionLoop1764100000000 implements MigrationInterface {
  name = 'ActionLoop1764100000000';

  public async up(q: QueryRunner): Promise<void> {
    // subject_* say whose data a rule watches (an employee, or a team's subtree; both
    // null = the whole center), so reads are scoped like the data itself.
    await q.query(`
      CREATE TABLE alert_rule (
        id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name                 text NOT NULL CHECK (name <> ''),
        description          text NOT NULL DEFAULT '',
        kind                 text NOT NULL CHECK (kind IN ('threshold', 'anomaly')),
        metric               text NOT NULL,
        scope_kind           text NOT NULL CHECK (scope_kind IN ('employee', 'team', 'queue')),
        scope_ref            text,
        under_team           text REFERENCES org_unit (id),
        team_level           integer CHECK (team_level >= 1),
        comparison           text CHECK (comparison IN ('>', '>=', '<', '<=')),
        threshold            float8,
        window_kind          text CHECK (window_kind IN ('last', 'today')),
        window_amount        integer CHECK (window_amount > 0),
        window_unit          text CHECK (window_unit IN ('minute', 'hour', 'day')),
        anomaly_side         text CHECK (anomaly_side IN ('above', 'below', 'either')),
        sigmas               float8 CHECK (sigmas > 0),
        baseline_grain       text CHECK (baseline_grain IN ('HOUR', 'DAY')),
        baseline_periods     integer CHECK (baseline_periods >= 3),
        volume_metric        text NOT NULL,
        min_volume           float8 NOT NULL DEFAULT 0 CHECK (min_volume >= 0),
        cooldown_seconds     integer NOT NULL DEFAULT 0 CHECK (cooldown_seconds >= 0),
        create_task          boolean NOT NULL DEFAULT false,
        task_due_days        integer NOT NULL DEFAULT 1 CHECK (task_due_days >= 0),
        enabled              boolean NOT NULL DEFAULT true,
        subject_employee_id  text,
        subject_team_id      text,
        created_by           text,
        created_at           timestamptz NOT NULL,
        updated_at           timestamptz NOT NULL,
        last_evaluated_at    timestamptz,
        CHECK (kind <> 'threshold' OR (comparison IS NOT NULL AND threshold IS NOT NULL AND window_kind IS NOT NULL)),
        CHECK (kind <> 'anomaly' OR (anomaly_side IS NOT NULL AND sigmas IS NOT NULL AND baseline_grain IS NOT NULL AND baseline_periods IS NOT NULL)),
        CHECK (window_kind IS DISTINCT FROM 'last' OR (window_amount IS NOT NULL AND window_unit IS NOT NULL))
      )`);

    // An event outlives its rule (rule_id is set null, rule_name stays): it is history.
    await q.query(`
      CREATE TABLE alert_event (
        id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        rule_id              uuid REFERENCES alert_rule (id) ON DELETE SET NULL,
        rule_name            text NOT NULL,
        rule_kind            text NOT NULL,
        metric               text NOT NULL,
        scope_kind           text NOT NULL CHECK (scope_kind IN ('employee', 'team', 'queue')),
        scope_key            text NOT NULL,
        subject_employee_id  text,
        subject_team_id      text,
        comparison           text NOT NULL,
        threshold            float8 NOT NULL,
        value                float8 NOT NULL,
        volume               float8,
        baseline_mean        float8,
        baseline_stddev      float8,
        baseline_count       integer,
        window_from          timestamptz NOT NULL,
        window_to            timestamptz NOT NULL,
        opened_at            timestamptz NOT NULL,
        last_value           float8,
        last_evaluated_at    timestamptz NOT NULL,
        acknowledged_at      timestamptz,
        acknowledged_by      text,
        resolved_at          timestamptz,
        resolved_by          text,
        resolution           text CHECK (resolution IN ('cleared', 'manual', 'rule_disabled', 'rule_deleted')),
        note                 text,
        task_id              uuid,
        CHECK ((resolved_at IS NULL) = (resolution IS NULL))
      )`);
    // At most one open event per rule × scope (SPEC §6.3), whatever writes them.
    await q.query(`CREATE UNIQUE INDEX alert_event_one_open ON alert_event (rule_id, scope_key) WHERE resolved_at IS NULL`);
    await q.query(`CREATE INDEX alert_event_rule_scope ON alert_event (rule_id, scope_key, resolved_at)`);
    await q.query(`CREATE INDEX alert_event_opened ON alert_event (opened_at DESC)`);

    await q.query(`
      CREATE TABLE webhook (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name          text NOT NULL UNIQUE CHECK (name <> ''),
        url           text NOT NULL,
        secret        text NOT NULL CHECK (length(secret) >= 16),
        event_types   text[] NOT NULL,
        enabled       boolean NOT NULL DEFAULT true,
        max_attempts  integer NOT NULL CHECK (max_attempts BETWEEN 1 AND 50),
        timeout_ms    integer NOT NULL CHECK (timeout_ms BETWEEN 50 AND 120000),
        created_by    text,
        created_at    timestamptz NOT NULL,
        updated_at    timestamptz NOT NULL
      )`);
    // The outbox: written in the transaction that makes the event, delivered later by
    // the webhooks worker, so a slow receiver never holds up alert evaluation.
    // `body` is the exact text that is signed and sent, the same on every attempt.
    await q.query(`
      CREATE TABLE webhook_delivery (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        webhook_id       uuid NOT NULL REFERENCES webhook (id) ON DELETE CASCADE,
        event_type       text NOT NULL,
        alert_event_id   uuid REFERENCES alert_event (id) ON DELETE SET NULL,
        body             text NOT NULL,
        status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'in_flight', 'delivered', 'dead')),
        attempts         integer NOT NULL DEFAULT 0,
        attempt_limit    integer NOT NULL CHECK (attempt_limit >= 1),
        next_attempt_at  timestamptz NOT NULL,
        claimed_until    timestamptz,
        created_at       timestamptz NOT NULL,
        delivered_at     timestamptz,
        dead_at          timestamptz,
        last_error       text
      )`);
    await q.query(`CREATE INDEX webhook_delivery_due ON webhook_delivery (next_attempt_at) WHERE status IN ('pending', 'in_flight')`);
    await q.query(`CREATE INDEX webhook_delivery_webhook ON webhook_delivery (webhook_id, created_at DESC)`);
    await q.query(`
      CREATE TABLE webhook_attempt (
        id             bigserial PRIMARY KEY,
        delivery_id    uuid NOT NULL REFERENCES webhook_delivery (id) ON DELETE CASCADE,
        attempt        integer NOT NULL,
        started_at     timestamptz NOT NULL,
        latency_ms     integer NOT NULL,
        outcome        text NOT NULL CHECK (outcome IN ('success', 'http_error', 'timeout', 'network_error')),
        response_code  integer,
        error          text,
        UNIQUE (delivery_id, attempt)
      )`);

    await q.query(`
      CREATE TABLE task (
        id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        title                text NOT NULL CHECK (title <> ''),
        description          text NOT NULL DEFAULT '',
        assignee_id          text NOT NULL REFERENCES employee (id),
        status               text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'done', 'cancelled')),
        due_date             date,
        employee_id          text REFERENCES employee (id),
        metric               text,
        alert_event_id       uuid REFERENCES alert_event (id) ON DELETE SET NULL,
        coaching_session_id  uuid,
        source               text NOT NULL DEFAULT 'manual' CHECK (source IN ('manual', 'alert', 'coaching')),
        created_by           text,
        created_at           timestamptz NOT NULL,
        updated_at           timestamptz NOT NULL,
        completed_at         timestamptz
      )`);
    await q.query(`CREATE INDEX task_assignee ON task (assignee_id, status)`);
    await q.query(`CREATE INDEX task_employee ON task (employee_id)`);
    await q.query(`ALTER TABLE alert_event ADD FOREIGN KEY (task_id) REFERENCES task (id) ON DELETE SET NULL`);

    // A team message reaches whoever is in the team's subtree on sent_on (the org-chart date).
    await q.query(`
      CREATE TABLE message (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        sender_id       text,
        sender_role     text NOT NULL,
        recipient_kind  text NOT NULL CHECK (recipient_kind IN ('employee', 'team')),
        recipient_id    text NOT NULL,
        sent_on         date NOT NULL,
        subject         text NOT NULL DEFAULT '',
        body            text NOT NULL CHECK (body <> ''),
        task_id         uuid REFERENCES task (id) ON DELETE SET NULL,
        alert_event_id  uuid REFERENCES alert_event (id) ON DELETE SET NULL,
        sent_at         timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX message_recipient ON message (recipient_kind, recipient_id, sent_at)`);
    await q.query(`
      CREATE TABLE message_read (
        message_id   uuid NOT NULL REFERENCES message (id) ON DELETE CASCADE,
        employee_id  text NOT NULL REFERENCES employee (id),
        read_at      timestamptz NOT NULL,
        PRIMARY KEY (message_id, employee_id)
      )`);

    await q.query(`
      CREATE TABLE coaching_session (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        employee_id     text NOT NULL REFERENCES employee (id),
        coach_id        text NOT NULL REFERENCES employee (id),
        focus_metrics   text[] NOT NULL CHECK (cardinality(focus_metrics) >= 1),
        scheduled_at    timestamptz NOT NULL,
        completed_at    timestamptz,
        status          text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'completed', 'cancelled')),
        notes           text NOT NULL DEFAULT '',
        alert_event_id  uuid REFERENCES alert_event (id) ON DELETE SET NULL,
        task_id         uuid REFERENCES task (id) ON DELETE SET NULL,
        created_by      text,
        created_at      timestamptz NOT NULL,
        updated_at      timestamptz NOT NULL,
        CHECK ((status = 'completed') = (completed_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX coaching_session_employee ON coaching_session (employee_id, scheduled_at)`);
    await q.query(`ALTER TABLE task ADD FOREIGN KEY (coaching_session_id) REFERENCES coaching_session (id) ON DELETE SET NULL`);

    await q.query(`
      CREATE TABLE dev_plan (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind           text NOT NULL CHECK (kind IN ('development', 'pip')),
        employee_id    text NOT NULL REFERENCES employee (id),
        owner_id       text NOT NULL REFERENCES employee (id),
        title          text NOT NULL CHECK (title <> ''),
        objective      text NOT NULL DEFAULT '',
        starts_on      date NOT NULL,
        ends_on        date NOT NULL CHECK (ends_on >= starts_on),
        status         text NOT NULL CHECK (status IN ('draft', 'active', 'completed', 'cancelled')),
        outcome        text CHECK (outcome IN ('met', 'partially_met', 'not_met')),
        outcome_notes  text NOT NULL DEFAULT '',
        created_by     text,
        created_at     timestamptz NOT NULL,
        updated_at     timestamptz NOT NULL,
        closed_at      timestamptz,
        CHECK ((status = 'completed') = (outcome IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX dev_plan_employee ON dev_plan (employee_id, starts_on)`);
    await q.query(`
      CREATE TABLE dev_plan_step (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        plan_id       uuid NOT NULL REFERENCES dev_plan (id) ON DELETE CASCADE,
        position      integer NOT NULL,
        title         text NOT NULL CHECK (title <> ''),
        description   text NOT NULL DEFAULT '',
        due_date      date,
        owner_id      text REFERENCES employee (id),
        status        text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'skipped')),
        completed_at  timestamptz
      )`);
    await q.query(`CREATE INDEX dev_plan_step_plan ON dev_plan_step (plan_id, position)`);
    // A linked goal is a goal version by its API id (metric:scope:ref:first-day).
    await q.query(`
      CREATE TABLE dev_plan_goal (
        plan_id  uuid NOT NULL REFERENCES dev_plan (id) ON DELETE CASCADE,
        goal_id  text NOT NULL,
        metric   text NOT NULL,
        grain    text NOT NULL,
        PRIMARY KEY (plan_id, goal_id)
      )`);

    await q.query(`
      CREATE TABLE appraisal (
        id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        employee_id        text NOT NULL REFERENCES employee (id),
        reviewer_id        text,
        template           text NOT NULL,
        template_version   text NOT NULL,
        period_start       date NOT NULL,
        period_end         date NOT NULL CHECK (period_end >= period_start),
        status             text NOT NULL CHECK (status IN ('draft', 'submitted', 'acknowledged')),
        ratings            jsonb NOT NULL DEFAULT '[]',
        overall_rating     float8,
        comments           text NOT NULL DEFAULT '',
        snapshot           jsonb NOT NULL,
        snapshot_taken_at  timestamptz NOT NULL,
        submitted_at       timestamptz,
        acknowledged_at    timestamptz,
        employee_comment   text,
        created_by         text,
        created_at         timestamptz NOT NULL,
        updated_at         timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX appraisal_employee ON appraisal (employee_id, period_start)`);
    // Once submitted, an appraisal is frozen, whatever writes it: its ratings,
    // comments, period and data snapshot never change again. The employee's
    // acknowledgement (status, time, comment) is the one change allowed, once.
    await q.query(`
      CREATE FUNCTION appraisal_frozen_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status = 'draft' THEN
          RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
        END IF;
        IF TG_OP = 'DELETE' THEN
          RAISE EXCEPTION 'appraisal % is submitted and frozen', OLD.id USING ERRCODE = 'check_violation';
        END IF;
        IF OLD.status = 'submitted' AND NEW.status = 'acknowledged'
           AND (NEW.employee_id, NEW.reviewer_id, NEW.template, NEW.template_version, NEW.period_start, NEW.period_end,
                NEW.ratings, NEW.overall_rating, NEW.comments, NEW.snapshot, NEW.snapshot_taken_at, NEW.submitted_at)
               IS NOT DISTINCT FROM
               (OLD.employee_id, OLD.reviewer_id, OLD.template, OLD.template_version, OLD.period_start, OLD.period_end,
                OLD.ratings, OLD.overall_rating, OLD.comments, OLD.snapshot, OLD.snapshot_taken_at, OLD.submitted_at) THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'appraisal % is submitted and frozen', OLD.id USING ERRCODE = 'check_violation';
      END $$`);
    await q.query(`CREATE TRIGGER appraisal_frozen BEFORE UPDATE OR DELETE ON appraisal FOR EACH ROW EXECUTE FUNCTION appraisal_frozen_guard()`);

    await q.query(`
      CREATE TABLE feedback (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind        text NOT NULL CHECK (kind IN ('peer', 'two_way', 'self', 'note')),
        author_id   text NOT NULL REFERENCES employee (id),
        subject_id  text NOT NULL REFERENCES employee (id),
        body        text NOT NULL CHECK (body <> ''),
        rating      smallint CHECK (rating BETWEEN 1 AND 5),
        shared      boolean NOT NULL DEFAULT true,
        created_at  timestamptz NOT NULL,
        updated_at  timestamptz NOT NULL,
        CHECK ((kind = 'self') = (author_id = subject_id))
      )`);
    await q.query(`CREATE INDEX feedback_subject ON feedback (subject_id, kind, created_at)`);
    await q.query(`CREATE INDEX feedback_author ON feedback (author_id, created_at)`);

    // Who supervises a team on a day: the nearest people manager (supervisor first,
    // then manager, then director; by id among equals) assigned to the team itself,
    // else to the nearest team above it in the tree in force that day.
    await q.query(`
      CREATE FUNCTION team_supervisor(team text, d date, excluding text DEFAULT NULL) RETURNS text
      LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT a.employee_id
          FROM unnest(org_unit_path(team, d)) WITH ORDINALITY AS p(unit, depth)
          JOIN assignment a ON a.org_unit_id = p.unit AND a.valid @> d AND a.role IN ('supervisor', 'manager', 'director')
         WHERE a.employee_id IS DISTINCT FROM excluding
         ORDER BY p.depth DESC, array_position(ARRAY['supervisor', 'manager', 'director'], a.role), a.employee_id
         LIMIT 1
      $$`);
    // An employee's supervisor on a day: the manager named on their assignment (when
    // that person is still employed that day), else their team's supervisor (not themselves).
    await q.query(`
      CREATE FUNCTION employee_supervisor(emp text, d date) RETURNS text
      LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT coalesce(
          (SELECT m.employee_id FROM assignment a JOIN assignment m ON m.employee_id = a.manager_id AND m.valid @> d
            WHERE a.employee_id = emp AND a.valid @> d AND a.manager_id <> emp),
          (SELECT team_supervisor(a.org_unit_id, d, emp) FROM assignment a WHERE a.employee_id = emp AND a.valid @> d))
      $$`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION employee_supervisor(text, date)`);
    await q.query(`DROP FUNCTION team_supervisor(text, date, text)`);
    await q.query(`DROP TRIGGER appraisal_frozen ON appraisal`);
    await q.query(`DROP FUNCTION appraisal_frozen_guard()`);
    await q.query(`ALTER TABLE alert_event DROP CONSTRAINT IF EXISTS alert_event_task_id_fkey`);
    for (const t of [
      'feedback',
      'appraisal',
      'dev_plan_goal',
      'dev_plan_step',
      'dev_plan',
      'message_read',
      'message',
      'task',
      'coaching_session',
      'webhook_attempt',
      'webhook_delivery',
      'webhook',
      'alert_event',
      'alert_rule',
    ]) {
      await q.query(`DROP TABLE ${t} CASCADE`);
    }
  }
}
