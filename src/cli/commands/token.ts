import { Command } from 'commander';
import { mintToken, parseTtl, resolveJwtSecret, TOKEN_ROLES, TokenRole } from '../../access';
import { loadConfig } from '../../config';
import { action, UserError } from '../run';

export function registerToken(program: Command): void {
  program
    .command('token')
    .description('mint a signed bearer token and print it alone on stdout')
    .requiredOption('--role <role>', `one of ${TOKEN_ROLES.join(', ')}`)
    .option('--employee <id>', 'employee id (the sub claim); required for agent, supervisor, manager, director')
    .option('--ttl <duration>', 'lifetime such as 30m, 1h, 7d', '1h')
    .option('--link', 'print a sign-in link to the web app (http://localhost:<PORT>/#token=…) instead of the bare token')
    .action(
      action(async (opts: { role: string; employee?: string; ttl: string; link?: boolean }) => {
        const config = loadConfig();
        if (!(TOKEN_ROLES as readonly string[]).includes(opts.role)) {
          throw new UserError(`--role: must be one of ${TOKEN_ROLES.join(', ')} (got ${JSON.stringify(opts.role)})`);
        }
        if (!opts.employee && ['agent', 'supervisor', 'manager', 'director'].includes(opts.role)) {
          throw new UserError(`--employee is required for role ${opts.role}`);
        }
        if (config.jwksUrl && !config.jwtSecret) {
          throw new UserError('SWITCHBOARD_JWKS_URL is set: tokens come from your identity provider, not from switchboard');
        }
        let ttlSeconds: number;
        try {
          ttlSeconds = parseTtl(opts.ttl);
        } catch (e) {
          throw new UserError((e as Error).message);
        }
        const token = await mintToken(resolveJwtSecret(config), {
          role: opts.role as TokenRole,
          employeeId: opts.employee,
          ttlSeconds,
          issuer: config.jwtIssuer,
          audience: config.jwtAudience,
        });
        // In the fragment, the token never reaches the server's access logs; the app stores it and removes it from the URL.
        process.stdout.write(opts.link ? `http://localhost:${config.port}/#token=${token}
` : `${token}
`);
      }),
    );
}
