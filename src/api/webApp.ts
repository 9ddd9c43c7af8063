import fs from 'fs';
import path from 'path';
import express from 'express';
import { repoRoot } from '../config/paths';

/** Where `npm run build` (vite) writes the web app. */
export const WEB_DIST = path.join(repoRoot(), 'web', 'dist');

/** Paths that belong to the server, never to the app's client-side routes. */
const SERVER_PATHS = /^\/(graphql|healthz|metrics|export)(\/|$)/;

const NOT_BUILT = 'The Switchboard web app is not built: run `npm run build` (or `npm ci`) in the repository, then restart the server.\n';

/**
 * The page may load only its own scripts and talk only to its own origin: the bearer
 * token lives in sessionStorage, so an injected script is what there is to fear.
 * (Styles allow inline: React and ECharts set style attributes.)
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "object-src 'none'",
];

/**
 * The app's own pages may not be framed (clickjacking: a signed-in page under
 * someone else's buttons). Embedded charts (/embed/…) are made to be framed by any
 * app: what they show is decided by their token (short-lived, read-only, narrowed:
 * createEmbedToken), not by who frames them.
 */
const EMBED_PATH = /^\/embed\//;
const cspFor = (p: string) => [...CSP, `frame-ancestors ${EMBED_PATH.test(p) ? '*' : "'none'"}`].join('; ');

/** A request a browser makes for a page (not for a script, an image or an API). */
function wantsPage(req: express.Request): boolean {
  return (req.method === 'GET' || req.method === 'HEAD') && !SERVER_PATHS.test(req.path) && !path.extname(req.path) && req.accepts(['html', 'json']) === 'html';
}

/**
 * Serves the built web app at `/` on the same port as /graphql: hashed assets with a
 * one-year immutable cache, and index.html (never cached, so a deploy is picked up) for
 * every client route, so a bookmarked address such as /team/care opens that view.
 */
export function mountWebApp(app: express.Express, dir = WEB_DIST): void {
  const index = path.join(dir, 'index.html');
  if (!fs.existsSync(index)) {
    app.use((req, res, next) => (wantsPage(req) ? res.status(503).type('text/plain').send(NOT_BUILT) : next()));
    return;
  }
  // Vite names every file under assets/ by its content hash: a changed file is a new URL.
  app.use('/assets', express.static(path.join(dir, 'assets'), { immutable: true, maxAge: '1y', index: false, fallthrough: false }));
  app.use(express.static(dir, { index: false, maxAge: 0 }));
  app.use((req, res, next) => {
    if (!wantsPage(req)) return next();
    res.set({ 'Cache-Control': 'no-cache', 'Content-Security-Policy': cspFor(req.path), 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' });
    res.sendFile(index);
  });
}
