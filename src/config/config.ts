import path from 'path';
import { z } from 'zod';
import { isValidTimeZone } from '../canonical/dates';

/** Typed, validated runtime configuration, read from the environment. */
export interface Config {
  /** PostgreSQL URL; undefined means "start the embedded PostgreSQL". */
  databaseUrl: string | undefined;
  port: number;
  /** Folder for the embedded database, the generated JWT secret and other local state. */
  dataDir: string;
  /** HS256 secret; undefined means "generate one once and keep it in dataDir". */
  jwtSecret: string | undefined;
  jwksUrl: string | undefined;
  /** Required `iss` of tokens (required with a JWKS; checked for HS256 tokens when set). */
  jwtIssuer: string | undefined;
  /** Required `aud` of tokens (required with a JWKS; checked for HS256 tokens when set). */
  jwtAudience: string | undefined;
  /** PostgreSQL statement_timeout for every statement the GraphQL API runs, in milliseconds. */
  statementTimeoutMs: number;
  /** IANA zone used to turn instants into org-chart dates. */
  orgTimezone: string;
  /** Port of the embedded PostgreSQL. */
  embeddedPgPort: number;
  /** A source record larger than this is rejected as malformed, never buffered (`--max-record-bytes`). */
  maxRecordBytes: number;
  /** Scale-out (docs/scaling.md); optional so that hand-built configs (tests) may leave them out. */
  /** Read-only GraphQL operations run here (a streaming-replication standby); unset = the primary. */
  readDatabaseUrl?: string;
  /** The metricData result cache: 'on' (default) or 'off' (SWITCHBOARD_CACHE). */
  cache?: 'on' | 'off';
  /** Bound of the in-memory result cache, in megabytes. */
  cacheMaxMb?: number;
  /** A shared result cache in Redis (SWITCHBOARD_REDIS_URL); unset = in memory only. */
  redisUrl?: string;
  /** Bearer token required by /metrics; unset = /metrics answers loopback clients only. */
  metricsToken?: string;
}

/** A configuration problem: always names the variable, never carries a stack to the user. */
export class ConfigError extends Error {
  constructor(readonly variable: string, message: string) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

export { isValidTimeZone };

/** Bounds of the maximum record size: at least 1 KiB, at most 1 GiB. */
export const MAX_RECORD_BYTES = { min: 1024, max: 1 << 30, default: 1 << 20 } as const;

/** Why `text` is not a valid maximum record size, or null. */
export function maxRecordBytesProblem(text: string): string | null {
  if (!/^\d+$/.test(text)) return 'must be a whole number of bytes';
  const n = Number(text);
  return n < MAX_RECORD_BYTES.min || n > MAX_RECORD_BYTES.max ? `must be between ${MAX_RECORD_BYTES.min} and ${MAX_RECORD_BYTES.max} (bytes)` : null;
}

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

const port = (fallback: number) =>
  z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^\d+$/, 'must be a whole number')
      .transform(Number)
      .refine((n) => n >= 1 && n <= 65535, 'must be between 1 and 65535')
      .optional(),
  ).transform((v) => v ?? fallback);

const fields = {
  DATABASE_URL: z.preprocess(
    blankToUndefined,
    z
      .string()
      .refine((v) => {
        try {
          const u = new URL(v);
          return u.protocol === 'postgres:' || u.protocol === 'postgresql:';
        } catch {
          return false;
        }
      }, 'must be a postgres:// or postgresql:// URL')
      .optional(),
  ),
  PORT: port(4000),
  SWITCHBOARD_DATA_DIR: z.preprocess(blankToUndefined, z.string().optional()),
  SWITCHBOARD_JWT_SECRET: z.preprocess(
    blankToUndefined,
    z.string().min(32, 'must be at least 32 characters (HS256)').optional(),
  ),
  SWITCHBOARD_JWKS_URL: z.preprocess(
    blankToUndefined,
    z.string().url('must be an http(s) URL').optional(),
  ),
  SWITCHBOARD_JWT_ISSUER: z.preprocess(blankToUndefined, z.string().optional()),
  SWITCHBOARD_JWT_AUDIENCE: z.preprocess(blankToUndefined, z.string().optional()),
  SWITCHBOARD_STATEMENT_TIMEOUT_MS: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^\d+$/, 'must be a whole number of milliseconds')
      .transform(Number)
      .refine((n) => n >= 100, 'must be at least 100 (milliseconds)')
      .optional(),
  ).transform((v) => v ?? 30000),
  SWITCHBOARD_ORG_TIMEZONE: z.preprocess(
    blankToUndefined,
    z.string().refine(isValidTimeZone, 'must be an IANA time zone such as UTC or Europe/Paris').optional(),
  ),
  SWITCHBOARD_EMBEDDED_PG_PORT: port(54329),
  SWITCHBOARD_MAX_RECORD_BYTES: z.preprocess(
    blankToUndefined,
    z
      .string()
      .superRefine((v, ctx) => {
        const problem = maxRecordBytesProblem(v);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .transform(Number)
      .optional(),
  ).transform((v) => v ?? MAX_RECORD_BYTES.default),
  SWITCHBOARD_READ_DATABASE_URL: z.preprocess(
    blankToUndefined,
    z
      .string()
      .refine((v) => {
        try {
          const u = new URL(v);
          return u.protocol === 'postgres:' || u.protocol === 'postgresql:';
        } catch {
          return false;
        }
      }, 'must be a postgres:// or postgresql:// URL')
      .optional(),
  ),
  SWITCHBOARD_CACHE: z.preprocess(blankToUndefined, z.enum(['on', 'off'], { message: 'must be on or off' }).optional()).transform((v) => v ?? 'on'),
  SWITCHBOARD_CACHE_MAX_MB: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^\d+$/, 'must be a whole number of megabytes')
      .transform(Number)
      .refine((n) => n >= 1 && n <= 65536, 'must be between 1 and 65536 (megabytes)')
      .optional(),
  ).transform((v) => v ?? 64),
  SWITCHBOARD_REDIS_URL: z.preprocess(
    blankToUndefined,
    z
      .string()
      .refine((v) => {
        try {
          const u = new URL(v);
          return u.protocol === 'redis:' || u.protocol === 'rediss:';
        } catch {
          return false;
        }
      }, 'must be a redis:// or rediss:// URL')
      .optional(),
  ),
  SWITCHBOARD_METRICS_TOKEN: z.preprocess(blankToUndefined, z.string().min(16, 'must be at least 16 characters').optional()),
} as const;

type Env = Record<string, string | undefined>;

/** Reads and validates the configuration; throws ConfigError naming the first bad variable. */
export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): Config {
  const out: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(fields)) {
    const parsed = (schema as z.ZodType).safeParse(env[name]);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const shown = env[name] === undefined ? '' : ` (got ${JSON.stringify(env[name])})`;
      throw new ConfigError(name, `${issue?.message ?? 'invalid value'}${shown}`);
    }
    out[name] = parsed.data;
  }
  if (out.SWITCHBOARD_JWKS_URL && (!out.SWITCHBOARD_JWT_ISSUER || !out.SWITCHBOARD_JWT_AUDIENCE)) {
    // Without both, any token the identity provider signs for any application would do.
    throw new ConfigError('SWITCHBOARD_JWKS_URL', 'needs SWITCHBOARD_JWT_ISSUER and SWITCHBOARD_JWT_AUDIENCE (the issuer and audience your identity provider puts in tokens for Switchboard)');
  }
  const dataDir = path.resolve(cwd, (out.SWITCHBOARD_DATA_DIR as string | undefined) ?? '.switchboard');
  return {
    databaseUrl: out.DATABASE_URL as string | undefined,
    port: out.PORT as number,
    dataDir,
    jwtSecret: out.SWITCHBOARD_JWT_SECRET as string | undefined,
    jwksUrl: out.SWITCHBOARD_JWKS_URL as string | undefined,
    jwtIssuer: out.SWITCHBOARD_JWT_ISSUER as string | undefined,
    jwtAudience: out.SWITCHBOARD_JWT_AUDIENCE as string | undefined,
    statementTimeoutMs: out.SWITCHBOARD_STATEMENT_TIMEOUT_MS as number,
    orgTimezone: (out.SWITCHBOARD_ORG_TIMEZONE as string | undefined) ?? 'UTC',
    embeddedPgPort: out.SWITCHBOARD_EMBEDDED_PG_PORT as number,
    maxRecordBytes: out.SWITCHBOARD_MAX_RECORD_BYTES as number,
    readDatabaseUrl: out.SWITCHBOARD_READ_DATABASE_URL as string | undefined,
    cache: out.SWITCHBOARD_CACHE as 'on' | 'off',
    cacheMaxMb: out.SWITCHBOARD_CACHE_MAX_MB as number,
    redisUrl: out.SWITCHBOARD_REDIS_URL as string | undefined,
    metricsToken: out.SWITCHBOARD_METRICS_TOKEN as string | undefined,
  };
}
