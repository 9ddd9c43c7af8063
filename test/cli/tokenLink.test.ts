import { jwtVerify } from 'jose';
import { runCli } from '../support/cli';

describe('switchboard token --link', () => {
  it('prints a sign-in link to the web app on PORT, with the token in the fragment', async () => {
    const secret = 'z'.repeat(40);
    const r = runCli(['token', '--role', 'supervisor', '--employee', 'E1004', '--link'], { SWITCHBOARD_JWT_SECRET: secret, PORT: '4321' });
    expect(r.status).toBe(0);
    const m = /^http:\/\/localhost:4321\/#token=([\w-]+\.[\w-]+\.[\w-]+)\n$/.exec(r.stdout);
    expect(m).not.toBeNull();
    const { payload } = await jwtVerify(m![1], new TextEncoder().encode(secret), { algorithms: ['HS256'] });
    expect(payload).toMatchObject({ role: 'supervisor', sub: 'E1004' });
  });
});
