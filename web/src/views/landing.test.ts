import { navFor } from '../components/Layout';
import { landingFor } from './Home';
import { refreshMs } from './Wallboard';

describe('where each role goes', () => {
  it('agents start on their own numbers, leads on their team, executives on the whole', () => {
    expect(landingFor('agent')).toBe('/me');
    for (const r of ['supervisor', 'manager', 'director']) expect(landingFor(r)).toBe('/team');
    for (const r of ['executive', 'analyst', 'admin']) expect(landingFor(r)).toBe('/executive');
  });

  it('the navigation offers each role its views', () => {
    expect(navFor('agent').map((n) => n.to)).toEqual(['/me', '/catalog', '/wallboard']);
    expect(navFor('supervisor').map((n) => n.to)).toEqual(['/me', '/team', '/catalog', '/wallboard']);
    expect(navFor('executive').map((n) => n.to)).toEqual(['/me', '/team', '/executive', '/catalog', '/wallboard']);
  });

  it('the wallboard refreshes every 30 s unless told otherwise (never faster than every 5 s)', () => {
    expect(refreshMs(null)).toBe(30000);
    expect(refreshMs('10')).toBe(10000);
    expect(refreshMs('1')).toBe(30000);
    expect(refreshMs('soon')).toBe(30000);
  });
});
