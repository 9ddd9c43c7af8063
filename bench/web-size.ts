/**
 * Web app size (issue 13): what a browser downloads on the first load of the built app
 * (the entry script, the modules it preloads, the stylesheets index.html links) and
 * what is fetched later (the chart chunk), raw and gzip-compressed. Prints one JSON report.
 *
 *   npm run bench:web-size
 *
 * Not a test: it never runs in `npm test`.
 */
import fs from 'fs';
import path from 'path';
import zlib from 'zlib';
import { WEB_DIST } from '../src/api/webApp';

interface FileSize {
  file: string;
  bytes: number;
  gzip: number;
}

function size(file: string): FileSize {
  const body = fs.readFileSync(path.join(WEB_DIST, file));
  return { file, bytes: body.length, gzip: zlib.gzipSync(body, { level: 9 }).length };
}

const sum = (xs: FileSize[], k: 'bytes' | 'gzip') => xs.reduce((n, x) => n + x[k], 0);

function main(): void {
  const indexFile = path.join(WEB_DIST, 'index.html');
  if (!fs.existsSync(indexFile)) throw new Error(`no web build at ${WEB_DIST}: run \`npm run build\` first`);
  const html = fs.readFileSync(indexFile, 'utf8');
  const linked = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((m) => m[1]);
  const first = [...new Set(linked)].map(size);
  const all = fs.readdirSync(path.join(WEB_DIST, 'assets')).map((f) => `assets/${f}`);
  const later = all.filter((f) => !linked.includes(f)).map(size);
  const js = (xs: FileSize[]) => xs.filter((x) => x.file.endsWith('.js'));
  const css = (xs: FileSize[]) => xs.filter((x) => x.file.endsWith('.css'));
  const report = {
    benchmark: 'web-size',
    dist: path.relative(process.cwd(), WEB_DIST) || '.',
    firstLoad: {
      jsBytes: sum(js(first), 'bytes'),
      jsGzip: sum(js(first), 'gzip'),
      cssGzip: sum(css(first), 'gzip'),
      htmlGzip: zlib.gzipSync(html, { level: 9 }).length,
      files: first,
    },
    onDemand: { jsBytes: sum(js(later), 'bytes'), jsGzip: sum(js(later), 'gzip'), files: later },
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

main();
