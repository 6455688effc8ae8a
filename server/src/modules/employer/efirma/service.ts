import { randomBytes } from 'node:crypto';
import type { Db } from '../../../db/database.ts';
import { AppError } from '../../../shared/app-error.ts';
import type { Clock } from '../../../shared/clock.ts';
import type { AccountsService, LoginResult, RequestMeta } from '../../accounts/service.ts';
import type { AuditService } from '../../audit/service.ts';
import type { IdentityService } from '../../identity/service.ts';
import * as repository from '../repository.ts';
import { verifyEfirma, type EfirmaTrust } from './verify.ts';

/** A challenge lives this long: enough to pick two files and type a password. */
export const CHALLENGE_TTL_MS = 5 * 60_000;

/** What the browser signs: binds the challenge to this service so a signature is useless elsewhere. */
export function challengeMessage(challengeId: string, nonce: string): string {
  return `SIAP-EFIRMA-LOGIN|${challengeId}|${nonce}`;
}

export interface EfirmaDeps {
  db: Db;
  audit: AuditService;
  accounts: AccountsService;
  identity: IdentityService;
  clock: Clock;
  trust: () => EfirmaTrust;
}

export class EfirmaService {
  constructor(private readonly deps: EfirmaDeps) {}

  async challenge(): Promise<{ challengeId: string; message: string; expiresAt: string }> {
    const nonce = randomBytes(32).toString('base64url');
    const expiresAt = new Date(this.deps.clock().getTime() + CHALLENGE_TTL_MS);
    const { id } = await repository.insertChallenge(this.deps.db, nonce, expiresAt);
    return { challengeId: id, message: challengeMessage(id, nonce), expiresAt: expiresAt.toISOString() };
  }

  /**
   * Consumes the challenge (one use, even when the rest fails), verifies the certificate and the
   * signature, matches the certificate's RFC with the employer's, and opens the patrón's session.
   * Every refusal is audited with its reason; nothing else is written.
   */
  async login(input: { challengeId: string; rfc: string; certificate: string; signature: string }, meta: RequestMeta): Promise<LoginResult> {
    const { db, audit, clock, accounts, identity } = this.deps;
    const now = clock();
    const fail = async (error: AppError): Promise<never> => {
      await db.transaction().execute((trx) =>
        audit.record(trx, { actor: 'anonymous', action: 'accounts.login.failed', subject: `employer-rfc:${input.rfc.trim().toUpperCase().slice(0, 13)}`, purpose: 'seguridad de acceso', details: { method: 'efirma', reason: error.code, ip: meta.ip } }),
      );
      throw error;
    };
    if (!/^[0-9a-f-]{36}$/i.test(input.challengeId)) return fail(new AppError('EFIRMA_CHALLENGE_INVALID', 'El reto de inicio de sesión no es válido o ya se usó. Vuelva a intentarlo.', 401));
    const challenge = await db.transaction().execute((trx) => repository.consumeChallenge(trx, input.challengeId, now));
    if (!challenge) return fail(new AppError('EFIRMA_CHALLENGE_INVALID', 'El reto de inicio de sesión no es válido, venció o ya se usó. Vuelva a intentarlo.', 401));
    let identityOfCert;
    try {
      identityOfCert = await verifyEfirma(
        Buffer.from(input.certificate, 'base64'),
        new TextEncoder().encode(challengeMessage(challenge.id, challenge.nonce)),
        Buffer.from(input.signature, 'base64'),
        now,
        this.deps.trust(),
      );
    } catch (error) {
      if (error instanceof AppError) return fail(error);
      throw error;
    }
    const rfc = input.rfc.trim().toUpperCase();
    if (identityOfCert.rfc !== rfc) {
      return fail(new AppError('EFIRMA_RFC_MISMATCH', `El certificado pertenece al RFC ${identityOfCert.rfc}, no al RFC del patrón indicado (${rfc}).`, 401));
    }
    const employer = await repository.findEmployerByRfc(db, rfc);
    if (!employer) return fail(new AppError('EFIRMA_NO_EMPLOYER', 'El RFC del certificado no corresponde a ningún patrón registrado.', 401));
    if (employer.kind === 'fisica' && identityOfCert.curp) {
      const ownerId = await identity.resolvePersonId(db, identityOfCert.curp);
      if (ownerId !== employer.owner_person_id) return fail(new AppError('EFIRMA_CURP_MISMATCH', 'La CURP del certificado no es la del patrón persona física.', 401));
    }
    return accounts.certificateLogin(employer.owner_person_id, 'efirma', meta, { rfc, certificateSerial: identityOfCert.serialNumber, curp: identityOfCert.curp });
  }
}
