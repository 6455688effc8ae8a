import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { findOoad } from '@siap/mx-identity';
import type { Transaction } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../shared/app-error.ts';
import type { Clock } from '../../shared/clock.ts';
import type { AccountsService } from '../accounts/service.ts';
import type { AuditService } from '../audit/service.ts';
import type { IdentityService, NewIdentity, VerifiedIdentity } from '../identity/service.ts';
import type { MailService } from '../mail/service.ts';
import * as repository from './repository.ts';
import type { RegistrationProgram } from './tables.ts';

export interface SelfRegistrationDeps {
  db: Db;
  sessionSecret: string;
  clock: Clock;
  audit: AuditService;
  identity: IdentityService;
  accounts: AccountsService;
  mail: MailService;
}

/** What each program names its e-mail, audit action and purpose (kept from issue 12 for pensioners). */
export interface ProgramWording {
  program: RegistrationProgram;
  /** Mail kind, e.g. `pension.registration-code`. */
  mailKind: string;
  /** Audit action of step 1, e.g. `pension.registration.started`. */
  startedAction: string;
  /** Audit purpose, e.g. `registro de pensionado`. */
  purpose: string;
}

export interface StartInput extends NewIdentity {
  email: string;
  ooadCode?: string | null;
  nss?: string | null;
}

/** A registration whose e-mail was proven, ready to become an account (step 3). */
export interface ProvenRegistration {
  curp: string;
  email: string;
  ooadCode: string | null;
  nss: string | null;
  verified: VerifiedIdentity;
}

const CODE_TTL_MS = 15 * 60_000;
const TOKEN_TTL_MS = 60 * 60_000;
const MAX_CODE_ATTEMPTS = 5;

/**
 * Self-registration by CURP + e-mail + one-time code + password, shared by pensioners and insured
 * workers: step 1 cross-checks CURP and names with the population registry and e-mails a code
 * (HMAC at rest, 15 min, 5 tries, only the newest works); step 2 trades the code for a one-hour
 * token; step 3 (`prove` then `finish` inside the caller's transaction) lets the program create
 * its account and its own rows atomically.
 */
export class SelfRegistration {
  constructor(private readonly deps: SelfRegistrationDeps) {}

  private hmac(value: string): string {
    return createHmac('sha256', this.deps.sessionSecret).update(value).digest('hex');
  }

  async start(input: StartInput, wording: ProgramWording): Promise<{ email: string }> {
    const { db, identity, mail, accounts } = this.deps;
    const verified = await identity.verify(input);
    const personId = await identity.resolvePersonId(db, verified.curp);
    if (personId && (await accounts.hasAccount(db, personId))) {
      throw new AppError('ACCOUNT_EXISTS', 'Esta CURP ya tiene una cuenta. Si olvidó su contraseña, use "Recuperar contraseña".', 409, { recovery: '/api/auth/recovery/request' });
    }
    const ooadCode = input.ooadCode ? (findOoad(input.ooadCode)?.code ?? null) : null;
    if (input.ooadCode && !ooadCode) throw new AppError('OOAD_UNKNOWN', 'La OOAD indicada no existe.', 400);
    // identity.verify checked the NSS's check digit when one was given.
    const nss = verified.nss;
    const email = input.email.trim().toLowerCase();
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const now = this.deps.clock();
    await db.transaction().execute(async (trx) => {
      await repository.upsertRegistration(trx, {
        curp: verified.curp,
        program: wording.program,
        email,
        ooad_code: ooadCode,
        nss,
        identity: JSON.stringify({ givenNames: input.givenNames, firstSurname: input.firstSurname, secondSurname: input.secondSurname ?? null }),
        code_hmac: this.hmac(`${verified.curp}|${code}`),
        code_expires_at: new Date(now.getTime() + CODE_TTL_MS),
        attempts: 0,
        token_hmac: null,
        token_expires_at: null,
        updated_at: now,
      });
      await mail.enqueue(trx, {
        kind: wording.mailKind,
        to: email,
        subject: 'Su código para registrarse en SIAP Biométrico',
        text: `Hola, ${verified.givenNames}:\n\nSu código para registrarse es: ${code}\n\nVence en 15 minutos. Si usted no lo pidió, ignore este correo.`,
      });
      await this.deps.audit.record(trx, { actor: 'anonymous', action: wording.startedAction, subject: `curp:${verified.curp}`, purpose: wording.purpose, details: { email } });
    });
    return { email };
  }

  /** Step 2: the e-mailed code → a token that lets the person choose a password (1 h). */
  async confirm(curpInput: string, code: string, program: RegistrationProgram): Promise<{ token: string }> {
    const curp = curpInput.trim().toUpperCase();
    const now = this.deps.clock();
    const token = randomBytes(32).toString('base64url');
    const ok = await this.deps.db.transaction().execute(async (trx) => {
      const row = await repository.findRegistration(trx, curp, true);
      if (!row || row.program !== program || row.attempts >= MAX_CODE_ATTEMPTS || row.code_expires_at.getTime() < now.getTime()) return false;
      if (!safeEqual(row.code_hmac, this.hmac(`${curp}|${code.trim()}`))) {
        await repository.updateRegistration(trx, curp, { attempts: row.attempts + 1, updated_at: now });
        return false;
      }
      await repository.updateRegistration(trx, curp, { token_hmac: this.hmac(`token|${token}`), token_expires_at: new Date(now.getTime() + TOKEN_TTL_MS), code_expires_at: now, updated_at: now });
      return true;
    });
    if (!ok) throw new AppError('REGISTRATION_CODE_INVALID', 'El código no es correcto o ya venció. Pida uno nuevo.', 400);
    return { token };
  }

  /** Step 3, before the caller's transaction: the token is checked and the identity verified again. */
  async prove(curpInput: string, token: string, program: RegistrationProgram): Promise<ProvenRegistration> {
    const curp = curpInput.trim().toUpperCase();
    const now = this.deps.clock();
    const row = await repository.findRegistration(this.deps.db, curp);
    if (!row?.token_hmac || row.program !== program || !row.token_expires_at || row.token_expires_at.getTime() < now.getTime() || !safeEqual(row.token_hmac, this.hmac(`token|${token}`))) {
      throw new AppError('REGISTRATION_TOKEN_INVALID', 'La verificación de su correo venció. Empiece el registro de nuevo.', 400);
    }
    const verified = await this.deps.identity.verify({ curp, ...row.identity, nss: row.nss, email: row.email });
    return { curp, email: row.email, ooadCode: row.ooad_code, nss: row.nss, verified };
  }

  /** Step 3, inside the caller's transaction once its account exists: the registration is gone. */
  async finish(trx: Transaction<Database>, curp: string): Promise<void> {
    await repository.deleteRegistration(trx, curp);
  }
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}
