import fc from 'fast-check';
import { useDatabase } from '../support/useDatabase';

/**
 * The org chart's closure table (org_unit_lineage) gives, for every team and day,
 * the same root-first path as the recursive org_unit_path(): over random versioned
 * charts (reparentings, gaps, dangling parents, cycles), checked on every day
 * where any version starts or ends, and the day before.
 */
const db = useDatabase('lineage');

const TEAMS = ['a', 'b', 'c', 'd', 'e'];
const day = (n: number) => new Date(Date.UTC(2026, 0, 1 + n)).toISOString().slice(0, 10);

interface V { team: string; parent: string | null; from: number; len: number }

async function load(versions: V[]): Promise<void> {
  await db.ds.transaction(async (em) => {
    await em.query(`DELETE FROM org_unit_version`);
    await em.query(`INSERT INTO org_unit (id) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING`, [TEAMS]);
    // One version per team and non-overlapping range: keep the first of overlapping ones.
    const kept: V[] = [];
    for (const v of versions) {
      if (v.parent === v.team) continue;
      if (kept.some((k) => k.team === v.team && k.from < v.from + v.len && v.from < k.from + k.len)) continue;
      kept.push(v);
    }
    for (const v of kept) {
      await em.query(`INSERT INTO org_unit_version (org_unit_id, name, parent_id, valid) VALUES ($1, $1, $2, daterange($3::date, $4::date))`, [v.team, v.parent, day(v.from), day(v.from + v.len)]);
    }
  });
}

it('org_unit_lineage equals org_unit_path on every boundary day', async () => {
  const version = fc.record({
    team: fc.constantFrom(...TEAMS),
    parent: fc.option(fc.constantFrom(...TEAMS), { nil: null }),
    from: fc.integer({ min: 0, max: 30 }),
    len: fc.integer({ min: 1, max: 20 }),
  });
  await fc.assert(
    fc.asyncProperty(fc.array(version, { minLength: 1, maxLength: 12 }), async (versions) => {
      await load(versions);
      // Where the closure has a row it equals the walk; where it has none, the walk is
      // null or ended in a cycle (its top team's parent that day is already on it).
      const diff = await db.ds.query(`
        WITH d AS (SELECT DISTINCT x AS d FROM org_unit_version v, LATERAL (VALUES (lower(v.valid)), (upper(v.valid)), (lower(v.valid) - 1), (upper(v.valid) - 1)) AS t(x)),
        w AS (SELECT t.id, d.d, org_unit_path(t.id, d.d) AS walk, l.path AS closure
                FROM d CROSS JOIN org_unit t LEFT JOIN org_unit_lineage l ON l.org_unit_id = t.id AND l.valid @> d.d)
        SELECT id, d::text, walk, closure FROM w
         WHERE (closure IS NOT NULL AND closure IS DISTINCT FROM walk)
            OR (closure IS NULL AND walk IS NOT NULL
                AND NOT EXISTS (SELECT 1 FROM org_unit_version c WHERE c.org_unit_id = walk[1] AND c.valid @> w.d AND c.parent_id = ANY (walk)))`);
      expect(diff).toEqual([]);
    }),
    { numRuns: 60, seed: 11 },
  );
});

it('a reorganization committed in one transaction moves the lineage with it', async () => {
  await load([
    { team: 'a', parent: null, from: 0, len: 100 },
    { team: 'b', parent: 'a', from: 0, len: 100 },
    { team: 'c', parent: 'b', from: 0, len: 100 },
  ]);
  expect(await db.ds.query(`SELECT path FROM org_unit_lineage WHERE org_unit_id = 'c' AND valid @> '2026-01-20'::date`)).toEqual([{ path: ['a', 'b', 'c'] }]);
  await db.ds.transaction(async (em) => {
    await em.query(`UPDATE org_unit_version SET valid = daterange(lower(valid), '2026-01-15') WHERE org_unit_id = 'c'`);
    await em.query(`INSERT INTO org_unit_version (org_unit_id, name, parent_id, valid) VALUES ('c', 'c', 'a', daterange('2026-01-15', '2026-04-11'))`);
  });
  const rows = await db.ds.query(`SELECT valid::text, path FROM org_unit_lineage WHERE org_unit_id = 'c' ORDER BY lower(valid)`);
  expect(rows).toEqual([
    { valid: '[2026-01-01,2026-01-15)', path: ['a', 'b', 'c'] },
    { valid: '[2026-01-15,2026-04-11)', path: ['a', 'c'] },
  ]);
});
