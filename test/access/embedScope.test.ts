import { embedGrantOf, embedScope, Principal, resolveScope } from '../../src/access';
import { useDatabase } from '../support/useDatabase';
import { seedAccessOrg, TODAY } from './fixture';

/**
 * An embed token's scope is its minter's, narrowed to its team's subtree today, and
 * never wider (src/access/embed.ts), on the hand-drawn org of ./fixture.ts.
 */
const db = useDatabase('embedscope');
beforeAll(() => seedAccessOrg(db.ds));

const embed = (role: Principal['role'], employeeId: string | null, teamId: string | null): Principal => ({ role, employeeId, embed: { teamId } });
const scopeOf = async (p: Principal) => embedScope(db.ds, p, TODAY, await resolveScope(db.ds, p, TODAY));

describe('embedScope', () => {
  it('an executive narrowed to a team sees who is in its subtree today: no leavers, no unattributed facts', async () => {
    // sales today: sales-inbound (S3, A4, and A2 since 2026-11-10), care-retention (S2, A3, moved in 2026-11-20), M1.
    expect(await scopeOf(embed('executive', 'X1', 'sales'))).toEqual({ kind: 'subtree', teamId: 'sales', asOf: TODAY, employeeIds: ['A2', 'A3', 'A4', 'M1', 'S2', 'S3'] });
    expect(await scopeOf(embed('admin', null, 'care-general'))).toEqual({ kind: 'subtree', teamId: 'care-general', asOf: TODAY, employeeIds: ['A1', 'S1'] });
  });

  it('a director narrowed inside their subtree keeps the intersection; the director themselves is not added', async () => {
    expect(await scopeOf(embed('director', 'D1', 'care-general'))).toEqual({ kind: 'subtree', teamId: 'care-general', asOf: TODAY, employeeIds: ['A1', 'S1'] });
  });

  it('a team that has since moved out of the minter’s subtree yields nobody (the token was minted before the move)', async () => {
    // care-retention left care on 2026-11-20: D1 (care) could name it before, not today.
    expect(await scopeOf(embed('director', 'D1', 'care-retention'))).toEqual({ kind: 'subtree', teamId: 'care-retention', asOf: TODAY, employeeIds: [] });
  });

  it('own rows stay own rows, whatever team the token names; no team means the minter’s whole scope', async () => {
    expect(await scopeOf(embed('agent', 'A1', 'care'))).toEqual({ kind: 'employee', employeeId: 'A1' });
    expect(await scopeOf(embed('supervisor', 'S1', null))).toEqual(await resolveScope(db.ds, { role: 'supervisor', employeeId: 'S1' }, TODAY));
    expect(await scopeOf(embed('executive', 'X1', null))).toEqual({ kind: 'all' });
  });
});

describe('embedGrantOf (claims of a verified token)', () => {
  const iat = 1_800_000_000;
  it('reads embed and embed_team; an ordinary token has no grant', () => {
    expect(embedGrantOf({ role: 'agent', iat, exp: iat + 3600 }, 30)).toBeUndefined();
    expect(embedGrantOf({ embed: true, iat, exp: iat + 3600 }, 30)).toEqual({ teamId: null });
    expect(embedGrantOf({ embed: true, embed_team: 'care', iat, exp: iat + 86400 + 30 }, 30)).toEqual({ teamId: 'care' });
  });
  it('refuses an embed token living longer than 24 h, without iat, or with malformed claims', () => {
    expect(() => embedGrantOf({ embed: true, iat, exp: iat + 86400 + 31 }, 30)).toThrow(/at most 24 h/);
    expect(() => embedGrantOf({ embed: true, exp: iat }, 30)).toThrow(/needs iat and exp/);
    expect(() => embedGrantOf({ embed: 'yes', iat, exp: iat + 60 }, 30)).toThrow(/must be true/);
    expect(() => embedGrantOf({ embed: true, embed_team: 7, iat, exp: iat + 60 }, 30)).toThrow(/embed_team/);
  });
});
