import { decodeCursor, encodeCursor } from '../../src/api/resolvers/ContactResolver';

describe('contacts page cursors', () => {
  it('carry the last contact’s time to the microsecond and its id', () => {
    const c = { at: '2026-04-07T11:00:00.123456Z', id: 'a,7"' };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
    expect(encodeCursor(c)).toMatch(/^[A-Za-z0-9_-]+$/); // URL-safe
  });

  it.each([
    ['not base64 JSON', 'bm90IGEgY3Vyc29y'],
    ['a time without microseconds', Buffer.from(JSON.stringify(['2026-04-07T11:00:00Z', 'a7'])).toString('base64url')],
    ['a number for the id', Buffer.from(JSON.stringify(['2026-04-07T11:00:00.000000Z', 7])).toString('base64url')],
    ['three parts', Buffer.from(JSON.stringify(['2026-04-07T11:00:00.000000Z', 'a7', 'x'])).toString('base64url')],
  ])('refuses %s, naming the argument', (_what, s) => {
    expect(() => decodeCursor(s)).toThrow(/^after: ".*" is not a cursor of contacts \(pass pageInfo.endCursor of the previous page\)$/);
  });
});
