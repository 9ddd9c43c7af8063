import { embedParams, embedQuery, embedSnippets, EmbedSpec, parseEmbedSpec } from './embedSpec';

const now = new Date(2026, 11, 1, 12); // 2026-12-01, local time
const p = (s: string) => new URLSearchParams(s);

describe('embed URLs', () => {
  it('reads a trend with its window, grain, team and comparison', () => {
    expect(parseEmbedSpec('trend', p('metric=aht&from=2026-04-01&to=2026-04-30&grain=week&team=t2&compare=1'), now)).toEqual({
      chart: 'trend', metrics: ['aht'], range: { from: '2026-04-01', to: '2026-04-30' }, days: null, grain: 'WEEK',
      team: 't2', employee: null, attribution: 'AS_WAS', compare: true, board: null,
    });
  });

  it('a relative window (days=N) ends today; no window is the last 28 days', () => {
    expect(parseEmbedSpec('kpi', p('metrics=aht,csat&days=7'), now)).toMatchObject({ metrics: ['aht', 'csat'], range: { from: '2026-11-25', to: '2026-12-01' }, days: 7 });
    expect(parseEmbedSpec('kpi', p('metrics=aht'), now)).toMatchObject({ range: { from: '2026-11-04', to: '2026-12-01' }, days: 28 });
  });

  it('says which parameter is wrong', () => {
    expect(parseEmbedSpec('pie', p('metric=aht'), now)).toBe('unknown chart "pie": use kpi, trend, leaderboard');
    expect(parseEmbedSpec('kpi', p(''), now)).toBe('metrics: name one or more metrics, comma-separated');
    expect(parseEmbedSpec('trend', p('metric=aht&from=2026-04-31&to=2026-05-01'), now)).toBe('from: a day such as 2026-04-01 (got "2026-04-31")');
    expect(parseEmbedSpec('trend', p('metric=aht&days=0'), now)).toBe('days: a whole number of days from 1 to 800 (got "0")');
    expect(parseEmbedSpec('trend', p('metric=aht&grain=hour'), now)).toBe('grain: DAY, WEEK or MONTH (got "HOUR")');
    expect(parseEmbedSpec('trend', p('metric=Robert%27);DROP'), now)).toBe('metric: "Robert\');DROP" is not a metric name');
  });

  it('writes back the URL it reads', () => {
    for (const [chart, q] of [['trend', 'metric=aht&from=2026-04-01&to=2026-04-30&grain=MONTH&team=t2&attribution=AS_IS&compare=1'], ['leaderboard', 'metric=aht&days=7&board=t2'], ['kpi', 'metrics=aht%2Ccsat&days=28&employee=e1']] as const) {
      const spec = parseEmbedSpec(chart, p(q), now) as EmbedSpec;
      expect(embedParams(spec).toString()).toBe(q);
      expect(parseEmbedSpec(chart, embedParams(spec), now)).toEqual(spec);
    }
  });

  it('the query a chart asks, and the snippets to paste (the token in the fragment of the frame, as access_token for CSV)', () => {
    const spec = parseEmbedSpec('kpi', p('metrics=aht&from=2026-04-01&to=2026-04-30&employee=e1'), now) as EmbedSpec;
    expect(embedQuery(spec, 'UTC')).toEqual({
      metrics: ['aht'], from: new Date(2026, 3, 1).toISOString(), to: new Date(2026, 4, 1).toISOString(), timezone: 'UTC', attribution: 'AS_WAS',
      filters: [{ dimension: 'EMPLOYEE', values: ['e1'] }],
    });
    const s = embedSnippets('https://sb.example', spec, 'T.O.K', 'My "AHT"', 'UTC');
    expect(s.iframeUrl).toBe('https://sb.example/embed/kpi?metrics=aht&from=2026-04-01&to=2026-04-30&employee=e1#token=T.O.K');
    expect(s.iframe).toContain('title="My &quot;AHT&quot;"');
    expect(s.script).toBe('<script src="https://sb.example/embed.js" data-chart="kpi" data-metrics="aht" data-from="2026-04-01" data-to="2026-04-30" data-employee="e1" data-title="My &quot;AHT&quot;" data-token="T.O.K" async></script>');
    expect(s.csv).toMatch(/^https:\/\/sb\.example\/export\/metricData\.csv\?query=%7B.*&access_token=T\.O\.K$/);
    expect(JSON.parse(decodeURIComponent(/query=([^&]+)/.exec(s.csv!)![1]))).toEqual(embedQuery(spec, 'UTC'));
  });
});
