/**
 * The bearer token the app sends with every GraphQL request.
 *
 * It is kept in sessionStorage, not localStorage: a token is a credential for people's
 * performance data, and contact centres often share desks. sessionStorage keeps it to
 * the one tab (a reload keeps you signed in, closing the tab signs you out) and it is
 * never sent anywhere by the browser on its own, unlike a cookie. Either storage can be
 * read by a script injected into the page, so the server sends a strict
 * Content-Security-Policy (src/api/webApp.ts).
 */

const KEY = 'switchboard.token';

/** What the app shows about a token; the server is the only judge of whether it is valid. */
export interface TokenClaims {
  role: string | null;
  /** Employee id, when the token names one. */
  sub: string | null;
  /** Expiry, seconds since the epoch. */
  exp: number | null;
}

/** Why a pasted text cannot be a token, or null when it looks like one. */
export function tokenProblem(text: string, nowMs = Date.now()): string | null {
  const t = text.trim();
  if (t === '') return 'Paste a token first.';
  const claims = decodeClaims(t);
  if (!claims) return 'That is not a token: a token is three base64url parts separated by dots (eyJ…).';
  if (isExpired(claims, nowMs)) return `That token expired at ${new Date(claims.exp! * 1000).toLocaleString('en-US')}: mint a new one.`;
  return null;
}

function base64UrlDecode(part: string): string {
  const b64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
  // bytes → UTF-8 text (claims may hold names with accents)
  return decodeURIComponent(Array.from(atob(b64), (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join(''));
}

/** Reads a JWT's payload without verifying it (only the server can verify). */
export function decodeClaims(token: string): TokenClaims | null {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]+$/.test(p))) return null;
  try {
    const payload = JSON.parse(base64UrlDecode(parts[1])) as Record<string, unknown>;
    if (typeof payload !== 'object' || payload === null) return null;
    return {
      role: typeof payload.role === 'string' ? payload.role : null,
      sub: typeof payload.sub === 'string' ? payload.sub : null,
      exp: typeof payload.exp === 'number' ? payload.exp : null,
    };
  } catch {
    return null;
  }
}

export function isExpired(claims: TokenClaims, nowMs = Date.now()): boolean {
  return claims.exp !== null && claims.exp * 1000 <= nowMs;
}

/**
 * The token in a sign-in link's fragment (`#token=<jwt>`, as `switchboard token --link`
 * prints it). A fragment never reaches the server, so the token is not written to access logs.
 */
export function tokenFromFragment(hash: string): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const t = params.get('token');
  return t && t.trim() !== '' ? t.trim() : null;
}

/** The fragment without its token (other parameters kept), '' when nothing is left. */
export function fragmentWithoutToken(hash: string): string {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  params.delete('token');
  const rest = params.toString();
  return rest ? `#${rest}` : '';
}

export const tokenStore = {
  get(): string | null {
    try {
      return sessionStorage.getItem(KEY);
    } catch {
      return null; // storage disabled: the user signs in again on each load
    }
  },
  set(token: string): void {
    sessionStorage.setItem(KEY, token);
  },
  clear(): void {
    try {
      sessionStorage.removeItem(KEY);
    } catch {
      /* nothing stored */
    }
  },
};

/**
 * Takes a token out of the address bar: stores it and rewrites the URL without it, so
 * that it is neither bookmarked nor left in the history. Returns whether one was found.
 */
export function adoptTokenFromUrl(loc: Location = window.location, history: History = window.history): boolean {
  const token = tokenFromFragment(loc.hash);
  if (!token) return false;
  tokenStore.set(token);
  history.replaceState(history.state, '', `${loc.pathname}${loc.search}${fragmentWithoutToken(loc.hash)}`);
  return true;
}
