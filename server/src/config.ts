import { createHash, randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { AppError } from './shared/app-error.ts';
import { parseInstitution, type Institution } from './modules/system/institution.ts';
import { DEMO_AUDIT_KEY } from './modules/audit/hash-chain.ts';
import { DEMO_KEK, parseBiometricConfig, type BiometricConfig } from './modules/biometric-store/biometric-config.ts';
import { assertStrongSecret } from './shared/secret-strength.ts';
import { DEFAULT_NOTICE_PATH, DEFAULT_POLICY_PATH } from './modules/privacy/notice.ts';
import { parseEmployerConfig, type EmployerConfig } from './modules/employer/employer-config.ts';
import { parseSignatureConfig, type SignatureConfig } from './modules/incapacity/signature-config.ts';

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
  /**
   * PostgreSQL only: run data statements as named prepared statements (db/prepared-statements.ts).
   * `DATABASE_PREPARED_STATEMENTS=false` behind a pooler in transaction mode that cannot keep them.
   */
  preparedStatements: boolean;
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
  /**
   * Addresses (IPs, CIDRs, or proxy-addr's `loopback`/`linklocal`/`uniquelocal`) of the reverse
   * proxies whose `X-Forwarded-*` headers are believed; `false` = believe none (issue 19 item 8).
   */
  trustProxy: false | string[];
  /** Whole-request deadline: a client that has not sent its full request by then is cut off (slow bodies). */
  requestTimeoutMs: number;
  /** Deadline for the request line and headers (slowloris). */
  headersTimeoutMs: number;
  /** HMAC key of the audit chain and where its signed checkpoints are written (modules/audit). */
  audit: { key: Buffer; keyId: string; demoKey: boolean; anchorFile: string | null; anchorEvery: number };
  /** PGlite: fsync on commit (default). `PGLITE_DURABLE=false` trades crash safety for speed. */
  pgliteDurable: boolean;
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
  /** The privacy notice file the institution edits (front matter `version:`), modules/privacy. */
  privacyNoticePath: string;
  /** Retention periods per data category, blocking period, the unidad de transparencia's mailbox (JSON the institution edits). */
  privacyPolicyPath: string;
  /** Pensioners' proof of life: months between proofs (modules/pension). */
  pension: { proofPeriodMonths: number };
  /** e.firma trust, constancia signing key, demo PKI folder (modules/employer/employer-config.ts). */
  employer: EmployerConfig;
  /** Biometric signatures: the keys folder and the TSA (modules/incapacity/signature-config.ts). */
  signature: SignatureConfig;
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
  const demo = parseBoolean(env, 'DEMO', nodeEnv !== 'production');
  if (demo && nodeEnv === 'production') {
    throw configError('DEMO', 'no puede ser true con NODE_ENV=production (el modo demostración publica correos y usa claves fijas)');
  }
  // Outside demo mode every secret must be one an attacker cannot guess (issue 19 item 12).
  const strict = !demo && !isTest;
  if (strict) {
    if (!secret) throw configError('SESSION_SECRET', 'es obligatorio fuera del modo demostración');
    assertStrongSecret('SESSION_SECRET', secret, configError);
  }
  const dataDir = env.DATA_DIR?.trim() || (isTest ? null : '.data/pglite');
  const biometrics = parseBiometricConfig(env, { nodeEnv, demo, dataDir: dataDir === ':memory:' ? null : dataDir });
  if (strict && (biometrics.demoKek || [...biometrics.keks.values()].some((key) => key.equals(DEMO_KEK)))) {
    throw configError('BIOMETRIC_KEKS', 'no puede usar la clave fija de demostración fuera del modo demostración');
  }
  return {
    nodeEnv,
    port: parseInteger(env, 'PORT', 3000, 0, 65_535),
    host: env.HOST?.trim() || '127.0.0.1',
    databaseUrl: env.DATABASE_URL?.trim() || null,
    preparedStatements: parseBoolean(env, 'DATABASE_PREPARED_STATEMENTS', true),
    dataDir: dataDir === ':memory:' ? null : dataDir,
    renapoUrl: env.RENAPO_URL?.trim() || null,
    renapoApiKey: env.RENAPO_API_KEY?.trim() || null,
    smtpUrl: env.SMTP_URL?.trim() || null,
    mailFrom: env.MAIL_FROM?.trim() || 'SIAP Biométrico <no-responder@siap.local>',
    sessionSecret: secret ?? randomBytes(32).toString('base64url'),
    sessionSecretGenerated: secret === null,
    cookieSecure: parseCookieSecure(env.COOKIE_SECURE),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    requestTimeoutMs: parseInteger(env, 'REQUEST_TIMEOUT_MS', 60_000, 100, 600_000),
    headersTimeoutMs: parseInteger(env, 'HEADERS_TIMEOUT_MS', 10_000, 100, 120_000),
    audit: parseAuditConfig(env, { strict, dataDir: dataDir === ':memory:' ? null : dataDir, usesPostgres: Boolean(env.DATABASE_URL?.trim()) }),
    pgliteDurable: parseBoolean(env, 'PGLITE_DURABLE', true),
    demo,
    logLevel: env.LOG_LEVEL?.trim() || (isTest ? 'silent' : 'info'),
    // JSON routes are small; routes that take images set their own larger `bodyLimit`.
    bodyLimitBytes: parseInteger(env, 'BODY_LIMIT_BYTES', 65_536, 1_024, 64 * 1_048_576),
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
    biometrics,
    privacyNoticePath: env.PRIVACY_NOTICE_PATH?.trim() || DEFAULT_NOTICE_PATH,
    privacyPolicyPath: env.PRIVACY_POLICY_PATH?.trim() || DEFAULT_POLICY_PATH,
    pension: { proofPeriodMonths: parseInteger(env, 'PROOF_OF_LIFE_PERIOD_MONTHS', 12, 1, 60) },
    employer: parseEmployerConfig(env, { demo: parseBoolean(env, 'DEMO', nodeEnv !== 'production'), dataDir: dataDir === ':memory:' ? null : dataDir }),
    signature: parseSignatureConfig(env, { demo: parseBoolean(env, 'DEMO', nodeEnv !== 'production'), dataDir: dataDir === ':memory:' ? null : dataDir }),
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

/**
 * `TRUST_PROXY=10.0.0.0/8,127.0.0.1` names the proxies whose forwarded headers count. `true` is
 * refused: believing any `X-Forwarded-For` lets every client choose its own IP (and rate limit).
 */
function parseTrustProxy(value: string | undefined): false | string[] {
  const raw = value?.trim();
  if (!raw || ['false', '0', 'no'].includes(raw.toLowerCase())) return false;
  if (['true', '1', 'yes', 'si', 'sí', '*'].includes(raw.toLowerCase())) {
    throw configError('TRUST_PROXY', 'debe listar las direcciones de los proxies de confianza (p. ej. 10.0.0.0/8,127.0.0.1), no true');
  }
  const entries = raw.split(',').map((entry) => entry.trim()).filter(Boolean);
  const address = /^(loopback|linklocal|uniquelocal|[0-9.]+(\/\d{1,2})?|[0-9a-fA-F:.]+(\/\d{1,3})?)$/;
  for (const entry of entries) {
    if (!address.test(entry)) throw configError('TRUST_PROXY', `contiene «${entry}», que no es una dirección IP ni una red CIDR`);
  }
  return entries;
}

function parseAuditConfig(env: Env, mode: { strict: boolean; dataDir: string | null; usesPostgres: boolean }): Config['audit'] {
  const raw = env.AUDIT_HMAC_KEY?.trim();
  let key: Buffer;
  let demoKey = false;
  if (raw) {
    assertStrongSecret('AUDIT_HMAC_KEY', raw, configError);
    key = Buffer.from(raw, 'utf8');
    if (key.equals(DEMO_AUDIT_KEY.key)) throw configError('AUDIT_HMAC_KEY', 'no puede ser la clave de demostración');
  } else if (mode.strict) {
    throw configError('AUDIT_HMAC_KEY', 'es obligatorio fuera del modo demostración (clave de la cadena de la bitácora, ≥ 32 caracteres aleatorios)');
  } else {
    key = DEMO_AUDIT_KEY.key;
    demoKey = true;
  }
  const keyId = env.AUDIT_KEY_ID?.trim() || (demoKey ? DEMO_AUDIT_KEY.keyId : createHash('sha256').update(key).digest('hex').slice(0, 12));
  const defaultAnchor = !mode.usesPostgres && mode.dataDir ? join(dirname(mode.dataDir), 'audit-anchors.jsonl') : null;
  return {
    key,
    keyId,
    demoKey,
    anchorFile: env.AUDIT_ANCHOR_FILE?.trim() || defaultAnchor,
    anchorEvery: parseInteger(env, 'AUDIT_ANCHOR_EVERY', 100, 1, 1_000_000),
  };
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
