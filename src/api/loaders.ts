import DataLoader from 'dataloader';
import { AssignmentVersion, IsoDate, OrgChart, Sql, TeamNode } from '../canonical';

export interface EmployeeRow {
  id: string;
  firstName: string;
  lastName: string;
  email: string | null;
}

export interface ProductRow {
  sku: string;
  name: string | null;
  category: string | null;
}

/** A key for things asked "as of a date". */
export interface DatedKey {
  id: string;
  asOf: IsoDate;
}

const datedKey = (k: DatedKey) => `${k.asOf}|${k.id}`;

/** Batches dated keys by date: one call (one SQL query) per distinct date in the batch. */
function byDate<V>(fetch: (ids: string[], asOf: IsoDate) => Promise<Map<string, V>>, missing: V) {
  return async (keys: readonly DatedKey[]): Promise<V[]> => {
    const dates = new Map<IsoDate, string[]>();
    for (const k of keys) dates.set(k.asOf, [...(dates.get(k.asOf) ?? []), k.id]);
    const results = new Map<string, V>();
    for (const [asOf, ids] of dates) {
      const got = await fetch([...new Set(ids)], asOf);
      for (const [id, v] of got) results.set(`${asOf}|${id}`, v);
    }
    return keys.map((k) => results.get(datedKey(k)) ?? missing);
  };
}

/**
 * Per-request DataLoaders: every team, employee or product reached through a field
 * is fetched in one SQL query per level of the response, not one per row.
 */
export function createLoaders(sql: Sql, org: OrgChart) {
  return {
    team: new DataLoader<DatedKey, TeamNode | null, string>(
      byDate(async (ids, asOf) => new Map((await org.teamsAsOf(ids, asOf)).map((t) => [t.id, t])), null),
      { cacheKeyFn: datedKey },
    ),
    children: new DataLoader<DatedKey, TeamNode[], string>(
      byDate((ids, asOf) => org.childrenOf(ids, asOf), []),
      { cacheKeyFn: datedKey },
    ),
    members: new DataLoader<DatedKey, AssignmentVersion[], string>(
      byDate((ids, asOf) => org.membersOf(ids, asOf), []),
      { cacheKeyFn: datedKey },
    ),
    employee: new DataLoader<string, EmployeeRow | null>(async (ids) => {
      const rows: { id: string; first_name: string; last_name: string; email: string | null }[] = await sql.query(
        `SELECT id, first_name, last_name, email FROM employee WHERE id = ANY ($1)`,
        [ids],
      );
      const map = new Map(rows.map((r) => [r.id, { id: r.id, firstName: r.first_name, lastName: r.last_name, email: r.email }]));
      return ids.map((id) => map.get(id) ?? null);
    }),
    assignments: new DataLoader<string, AssignmentVersion[]>(async (ids) => {
      const map = await org.assignmentHistories(ids);
      return ids.map((id) => map.get(id) ?? []);
    }),
    product: new DataLoader<string, ProductRow | null>(async (skus) => {
      const rows: ProductRow[] = await sql.query(`SELECT sku, name, category FROM product WHERE sku = ANY ($1)`, [skus]);
      const map = new Map(rows.map((r) => [r.sku, r]));
      return skus.map((s) => map.get(s) ?? null);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
