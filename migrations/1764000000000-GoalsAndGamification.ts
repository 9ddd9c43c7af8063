import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Actions of SPEC §6.1–§6.2 (issue 9): effective-dated goals, the audit trail
 * every action writes, leaderboard visibility, achievements (badges), the points
 * ledger and redemptions, contests with frozen standings, and incentive payout
 * runs (frozen once approved; a restatement becomes a visible adjustment run).
 */
export class GoalsAndGamification1764000000000 implements MigrationInterface {
  name = 'GoalsAndGamification1764000000000';

  public async up(q: QueryRunner): Promise<void> {
    // Goals follow the correction rule of SPEC §2 (one implementation:
    // src/canonical/effectiveDated.ts): versions of one (metric, scope) never overlap.
    await q.query(`
      CREATE TABLE goal (
        id           bigserial PRIMARY KEY,
        metric       text NOT NULL,
        scope_kind   text NOT NULL CHECK (scope_kind IN ('employee', 'team', 'role')),
        scope_ref    text NOT NULL,
        grain        text NOT NULL CHECK (grain IN ('DAY', 'WEEK', 'MONTH', 'QUARTER')),
        target       float8 NOT NULL,
        weight       float8 NOT NULL DEFAULT 1 CHECK (weight > 0),
        floor        float8,
        valid        daterange NOT NULL CHECK (NOT isempty(valid)),
        set_by       text,
        recorded_at  timestamptz NOT NULL DEFAULT now(),
        EXCLUDE USING gist (metric WITH =, scope_kind WITH =, scope_ref WITH =, valid WITH &&)
      )`);
    await q.query(`CREATE INDEX goal_scope ON goal (scope_kind, scope_ref)`);

    // Who did what, when: before and after of every create, change and delete.
    // subject_* name whose data it is, so reads can be scoped like the data itself.
    await q.query(`
      CREATE TABLE audit_log (
        id                   bigserial PRIMARY KEY,
        at                   timestamptz NOT NULL DEFAULT now(),
        actor_employee_id    text,
        actor_role           text NOT NULL,
        entity               text NOT NULL,
        entity_id            text NOT NULL,
        action               text NOT NULL CHECK (action IN ('create', 'update', 'delete')),
        before               jsonb,
        after                jsonb,
        subject_employee_id  text,
        subject_team_id      text
      )`);
    await q.query(`CREATE INDEX audit_log_entity ON audit_log (entity, entity_id, at)`);

    // A board is a team's subtree, or '*' for the whole center. Private unless marked public.
    await q.query(`
      CREATE TABLE leaderboard_board (
        board       text PRIMARY KEY,
        public      boolean NOT NULL DEFAULT false,
        updated_at  timestamptz NOT NULL DEFAULT now(),
        updated_by  text
      )`);

    await q.query(`
      CREATE TABLE contest (
        id             text PRIMARY KEY,
        name           text NOT NULL,
        metric         text NOT NULL,
        volume_metric  text NOT NULL,
        board          text NOT NULL,
        starts_at      timestamptz NOT NULL,
        ends_at        timestamptz NOT NULL CHECK (ends_at > starts_at),
        min_volume     float8 NOT NULL DEFAULT 0,
        prizes         jsonb NOT NULL DEFAULT '[]',
        created_by     text,
        created_at     timestamptz NOT NULL DEFAULT now(),
        frozen_at      timestamptz
      )`);
    await q.query(`
      CREATE TABLE contest_standing (
        contest_id   text NOT NULL REFERENCES contest (id) ON DELETE CASCADE,
        employee_id  text NOT NULL REFERENCES employee (id),
        position     integer NOT NULL,
        rank         integer,
        value        float8,
        volume       float8,
        qualified    boolean NOT NULL,
        prize        jsonb,
        PRIMARY KEY (contest_id, employee_id)
      )`);

    // An achievement is awarded exactly once per award_key (rule × employee × period).
    await q.query(`
      CREATE TABLE achievement (
        id             bigserial PRIMARY KEY,
        employee_id    text NOT NULL REFERENCES employee (id),
        badge          text NOT NULL,
        source         text NOT NULL CHECK (source IN ('rule', 'manual', 'contest')),
        rule           text,
        award_key      text UNIQUE,
        awarded_at     timestamptz NOT NULL,
        awarded_by     text,
        period_start   date,
        period_end     date,
        metric         text,
        value          float8,
        reason         text,
        points         integer NOT NULL DEFAULT 0,
        contest_id     text REFERENCES contest (id),
        restated_value float8,
        restated_at    timestamptz,
        still_qualifies boolean
      )`);
    await q.query(`CREATE INDEX achievement_employee ON achievement (employee_id, awarded_at)`);

    await q.query(`
      CREATE TABLE redemption (
        id           bigserial PRIMARY KEY,
        employee_id  text NOT NULL REFERENCES employee (id),
        reward       text NOT NULL,
        cost         integer NOT NULL CHECK (cost > 0),
        at           timestamptz NOT NULL DEFAULT now()
      )`);

    // The points ledger: earned entries come from achievements, spent ones from redemptions.
    await q.query(`
      CREATE TABLE points_entry (
        id              bigserial PRIMARY KEY,
        employee_id     text NOT NULL REFERENCES employee (id),
        at              timestamptz NOT NULL DEFAULT now(),
        kind            text NOT NULL CHECK (kind IN ('earned', 'spent')),
        points          integer NOT NULL CHECK (points > 0),
        reason          text NOT NULL,
        achievement_id  bigint UNIQUE REFERENCES achievement (id),
        redemption_id   bigint UNIQUE REFERENCES redemption (id)
      )`);
    await q.query(`CREATE INDEX points_entry_employee ON points_entry (employee_id, at)`);

    await q.query(`
      CREATE TABLE payout_run (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        plan          text NOT NULL,
        plan_version  text NOT NULL,
        period_start  date NOT NULL,
        period_end    date NOT NULL,
        status        text NOT NULL CHECK (status IN ('draft', 'approved')),
        adjusts_run   uuid REFERENCES payout_run (id),
        created_at    timestamptz NOT NULL DEFAULT now(),
        created_by    text,
        approved_at   timestamptz,
        approved_by   text
      )`);
    await q.query(`CREATE INDEX payout_run_plan ON payout_run (plan, period_start)`);
    await q.query(`
      CREATE TABLE payout_line (
        run_id       uuid NOT NULL REFERENCES payout_run (id) ON DELETE CASCADE,
        employee_id  text NOT NULL REFERENCES employee (id),
        score        float8,
        tier         text,
        amount       numeric NOT NULL,
        trail        jsonb NOT NULL,
        PRIMARY KEY (run_id, employee_id)
      )`);
    // Frozen means frozen: once a run is approved, neither it nor its lines change,
    // whatever writes them. A restatement is a new run that adjusts it.
    await q.query(`
      CREATE FUNCTION payout_frozen_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE run uuid;
      BEGIN
        IF TG_TABLE_NAME = 'payout_run' THEN
          IF OLD.status = 'approved' THEN
            RAISE EXCEPTION 'payout run % is approved and frozen', OLD.id USING ERRCODE = 'check_violation';
          END IF;
        ELSE
          run := CASE WHEN TG_OP = 'INSERT' THEN NEW.run_id ELSE OLD.run_id END;
          IF EXISTS (SELECT 1 FROM payout_run r WHERE r.id = run AND r.status = 'approved') THEN
            RAISE EXCEPTION 'payout run % is approved and frozen', run USING ERRCODE = 'check_violation';
          END IF;
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
      END $$`);
    await q.query(`CREATE TRIGGER payout_run_frozen BEFORE UPDATE OR DELETE ON payout_run FOR EACH ROW EXECUTE FUNCTION payout_frozen_guard()`);
    await q.query(`CREATE TRIGGER payout_line_frozen BEFORE INSERT OR UPDATE OR DELETE ON payout_line FOR EACH ROW EXECUTE FUNCTION payout_frozen_guard()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER payout_line_frozen ON payout_line`);
    await q.query(`DROP TRIGGER payout_run_frozen ON payout_run`);
    await q.query(`DROP FUNCTION payout_frozen_guard()`);
    for (const t of ['payout_line', 'payout_run', 'points_entry', 'redemption', 'achievement', 'contest_standing', 'contest', 'leaderboard_board', 'audit_log', 'goal']) {
      await q.query(`DROP TABLE ${t}`);
    }
  }
}
