import fs from 'fs';
import http from 'http';
import os from 'os';
import path from 'path';
import express from 'express';
import { mountWebApp } from '../../src/api/webApp';

/** A server with only the web app mounted (the API routes are not needed to test serving). */
async function serveApp(dir: string) {
  const app = express();
  app.get('/graphql', (_req, res) => res.json({ api: true }));
  mountWebApp(app, dir);
  const server = http.createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return { base, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const html = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

describe('serving the web app', () => {
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-web-'));
  let s: Awaited<ReturnType<typeof serveApp>>;
  beforeAll(async () => {
    fs.mkdirSync(path.join(dist, 'assets'));
    fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><div id="root"></div><script type="module" src="/assets/index-abc123.js"></script>');
    fs.writeFileSync(path.join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
    s = await serveApp(dist);
  });
  afterAll(async () => {
    await s.close();
    fs.rmSync(dist, { recursive: true, force: true });
  });

  it('index.html at / and at every client route, never cached, with a strict CSP', async () => {
    for (const p of ['/', '/team/care-retention?from=2026-02-01', '/agent/E1010/day/2026-02-10', '/wallboard']) {
      const res = await fetch(`${s.base}${p}`, { headers: html });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'"); // no clickjacking of a signed-in page
      expect(await res.text()).toContain('<div id="root">');
    }
  });

  it('embedded charts (/embed/…) may be framed by any app; their token decides what they show', async () => {
    const res = await fetch(`${s.base}/embed/trend?metric=aht`, { headers: html });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain('frame-ancestors *');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('hashed assets are cached for a year; a missing asset is a 404, not the page', async () => {
    const res = await fetch(`${s.base}/assets/index-abc123.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await res.text()).toBe('console.log(1)');
    const missing = await fetch(`${s.base}/assets/index-old999.js`);
    expect(missing.status).toBe(404);
  });

  it('leaves the API alone: /graphql, and requests that do not ask for a page', async () => {
    expect(await (await fetch(`${s.base}/graphql`, { headers: html })).json()).toEqual({ api: true });
    const json = await fetch(`${s.base}/team/x`, { headers: { accept: 'application/json' } });
    expect(json.status).toBe(404);
    const post = await fetch(`${s.base}/team/x`, { method: 'POST', headers: html });
    expect(post.status).toBe(404);
  });

  it('without a build, / says in one line how to make one', async () => {
    const bare = await serveApp(path.join(dist, 'nothing-here'));
    try {
      const res = await fetch(`${bare.base}/`, { headers: html });
      expect(res.status).toBe(503);
      const text = await res.text();
      expect(text).toBe('The Switchboard web app is not built: run `npm run build` (or `npm ci`) in the repository, then restart the server.\n');
      expect(await (await fetch(`${bare.base}/graphql`)).json()).toEqual({ api: true });
    } finally {
      await bare.close();
    }
  });
});
