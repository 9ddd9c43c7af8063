import fs from 'fs';
import path from 'path';
import { z } from 'zod';
import { Sql } from '../canonical';
import { isValidTimeZone } from '../config';
import { ConfigFileError, readYamlConfig } from '../actions/config/yamlConfig';
import { defaultMetricsDir, loadManifestOrThrow } from '../semantic';

/** One queue's settings (metrics/queues/queues.yaml). */
export interface QueueConfig {
  name: string;
  timezone: string;
  serviceLevelSeconds: number;
}

const schema = z.object({
  queues: z
    .array(
      z.object({
        name: z.string().min(1),
        timezone: z.string().refine(isValidTimeZone, 'must be an IANA time zone such as Europe/London'),
        service_level_seconds: z.number().int().min(0).max(86400).default(20),
      }),
    )
    .default([]),
});

/** The default service-level threshold (the `service_level` metric's parameter). */
export const DEFAULT_SERVICE_LEVEL_SECONDS = 20;

export function queuesFile(): string {
  return path.join(defaultMetricsDir(), 'queues', 'queues.yaml');
}

/** The configured queues; none when the file is absent. Problems name file and line. */
export function loadQueues(file = queuesFile()): QueueConfig[] {
  if (!fs.existsSync(file)) return [];
  const r = readYamlConfig(file, schema);
  if ('problems' in r) throw new ConfigFileError(r.problems);
  const seen = new Set<string>();
  const problems: string[] = [];
  r.value.queues.forEach((q, i) => {
    if (seen.has(q.name)) problems.push(`${file}:${r.line(['queues', i, 'name'])}: queues.${i}.name: queue ${JSON.stringify(q.name)} is listed twice`);
    seen.add(q.name);
  });
  if (problems.length) throw new ConfigFileError(problems);
  return r.value.queues.map((q) => ({ name: q.name, timezone: q.timezone, serviceLevelSeconds: q.service_level_seconds }));
}

/** A queue's figures for one day in its time zone, at `asOf`. */
export interface QueueIntradayRow {
  queue: string;
  timezone: string;
  date: string;
  serviceLevelSeconds: number;
  offered: number;
  handled: number;
  abandoned: number;
  /** Handled within the threshold / (handled + abandoned); null before any. */
  serviceLevel: number | null;
  /** Average seconds in queue of handled contacts; null before any. */
  asa: number | null;
  waiting: number;
  longestWaitSeconds: number | null;
  oldestWaitingSince: Date | null;
  asOf: Date;
}

/**
 * Intraday queue KPIs from the contacts (SPEC §4.2 segments), for each queue's day
 * (`date`, else today in the queue's zone at `now`), by the contact's start
 * (InitiationTimestamp), as metricData's DAY buckets count them:
 * - waiting: queued, not connected to an agent, not disconnected and without a
 *   time in queue yet (Queue.Duration comes when the contact leaves the queue): a
 *   partial record, as Amazon Connect sends while the contact waits;
 * - handled: queued and connected; abandoned: queued, not connected, not waiting,
 *   and longer in queue than the short-abandon threshold (short abandons count nowhere);
 * - offered = handled + abandoned + waiting;
 * - service level: handled within the queue's threshold / (handled + abandoned);
 * - ASA: seconds in queue per handled contact (Queue.Duration, else connected − enqueued);
 * - longest current wait: `now` − the earliest enqueue of a waiting contact.
 */
export async function queueIntraday(sql: Sql, opts: { now: Date; queues?: string[] | null; date?: string | null; orgTimezone: string; configs?: QueueConfig[] }): Promise<QueueIntradayRow[]> {
  const configs = opts.configs ?? loadQueues();
  const manifest = loadManifestOrThrow();
  const shortAbandon = Number(manifest.facts.get('interaction')?.parameters.get('short_abandon_seconds') ?? 5);
  const rows: Record<string, unknown>[] = await sql.query(
    `WITH cfg AS (
       SELECT * FROM unnest($1::text[], $2::text[], $3::int[]) AS c(name, tz, sl)
     ), i AS (
       SELECT i.*, COALESCE(c.tz, $4) AS tz, COALESCE(c.sl, $5) AS sl,
              (i.connected_at IS NULL AND i.disconnected_at IS NULL AND i.queue_seconds IS NULL) AS is_waiting,
              COALESCE(i.queue_seconds, extract(epoch FROM i.connected_at - i.enqueued_at)) AS waited
         FROM interaction i LEFT JOIN cfg c ON c.name = i.queue_name
        WHERE i.enqueued_at IS NOT NULL AND i.queue_name IS NOT NULL
          -- every zone's day lies within 14 h of the UTC day (the index on initiated_at)
          AND i.initiated_at >= COALESCE($6::date, ($7::timestamptz AT TIME ZONE 'UTC')::date)::timestamp AT TIME ZONE 'UTC' - interval '15 hours'
          AND i.initiated_at <  COALESCE($6::date, ($7::timestamptz AT TIME ZONE 'UTC')::date)::timestamp AT TIME ZONE 'UTC' + interval '39 hours'
          AND ($8::text[] IS NULL OR i.queue_name = ANY($8))
     ), d AS (
       SELECT * FROM i WHERE (initiated_at AT TIME ZONE tz)::date = COALESCE($6::date, ($7::timestamptz AT TIME ZONE tz)::date)
     ), names AS (
       SELECT name, tz, sl FROM cfg WHERE $8::text[] IS NULL OR name = ANY($8)
       UNION SELECT DISTINCT queue_name, tz, sl FROM d
     )
     SELECT n.name AS queue, n.tz AS timezone, n.sl AS service_level_seconds,
            COALESCE($6::date, ($7::timestamptz AT TIME ZONE n.tz)::date)::text AS date,
            count(d.*) FILTER (WHERE d.connected_at IS NOT NULL)::int AS handled,
            count(d.*) FILTER (WHERE d.connected_at IS NULL AND NOT d.is_waiting AND d.queue_seconds > $9)::int AS abandoned,
            count(d.*) FILTER (WHERE d.is_waiting)::int AS waiting,
            count(d.*) FILTER (WHERE d.connected_at IS NOT NULL AND d.waited <= n.sl)::int AS within,
            sum(d.waited) FILTER (WHERE d.connected_at IS NOT NULL)::float8 AS waited_sum,
            min(d.enqueued_at) FILTER (WHERE d.is_waiting) AS oldest_waiting
       FROM names n LEFT JOIN d ON d.queue_name = n.name
      GROUP BY n.name, n.tz, n.sl
      ORDER BY n.name`,
    [
      configs.map((c) => c.name),
      configs.map((c) => c.timezone),
      configs.map((c) => c.serviceLevelSeconds),
      opts.orgTimezone,
      DEFAULT_SERVICE_LEVEL_SECONDS,
      opts.date ?? null,
      opts.now.toISOString(),
      opts.queues ?? null,
      shortAbandon,
    ],
  );
  return rows.map((r) => {
    const handled = Number(r.handled);
    const abandoned = Number(r.abandoned);
    const waiting = Number(r.waiting);
    const oldest = r.oldest_waiting ? new Date(r.oldest_waiting as string) : null;
    return {
      queue: String(r.queue),
      timezone: String(r.timezone),
      date: String(r.date),
      serviceLevelSeconds: Number(r.service_level_seconds),
      offered: handled + abandoned + waiting,
      handled,
      abandoned,
      serviceLevel: handled + abandoned > 0 ? Number(r.within) / (handled + abandoned) : null,
      asa: handled > 0 ? Number(r.waited_sum) / handled : null,
      waiting,
      longestWaitSeconds: oldest ? Math.max(0, Math.round((opts.now.getTime() - oldest.getTime()) / 1000)) : null,
      oldestWaitingSince: oldest,
      asOf: opts.now,
    };
  });
}
