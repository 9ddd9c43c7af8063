import { FactSpec, stagedColumns } from './facts';

/** The temp table one run stages its records (and rejections) into, in file order. */
export const STAGE = 'ingest_stage';

/** Staged bytes of input per merge chunk: each chunk then holds some 30k–50k contact records. */
export const CHUNK_BYTES = 40 * 1024 * 1024;

/** How many merge chunks to split `bytes` of staged input into. */
export function stageChunks(bytes: number, chunkBytes = CHUNK_BYTES): number {
  return Math.max(1, Math.min(4096, Math.ceil(bytes / chunkBytes)));
}

/**
 * Keys a chunked run has met in an earlier chunk without writing them (their records
 * were unchanged): a later copy of such a key is then a `duplicate`, as one merge over
 * the whole stage would say, not `unchanged`. Keys the run wrote need no entry: the
 * stored row's `run_id` says so.
 */
export const SEEN = 'ingest_seen';

/**
 * The stage, one temp table in file order (`seq`). A run of more than one chunk merges
 * it in consecutive `seq` ranges (`mergeSql` with a range), so a chunk holds
 * neighbouring records of the file: sources write in time order, so a chunk's facts
 * fall in a few days, and the rollup buckets and index pages it touches are few and
 * near each other, however large the table. (Hash partitions of the key spread every
 * chunk over the whole year: each chunk then recomputed nearly every employee-day of
 * the day tiers, and its refresh grew with the stored table.)
 */
export function createStageSql(spec: FactSpec, chunked = false): string[] {
  const cols = stagedColumns(spec).map((c) => `${c} ${spec.types[c]}`);
  const table = `CREATE TEMP TABLE ${STAGE} (
    seq bigint NOT NULL, file_no integer NOT NULL, position integer NOT NULL,
    rej_raw text, rej_reasons jsonb, ${cols.join(', ')}
  ) ON COMMIT DROP`;
  if (!chunked) return [table];
  const keyCols = spec.key.map((k) => `${k} ${spec.types[k]}`);
  return [table, `CREATE TEMP TABLE ${SEEN} (${keyCols.join(', ')}, PRIMARY KEY (${spec.key.join(', ')})) ON COMMIT DROP`];
}

/**
 * After staging a chunked run: a BRIN index on `seq` (the stage is written in `seq`
 * order, so each chunk's range reads only its own pages), and the stage's statistics
 * (autovacuum never sees temp tables).
 */
export const INDEX_STAGE = [`CREATE INDEX ON ${STAGE} USING brin (seq) WITH (pages_per_range = 8)`, `ANALYZE ${STAGE}`];

/** The chunks' `seq` bounds: `chunks` ranges [lo, hi) of about equal size from `minSeq` to `maxSeq`. */
export function chunkBounds(minSeq: number, maxSeq: number, chunks: number): [number, number][] {
  const span = maxSeq - minSeq + 1;
  const n = Math.max(1, Math.min(chunks, span));
  return Array.from({ length: n }, (_, i) => [minSeq + Math.floor((span * i) / n), minSeq + Math.floor((span * (i + 1)) / n)] as [number, number]);
}

export function copyStageSql(spec: FactSpec): string {
  return `COPY ${STAGE} (seq, file_no, position, rej_raw, rej_reasons, ${stagedColumns(spec).join(', ')}) FROM STDIN`;
}

/** Rejections staged by cleansing and identity resolution go to the ledger in one statement. */
export const INSERT_REJECTIONS = `
  INSERT INTO rejected_record (run_id, connector, file, position, raw, reasons)
  SELECT $1, $2, ($3::text[])[file_no], position, rej_raw, rej_reasons
    FROM ${STAGE} WHERE rej_reasons IS NOT NULL ORDER BY seq`;

/** Products named by orders: the last mention of a sku in the run wins; blanks keep what is stored. */
export const UPSERT_PRODUCTS = `
  INSERT INTO product AS p (sku, name, category, run_id)
  SELECT DISTINCT ON (sku) sku, product_name, product_category, $1
    FROM ${STAGE} WHERE rej_reasons IS NULL AND sku IS NOT NULL
   ORDER BY sku, seq DESC
  ON CONFLICT (sku) DO UPDATE
     SET name = COALESCE(EXCLUDED.name, p.name), category = COALESCE(EXCLUDED.category, p.category),
         run_id = EXCLUDED.run_id, updated_at = now()
   WHERE (p.name, p.category) IS DISTINCT FROM (COALESCE(EXCLUDED.name, p.name), COALESCE(EXCLUDED.category, p.category))`;

/**
 * One set-based statement that decides every staged record's outcome (SPEC §3),
 * record by record in file order, and writes the winners:
 *
 * - the first record of a key not stored yet is `inserted`;
 * - `values` facts: a record whose values differ from the state before it (the
 *   previous record of the key in this run, else the stored row) is `updated`;
 * - `newest` facts (contacts): a record is `updated` when its version (LastUpdateTimestamp)
 *   is later than every earlier one (stored or earlier in the run);
 * - anything else is `duplicate` when an earlier copy came in this run, else `unchanged`.
 *
 * The last record of each key (`values`) or the first with the latest version
 * (`newest`) is then upserted if it differs from what is stored. Returns one row
 * per outcome and input file (`file_no`, 1-based) with its count. $1 = run id.
 *
 * `newest` facts are ordered by the statement itself, whatever the locking: the
 * upsert only replaces a stored row whose version is earlier than the record's, so a
 * concurrent writer (another run without the connector lock, a push endpoint) can
 * never regress a contact. Outcomes are decided against the stored rows the
 * statement sees; when a concurrent writer changed a key after that, what was
 * really written settles the key's outcomes (see `settleNewest`).
 */
/**
 * `FROM s <this>`: the stored row of each staged record (alias `s`) as `x.t` (null when
 * the key is new), looked up through the primary key one by one (a correlated subquery
 * is never turned into a hash join that would scan the whole fact table), so the cost
 * grows with the staged rows, not with the table. OFFSET 0 keeps the lookup from being
 * inlined (and run once per reference).
 */
export function storedRowLookup(spec: FactSpec): string {
  return `CROSS JOIN LATERAL (SELECT (SELECT t FROM ${spec.table} t WHERE ${keyEquals(spec.key, 't', 's')}) AS t OFFSET 0) x`;
}

/** `a.k1 = b.k1 AND …` over the key columns. */
function keyEquals(key: string[], a: string, b: string): string {
  return key.map((k) => `${a}.${k} = ${b}.${k}`).join(' AND ');
}

/**
 * `chunked`: the statement merges the staged records with $2 <= seq < $3 (one chunk of
 * a chunked run, in `seq` order), treats keys in `ingest_seen` as met earlier in the
 * run, and adds there the chunk's keys it did not write.
 */
export function mergeSql(spec: FactSpec, chunked = false): string {
  const key = spec.key;
  const values = spec.columns.filter((c) => !key.includes(c));
  const cols = spec.columns;
  const stored = storedRowLookup(spec);
  const range = chunked ? ' AND st.seq >= $2 AND st.seq < $3' : '';
  // Met in an earlier chunk of this run: written then (stored_run), or listed as seen unwritten.
  const seen = chunked ? `stored_run = $1 OR EXISTS (SELECT 1 FROM ${SEEN} z WHERE ${keyEquals(key, 'z', 'o')})` : 'stored_run = $1';
  const remember = chunked
    ? `, z AS (
      INSERT INTO ${SEEN} (${key.join(', ')})
      SELECT ${key.join(', ')} FROM c GROUP BY ${key.join(', ')} HAVING NOT bool_or(write)
      ON CONFLICT DO NOTHING
    )`
    : '';
  const partition = `PARTITION BY ${key.map((k) => `st.${k}`).join(', ')}`;
  const upsert = (guard: string, returning: string) => `INSERT INTO ${spec.table} AS stored (${cols.join(', ')}, run_id)
      SELECT ${cols.join(', ')}, $1 FROM c WHERE write
      ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${[...values, 'run_id'].map((v) => `${v} = EXCLUDED.${v}`).join(', ')}${guard}
      RETURNING ${returning}`;
  if (spec.mode === 'newest') {
    const v = spec.versionColumn!;
    const keyCols = key.join(', ');
    return `
    WITH s AS (
      SELECT st.seq, st.file_no, ${cols.map((c) => `st.${c}`).join(', ')},
             row_number() OVER w AS n,
             max(st.${v}) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_version,
             row_number() OVER (${partition} ORDER BY st.${v} DESC, st.seq) = 1 AS winner
        FROM ${STAGE} st
       WHERE st.rej_reasons IS NULL${range}
      WINDOW w AS (${partition} ORDER BY st.seq)
    ), o AS (
      SELECT s.*, (x.t).${key[0]} IS NOT NULL AS existed, (x.t).run_id AS stored_run, (x.t).${v} AS stored_version
        FROM s ${stored}
    ), c AS (
      SELECT o.*,
             CASE WHEN n = 1 AND NOT existed THEN 'inserted'
                  WHEN ${v} > GREATEST(stored_version, prev_version) THEN 'updated'
                  WHEN n > 1 OR ${seen} THEN 'duplicate'
                  ELSE 'unchanged' END AS outcome,
             winner AND (NOT existed OR ${v} > stored_version) AS write
        FROM o
    ), w AS (${upsert(`\n       WHERE stored.${v} < EXCLUDED.${v}`, `${keyCols}, (stored.xmax = 0) AS created`)}
    )${remember}, k AS (
      SELECT ${key.map((k) => `c.${k}`).join(', ')}, w.${key[0]} IS NOT NULL AS wrote, w.created
        FROM c LEFT JOIN w USING (${keyCols}) WHERE c.write
    )
    SELECT ${settleNewest('c.outcome')} AS outcome, c.file_no, count(*)::int AS n
      FROM c LEFT JOIN k USING (${keyCols}) GROUP BY 1, 2`;
  }
  const row = (p: string) => `ROW(${values.map((c) => `${p}${c}`).join(', ')})`;
  return `
    WITH s AS (
      SELECT st.seq, st.file_no, ${cols.map((c) => `st.${c}`).join(', ')},
             row_number() OVER w AS n,
             ROW(${values.map((c) => `lag(st.${c}) OVER w`).join(', ')}) IS NOT DISTINCT FROM ${row('st.')} AS same_as_prev,
             row_number() OVER (${partition} ORDER BY st.seq DESC) = 1 AS last
        FROM ${STAGE} st
       WHERE st.rej_reasons IS NULL${range}
      WINDOW w AS (${partition} ORDER BY st.seq)
    ), o AS (
      SELECT s.*, (x.t).${key[0]} IS NOT NULL AS existed, (x.t).run_id AS stored_run,
             ${row('(x.t).')} IS NOT DISTINCT FROM ${row('s.')} AS same_as_stored
        FROM s ${stored}
    ), c AS (
      SELECT o.*,
             CASE WHEN n = 1 AND NOT existed THEN 'inserted'
                  WHEN n = 1 AND same_as_stored THEN CASE WHEN ${seen} THEN 'duplicate' ELSE 'unchanged' END
                  WHEN n = 1 THEN 'updated'
                  WHEN same_as_prev THEN 'duplicate'
                  ELSE 'updated' END AS outcome,
             last AND NOT (existed AND same_as_stored) AS write
        FROM o
    ), w AS (${upsert('', '1')})${remember}
    SELECT outcome, file_no, count(*)::int AS n FROM c GROUP BY outcome, file_no`;
}

/**
 * The outcome of a `newest` record once its key's write is known (`k.wrote`, null
 * when the statement planned no write for the key: nothing a concurrent writer does
 * can make a stored version older, so those outcomes stand). The rule: a run reports
 * `inserted` only for rows it created and `updated` only for keys it wrote.
 *
 * - The planned write did not happen: a concurrent writer stored a version at least
 *   as new after this statement's snapshot. The key's records are settled as if that
 *   writer had come first: none is later than the stored version, so what would have
 *   been `inserted` or `updated` is `unchanged` (`duplicate` after an earlier copy in
 *   this run), exactly what a serial run would report.
 * - A planned insert met a row a concurrent writer had just inserted, and replaced
 *   it (ours is later): that record `updated` the key. (The records between the two
 *   versions keep their outcomes; the other writer's version is gone by then.)
 *
 * `created` is `xmax = 0` on the returned row: PostgreSQL's well-known marker of a row
 * this statement inserted rather than updated through ON CONFLICT.
 */
function settleNewest(outcome: string): string {
  return `CASE WHEN k.wrote IS NULL THEN ${outcome}
              WHEN NOT k.wrote AND ${outcome} IN ('inserted', 'updated') THEN CASE WHEN c.n > 1 THEN 'duplicate' ELSE 'unchanged' END
              WHEN ${outcome} = 'inserted' AND NOT k.created THEN 'updated'
              ELSE ${outcome} END`;
}
