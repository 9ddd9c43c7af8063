import type { IsoDate, Sql, SourceSystem } from '../canonical';
import { dateInZone } from '../canonical/dates';
import type { AgentRef } from '../../connectors';

/** What a resolver knows, as plain data (to hand it to a parse worker). */
export interface ResolverData {
  orgTimezone: string;
  spans: [string, Span[]][];
  emails: [string, string][];
}

interface Span {
  employeeId: string;
  from: IsoDate;
  /** Exclusive upper bound; null = open-ended. */
  until: IsoDate | null;
}

/**
 * Resolves agent references in memory, with the rule of SPEC §3.2 (the same as
 * `resolveAgent` in src/canonical): the identity-map entry of the system in force on
 * the record's org-chart date, else the employee with that email. The identity map
 * and the emails are loaded once per run, inside the run's transaction, so a million
 * facts cost no per-record query.
 */
export class IdentityResolver {
  private spans = new Map<string, Span[]>();
  private emails = new Map<string, string>();
  private dayCache = new Map<number, IsoDate>();

  private constructor(private readonly orgTimezone: string) {}

  static async load(sql: Sql, systems: SourceSystem[], orgTimezone: string): Promise<IdentityResolver> {
    const r = new IdentityResolver(orgTimezone);
    if (systems.length === 0) return r;
    const rows: { source_system: string; external_id: string; employee_id: string; lo: string; hi: string | null }[] = await sql.query(
      `SELECT source_system, external_id, employee_id, lower(valid)::text AS lo, upper(valid)::text AS hi
         FROM identity_map WHERE source_system = ANY ($1)`,
      [systems],
    );
    for (const row of rows) {
      const k = `${row.source_system}\u0000${row.external_id}`;
      const list = r.spans.get(k) ?? [];
      list.push({ employeeId: row.employee_id, from: row.lo, until: row.hi });
      r.spans.set(k, list);
    }
    const emails: { id: string; email: string }[] = await sql.query(`SELECT id, email FROM employee WHERE email IS NOT NULL ORDER BY id`);
    for (const e of emails) if (!r.emails.has(e.email)) r.emails.set(e.email, e.id);
    return r;
  }

  toData(): ResolverData {
    return { orgTimezone: this.orgTimezone, spans: [...this.spans], emails: [...this.emails] };
  }

  static fromData(d: ResolverData): IdentityResolver {
    const r = new IdentityResolver(d.orgTimezone);
    r.spans = new Map(d.spans);
    r.emails = new Map(d.emails);
    return r;
  }

  /** The org-chart date of a reference: its own date, or its instant's date in the org zone. */
  dateOf(ref: AgentRef): IsoDate {
    if (ref.date) return ref.date;
    // Every zone's offset is a multiple of 15 minutes, so one answer per quarter hour is exact.
    const bucket = Math.floor(ref.at! / 900000);
    let d = this.dayCache.get(bucket);
    if (d === undefined) {
      d = dateInZone(new Date(bucket * 900000), this.orgTimezone);
      this.dayCache.set(bucket, d);
    }
    return d;
  }

  resolve(ref: AgentRef): { employeeId: string | null; date: IsoDate } {
    const date = this.dateOf(ref);
    const spans = this.spans.get(`${ref.system}\u0000${ref.ref}`);
    if (spans) {
      for (const s of spans) if (s.from <= date && (s.until === null || date < s.until)) return { employeeId: s.employeeId, date };
    }
    if (ref.ref.includes('@')) {
      const id = this.emails.get(ref.ref.toLowerCase());
      if (id) return { employeeId: id, date };
    }
    return { employeeId: null, date };
  }
}
