import crypto from 'crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Sql } from '../canonical';
import { RollupCatalog } from '../query/rollupPlan';
import { exprToSql } from '../query/exprToSql';
import { Expr, item, select } from '../query/sql/ast';
import { render } from '../query/sql/render';
import { FactDef, Manifest } from '../semantic';
import { constantOf, RollupFactDef, rollupDayZones, rollupDefs, SLOT_SECONDS } from './define';

/**
 * Rollup tables, their refresh functions and triggers, generated from the
 * manifest (src/rollup/define.ts).
 *
 * Incremental refresh runs inside the writing statement's transaction: statement
 * triggers with transition tables on every fact table a rollup depends on see
 * exactly the rows the statement changed, old and new images (the merge's
 * `INSERT … ON CONFLICT DO UPDATE` fires both the INSERT and the UPDATE trigger),
 * and recompute exactly the buckets those rows fall in, plus the buckets of the
 * rows whose computed columns they can flip:
 *
 * - a contact's `has_repeat` (FCR) changes when a later contact of the same
 *   address arrives or changes: earlier contacts of that address within the
 *   repeat window are recomputed;
 * - a contact's `converted` changes with an order carrying its id (late orders);
 * - a survey's employee comes through its contact: a contact's change recomputes
 *   its surveys' buckets (late surveys are their own rows).
 *
 * A bucket is recomputed from the raw rows of (employee, slot) through the
 * fact's time index, never by rescanning the table. Writers of one rollup are
 * serialized by a transaction advisory lock, so two concurrent refreshes of one
 * bucket cannot both insert it.
 */

const SLOT = `make_interval(secs => ${SLOT_SECONDS})`;
/**
 * Above this many rows or buckets, refresh joins by hash instead of probing the
 * index per bucket. An ingest merges its stage in chunks of 30k–50k records, each
 * one range of the file; a chunk can still span a long time (late copies of old
 * contacts, a file not in time order), and a hash join would then read every stored
 * fact of that span for every chunk (a cost that grows with the table), where
 * probes grow with the chunk. So only a statement touching
 * more buckets than a chunk ever does (a hand-written UPDATE of a whole table)
 * takes the hash join.
 */
const BULK = 500_000;
/**
 * Deletes the rows of `table` matching each key, found by one index probe per key
 * (LATERAL … OFFSET 0) and removed by row address: the planner, guessing at the
 * keys behind the arrays, could otherwise scan a range of the table per key.
 */
const deleteByProbe = (table: string, keys: string, match: string) =>
  `DELETE FROM ${table} r WHERE r.ctid = ANY (ARRAY(SELECT x.ctid FROM ${keys} CROSS JOIN LATERAL (SELECT x.ctid FROM ${table} x WHERE ${match} OFFSET 0) x))`;
const keysOf = (parts: (string | { few: string; bulk: string })[], few: boolean) =>
  parts.map((p) => (typeof p === 'string' ? p : few ? p.few : p.bulk)).join('\n      UNION ');
const slotOf = (e: string) => `date_bin(${SLOT}, ${e}, TIMESTAMPTZ '2000-01-01 00:00:00+00')`;

function literal(v: unknown): string {
  if (typeof v === 'number') return `'${String(v)}'`;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'string') {
    if (v.includes('$rollup$')) throw new Error(`a definition value cannot contain $rollup$: ${JSON.stringify(v)}`);
    return `'${v.replace(/'/g, "''")}'`;
  }
  throw new Error(`cannot inline ${JSON.stringify(v)}`);
}

/** One expression as SQL text with its parameters inlined as typed literals (for generated function bodies). */
function exprText(e: Expr): string {
  const r = render({ comment: [], ctes: [], body: select({ columns: [item(e, 'x')] }) });
  const body = r.sql.replace(/^SELECT /, '').replace(/ AS x\n$/, '');
  return body.replace(/\$(\d+)::/g, (_, n) => `${literal(r.params[Number(n) - 1])}::`);
}

function componentSql(def: RollupFactDef, facts: Map<string, FactDef>): string[] {
  return def.components.map((c) => {
    const m = c.measure;
    const ctx = { fact: def.fact, alias: 'f', params: m.params, facts };
    const arg = m.expr ? exprText(exprToSql(m.expr, ctx)) : '*';
    const filter = m.where ? ` FILTER (WHERE ${exprText(exprToSql(m.where, ctx))})` : '';
    return `${c.kind}(${arg})${filter}`;
  });
}

/** Where a fact row's employee comes from, over alias `f` (and `j` for a related fact). */
function employeeSql(fact: FactDef, facts: Map<string, FactDef>): { expr: string; join: string } {
  if (fact.employee?.kind === 'column') return { expr: `f.${fact.employee.column}`, join: '' };
  if (fact.employee?.kind === 'via') {
    const other = facts.get(fact.employee.fact)!;
    const col = other.employee?.kind === 'column' ? other.employee.column : 'employee_id';
    return { expr: `j.${col}`, join: ` LEFT JOIN ${other.table} j ON j.${fact.employee.key} = f.${fact.employee.key}` };
  }
  return { expr: 'NULL::text', join: '' };
}

export interface GeneratedRollup {
  def: RollupFactDef;
  ddl: string[];
  /** Fact tables whose changes refresh this rollup. */
  sources: string[];
  functions: string[];
}

/** The bucket key of a row of `fact` under alias `alias` (its own table): [employee-or-null, time]. */
function keyOf(def: RollupFactDef, alias: string): { emp: string; time: string } {
  const fact = def.fact;
  const emp = fact.employee?.kind === 'column' ? `${alias}.${fact.employee.column}` : 'NULL::text';
  const time = def.time === 'slot' ? slotOf(`${alias}.${fact.time.column}`) : `${alias}.${fact.time.column}`;
  return { emp, time };
}

export function generateRollup(def: RollupFactDef, facts: Map<string, FactDef>): GeneratedRollup {
  const fact = def.fact;
  const t = def.table;
  const timeType = def.time === 'slot' ? 'timestamptz' : 'date';
  const comps = componentSql(def, facts);
  const emp = employeeSql(fact, facts);
  const byEmployee = fact.employee?.kind === 'column';
  const timeExpr = def.time === 'slot' ? slotOf(`f.${fact.time.column}`) : `f.${fact.time.column}`;
  const compCols = def.components.map((c) => c.column);
  const compDdl = def.components.map((c) => `${c.column} ${c.kind === 'count' ? 'bigint NOT NULL' : 'numeric'}`).join(', ');
  const cols = [def.timeColumn, 'employee_id', ...def.dimColumns, ...compCols];
  const select = (from: string) =>
    `SELECT ${timeExpr}, ${emp.expr}, ${def.dimColumns.map((c) => `f.${c}`).join(', ')}${def.dimColumns.length ? ', ' : ''}${comps.join(', ')}
       FROM ${from}${emp.join}
      GROUP BY ${[1, 2, ...def.dimColumns.map((_, i) => i + 3)].join(', ')}`;
  const ddl: string[] = [];
  ddl.push(`CREATE TABLE ${t} (
    ${def.timeColumn} ${timeType} NOT NULL, employee_id text, ${def.dimColumns.map((c) => `${c} text`).join(', ')}${def.dimColumns.length ? ', ' : ''}
    ${compDdl})`);
  ddl.push(`CREATE INDEX ${t}_time ON ${t} (${def.timeColumn}, employee_id)`);
  ddl.push(`COMMENT ON TABLE ${t} IS ${literal(`Rollup of ${fact.name}: additive components per ${def.time === 'slot' ? '15-minute UTC slot' : 'day'} × employee${def.dimColumns.length ? ` × ${def.dimColumns.join(' × ')}` : ''} (src/rollup). Do not write by hand.`)}`);
  // Day tiers: the same components per employee and local day of a zone, summed from this rollup.
  const tiers = def.dayTiers;
  const sums = def.components.map((c) => (c.kind === 'count' ? `sum(r.${c.column})::bigint` : `sum(r.${c.column})`)).join(', ');
  if (tiers.length) ddl.push(`CREATE INDEX ${t}_employee ON ${t} (employee_id, slot)`);
  for (const tier of tiers) {
    // The dashboards' table. Refresh replaces a touched (employee, day) row by a new
    // one wherever there is room, so after months of ingest a month's rows lie on
    // as many pages as it has rows: its index carries every component, and a
    // dashboard month is an index-only scan of a few hundred pages in key order.
    // Vacuumed often (it is small), so the visibility map stays current.
    ddl.push(`CREATE TABLE ${tier.table} (day date NOT NULL, employee_id text, ${compDdl}) WITH (autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02)`);
    ddl.push(`CREATE INDEX ${tier.table}_time ON ${tier.table} (day, employee_id) INCLUDE (${compCols.join(', ')})`);
    ddl.push(`COMMENT ON TABLE ${tier.table} IS ${literal(`Day tier of ${t}: its components per employee and local day in ${tier.zone} (src/rollup). Do not write by hand.`)}`);
  }
  const localDay = (e: string, zone: string) => `(${e} AT TIME ZONE ${literal(zone)})::date`;
  const tierRebuild = tiers
    .map((tier) => `DELETE FROM ${tier.table};
    INSERT INTO ${tier.table} (day, employee_id, ${compCols.join(', ')})
    SELECT ${localDay('r.slot', tier.zone)}, r.employee_id, ${sums} FROM ${t} r GROUP BY 1, 2 ORDER BY 1, 2;`)
    .join('\n    ');
  // Recompute the (employee, local day) rows of a tier behind the given slots, from
  // this rollup: an index probe per pair for a few, a hash join for many. A day's
  // slots are found by its date (the range around it only lets the index narrow).
  const dayKeys = (zone: string, nulls: boolean) =>
    byEmployee
      ? `(SELECT DISTINCT e, ${localDay('s', zone)} AS d FROM unnest(emps, times) u(e, s) WHERE e IS ${nulls ? '' : 'NOT '}NULL)`
      : `(SELECT DISTINCT NULL::text AS e, ${localDay('s', zone)} AS d FROM unnest(times) u(s))`;
  const tierRefresh = (few: boolean) =>
    tiers
      .map((tier) => {
        const z = literal(tier.zone);
        const inDay = `${localDay('r.slot', tier.zone)} = k.d`;
        const range = `r.slot >= (k.d::timestamp AT TIME ZONE ${z}) - interval '3 hours' AND r.slot < ((k.d + 1)::timestamp AT TIME ZONE ${z}) + interval '3 hours'`;
        const part = (nulls: boolean) => {
          const empEq = byEmployee ? (nulls ? 'r.employee_id IS NULL' : 'r.employee_id = k.e') : 'true';
          const rows = few
            ? `${dayKeys(tier.zone, nulls)} k CROSS JOIN LATERAL (SELECT r.* FROM ${t} r WHERE ${empEq} AND ${range} AND ${inDay} OFFSET 0) r`
            : `${dayKeys(tier.zone, nulls)} k JOIN (SELECT r.* FROM ${t} r WHERE r.slot >= lo - interval '1 day' AND r.slot < hi + interval '1 day' OFFSET 0) r ON ${empEq} AND ${inDay}`;
          return `SELECT k.d, r.employee_id, ${sums} FROM ${rows} GROUP BY k.d, r.employee_id`;
        };
        const del = byEmployee
          ? `${deleteByProbe(tier.table, `${dayKeys(tier.zone, false)} k`, 'x.day = k.d AND x.employee_id = k.e')};
        DELETE FROM ${tier.table} x WHERE x.employee_id IS NULL AND x.day = ANY (ARRAY(SELECT d FROM ${dayKeys(tier.zone, true)} k));`
          : `DELETE FROM ${tier.table} x WHERE x.day = ANY (ARRAY(SELECT d FROM ${dayKeys(tier.zone, false)} k));`;
        return `${del}
        INSERT INTO ${tier.table} (day, employee_id, ${compCols.join(', ')})
        ${byEmployee ? `${part(false)} UNION ALL ${part(true)}` : part(false)};`;
      })
      .join('\n        ');

  // Full rebuild (backfill and recovery).
  ddl.push(`CREATE FUNCTION ${t}_rebuild() RETURNS void LANGUAGE plpgsql AS $rollup$
  BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('${t}'));
    DELETE FROM ${t};
    INSERT INTO ${t} (${cols.join(', ')})
    ${select(`${fact.table} f`)};
    ${tierRebuild}
  END $rollup$`);

  // Refresh of the given buckets: (employee, time) pairs; facts whose employee comes
  // through another fact are refreshed per time bucket (employees ignored).
  // The range lets an index find a few buckets' rows; the equality on the slot lets a
  // hash join match many buckets at once (an ingest of a million contacts).
  const window = (a: string) =>
    def.time === 'slot' ? `${a}.${fact.time.column} >= t.s AND ${a}.${fact.time.column} < t.s + ${SLOT} AND ${slotOf(`${a}.${fact.time.column}`)} = t.s` : `${a}.${fact.time.column} = t.s`;
  // Two forms of the same recompute: for a few buckets, an index probe per bucket
  // (LATERAL … OFFSET 0 keeps it a nested loop: the planner cannot estimate the
  // buckets behind the arrays); for many (a bulk ingest), one hash join.
  const empCol = fact.employee?.kind === 'column' ? fact.employee.column : '';
  // The hash join reads the fact rows between the first and the last bucket only
  // (lo, hi), through the time index, once (OFFSET 0 keeps it one scan under the
  // join, never a range probe per bucket): its cost follows the batch, not the table.
  const span = def.time === 'slot' ? `f.${fact.time.column} >= lo AND f.${fact.time.column} < hi + ${SLOT}` : `f.${fact.time.column} BETWEEN lo AND hi`;
  const rowsOf = (keys: string, cond: string, few: boolean) =>
    few
      ? `SELECT f.* FROM ${keys} t CROSS JOIN LATERAL (SELECT f.* FROM ${fact.table} f WHERE ${cond} OFFSET 0) f`
      : `SELECT f.* FROM ${keys} t JOIN (SELECT f.* FROM ${fact.table} f WHERE ${span} OFFSET 0) f ON ${cond}`;
  const recompute = (few: boolean) =>
    byEmployee
      ? `INSERT INTO ${t} (${cols.join(', ')})
      ${select(`(${rowsOf('(SELECT DISTINCT e, s FROM unnest(emps, times) u(e, s) WHERE e IS NOT NULL)', `f.${empCol} = t.e AND ${window('f')}`, few)}
                 UNION ALL
                 ${rowsOf('(SELECT DISTINCT s FROM unnest(emps, times) u(e, s) WHERE e IS NULL)', `f.${empCol} IS NULL AND ${window('f')}`, few)}) f`)};`
      : `INSERT INTO ${t} (${cols.join(', ')})
      ${select(`(${rowsOf('(SELECT DISTINCT s FROM unnest(times) u(s))', window('f'), few)}) f`)};`;
  const remove = byEmployee
    ? `${deleteByProbe(t, `(SELECT DISTINCT e, s FROM unnest(emps, times) u(e, s) WHERE e IS NOT NULL) k`, `x.${def.timeColumn} = k.s AND x.employee_id = k.e`)};
      DELETE FROM ${t} r WHERE r.employee_id IS NULL AND r.${def.timeColumn} = ANY (ARRAY(SELECT DISTINCT s FROM unnest(emps, times) u(e, s) WHERE e IS NULL));`
    : `DELETE FROM ${t} r WHERE r.${def.timeColumn} = ANY (times);`;
  const refreshBody = `${remove}
      IF cardinality(times) > ${BULK} THEN
        SELECT min(x), max(x) INTO lo, hi FROM unnest(times) x;
        ${recompute(false)}
        ${tierRefresh(false)}
      ELSE
        ${recompute(true)}
        ${tierRefresh(true)}
      END IF;`;
  // No JIT in refresh: a chunk's statements are estimated costly enough to compile
  // (seconds of LLVM per statement, measured), for work that takes milliseconds.
  ddl.push(`CREATE FUNCTION ${t}_refresh(emps text[], times ${timeType}[]) RETURNS void LANGUAGE plpgsql SET jit = off AS $rollup$
  DECLARE lo ${timeType}; hi ${timeType};
  BEGIN
    IF times IS NULL OR cardinality(times) = 0 THEN RETURN; END IF;
    PERFORM pg_advisory_xact_lock(hashtext('${t}'));
    ${refreshBody}
  END $rollup$`);

  // Which fact tables' rows decide this rollup's buckets, and how a changed row `c`
  // of each maps to the keys of the rows it affects.
  type Dep = string | { few: string; bulk: string };
  const deps = new Map<string, Dep[]>(); // source table -> SELECT emp, time FROM changed c …
  const own = keyOf(def, 'c');
  const add = (table: string, sql: Dep) => deps.set(table, [...(deps.get(table) ?? []), sql]);
  add(fact.table, `SELECT ${own.emp}, ${own.time} FROM changed c`);
  const x = keyOf(def, 'x');
  const depSql = (table: string, cond: string, bulkSpan = '') => ({
    few: `SELECT ${x.emp}, ${x.time} FROM changed c CROSS JOIN LATERAL (SELECT x.* FROM ${table} x WHERE ${cond} OFFSET 0) x`,
    bulk: `SELECT ${x.emp}, ${x.time} FROM changed c JOIN ${bulkSpan ? `(SELECT x.* FROM ${table} x WHERE ${bulkSpan} OFFSET 0)` : table} x ON ${cond}`,
  });
  for (const comp of fact.computed.values()) {
    const other = facts.get(comp.fact)!;
    const on = comp.match.map((m) => `x.${m.self} = c.${m.other}`);
    let bulkSpan = '';
    if (comp.after) {
      // Rows whose window can reach the changed row: x.time within [c.time - W, c.time].
      const hours = def.components.map((k) => constantOf(comp.after!.withinHours.expr, k.measure.params));
      const max = hours.every((h): h is number => h !== null) ? Math.max(0, ...hours) : null;
      on.push(`x.${comp.after.self} <= c.${comp.after.other}`);
      bulkSpan = `x.${comp.after.self} <= (SELECT max(c2.${comp.after.other}) FROM changed c2)`;
      if (max !== null) {
        const w = `make_interval(secs => ${Math.ceil(max * 3600) + 1})`;
        on.push(`x.${comp.after.self} >= c.${comp.after.other} - ${w}`);
        // A many-row batch reads the rows between its first instant less the window and its last (the time index).
        bulkSpan += ` AND x.${comp.after.self} >= (SELECT min(c2.${comp.after.other}) FROM changed c2) - ${w}`;
      }
    }
    add(other.table, depSql(fact.table, on.join(' AND '), bulkSpan));
  }
  if (fact.employee?.kind === 'via') {
    const other = facts.get(fact.employee.fact)!;
    add(other.table, depSql(fact.table, `x.${fact.employee.key} = c.${fact.employee.key}`));
  }
  const functions = [`${t}_rebuild()`, `${t}_refresh(text[], ${timeType}[])`];
  for (const [source, parts] of deps) {
    for (const op of ['insert', 'update', 'delete'] as const) {
      const changed = op === 'insert' ? 'SELECT * FROM new_rows' : op === 'delete' ? 'SELECT * FROM old_rows' : 'SELECT * FROM new_rows UNION ALL SELECT * FROM old_rows';
      const fn = `${t}_on_${source}_${op}`;
      ddl.push(`CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql SET jit = off AS $rollup$
  DECLARE e text[]; s ${timeType}[]; n bigint;
  BEGIN
    SELECT count(*) INTO n FROM (${changed}) c;
    IF n = 0 THEN RETURN NULL; END IF;
    IF n > ${BULK} THEN
      WITH changed AS (${changed})
      SELECT array_agg(k.e), array_agg(k.s) INTO e, s FROM (${keysOf(parts, false)}) AS k(e, s);
    ELSE
      WITH changed AS (${changed})
      SELECT array_agg(k.e), array_agg(k.s) INTO e, s FROM (${keysOf(parts, true)}) AS k(e, s);
    END IF;
    PERFORM ${t}_refresh(e, s);
    RETURN NULL;
  END $rollup$`);
      const ref = op === 'insert' ? 'NEW TABLE AS new_rows' : op === 'delete' ? 'OLD TABLE AS old_rows' : 'NEW TABLE AS new_rows OLD TABLE AS old_rows';
      ddl.push(`CREATE TRIGGER ${fn} AFTER ${op.toUpperCase()} ON ${source} REFERENCING ${ref} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`);
      functions.push(`${fn}()`);
    }
    const fn = `${t}_on_${source}_truncate`;
    ddl.push(`CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $rollup$ BEGIN PERFORM ${t}_rebuild(); RETURN NULL; END $rollup$`);
    ddl.push(`CREATE TRIGGER ${fn} AFTER TRUNCATE ON ${source} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`);
    functions.push(`${fn}()`);
  }
  return { def, ddl, sources: [...deps.keys()], functions };
}

export interface CatalogDefinition {
  fact_table: string;
  time: 'slot' | 'day';
  time_column: string;
  dim_columns: string[];
  day_tiers?: { zone: string; table: string }[];
  components: { column: string; key: string; kind: string }[];
  triggers: { table: string; name: string }[];
  functions: string[];
}

function catalogEntry(g: GeneratedRollup): CatalogDefinition {
  const triggers: { table: string; name: string }[] = [];
  for (const s of g.sources) for (const op of ['insert', 'update', 'delete', 'truncate']) triggers.push({ table: s, name: `${g.def.table}_on_${s}_${op}` });
  return {
    fact_table: g.def.fact.table,
    time: g.def.time,
    time_column: g.def.timeColumn,
    dim_columns: g.def.dimColumns,
    day_tiers: g.def.dayTiers,
    components: g.def.components.map((c) => ({ column: c.column, key: c.key, kind: c.kind })),
    triggers,
    functions: g.functions,
  };
}

const hashOf = (g: GeneratedRollup) => crypto.createHash('sha256').update(g.ddl.join('\n')).digest('hex').slice(0, 20);

async function dropAll(em: EntityManager): Promise<void> {
  const rows: { table_name: string; definition: CatalogDefinition }[] = await em.query(`SELECT table_name, definition FROM rollup_catalog`);
  for (const r of rows) {
    for (const t of r.definition.triggers) await em.query(`DROP TRIGGER IF EXISTS ${t.name} ON ${t.table}`);
    for (const f of r.definition.functions) await em.query(`DROP FUNCTION IF EXISTS ${f}`);
    for (const tier of r.definition.day_tiers ?? []) await em.query(`DROP TABLE IF EXISTS ${tier.table}`);
    await em.query(`DROP TABLE IF EXISTS ${r.table_name}`);
  }
  await em.query(`DELETE FROM rollup_catalog`);
}

export interface RollupStatus {
  fact: string;
  table: string;
  rows: number;
  components: number;
}

export interface RollupOptions {
  /** Zones of the day tiers (default `rollupDayZones()`: UTC, the org zone and SWITCHBOARD_ROLLUP_DAY_ZONES). */
  dayZones?: string[];
}

/**
 * Drops and rebuilds every rollup from the manifest, with a backfill of the
 * stored facts, in one transaction: readers see the old rollups (or raw facts)
 * until it commits. Writers of the fact tables wait for it.
 */
export async function rebuildRollups(ds: DataSource, manifest: Manifest, opts: RollupOptions = {}): Promise<RollupStatus[]> {
  return (await buildRollups(ds, manifest, false, opts))!;
}

/**
 * The rebuild in one transaction, after the lock; with `onlyIfStale`, it first checks
 * (holding the lock) whether the stored rollups already match the definitions, so
 * commands started at once (two `migrate`s) build them once and never deadlock.
 * Returns null when nothing needed building.
 */
async function buildRollups(ds: DataSource, manifest: Manifest, onlyIfStale: boolean, opts: RollupOptions): Promise<RollupStatus[] | null> {
  const gens = generatedRollups(manifest, opts);
  return ds.transaction(async (em) => {
    await em.query(`SELECT pg_advisory_xact_lock(hashtext('switchboard rollups'))`);
    if (onlyIfStale && (await catalogMatches(em, gens))) return null;
    await dropAll(em);
    const out: RollupStatus[] = [];
    for (const g of gens) {
      for (const stmt of g.ddl) await em.query(stmt);
      await em.query(`SELECT ${g.def.table}_rebuild()`);
      await em.query(`INSERT INTO rollup_catalog (fact, table_name, definition, hash) VALUES ($1, $2, $3, $4)`, [g.def.fact.name, g.def.table, JSON.stringify(catalogEntry(g)), hashOf(g)]);
      for (const table of [g.def.table, ...g.def.dayTiers.map((x) => x.table)]) {
        const [{ n }] = await em.query(`SELECT count(*)::int AS n FROM ${table}`);
        out.push({ fact: g.def.fact.name, table, rows: n, components: g.def.components.length });
      }
    }
    await em.query(`ANALYZE ${['rollup_catalog', ...gens.flatMap((g) => [g.def.table, ...g.def.dayTiers.map((t) => t.table)])].join(', ')}`);
    return out;
  });
}

const generatedRollups = (manifest: Manifest, opts: RollupOptions) =>
  rollupDefs(manifest, opts.dayZones ?? rollupDayZones()).map((d) => generateRollup(d, manifest.facts));

/** Whether the catalog holds exactly the rollups `gens`, each built from the same DDL. */
async function catalogMatches(sql: Sql, gens: GeneratedRollup[]): Promise<boolean> {
  const stored: { fact: string; hash: string }[] = await sql.query(`SELECT fact, hash FROM rollup_catalog`);
  return stored.length === gens.length && gens.every((g) => stored.some((x) => x.fact === g.def.fact.name && x.hash === hashOf(g)));
}

/** Whether the stored rollups are those the metric definitions generate (nothing for syncRollups to do). */
export async function rollupsCurrent(sql: Sql, manifest: Manifest, opts: RollupOptions = {}): Promise<boolean> {
  return catalogMatches(sql, generatedRollups(manifest, opts));
}

/** Rebuilds the rollups when they are missing or were built from other definitions; returns whether it did. */
export async function syncRollups(ds: DataSource, manifest: Manifest, opts: RollupOptions = {}): Promise<boolean> {
  return (await buildRollups(ds, manifest, true, opts)) !== null;
}

/** Drops every rollup (the planner then answers from raw facts). */
export async function dropRollups(ds: DataSource): Promise<void> {
  await ds.transaction(async (em) => {
    await em.query(`SELECT pg_advisory_xact_lock(hashtext('switchboard rollups'))`);
    await dropAll(em);
  });
}

/**
 * Rebuilds the `(day, employee)` index of the day tiers that changes to `factTable`
 * refresh, with `REINDEX INDEX CONCURRENTLY` (readers and writers go on meanwhile).
 *
 * Why: refresh replaces a touched (employee, day) row by a new one. A run merged in
 * several chunks is one transaction that touches the same rows again and again (the
 * chunks of one day, the later copies of older contacts, the earlier contacts whose
 * FCR a chunk re-decides), and no vacuum can remove a version before the run
 * commits: after the 10M-contact benchmark's run the interaction tier's index had
 * 7 times the pages of a fresh build (35,947 leaf pages at 26% density against
 * 5,205 at 89%), and a dashboard month read 2,486 index pages instead of 246 (the
 * emitted SQL: 23.8 → 14.6 ms). Vacuum frees the dead entries but never merges the
 * sparse pages. A tier holds one row per employee and local day, so the rebuild
 * is short (0.5 s for 286k rows).
 *
 * Best effort, on one session outside any transaction (`sql`: a query runner or a
 * client, never a pool, since it sets a lock timeout and holds a session lock). A
 * tier another transaction is writing is left for the next run (a rebuild would wait
 * for that writer); a rebuild that still cannot get its locks within `lockTimeoutMs`
 * gives up, keeping the old index. The invalid copy an interrupted rebuild leaves
 * (`<index>_ccnew`) is dropped, then or by the next call. Returns the indexes rebuilt.
 */
export async function compactDayTiers(sql: Sql, factTable: string, lockTimeoutMs = 5000): Promise<string[]> {
  const rows: { definition: CatalogDefinition }[] = await sql.query(`SELECT definition FROM rollup_catalog`);
  const tiers = rows.filter((r) => r.definition.triggers.some((t) => t.table === factTable)).flatMap((r) => (r.definition.day_tiers ?? []).map((tier) => tier.table));
  if (tiers.length === 0) return [];
  const [{ locked }] = await sql.query(`SELECT pg_try_advisory_lock(hashtext('switchboard day tier reindex')) AS locked`);
  if (!locked) return [];
  const done: string[] = [];
  const dropCopy = (index: string) => sql.query(`DROP INDEX CONCURRENTLY IF EXISTS ${index}_ccnew`).catch(() => undefined);
  try {
    await sql.query(`SET lock_timeout = ${Math.max(1, Math.floor(lockTimeoutMs))}`);
    for (const table of tiers) {
      const index = `${table}_time`;
      await dropCopy(index);
      const [{ busy }] = await sql.query(
        `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'relation' AND relation = $1::regclass AND pid <> pg_backend_pid()
                          AND mode IN ('RowExclusiveLock', 'ShareUpdateExclusiveLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock')) AS busy`,
        [table],
      );
      if (busy) continue;
      try {
        await sql.query(`REINDEX INDEX CONCURRENTLY ${index}`);
        done.push(index);
      } catch {
        await dropCopy(index);
      }
    }
  } finally {
    await sql.query(`RESET lock_timeout`).catch(() => undefined);
    await sql.query(`SELECT pg_advisory_unlock(hashtext('switchboard day tier reindex'))`).catch(() => undefined);
  }
  return done;
}

export async function loadRollupCatalog(sql: Sql): Promise<RollupCatalog> {
  const rows: { fact: string; table_name: string; definition: CatalogDefinition }[] = await sql.query(`SELECT fact, table_name, definition FROM rollup_catalog`);
  return {
    facts: new Map(
      rows.map((r) => [
        r.fact,
        { table: r.table_name, time: r.definition.time, timeColumn: r.definition.time_column, components: new Map(r.definition.components.map((c) => [c.key, c.column])), dayTiers: r.definition.day_tiers ?? [] },
      ]),
    ),
  };
}

export async function rollupStatus(sql: Sql): Promise<RollupStatus[]> {
  const rows: { fact: string; table_name: string; definition: CatalogDefinition }[] = await sql.query(`SELECT fact, table_name, definition FROM rollup_catalog ORDER BY fact`);
  const out: RollupStatus[] = [];
  for (const r of rows) {
    for (const table of [r.table_name, ...(r.definition.day_tiers ?? []).map((x) => x.table)]) {
      const [{ n }] = await sql.query(`SELECT count(*)::int AS n FROM ${table}`);
      out.push({ fact: r.fact, table, rows: n, components: r.definition.components.length });
    }
  }
  return out;
}
