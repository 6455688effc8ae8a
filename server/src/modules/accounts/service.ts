import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { Transaction } from 'kysely';
import { LRUCache } from 'lru-cache';
import { findOoad, validateCurp } from '@siap/mx-identity';
import type { Config } from '../../config.ts';
import type { Db, Executor } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import type { AuthContext } from '../../http/session.ts';
import { AppError } from '../../shared/app-error.ts';
import type { Clock } from '../../shared/clock.ts';
import type { Actor, AuditService } from '../audit/service.ts';
import type { IdentityService } from '../identity/service.ts';
import type { MailService } from '../mail/service.ts';
import { assertPasswordPolicy } from './password-policy.ts';
import type { PasswordHasher } from './passwords.ts';
import * as repository from './repository.ts';
import { CURP_LOGIN_ROLES, isStaffRole, type Role } from './roles.ts';

export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

export interface NewAccount {
  personId: string;
  role: Role;
  matricula?: string | null;
  ooadCode?: string | null;
  password: string;
}

export interface SessionInfo {
  accountId: string;
  role: Role;
  displayName: string;
  matricula: string | null;
  ooad: { code: string; name: string } | null;
  expiresAt?: string;
}

export interface ManagedAccount {
  accountId: string;
  role: Role;
  matricula: string | null;
  ooadCode: string | null;
  disabledAt: string | null;
  liveSessions: number;
}

export interface LoginResult {
  token: string;
  expiresAt: Date;
  session: SessionInfo;
}

export interface AccountsDeps {
  db: Db;
  config: Config;
  clock: Clock;
  audit: AuditService;
  identity: IdentityService;
  mail: MailService;
  passwords: PasswordHasher;
}

/** At most this many recovery e-mails per account per code lifetime: a mailbox is not a target. */
const MAX_RECOVERY_MAILS_PER_WINDOW = 3;

export interface AccountSummary {
  accountId: string;
  personId: string;
  curp: string;
  name: string;
  role: Role;
  matricula: string | null;
  ooad: { code: string; name: string } | null;
  disabled: boolean;
  lockedUntil: string | null;
  activeSessions: number;
  createdAt: string;
}

/** How long a live session may be answered from memory (AccountsService.liveSessions). */
const SESSION_CACHE_MS = 1_000;

const invalidCredentials = (): AppError =>
  new AppError('INVALID_CREDENTIALS', 'Los datos de acceso son incorrectos.', 401);

const invalidRecoveryCode = (): AppError =>
  new AppError('RECOVERY_CODE_INVALID', 'El código de recuperación no es válido o ya venció. Solicite uno nuevo.', 400);

export class AccountsService {
  constructor(private readonly deps: AccountsDeps) {}

  // ── accounts ─────────────────────────────────────────────────────────────────────────────

  async createAccount(trx: Transaction<Database>, input: NewAccount, actor: Actor): Promise<repository.AccountRow> {
    const staff = isStaffRole(input.role);
    let ooadCode: string | null = null;
    let matricula: string | null = null;
    if (staff) {
      if (!input.matricula || !input.ooadCode) {
        throw new AppError('MATRICULA_REQUIRED', 'El personal del IMSS requiere matrícula y OOAD.', 400);
      }
      ooadCode = this.requireOoad(input.ooadCode);
      matricula = input.matricula.trim();
    } else if (input.matricula || input.ooadCode) {
      throw new AppError('MATRICULA_NOT_ALLOWED', 'Solo el personal del IMSS tiene matrícula.', 400);
    }
    assertPasswordPolicy(input.password, matricula ? [matricula] : []);
    if (await repository.findByPersonId(trx, input.personId)) {
      throw new AppError('ACCOUNT_EXISTS', 'Esta persona ya tiene una cuenta.', 409);
    }
    if (matricula && ooadCode && (await repository.findByMatricula(trx, ooadCode, matricula))) {
      throw new AppError('MATRICULA_IN_USE', 'La matrícula ya está registrada en esa OOAD.', 409);
    }
    const account = await repository.insertAccount(trx, {
      person_id: input.personId,
      role: input.role,
      matricula,
      ooad_code: ooadCode,
      password_hash: await this.deps.passwords.hash(input.password),
      locked_until: null,
    });
    await this.deps.audit.record(trx, {
      actor,
      action: 'accounts.created',
      subject: `account:${account.id}`,
      purpose: 'alta de cuenta de acceso',
      details: { role: input.role, personId: input.personId, ooadCode },
    });
    return account;
  }

  /**
   * `npm run admin:bootstrap` (issue 19 item 12): the first administrator of an installation.
   * Refused once any admin exists. The account gets an unusable random password and a one-time
   * code (8 digits, `ttlMs`, single use, stored only as an HMAC) with which the person sets
   * their own password through the password-recovery form.
   */
  async bootstrapAdmin(input: { personId: string; matricula: string; ooadCode: string }, ttlMs: number): Promise<{ accountId: string; code: string; expiresAt: Date }> {
    const { db, clock } = this.deps;
    const now = clock();
    const code = String(randomInt(0, 100_000_000)).padStart(8, '0');
    const expiresAt = new Date(now.getTime() + ttlMs);
    const account = await db.transaction().execute(async (trx) => {
      if (await repository.anyAdmin(trx)) {
        throw new AppError('ADMIN_EXISTS', 'Ya existe un administrador: el arranque inicial solo crea el primero.', 409);
      }
      const unusable = `${randomBytes(32).toString('base64url')}a1`;
      const created = await this.createAccount(trx, { personId: input.personId, role: 'admin', matricula: input.matricula, ooadCode: input.ooadCode, password: unusable }, 'system');
      await repository.replaceRecoveryCode(trx, { account_id: created.id, code_hash: this.hashRecoveryCode(created.id, code), expires_at: expiresAt, created_at: now });
      await this.deps.audit.record(trx, {
        actor: 'system',
        action: 'accounts.bootstrap-admin',
        subject: `account:${created.id}`,
        purpose: 'arranque de la instalación: primer administrador',
        details: { ooadCode: input.ooadCode, codeExpiresAt: expiresAt.toISOString() },
      });
      return created;
    });
    return { accountId: account.id, code, expiresAt };
  }

  // ── administration: OOAD scope, disabling, ending sessions (issue 19 item 17) ──────────────

  /**
   * Supervisors and admins act only inside their own OOAD: a staff account elsewhere is out of
   * scope (403 OUT_OF_OOAD_SCOPE). People without a staff account (pensionados, patrones) have no
   * OOAD and stay in every admin's scope. Other roles are not scoped here.
   */
  async assertInScope(auth: AuthContext, target: { personId?: string; accountId?: string; ooadCode?: string | null }, db: Executor = this.deps.db): Promise<void> {
    if (auth.role !== 'supervisor' && auth.role !== 'admin') return;
    const actor = await repository.findById(db, auth.accountId);
    let ooadCode = target.ooadCode ?? null;
    if (target.accountId) ooadCode = (await repository.findById(db, target.accountId))?.ooad_code ?? null;
    else if (target.personId) ooadCode = (await repository.findByPersonId(db, target.personId))?.ooad_code ?? null;
    if (ooadCode !== null && ooadCode !== actor?.ooad_code) {
      throw new AppError('OUT_OF_OOAD_SCOPE', 'La persona o cuenta pertenece a otra OOAD: no puede administrarla desde la suya.', 403, { ooadCode });
    }
  }

  /**
   * The OOAD a supervisor or admin works in, to which lists of staff are filtered (reports); null
   * for the roles that are not scoped this way.
   */
  async ooadScope(auth: AuthContext, db: Executor = this.deps.db): Promise<string | null> {
    if (auth.role !== 'supervisor' && auth.role !== 'admin') return null;
    return (await repository.findById(db, auth.accountId))?.ooad_code ?? null;
  }

  /**
   * Of these people, those a supervisor or admin may see in a list (justifications, adjudications):
   * staff of their OOAD, and people without a staff OOAD, as in assertInScope. Other roles: all.
   */
  async peopleInScope(auth: AuthContext, personIds: readonly string[], db: Executor = this.deps.db): Promise<Set<string>> {
    if (auth.role !== 'supervisor' && auth.role !== 'admin') return new Set(personIds);
    const scope = await this.ooadScope(auth, db);
    const ooads = new Map((await repository.ooadsOfPeople(db, personIds)).map((r) => [r.person_id, r.ooad_code]));
    return new Set(personIds.filter((id) => {
      const ooad = ooads.get(id) ?? null;
      return ooad === null || ooad === scope;
    }));
  }

  /** Accounts an admin may manage: the staff of their OOAD and every CURP-login account. */
  async listManageable(auth: AuthContext): Promise<ManagedAccount[]> {
    const { db, clock } = this.deps;
    const actor = await repository.findById(db, auth.accountId);
    const rows = await repository.listForOoad(db, actor?.ooad_code ?? null, clock());
    return db.transaction().execute(async (trx) => {
      await this.deps.audit.record(trx, {
        actor: `account:${auth.accountId}`,
        action: 'accounts.listed',
        subject: 'accounts',
        purpose: 'administración de cuentas de acceso',
        details: { ooadCode: actor?.ooad_code ?? null, count: rows.length },
      });
      return rows.map((row) => ({
        accountId: row.id,
        role: row.role,
        matricula: row.matricula,
        ooadCode: row.ooad_code,
        disabledAt: row.disabled_at ? row.disabled_at.toISOString() : null,
        liveSessions: Number(row.live_sessions),
      }));
    });
  }

  /** Disables an account and ends all its sessions at once; it can no longer log in. */
  async disableAccount(auth: AuthContext, accountId: string, reason: string): Promise<{ sessionsEnded: number }> {
    if (accountId === auth.accountId) throw new AppError('ACCOUNT_SELF_DISABLE', 'No puede deshabilitar su propia cuenta.', 403);
    return this.administer(auth, accountId, 'accounts.disabled', reason, async (trx, now) => {
      await repository.setDisabled(trx, accountId, now, `account:${auth.accountId}`);
      return { sessionsEnded: await repository.deleteSessionsOf(trx, accountId) };
    });
  }

  async enableAccount(auth: AuthContext, accountId: string, reason: string): Promise<{ sessionsEnded: number }> {
    return this.administer(auth, accountId, 'accounts.enabled', reason, async (trx) => {
      await repository.setDisabled(trx, accountId, null, null);
      return { sessionsEnded: 0 };
    });
  }

  /** Ends every session of an account (a lost phone, a shared screen) without disabling it. */
  async revokeSessions(auth: AuthContext, accountId: string, reason: string): Promise<{ sessionsEnded: number }> {
    return this.administer(auth, accountId, 'accounts.sessions.revoked', reason, async (trx) => ({
      sessionsEnded: await repository.deleteSessionsOf(trx, accountId),
    }));
  }

  private async administer(
    auth: AuthContext,
    accountId: string,
    action: string,
    reason: string,
    change: (trx: Transaction<Database>, now: Date) => Promise<{ sessionsEnded: number }>,
  ): Promise<{ sessionsEnded: number }> {
    const { db, clock, audit } = this.deps;
    if (!(await repository.findById(db, accountId))) throw new AppError('ACCOUNT_NOT_FOUND', 'La cuenta no existe.', 404);
    await this.assertInScope(auth, { accountId });
    const ended = await db.transaction().execute(async (trx) => {
      const result = await change(trx, clock());
      await audit.record(trx, {
        actor: `account:${auth.accountId}`,
        action,
        subject: `account:${accountId}`,
        purpose: 'administración de cuentas de acceso',
        details: { reason, sessionsEnded: result.sessionsEnded },
      });
      return result;
    });
    this.liveSessions.clear();
    return ended;
  }

  /** Whether the person already has an account (self-registration sends them to recovery then). */
  async hasAccount(db: Executor, personId: string): Promise<boolean> {
    return (await repository.findByPersonId(db, personId)) !== undefined;
  }

  // ── login ────────────────────────────────────────────────────────────────────────────────

  async employeeLogin(input: { matricula: string; ooadCode: string; password: string }, meta: RequestMeta): Promise<LoginResult> {
    const ooadCode = this.requireOoad(input.ooadCode);
    const matricula = input.matricula.trim();
    const account = await repository.findByMatricula(this.deps.db, ooadCode, matricula);
    return this.login(account && isStaffRole(account.role) ? account : undefined, `matricula:${ooadCode}:${matricula}`, input.password, 'matricula', meta);
  }

  /**
   * The person behind a staff matrícula in an OOAD — the attendance kiosk's 1:1 key (a matrícula
   * is unique only within its OOAD). Null when no staff account has it; the calling flow audits.
   */
  async staffPersonId(ooadCodeInput: string, matricula: string): Promise<string | null> {
    const account = await repository.findByMatricula(this.deps.db, this.requireOoad(ooadCodeInput), matricula.trim());
    return account && isStaffRole(account.role) ? account.person_id : null;
  }

  /** Whether the person holds an IMSS staff account (attendance is for staff only). */
  async isStaffPerson(db: Db | Transaction<Database>, personId: string): Promise<boolean> {
    const account = await repository.findByPersonId(db, personId);
    return account !== undefined && isStaffRole(account.role);
  }

  async curpLogin(input: { curp: string; password: string }, meta: RequestMeta): Promise<LoginResult> {
    const curp = this.requireCurp(input.curp);
    const personId = await this.deps.identity.resolvePersonId(this.deps.db, curp);
    const account = personId ? await repository.findByPersonId(this.deps.db, personId) : undefined;
    return this.login(account && CURP_LOGIN_ROLES.includes(account.role) ? account : undefined, `curp:${curp}`, input.password, 'curp', meta);
  }

  /**
   * One path for both logins. The attempt is counted against the login identifier (whether or not
   * an account has it) before any password is checked, atomically (issue 19 items 6 and 7): so
   * parallel guesses cannot outrun the lockout, and a locked unknown identifier answers the same
   * 423 as a locked real one. Unknown user and wrong password give the same 401 after the same
   * argon2 work; a locked identifier is answered without checking the password.
   */
  private async login(
    account: repository.AccountRow | undefined,
    identifier: string,
    password: string,
    method: 'matricula' | 'curp',
    meta: RequestMeta,
  ): Promise<LoginResult> {
    const { db, clock, audit, passwords, config } = this.deps;
    const now = clock();
    const throttleKey = this.throttleKey(identifier);
    const attempt = await db
      .transaction()
      .execute((trx) => repository.takeLoginAttempt(trx, throttleKey, (row) => afterFailure(row, now, config.lockout), now));
    if (attempt.lockedUntil) throw locked(attempt.lockedUntil, now);

    const matches = account ? await passwords.verify(account.password_hash, password) : await passwords.verifyAgainstDummy(password);
    if (!account || !matches) {
      await db.transaction().execute((trx) =>
        audit.record(trx, {
          actor: 'anonymous',
          action: 'accounts.login.failed',
          subject: account ? `account:${account.id}` : 'account:unknown',
          purpose: 'seguridad de acceso',
          details: { method, reason: account ? 'wrong-password' : 'unknown-user', ip: meta.ip },
        }),
      );
      throw invalidCredentials();
    }
    if (account.disabled_at) {
      await repository.resetLoginAttempts(db, throttleKey, now);
      throw new AppError('ACCOUNT_DISABLED', 'La cuenta está deshabilitada. Acuda con el administrador de su OOAD.', 403);
    }

    if (account.disabled_at) {
      // Checked after the password, so only the account's holder learns that it is disabled.
      throw new AppError('ACCOUNT_DISABLED', 'La cuenta está deshabilitada. Comuníquese con el administrador del sistema.', 403);
    }
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + config.sessionTtlMs);
    await db.transaction().execute(async (trx) => {
      await repository.resetLoginAttempts(trx, throttleKey, now);
      await repository.deleteExpiredSessions(trx, account.id, now);
      await repository.insertSession(trx, {
        id_hash: hashToken(token),
        account_id: account.id,
        expires_at: expiresAt,
        ip: meta.ip,
        user_agent: meta.userAgent?.slice(0, 300) ?? null,
      });
      await audit.record(trx, {
        actor: `account:${account.id}`,
        action: 'accounts.login.succeeded',
        subject: `account:${account.id}`,
        purpose: 'inicio de sesión',
        details: { method, ip: meta.ip },
      });
    });
    const session = await this.describe({
      accountId: account.id,
      personId: account.person_id,
      role: account.role,
      sessionIdHash: hashToken(token),
    });
    return { token, expiresAt, session: { ...session, expiresAt: expiresAt.toISOString() } };
  }

  /**
   * A session for an account whose holder proved who they are some other way (the employer
   * module's e.firma login checks the certificate and the signature). Patrón accounts only.
   */
  async certificateLogin(personId: string, method: 'efirma', meta: RequestMeta, details: Record<string, unknown>): Promise<LoginResult> {
    const { db, clock, audit, config } = this.deps;
    const account = await repository.findByPersonId(db, personId);
    if (!account || account.role !== 'patron') throw new AppError('EFIRMA_NO_ACCOUNT', 'El titular del certificado no tiene una cuenta de patrón.', 401);
    if (account.disabled_at) throw new AppError('ACCOUNT_DISABLED', 'La cuenta está deshabilitada. Acuda con el administrador de su OOAD.', 403);
    const now = clock();
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + config.sessionTtlMs);
    await db.transaction().execute(async (trx) => {
      await repository.deleteExpiredSessions(trx, account.id, now);
      await repository.insertSession(trx, { id_hash: hashToken(token), account_id: account.id, expires_at: expiresAt, ip: meta.ip, user_agent: meta.userAgent?.slice(0, 300) ?? null });
      await audit.record(trx, { actor: `account:${account.id}`, action: 'accounts.login.succeeded', subject: `account:${account.id}`, purpose: 'inicio de sesión', details: { method, ip: meta.ip, ...details } });
    });
    const session = await this.describe({ accountId: account.id, personId: account.person_id, role: account.role, sessionIdHash: hashToken(token) });
    return { token, expiresAt, session: { ...session, expiresAt: expiresAt.toISOString() } };
  }

  // ── sessions ─────────────────────────────────────────────────────────────────────────────

  async resolveSession(token: string): Promise<AuthContext | null> {
    if (token.length > 100) return null;
    const idHash = hashToken(token);
    const now = this.deps.clock();
    const cached = this.liveSessions.get(idHash);
    if (cached && cached.expiresAt > now.getTime()) return cached.auth;
    const row = await repository.findLiveSession(this.deps.db, idHash, now);
    if (!row) return null;
    const auth: AuthContext = { accountId: row.account_id, personId: row.person_id, role: row.role, sessionIdHash: idHash };
    this.liveSessions.set(idHash, { auth, expiresAt: row.expires_at.getTime() });
    return auth;
  }

  /**
   * Sessions seen live in the last second: every authenticated request resolves its session, and
   * a kiosk or a busy operator sends several a second. Whatever ends sessions or changes accounts
   * here clears it after its commit (administer, confirmRecovery, logout); another server process
   * sharing the database sees such a change within SESSION_CACHE_MS.
   */
  private readonly liveSessions = new LRUCache<string, { auth: AuthContext; expiresAt: number }>({ max: 10_000, ttl: SESSION_CACHE_MS });

  async logout(auth: AuthContext): Promise<void> {
    await this.deps.db.transaction().execute(async (trx) => {
      await repository.deleteSession(trx, auth.sessionIdHash);
      await this.deps.audit.record(trx, {
        actor: `account:${auth.accountId}`,
        action: 'accounts.logout',
        subject: `account:${auth.accountId}`,
        purpose: 'cierre de sesión',
      });
    });
    this.liveSessions.delete(auth.sessionIdHash);
  }

  async describe(auth: AuthContext): Promise<SessionInfo> {
    const account = await repository.findByPersonId(this.deps.db, auth.personId);
    const contact = await this.deps.identity.contactOf(this.deps.db, auth.personId);
    const ooad = account?.ooad_code ? findOoad(account.ooad_code) : undefined;
    return {
      accountId: auth.accountId,
      role: auth.role,
      displayName: contact?.givenNames ?? '',
      matricula: account?.matricula ?? null,
      ooad: ooad ? { code: ooad.code, name: ooad.name } : null,
    };
  }

  /**
   * Role and unit (OOAD) of each account, never its holder's name: what a person is told about who
   * read their data ("¿Quién consultó mis datos?").
   */
  async rolesAndUnits(db: Executor, accountIds: readonly string[]): Promise<Map<string, { role: string; ooadCode: string | null; ooadName: string | null; personId: string }>> {
    const out = new Map<string, { role: string; ooadCode: string | null; ooadName: string | null; personId: string }>();
    for (const id of new Set(accountIds)) {
      const row = await repository.findById(db, id);
      if (row) out.set(id, { role: row.role, ooadCode: row.ooad_code, ooadName: row.ooad_code ? (findOoad(row.ooad_code)?.name ?? null) : null, personId: row.person_id });
    }
    return out;
  }

  /** `GET /api/session`: who, and until when the session lasts (so a reload keeps showing it). */
  async describeSession(auth: AuthContext): Promise<SessionInfo> {
    const info = await this.describe(auth);
    const expiresAt = await repository.findSessionExpiry(this.deps.db, auth.sessionIdHash);
    return expiresAt ? { ...info, expiresAt: expiresAt.toISOString() } : info;
  }

  // ── the admin portal (issue 20) ──────────────────────────────────────────────────────────

  /** The accounts an admin manages (listManageable's scope) with the person's name and CURP; audited. */
  async listAccounts(auth: AuthContext): Promise<AccountSummary[]> {
    const { db, clock, audit, identity } = this.deps;
    const admin = await repository.findById(db, auth.accountId);
    const now = clock();
    const rows = await repository.listForOoad(db, admin?.ooad_code ?? null, now);
    return db.transaction().execute(async (trx) => {
      const people = await identity.labelsOf(trx, rows.map((r) => r.person_id));
      await audit.record(trx, { actor: `account:${auth.accountId}`, action: 'accounts.listed', subject: 'accounts', purpose: 'administración de cuentas de acceso', details: { ooadCode: admin?.ooad_code ?? null, count: rows.length, withNames: true } });
      return rows.map((row) => {
        const person = people.get(row.person_id);
        const ooad = row.ooad_code ? findOoad(row.ooad_code) : undefined;
        return {
          accountId: row.id,
          personId: row.person_id,
          curp: person?.curp ?? '',
          name: person?.name ?? '',
          role: row.role,
          matricula: row.matricula,
          ooad: ooad ? { code: ooad.code, name: ooad.name } : null,
          disabled: row.disabled_at !== null,
          lockedUntil: row.locked_until && row.locked_until > now ? row.locked_until.toISOString() : null,
          activeSessions: Number(row.live_sessions),
          createdAt: row.created_at.toISOString(),
        };
      });
    });
  }

  /** A temporary password an admin gives the person in person; every session of the account ends. */
  async resetPassword(auth: AuthContext, accountId: string, newPassword: string): Promise<{ sessionsEnded: number }> {
    const account = await repository.findById(this.deps.db, accountId);
    if (!account) throw new AppError('ACCOUNT_NOT_FOUND', 'La cuenta no existe.', 404);
    assertPasswordPolicy(newPassword, account.matricula ? [account.matricula] : []);
    const hash = await this.deps.passwords.hash(newPassword);
    return this.administer(auth, accountId, 'accounts.password.reset', 'contraseña temporal asignada por el administrador', async (trx, now) => {
      await repository.setPassword(trx, accountId, hash, now);
      return { sessionsEnded: await repository.deleteSessionsOf(trx, accountId) };
    });
  }

  // ── password recovery ────────────────────────────────────────────────────────────────────

  /**
   * Always resolves the same way whether or not the CURP has an account or an e-mail, so the
   * answer does not tell anyone who is registered. The code goes only to the registered address.
   */
  async requestRecovery(curpInput: string, meta: RequestMeta): Promise<void> {
    const { db, clock, config, audit, mail, identity } = this.deps;
    const curp = this.requireCurp(curpInput);
    const personId = await identity.resolvePersonId(db, curp);
    const account = personId ? await repository.findByPersonId(db, personId) : undefined;
    const contact = personId ? await identity.contactOf(db, personId) : null;
    if (!account || !contact?.email) return;

    const now = clock();
    const windowStart = new Date(now.getTime() - config.recovery.ttlMs);
    if ((await repository.countRecentRecoveryCodes(db, account.id, windowStart)) >= MAX_RECOVERY_MAILS_PER_WINDOW) return;

    const code = String(randomInt(0, 100_000_000)).padStart(8, '0');
    const minutes = Math.round(config.recovery.ttlMs / 60_000);
    const email = contact.email;
    await db.transaction().execute(async (trx) => {
      await repository.replaceRecoveryCode(trx, {
        account_id: account.id,
        code_hash: this.hashRecoveryCode(account.id, code),
        expires_at: new Date(now.getTime() + config.recovery.ttlMs),
        created_at: now,
      });
      await mail.enqueue(trx, {
        kind: 'accounts.recovery-code',
        to: email,
        subject: 'SIAP Biométrico: código para restablecer su contraseña',
        secretUntil: new Date(now.getTime() + config.recovery.ttlMs),
        text:
          `Hola, ${contact.givenNames}:\n\n` +
          `Su código para restablecer la contraseña es: ${code}\n\n` +
          `Vence en ${minutes} minutos y solo puede usarse una vez. ` +
          'Si usted no lo solicitó, ignore este mensaje: su contraseña no ha cambiado.\n\n' +
          'IMSS · SIAP Biométrico (mensaje automático, no responda).\n',
      });
      await audit.record(trx, {
        actor: 'anonymous',
        action: 'accounts.recovery.requested',
        subject: `account:${account.id}`,
        purpose: 'recuperación de contraseña: envío de código al correo registrado',
        details: { ip: meta.ip },
      });
    });
  }

  async confirmRecovery(input: { curp: string; code: string; newPassword: string }, meta: RequestMeta): Promise<void> {
    const { db, clock, config, audit, mail, identity, passwords } = this.deps;
    const curp = this.requireCurp(input.curp);
    assertPasswordPolicy(input.newPassword, [curp]);
    const personId = await identity.resolvePersonId(db, curp);
    const account = personId ? await repository.findByPersonId(db, personId) : undefined;

    // Equal work whether or not the CURP has an account (issue 19 item 6): the argon2 hash of the
    // new password, the code's HMAC and one audited transaction happen on every path.
    const now = clock();
    const newHash = await passwords.hash(input.newPassword);
    const offered = this.hashRecoveryCode(account?.id ?? 'unknown', input.code.trim());
    const contact = account ? await identity.contactOf(db, account.person_id) : null;
    const refused = (trx: Transaction<Database>, reason: string) =>
      audit.record(trx, {
        actor: 'anonymous',
        action: 'accounts.recovery.refused',
        subject: account ? `account:${account.id}` : 'account:unknown',
        purpose: 'seguridad de acceso',
        details: { ip: meta.ip, reason },
      });
    const accepted = await db.transaction().execute(async (trx) => {
      if (!account) {
        await refused(trx, 'unknown-account');
        return false;
      }
      const active = await repository.lockActiveRecoveryCode(trx, account.id, now, config.recovery.maxAttempts);
      if (!active) {
        await refused(trx, 'no-active-code');
        return false;
      }
      if (!sameHash(active.code_hash, offered)) {
        await repository.countRecoveryAttempt(trx, active.id);
        await refused(trx, 'wrong-code');
        return false;
      }
      await repository.markRecoveryCodeUsed(trx, active.id, now);
      await repository.setPassword(trx, account.id, newHash, now);
      const ended = await repository.deleteSessionsOf(trx, account.id);
      if (contact?.email) {
        await mail.enqueue(trx, {
          kind: 'accounts.password-changed',
          to: contact.email,
          subject: 'SIAP Biométrico: su contraseña cambió',
          text:
            `Hola, ${contact.givenNames}:\n\nLa contraseña de su cuenta se restableció y se cerraron sus sesiones abiertas. ` +
            'Si usted no hizo este cambio, acuda a su Unidad de Medicina Familiar o subdelegación.\n',
        });
      }
      await audit.record(trx, {
        actor: 'anonymous',
        action: 'accounts.recovery.completed',
        subject: `account:${account.id}`,
        purpose: 'recuperación de contraseña',
        details: { ip: meta.ip, sessionsEnded: ended },
      });
      return true;
    });
    if (!accepted) throw invalidRecoveryCode();
    this.liveSessions.clear();
  }

  // ── helpers ──────────────────────────────────────────────────────────────────────────────

  private requireOoad(code: string): string {
    const ooad = findOoad(code);
    if (!ooad) throw new AppError('OOAD_UNKNOWN', `La OOAD «${code}» no existe en el catálogo del IMSS.`, 400);
    return ooad.code;
  }

  private requireCurp(input: string): string {
    const curp = validateCurp(input);
    if (!curp.ok) throw new AppError(curp.code, curp.reason, 400);
    return curp.value.curp;
  }

  /** Keyed so the throttle table does not list which CURPs and matrículas were tried. */
  private throttleKey(identifier: string): string {
    return createHmac('sha256', this.deps.config.sessionSecret).update(`login-throttle:${identifier}`).digest('hex');
  }

  /** Keyed (HMAC) so a copy of the table cannot be brute-forced over the 10^8 codes offline. */
  private hashRecoveryCode(accountId: string, code: string): string {
    return createHmac('sha256', this.deps.config.sessionSecret).update(`${accountId}:${code}`).digest('hex');
  }
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** After `threshold` failures in a row the account locks for base·2^level, capped at max. */
export function afterFailure(
  account: { failed_attempts: number; lockout_level: number },
  now: Date,
  policy: Config['lockout'],
): { failed_attempts: number; lockout_level: number; locked_until: Date | null } {
  const failed = account.failed_attempts + 1;
  if (failed < policy.threshold) return { failed_attempts: failed, lockout_level: account.lockout_level, locked_until: null };
  const duration = Math.min(policy.baseMs * 2 ** account.lockout_level, policy.maxMs);
  return { failed_attempts: 0, lockout_level: account.lockout_level + 1, locked_until: new Date(now.getTime() + duration) };
}

function locked(until: Date, now: Date): AppError {
  const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  const wait = seconds < 120 ? `${seconds} segundos` : `${Math.ceil(seconds / 60)} minutos`;
  return new AppError(
    'ACCOUNT_LOCKED',
    `La cuenta está bloqueada temporalmente por intentos fallidos. Intente de nuevo en ${wait}.`,
    423,
    { retryAfterSeconds: seconds },
  );
}
