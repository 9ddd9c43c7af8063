import { Grain, MetricQueryInput } from '../api/types';
import { addDays, DayRange, isIsoDate, rangeWindow, todayLocal } from '../metrics/dates';

/**
 * What an embedded chart shows, all in its URL (/embed/<chart>?…#token=<embed token>),
 * so another app can place it with an iframe or with /embed.js:
 *   chart        kpi (tiles), trend (a line over time), leaderboard
 *   metrics      kpi: comma-separated metric names;  metric: trend and leaderboard
 *   from, to     days, both inclusive; or days=N: the last N days, today included (default 28)
 *   grain        trend: DAY, WEEK or MONTH (default DAY)
 *   team         only facts inside this team's subtree (underTeam)
 *   employee     only this employee's facts
 *   attribution  AS_WAS (default) or AS_IS
 *   compare      1: against the previous period
 *   board        leaderboard: a team id, or center (default)
 */
export type EmbedChart = 'kpi' | 'trend' | 'leaderboard';
export const EMBED_CHARTS: readonly EmbedChart[] = ['kpi', 'trend', 'leaderboard'];

export interface EmbedSpec {
  chart: EmbedChart;
  metrics: string[];
  range: DayRange;
  /** Set when the range is relative (days=N): kept so a copied URL stays relative. */
  days: number | null;
  grain: Extract<Grain, 'DAY' | 'WEEK' | 'MONTH'>;
  team: string | null;
  employee: string | null;
  attribution: 'AS_WAS' | 'AS_IS';
  compare: boolean;
  board: string | null;
}

const NAME = /^[a-z][a-z0-9_]*$/;

/** The spec of an embed URL, or the problem with it (shown in the frame, naming the parameter). */
export function parseEmbedSpec(chart: string, params: URLSearchParams, now = new Date()): EmbedSpec | string {
  if (!(EMBED_CHARTS as readonly string[]).includes(chart)) return `unknown chart "${chart}": use ${EMBED_CHARTS.join(', ')}`;
  const list = (params.get(chart === 'kpi' ? 'metrics' : 'metric') ?? '').split(',').map((m) => m.trim()).filter(Boolean);
  if (!list.length) return chart === 'kpi' ? 'metrics: name one or more metrics, comma-separated' : 'metric: name a metric';
  const bad = list.find((m) => !NAME.test(m));
  if (bad) return `metric: "${bad}" is not a metric name`;
  const daysParam = params.get('days');
  let days: number | null = null;
  let range: DayRange;
  if (daysParam !== null) {
    days = Number(daysParam);
    if (!Number.isInteger(days) || days < 1 || days > 800) return `days: a whole number of days from 1 to 800 (got "${daysParam}")`;
    const today = todayLocal(now);
    range = { from: addDays(today, 1 - days), to: today };
  } else {
    const from = params.get('from');
    const to = params.get('to');
    if (from === null && to === null) {
      days = 28;
      const today = todayLocal(now);
      range = { from: addDays(today, -27), to: today };
    } else {
      if (!isIsoDate(from)) return `from: a day such as 2026-04-01 (got "${from ?? ''}")`;
      if (!isIsoDate(to)) return `to: a day such as 2026-04-30 (got "${to ?? ''}")`;
      if (from > to) return 'from: must not be after to';
      range = { from, to };
    }
  }
  const grain = (params.get('grain') ?? 'DAY').toUpperCase();
  if (!['DAY', 'WEEK', 'MONTH'].includes(grain)) return `grain: DAY, WEEK or MONTH (got "${grain}")`;
  const attribution = (params.get('attribution') ?? 'AS_WAS').toUpperCase();
  if (attribution !== 'AS_WAS' && attribution !== 'AS_IS') return `attribution: AS_WAS or AS_IS (got "${attribution}")`;
  const board = params.get('board');
  return {
    chart: chart as EmbedChart,
    metrics: chart === 'kpi' ? list : list.slice(0, 1),
    range,
    days,
    grain: grain as EmbedSpec['grain'],
    team: params.get('team') || null,
    employee: params.get('employee') || null,
    attribution,
    compare: params.get('compare') === '1' || params.get('compare') === 'true',
    board: board && board !== 'center' ? board : null,
  };
}

/** The URL parameters of a spec (the inverse of parseEmbedSpec), without the token. */
export function embedParams(s: EmbedSpec): URLSearchParams {
  const p = new URLSearchParams();
  p.set(s.chart === 'kpi' ? 'metrics' : 'metric', s.metrics.join(','));
  if (s.days !== null) p.set('days', String(s.days));
  else {
    p.set('from', s.range.from);
    p.set('to', s.range.to);
  }
  if (s.chart === 'trend') p.set('grain', s.grain);
  if (s.team) p.set('team', s.team);
  if (s.employee) p.set('employee', s.employee);
  if (s.attribution !== 'AS_WAS') p.set('attribution', s.attribution);
  if (s.compare) p.set('compare', '1');
  if (s.chart === 'leaderboard') p.set('board', s.board ?? 'center');
  return p;
}

/** The metricData query a kpi or trend chart asks (also what its CSV export runs). */
export function embedQuery(s: EmbedSpec, timezone: string): MetricQueryInput {
  return {
    metrics: s.metrics,
    ...rangeWindow(s.range),
    timezone,
    attribution: s.attribution,
    ...(s.chart === 'trend' ? { grain: s.grain } : {}),
    ...(s.team ? { underTeam: s.team } : {}),
    ...(s.employee ? { filters: [{ dimension: 'EMPLOYEE' as const, values: [s.employee] }] } : {}),
    ...(s.compare ? { compare: 'PREVIOUS_PERIOD' as const } : {}),
  };
}

/** The snippets another app pastes: an iframe, a script tag, and export URLs for spreadsheets and BI tools. */
export function embedSnippets(origin: string, s: EmbedSpec, token: string, title: string, timezone: string) {
  const params = embedParams(s);
  const frame = `${origin}/embed/${s.chart}?${params}#token=${token}`;
  const data = [...params].map(([k, v]) => ` data-${k}="${escapeAttr(v)}"`).join('');
  const query = encodeURIComponent(JSON.stringify(embedQuery(s, timezone)));
  return {
    iframeUrl: frame,
    iframe: `<iframe src="${escapeAttr(frame)}" title="${escapeAttr(title)}" width="640" height="360" style="border:0"></iframe>`,
    script: `<script src="${origin}/embed.js" data-chart="${s.chart}"${data} data-title="${escapeAttr(title)}" data-token="${token}" async></script>`,
    csv: s.chart === 'leaderboard' ? null : `${origin}/export/metricData.csv?query=${query}&access_token=${token}`,
    json: s.chart === 'leaderboard' ? null : `${origin}/export/metricData.json?query=${query}`,
  };
}

const escapeAttr = (v: string) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
