import { zoneFormat } from '../canonical/dates';
import { BoundMeasure, FactDef } from '../semantic';
import { ResolvedQuery, Shift } from './types';

/**
 * The planner's side of the rollups (src/rollup): whether a branch (one fact,
 * one window) can be answered from the fact's rollup with a result provably
 * identical to the raw facts', and if not, why.
 *
 * Identical means: every measure is a sum of the rollup's additive components
 * (count, sum; avg = sum / count, the division PostgreSQL's avg itself does);
 * every dimension and filter is a rollup key or comes from the employee at query
 * time; and every time boundary the query draws (the window, the comparison
 * window, each grain bucket in the query's zone, each org-chart date in the org
 * zone) falls on a 15-minute slot boundary, so no slot is split.
 */

/** What the database holds: per fact, its rollup table and component key → column. */
export interface RollupCatalog {
  facts: Map<string, { table: string; time: 'slot' | 'day'; timeColumn: string; components: Map<string, string>; dayTiers: { zone: string; table: string }[] }>;
}

/** How to read one measure from a rollup: the sum of one column (count, sum), or sum / count (avg). */
export interface RollupMeasure {
  kind: 'sum' | 'avg';
  columns: string[];
}

export interface RollupSource {
  table: string;
  /** `slot`: rows per 15-minute UTC slot (column `slot`); `day`: per calendar day (`timeColumn`). */
  time: 'slot' | 'day';
  timeColumn: string;
  /** The zone of a day tier's days; null for the fact's own rollup. */
  dayZone: string | null;
  measures: Map<string, RollupMeasure>;
}

export type SourceChoice = { strategy: 'rollup'; rollup: RollupSource; reason: string } | { strategy: 'raw_facts'; rollup: null; reason: string };

const SLOT_MS = 900_000;

/** The zone's UTC offset at an instant, in minutes. */
export function offsetMinutes(zone: string, at: Date): number {
  if (zone === 'UTC') return 0;
  const name = zoneFormat('offset', zone, { timeZoneName: 'longOffset' }).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT(?:([+-])(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?)?/.exec(name);
  if (!m || !m[1]) return 0;
  const v = Number(m[2]) * 60 + Number(m[3] ?? 0) + Number(m[4] ?? 0) / 60;
  return m[1] === '-' ? -v : v;
}

/** A zone's property of a whole UTC year, computed once per zone and year. */
function perZoneYear(compute: (zone: string, year: number) => boolean): (zone: string, year: number) => boolean {
  const known = new Map<string, boolean>();
  return (zone, year) => {
    const k = `${zone}|${year}`;
    let v = known.get(k);
    if (v === undefined) known.set(k, (v = compute(zone, year)));
    return v;
  };
}

/** Every offset the zone takes in a UTC year is a whole number of slots (sampled daily). */
const slotAlignedYear = perZoneYear((zone, year) => {
  const end = Date.UTC(year + 1, 0, 1);
  for (let t = Date.UTC(year, 0, 1); t < end; t += 86_400_000) if (offsetMinutes(zone, new Date(t)) % 15 !== 0) return false;
  return true;
});

/** Every offset the zone takes between two instants is a whole number of slots (sampled daily over their years, and at both ends). */
function slotAlignedZone(zone: string, from: Date, to: Date): boolean {
  if (offsetMinutes(zone, from) % 15 !== 0 || offsetMinutes(zone, to) % 15 !== 0) return false;
  const y0 = from.getUTCFullYear();
  const y1 = to.getUTCFullYear();
  // A window of centuries (an open-ended query): sampled monthly instead.
  if (y1 - y0 > 40) {
    for (let t = from.getTime(); t < to.getTime(); t += 30 * 86_400_000) if (offsetMinutes(zone, new Date(t)) % 15 !== 0) return false;
    return true;
  }
  for (let y = y0; y <= y1; y++) if (!slotAlignedYear(zone, y)) return false;
  return true;
}

const DAY_MS = 86_400_000;
/** The instant is a local midnight in the zone. */
function localMidnight(zone: string, d: Date): boolean {
  return (((d.getTime() + offsetMinutes(zone, d) * 60_000) % DAY_MS) + DAY_MS) % DAY_MS === 0;
}

/**
 * Every local midnight of the zone in that year exists, and only once: no offset
 * change skips or repeats the wall-clock minutes around 00:00. Then a wall-clock
 * shift of a midnight by days or months lands on a midnight, and a day's rows are
 * exactly the instants between two midnights. Found by sampling every six hours
 * and narrowing each change to the minute.
 */
const midnightSafeYear = perZoneYear((zone, year) => {
  const end = Date.UTC(year + 1, 0, 1);
  const step = 6 * 3_600_000;
  for (let t = Date.UTC(year, 0, 1); t < end; t += step) {
    const a = offsetMinutes(zone, new Date(t));
    if (offsetMinutes(zone, new Date(t + step)) === a) continue;
    let lo = t;
    let hi = t + step;
    while (hi - lo > 60_000) {
      const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
      if (offsetMinutes(zone, new Date(mid)) === a) lo = mid;
      else hi = mid;
    }
    // Wall clock just before the change (old offset), and the jump: the skipped or
    // repeated local times lie between s and s + jump, which must not reach 00:00.
    const s = (((hi + a * 60_000) % DAY_MS) + DAY_MS) % DAY_MS;
    const jump = (offsetMinutes(zone, new Date(hi)) - a) * 60_000;
    const lo2 = Math.min(s, s + jump) - 60_000;
    const hi2 = Math.max(s, s + jump) + 60_000;
    if (lo2 <= 0 || hi2 >= DAY_MS) return false;
  }
  return true;
});

function midnightSafe(zone: string, from: Date, to: Date): boolean {
  const y0 = from.getUTCFullYear() - 1;
  const y1 = to.getUTCFullYear() + 1;
  if (y1 - y0 > 60) return false;
  for (let y = y0; y <= y1; y++) if (!midnightSafeYear(zone, y)) return false;
  return true;
}

const FACT_DIMENSIONS = new Set(['PRODUCT', 'PRODUCT_CATEGORY', 'CHANNEL', 'QUEUE']);

/** Why a day tier in `zone` cannot answer the query (null: it can). */
function dayTierRefusal(q: ResolvedQuery, zone: string, back: Shift | null, needsOrgDate: boolean): string | null {
  if (q.timezone !== zone) return `the query's zone is not ${zone}`;
  if (needsOrgDate && q.orgTimezone !== zone) return `org-chart dates are in ${q.orgTimezone}`;
  if (q.grain === 'HOUR') return 'an hourly grain';
  const dim = [...q.dimensions, ...q.filters.map((f) => f.dimension)].find((d) => FACT_DIMENSIONS.has(d));
  if (dim) return `${dim} is not kept per day`;
  if (back?.unit === 'secs') return 'a comparison window moved by seconds';
  if (!localMidnight(zone, q.from) || !localMidnight(zone, q.to)) return `the window is not whole days in ${zone}`;
  if (!midnightSafe(zone, back ? approxBack(q.from, back) : q.from, q.to)) return `${zone} changes its offset near midnight`;
  return null;
}

/** Roughly where a shifted window lies (only used to sample the zone's offsets there). */
function approxBack(d: Date, s: Shift): Date {
  const ms = s.unit === 'secs' ? s.n * 1000 : s.unit === 'days' ? s.n * 86_400_000 : s.n * 31 * 86_400_000;
  return new Date(d.getTime() - ms);
}

export function chooseSource(
  q: ResolvedQuery,
  fact: FactDef,
  measures: BoundMeasure[],
  back: Shift | null,
  needsOrgDate: boolean,
  catalog: RollupCatalog | null | undefined,
  forceRaw: boolean,
): SourceChoice {
  const raw = (reason: string): SourceChoice => ({ strategy: 'raw_facts', rollup: null, reason });
  if (forceRaw) return raw('raw facts forced (rollups off for this query)');
  if (!catalog) return raw('no rollup catalog given');
  const entry = catalog.facts.get(fact.name);
  if (!entry) return raw(`no rollup of ${fact.name} is built`);
  const out = new Map<string, RollupMeasure>();
  for (const m of measures) {
    if (m.agg !== 'count' && m.agg !== 'sum' && m.agg !== 'avg') return raw(`${m.agg} (${m.text}) is not additive`);
    const [f, , expr, where, params] = JSON.parse(m.key) as [string, string, string | null, string | null, unknown];
    const col = (kind: 'count' | 'sum') => entry.components.get(JSON.stringify([f, kind, expr, where, params]));
    const cols = m.agg === 'avg' ? [col('sum'), col('count')] : [col(m.agg)];
    if (cols.some((c) => c === undefined)) return raw(`the rollup does not carry ${m.text} (built from other definitions: run switchboard rollups rebuild)`);
    out.set(m.key, { kind: m.agg === 'avg' ? 'avg' : 'sum', columns: cols as string[] });
  }
  if (entry.time === 'slot') {
    for (const d of [q.from, q.to]) if (d.getTime() % SLOT_MS !== 0) return raw(`the window bound ${d.toISOString()} is finer than the rollup's 15-minute slots`);
    if (back?.unit === 'secs' && (back.n * 1000) % SLOT_MS !== 0) return raw('the comparison window is not a whole number of 15-minute slots back');
    const lo = back ? approxBack(q.from, back) : q.from;
    if (!slotAlignedZone(q.timezone, lo, q.to)) return raw(`${q.timezone} has an offset that is not a whole number of 15-minute slots in the window`);
    if (needsOrgDate && !slotAlignedZone(q.orgTimezone, lo, q.to)) return raw(`the org time zone ${q.orgTimezone} has an offset that is not a whole number of 15-minute slots in the window`);
    // The coarser tier when it gives the same result: whole local days of its zone.
    const refusals: string[] = [];
    for (const tier of entry.dayTiers ?? []) {
      const why = dayTierRefusal(q, tier.zone, back, needsOrgDate);
      if (why === null) {
        return {
          strategy: 'rollup',
          rollup: { table: tier.table, time: 'day', timeColumn: 'day', dayZone: tier.zone, measures: out },
          reason: `every measure is additive and the window is whole days in ${tier.zone} at ${q.grain ?? 'no'} grain without product, channel or queue: the day tier`,
        };
      }
      refusals.push(`${tier.zone}: ${why}`);
    }
    const notDay = refusals.length ? ` (day tiers: ${refusals.join('; ')})` : '';
    return { strategy: 'rollup', rollup: { table: entry.table, time: 'slot', timeColumn: 'slot', dayZone: null, measures: out }, reason: `every measure is additive and every boundary falls on a 15-minute slot${notDay}` };
  }
  return { strategy: 'rollup', rollup: { table: entry.table, time: entry.time, timeColumn: entry.timeColumn, dayZone: null, measures: out }, reason: 'every measure is additive and every boundary falls on a day' };
}
