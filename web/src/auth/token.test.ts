/** @jest-environment jsdom */
import { adoptTokenFromUrl, decodeClaims, fragmentWithoutToken, isExpired, tokenFromFragment, tokenProblem, tokenStore } from './token';

// A token as `switchboard token` mints it (HS256), written out by hand: the payload is
// {"role":"agent","sub":"E1010","iat":1780000000,"exp":1780003600}.
const payload = Buffer.from(JSON.stringify({ role: 'agent', sub: 'E1010', iat: 1780000000, exp: 1780003600 })).toString('base64url');
const TOKEN = `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.${payload}.c2lnbmF0dXJl`;

describe('token claims', () => {
  it('reads role, subject and expiry without verifying', () => {
    expect(decodeClaims(TOKEN)).toEqual({ role: 'agent', sub: 'E1010', exp: 1780003600 });
  });

  it('refuses what is not a JWT', () => {
    expect(decodeClaims('not-a-token')).toBeNull();
    expect(decodeClaims('a.b')).toBeNull();
    expect(decodeClaims('a.%%%.c')).toBeNull();
    expect(decodeClaims(`x.${Buffer.from('not json').toString('base64url')}.y`)).toBeNull();
  });

  it('knows when a token has expired', () => {
    const claims = decodeClaims(TOKEN)!;
    expect(isExpired(claims, 1780003599_000)).toBe(false);
    expect(isExpired(claims, 1780003600_000)).toBe(true);
    expect(isExpired({ role: 'admin', sub: null, exp: null })).toBe(false);
  });

  it('says what is wrong with a pasted text', () => {
    expect(tokenProblem('   ')).toBe('Paste a token first.');
    expect(tokenProblem('hello')).toMatch(/^That is not a token/);
    expect(tokenProblem(TOKEN, 1780009999_000)).toMatch(/^That token expired at /);
    expect(tokenProblem(`  ${TOKEN}\n`, 1780000001_000)).toBeNull();
  });
});

describe('sign-in links (#token=…)', () => {
  it('finds the token in the fragment and keeps the rest', () => {
    expect(tokenFromFragment(`#token=${TOKEN}`)).toBe(TOKEN);
    expect(tokenFromFragment(`#view=1&token=${TOKEN}`)).toBe(TOKEN);
    expect(tokenFromFragment('#token=')).toBeNull();
    expect(tokenFromFragment('')).toBeNull();
    expect(fragmentWithoutToken(`#token=${TOKEN}`)).toBe('');
    expect(fragmentWithoutToken(`#view=1&token=${TOKEN}`)).toBe('#view=1');
  });

  it('stores the token in sessionStorage and removes it from the address bar', () => {
    window.history.replaceState(null, '', `/team/t2?from=2026-02-01#token=${TOKEN}`);
    expect(adoptTokenFromUrl()).toBe(true);
    expect(window.location.pathname + window.location.search + window.location.hash).toBe('/team/t2?from=2026-02-01');
    expect(sessionStorage.getItem('switchboard.token')).toBe(TOKEN);
    expect(localStorage.length).toBe(0);
    expect(adoptTokenFromUrl()).toBe(false); // nothing left to adopt
    tokenStore.clear();
    expect(tokenStore.get()).toBeNull();
  });
});
