import { Readable } from 'stream';
import { pipeline } from 'stream/promises';
import { ApolloServer } from '@apollo/server';
import { stringify } from 'csv-stringify';
import express from 'express';
import { Logger } from 'pino';
import { AuthError } from '../access';
import { ApiContext } from './context';
import { EXPORT_QUERY, ExportedResult, exportColumns, flatRow, spreadsheetSafe } from './exportTable';

type ErrorBody = { errors: { message: string; extensions: { code: string } }[] };

function refuse(res: express.Response, status: number, code: string, message: string): void {
  const body: ErrorBody = { errors: [{ message, extensions: { code } }] };
  res.status(status).set('Cache-Control', 'no-store').json(body);
}

/**
 * The bearer token of an export request: the Authorization header, or, for tools
 * that can only fetch a URL (a spreadsheet's IMPORTDATA), `access_token` in the
 * query string (RFC 6750 §2.3). A URL ends up in histories and logs, so only an
 * embed token (read-only, at most 24 h: createEmbedToken) is accepted there.
 */
function bearerOf(req: express.Request): { token: string; inUrl: boolean } | string {
  const header = req.headers.authorization;
  const inUrl = typeof req.query.access_token === 'string' ? req.query.access_token : null;
  if (header && inUrl) return 'send the token once: in the Authorization header or as access_token, not both';
  if (header) {
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    return m ? { token: m[1], inUrl: false } : 'the Authorization header must be "Bearer <token>"';
  }
  if (inUrl) return { token: inUrl, inUrl: true };
  return 'missing bearer token: send Authorization: Bearer <token>, or access_token=<embed token> in the URL (see createEmbedToken)';
}

async function rows(res: express.Response, format: 'csv' | 'json', columns: string[], data: ExportedResult, query: Parameters<typeof flatRow>[2]): Promise<void> {
  const records = function* () {
    for (const r of data.rows) yield flatRow(r, data.metrics, query);
  };
  if (format === 'csv') {
    // RFC 4180: CRLF line ends, fields quoted where they hold a comma, a quote or a line break.
    const csv = stringify({ header: true, columns, record_delimiter: 'windows', cast: { string: spreadsheetSafe } });
    await pipeline(Readable.from(records()), csv, res);
    return;
  }
  // One JSON array, written an object at a time (the response is never one big string).
  const json = Readable.from(
    (function* () {
      let first = true;
      yield '[';
      for (const r of records()) {
        yield `${first ? '' : ','}\n${JSON.stringify(r)}`;
        first = false;
      }
      yield '\n]\n';
    })(),
  );
  await pipeline(json, res);
}

/**
 * `GET /export/metricData.csv?query=<MetricQueryInput as JSON>` and `.json`: any
 * metricData query as a file for spreadsheets and BI tools, one flat row per
 * result row (see exportTable.ts). The query runs as GraphQL through the same
 * Apollo server, so the same compiler, scope (SPEC §7), limits and masked errors
 * apply as on /graphql; nothing here knows SQL.
 */
export function mountExport(app: express.Express, apollo: ApolloServer<ApiContext>, contextFor: (token: string) => Promise<ApiContext>, log: Logger): void {
  for (const format of ['csv', 'json'] as const) {
    app.get(`/export/metricData.${format}`, async (req, res) => {
      const bearer = bearerOf(req);
      if (typeof bearer === 'string') return refuse(res, 401, 'UNAUTHENTICATED', bearer);
      let ctx: ApiContext;
      try {
        ctx = await contextFor(bearer.token);
      } catch (e) {
        if (e instanceof AuthError) return refuse(res, 401, 'UNAUTHENTICATED', e.message);
        throw e;
      }
      if (bearer.inUrl && !ctx.principal.embed) {
        return refuse(res, 401, 'UNAUTHENTICATED', 'a token in the URL must be an embed token (createEmbedToken: read-only, short-lived); send any other token in the Authorization header');
      }
      const raw = req.query.query;
      if (typeof raw !== 'string' || raw.trim() === '') {
        return refuse(res, 400, 'BAD_USER_INPUT', 'query: give the metricData query as JSON, e.g. ?query={"metrics":["aht"],"from":"2026-03-01T00:00:00Z","to":"2026-04-01T00:00:00Z"}');
      }
      let query: unknown;
      try {
        query = JSON.parse(raw);
      } catch (e) {
        return refuse(res, 400, 'BAD_USER_INPUT', `query: not valid JSON (${(e as Error).message})`);
      }
      const response = await apollo.executeOperation<{ metricData: ExportedResult | null }>({ query: EXPORT_QUERY, variables: { query } }, { contextValue: ctx });
      if (response.body.kind !== 'single') throw new Error('export: unexpected incremental response');
      const { data, errors } = response.body.singleResult;
      if (errors?.length || !data?.metricData) {
        const first = errors?.[0];
        const code = String(first?.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
        const status = response.http.status ?? (code === 'FORBIDDEN' ? 403 : code === 'INTERNAL_SERVER_ERROR' ? 500 : 400);
        return refuse(res, status, code, first?.message ?? 'no result');
      }
      const q = query as Parameters<typeof flatRow>[2];
      const result = data.metricData;
      res.status(200).set({
        'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
        'Content-Disposition': `attachment; filename="metricData.${format}"`,
        'Cache-Control': 'no-store',
        'X-Switchboard-Truncated': String(result.truncated),
        'X-Switchboard-Rows': String(result.rows.length),
      });
      try {
        await rows(res, format, exportColumns(q, result.metrics), result, q);
      } catch (e) {
        // The headers are gone: the client sees a cut-off body; the log says why.
        log.error({ err: e }, 'export: writing the response failed');
        res.destroy(e as Error);
      }
    });
  }
}
