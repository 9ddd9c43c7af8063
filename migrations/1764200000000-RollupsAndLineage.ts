import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 11, rollups:
 *
 * - `org_unit_lineage`: the closure of the versioned org chart. One row per team
 *   and date range over which its root-first path stays the same, so the metric
 *   compiler joins it (`l.valid @> date`) instead of calling the recursive
 *   `org_unit_path()` for every assignment row. It is recomputed in the writing
 *   transaction, once, at commit (a deferred trigger marked by a statement
 *   trigger), so a reorganization and its lineage commit together. Dates on
 *   which a team sits in a cycle (a bad file can write one) have no row there:
 *   the compiler falls back to `org_unit_path()` for exactly those.
 * - `rollup_catalog`: which rollup tables exist and the components (additive
 *   counts and sums of the metric manifest's measures) each carries. The tables,
 *   their refresh functions and triggers are generated from the manifest by
 *   src/rollup (`switchboard migrate`, `switchboard rollups rebuild`); this
 *   migration's down drops whatever the catalog lists.
 */
export class RollupsAndLineage1764200000000 implements MigrationInterface {
  name = 'RollupsAndLineage1764200000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE org_unit_lineage (
        org_unit_id  text NOT NULL,
        valid        daterange NOT NULL CHECK (NOT isempty(valid)),
        path         text[] NOT NULL,
        EXCLUDE USING gist (org_unit_id WITH =, valid WITH &&)
      )`);

    // Top down: a team's version is a root over the days its parent has no version
    // (or it has no parent); a child's path is its parent's path plus itself over
    // the days both versions are in force. Equal to org_unit_path(team, d) for every
    // team and day outside a cycle.
    await q.query(`
      CREATE FUNCTION org_unit_lineage_rebuild() RETURNS void
      LANGUAGE sql AS $$
        DELETE FROM org_unit_lineage;
        INSERT INTO org_unit_lineage (org_unit_id, valid, path)
        WITH RECURSIVE l(org_unit_id, valid, path) AS (
          SELECT v.org_unit_id, r.valid, ARRAY[v.org_unit_id]
            FROM org_unit_version v
           CROSS JOIN LATERAL unnest(
                   v.valid::datemultirange
                   - coalesce((SELECT range_agg(p.valid) FROM org_unit_version p WHERE p.org_unit_id = v.parent_id AND p.valid && v.valid),
                              '{}'::datemultirange)) AS r(valid)
          UNION ALL
          SELECT v.org_unit_id, v.valid * l.valid, l.path || v.org_unit_id
            FROM l
            JOIN org_unit_version v ON v.parent_id = l.org_unit_id AND v.valid && l.valid
           WHERE NOT v.org_unit_id = ANY (l.path)
        )
        SELECT org_unit_id, valid, path FROM l;
      $$`);

    await q.query(`
      CREATE FUNCTION org_unit_lineage_mark() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'TRUNCATE' THEN
          DELETE FROM org_unit_lineage;
        ELSE
          PERFORM set_config('switchboard.lineage_dirty', 'on', true);
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION org_unit_lineage_sync() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF coalesce(current_setting('switchboard.lineage_dirty', true), '') = 'on' THEN
          PERFORM org_unit_lineage_rebuild();
          PERFORM set_config('switchboard.lineage_dirty', 'off', true);
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER org_unit_lineage_mark AFTER INSERT OR UPDATE OR DELETE ON org_unit_version
        FOR EACH STATEMENT EXECUTE FUNCTION org_unit_lineage_mark()`);
    await q.query(`CREATE TRIGGER org_unit_lineage_truncate AFTER TRUNCATE ON org_unit_version FOR EACH STATEMENT EXECUTE FUNCTION org_unit_lineage_mark()`);
    await q.query(`
      CREATE CONSTRAINT TRIGGER org_unit_lineage_sync AFTER INSERT OR UPDATE OR DELETE ON org_unit_version
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION org_unit_lineage_sync()`);
    // Backfill for the org chart already stored.
    await q.query(`SELECT org_unit_lineage_rebuild()`);

    await q.query(`
      CREATE TABLE rollup_catalog (
        fact         text PRIMARY KEY,
        table_name   text NOT NULL UNIQUE,
        definition   jsonb NOT NULL,
        hash         text NOT NULL,
        built_at     timestamptz NOT NULL DEFAULT now()
      )`);
  }

  public async down(q: QueryRunner): Promise<void> {
    const rows: { fact: string; table_name: string; definition: { fact_table: string; triggers?: { table: string; name: string }[]; functions?: string[] } }[] = await q.query(
      `SELECT fact, table_name, definition FROM rollup_catalog`,
    );
    for (const r of rows) {
      for (const t of r.definition.triggers ?? []) await q.query(`DROP TRIGGER IF EXISTS ${t.name} ON ${t.table}`);
      for (const f of r.definition.functions ?? []) await q.query(`DROP FUNCTION IF EXISTS ${f} CASCADE`);
      await q.query(`DROP TABLE IF EXISTS ${r.table_name}`);
    }
    await q.query(`DROP TABLE rollup_catalog`);
    await q.query(`DROP TRIGGER org_unit_lineage_sync ON org_unit_version`);
    await q.query(`DROP TRIGGER org_unit_lineage_truncate ON org_unit_version`);
    await q.query(`DROP TRIGGER org_unit_lineage_mark ON org_unit_version`);
    await q.query(`DROP FUNCTION org_unit_lineage_sync()`);
    await q.query(`DROP FUNCTION org_unit_lineage_mark()`);
    await q.query(`DROP FUNCTION org_unit_lineage_rebuild()`);
    await q.query(`DROP TABLE org_unit_lineage`);
  }
}
