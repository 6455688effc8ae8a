import { randomBytes } from 'node:crypto';
import { AppError } from './shared/app-error.ts';
import { parseInstitution, type Institution } from './modules/system/institution.ts';
import { parseBiometricConfig, type BiometricConfig } from './modules/biometric-store/biometric-config.ts';

/**
 * Every setting the server reads from its environment, parsed once at start-up. Services receive
 * the parts they need; nothing else reads `process.env`, so tests build a Config in one line.
 */
export interface Config {
  nodeEnv: 'production' | 'development' | 'test';
  port: number;
  host: string;
  /** When set, PostgreSQL through `pg`; otherwise embedded PGlite. */
  databaseUrl: string | null;
  /** PGlite data directory; `null` means in-memory (tests). Ignored when `databaseUrl` is set. */
  dataDir: string | null;
  /** When set, CURPs are checked against this RENAPO-like HTTP service instead of the embedded table. */
  renapoUrl: string | null;
  /** Bearer key for the RENAPO gateway, if it asks for one. */
  renapoApiKey: string | null;
  /** When set, the mail dispatcher delivers the outbox through this SMTP server. */
  smtpUrl: string | null;
  mailFrom: string;
  /** Signs the CSRF secret cookie and keys the HMAC of recovery codes at rest. */
  sessionSecret: string;
  /** True when SESSION_SECRET was not given and a random one was made (sessions die on restart). */
  sessionSecretGenerated: boolean;
  /** `auto`: Secure cookies exactly when the request came over TLS (see `trustProxy`). */
  cookieSecure: boolean | 'auto';
  trustProxy: boolean;
  /** Demo mode seeds demo people and accounts and serves `/demo/outbox`. */
  demo: boolean;
  logLevel: string;
  bodyLimitBytes: number;
  rateLimit: { windowMs: number; max: number; authMax: number };
  sessionTtlMs: number;
  argon2: { memoryCost: number; timeCost: number; parallelism: number };
  lockout: { threshold: number; baseMs: number; maxMs: number };
  recovery: { ttlMs: number; maxAttempts: number };
  mailPollMs: number;
  /** Keys, image retention, thresholds per purpose, worker counts (modules/biometric-store/biometric-config.ts). */
  biometrics: BiometricConfig;
  /** Name, logo, privacy notice and help line the web app shows (modules/system/institution.ts). */
  institution: Institution;
}

type Env = Record<string, string | undefined>;

/**
 * OWASP's argon2id minimum (19 MiB, 2 passes). Tests use a tiny cost because the suite hashes
 * hundreds of passwords on a shared 2-core machine; the switch is NODE_ENV=test only.
 */
const ARGON2_PRODUCTION = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };
const ARGON2_TEST = { memoryCost: 1_024, timeCost: 1, parallelism: 1 };

export function loadConfig(env: Env = process.env): Config {
  const nodeEnv = parseNodeEnv(env.NODE_ENV);
  const isTest = nodeEnv === 'test';
  const secret = env.SESSION_SECRET?.trim() || null;
  if (nodeEnv === 'production' && (!secret || secret.length < 32)) {
    throw configError('SESSION_SECRET', 'debe tener al menos 32 caracteres en producción');
  }
  const dataDir = env.DATA_DIR?.trim() || (isTest ? null : '.data/pglite');
  return {
    nodeEnv,
    port: parseInteger(env, 'PORT', 3000, 0, 65_535),
    host: env.HOST?.trim() || '127.0.0.1',
    databaseUrl: env.DATABASE_URL?.trim() || null,
    dataDir: dataDir === ':memory:' ? null : dataDir,
    renapoUrl: env.RENAPO_URL?.trim() || null,
    renapoApiKey: env.RENAPO_API_KEY?.trim() || null,
    smtpUrl: env.SMTP_URL?.trim() || null,
    mailFrom: env.MAIL_FROM?.trim() || 'SIAP Biométrico <no-responder@siap.local>',
    sessionSecret: secret ?? randomBytes(32).toString('base64url'),
    sessionSecretGenerated: secret === null,
    cookieSecure: parseCookieSecure(env.COOKIE_SECURE),
    trustProxy: parseBoolean(env, 'TRUST_PROXY', false),
    demo: parseBoolean(env, 'DEMO', nodeEnv !== 'production'),
    logLevel: env.LOG_LEVEL?.trim() || (isTest ? 'silent' : 'info'),
    bodyLimitBytes: parseInteger(env, 'BODY_LIMIT_BYTES', 1_048_576, 1_024, 64 * 1_048_576),
    rateLimit: {
      windowMs: 60_000,
      max: parseInteger(env, 'RATE_LIMIT_MAX', 300, 1, 1_000_000),
      authMax: parseInteger(env, 'RATE_LIMIT_AUTH_MAX', isTest ? 1_000 : 20, 1, 1_000_000),
    },
    sessionTtlMs: parseInteger(env, 'SESSION_TTL_MINUTES', 8 * 60, 1, 7 * 24 * 60) * 60_000,
    argon2: isTest ? ARGON2_TEST : ARGON2_PRODUCTION,
    lockout: { threshold: 5, baseMs: 60_000, maxMs: 60 * 60_000 },
    recovery: { ttlMs: 15 * 60_000, maxAttempts: 5 },
    mailPollMs: 5_000,
    biometrics: parseBiometricConfig(env, { nodeEnv, demo: parseBoolean(env, 'DEMO', nodeEnv !== 'production') }),
    institution: parseInstitution(env, parseBoolean(env, 'DEMO', nodeEnv !== 'production')),
  };
}

/** A Config for tests: in-memory database unless DATABASE_URL is set, quiet logs, cheap hashing. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({ NODE_ENV: 'test', SESSION_SECRET: 'test-secret-test-secret-test-secret!' }), ...overrides };
}

function parseNodeEnv(value: string | undefined): Config['nodeEnv'] {
  if (value === 'production' || value === 'test') return value;
  return 'development';
}

function parseInteger(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw configError(name, `debe ser un entero entre ${min} y ${max}`);
  }
  return value;
}

function parseBoolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (['1', 'true', 'yes', 'si', 'sí'].includes(raw)) return true;
  if (['0', 'false', 'no'].includes(raw)) return false;
  throw configError(name, 'debe ser true o false');
}

function parseCookieSecure(value: string | undefined): boolean | 'auto' {
  const raw = value?.trim().toLowerCase();
  if (!raw || raw === 'auto') return 'auto';
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw configError('COOKIE_SECURE', 'debe ser true, false o auto');
}

function configError(name: string, problem: string): AppError {
  return new AppError('CONFIG_INVALID', `Configuración inválida: ${name} ${problem}.`, 500, { variable: name });
}
