import { GraphQLError } from 'graphql';
import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import { sweepAbandonedRuns } from '../../ingest';
import { ApiContext } from '../context';
import { boundedLimit, LimitArg, LIST_LIMITS } from '../limits';
import { IngestRun, RejectedRecord } from '../types/ingest';

/**
 * Roles that may read the ingest ledger. Rejected records hold raw source data
 * (any employee's contacts), so until row-level scoping covers them they are
 * limited to the roles that see everything (SPEC §7).
 */
export const LEDGER_ROLES = ['admin', 'analyst', 'executive'];

function requireLedgerRole(ctx: ApiContext): void {
  if (!LEDGER_ROLES.includes(ctx.principal.role)) {
    throw new GraphQLError(`the ingest ledger is visible to ${LEDGER_ROLES.join(', ')} only (you are ${ctx.principal.role})`, {
      extensions: { code: 'FORBIDDEN' },
    });
  }
}

interface RunRow {
  id: string;
  connector: string;
  status: string;
  files: string[];
  source_tz: string;
  started_at: Date;
  finished_at: Date | null;
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  duplicates: number;
  rejected: number;
  error: string | null;
}

@Resolver()
export class IngestResolver {
  @Query(() => [IngestRun], { description: 'Ingest runs, newest first, with their counts and status (admin, analyst, executive).' })
  async ingestRuns(
    @Ctx() ctx: ApiContext,
    @Arg('connector', () => String, { nullable: true }) connector?: string | null,
    @LimitArg(LIST_LIMITS.ingestRuns, 'runs') limit: number | null = LIST_LIMITS.ingestRuns.default,
  ): Promise<IngestRun[]> {
    requireLedgerRole(ctx);
    const n = boundedLimit('limit', limit ?? LIST_LIMITS.ingestRuns.default, LIST_LIMITS.ingestRuns.max);
    await sweepAbandonedRuns(ctx.ds);
    const rows: RunRow[] = await ctx.sql.query(
      `SELECT id, connector, status, files, source_tz, started_at, finished_at, read, inserted, updated, unchanged, duplicates, rejected, error
         FROM ingest_run WHERE ($1::text IS NULL OR connector = $1) ORDER BY started_at DESC, id LIMIT $2`,
      [connector ?? null, n],
    );
    return rows.map((r) =>
      Object.assign(new IngestRun(), {
        id: r.id, connector: r.connector, status: r.status, files: r.files, sourceTz: r.source_tz, startedAt: r.started_at,
        finishedAt: r.finished_at, read: r.read, inserted: r.inserted, updated: r.updated, unchanged: r.unchanged,
        duplicates: r.duplicates, rejected: r.rejected, error: r.error,
      }),
    );
  }

  @Query(() => [RejectedRecord], { description: 'The records a run rejected, in file order, with raw text and reasons (admin, analyst, executive).' })
  async rejectedRecords(
    @Ctx() ctx: ApiContext,
    @Arg('runId', () => ID) runId: string,
    @LimitArg(LIST_LIMITS.rejectedRecords, 'records') limit: number | null = LIST_LIMITS.rejectedRecords.default,
    @Arg('offset', () => Int, { nullable: true, defaultValue: 0 }) offset = 0,
  ): Promise<RejectedRecord[]> {
    requireLedgerRole(ctx);
    const n = boundedLimit('limit', limit ?? LIST_LIMITS.rejectedRecords.default, LIST_LIMITS.rejectedRecords.max);
    const skip = boundedLimit('offset', offset, Number.MAX_SAFE_INTEGER);
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(runId)) {
      throw new GraphQLError(`runId must be a run id (a UUID), got ${JSON.stringify(runId)}`, { extensions: { code: 'BAD_USER_INPUT' } });
    }
    const rows: { id: string; run_id: string; connector: string; file: string | null; position: number; raw: string; reasons: RejectedRecord['reasons'] }[] =
      await ctx.sql.query(
        `SELECT id::text, run_id, connector, file, position, raw, reasons FROM rejected_record
          WHERE run_id = $1
          ORDER BY array_position((SELECT files FROM ingest_run WHERE id = $1), file), position, id LIMIT $2 OFFSET $3`,
        [runId, n, skip],
      );
    return rows.map((r) =>
      Object.assign(new RejectedRecord(), {
        id: r.id, runId: r.run_id, connector: r.connector, file: r.file, position: r.position, raw: r.raw,
        reasons: r.reasons.map((x) => ({ code: x.code, field: x.field ?? null, value: x.value ?? null, message: x.message })),
      }),
    );
  }
}
