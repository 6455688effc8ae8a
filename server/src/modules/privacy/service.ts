import type { Transaction } from 'kysely';
import type { Db, Executor } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../shared/app-error.ts';
import type { Clock } from '../../shared/clock.ts';
import type { Actor, AuditService } from '../audit/service.ts';
import type { IdentityService } from '../identity/service.ts';
import { loadNotice, simplifiedPathOf, type PrivacyNotice } from './notice.ts';
import { biometricUseState, insertConsent, latestConsent, listConsents, type ConsentRow } from './repository.ts';
import { hasBlockingErasure } from './rights-repository.ts';
import type { ConsentChannel, ConsentScope } from './tables.ts';

export interface ConsentDecision {
  personId: string;
  scope: ConsentScope;
  granted: boolean;
  /** The notice version the person was shown: must be the current one. */
  noticeVersion: string;
  channel: ConsentChannel;
  /** The station, when an operator recorded it there (then `actor` is the operator). */
  stationId?: string | null;
}

export interface ConsentView {
  scope: ConsentScope;
  granted: boolean;
  noticeVersion: string;
  channel: ConsentChannel;
  recordedBy: string;
  stationId: string | null;
  recordedAt: string;
}

/**
 * One consent model (issue 12; the privacy issue extends it): the notice the institution edits in
 * a file, and express, separate consents per scope recorded with the notice's version and hash,
 * the time, the channel and who recorded them. Other modules ask `requireConsent` before they
 * capture.
 */
export class PrivacyService {
  constructor(
    private readonly deps: { db: Db; audit: AuditService; identity: IdentityService; clock: Clock; noticePath: string },
  ) {}

  notice(): PrivacyNotice {
    return loadNotice(this.deps.noticePath);
  }

  /** The simplified notice (LGPDPPSO art. 27), shown where there is little room: kiosks, capture screens. */
  simplifiedNotice(): PrivacyNotice {
    return loadNotice(simplifiedPathOf(this.deps.noticePath));
  }

  /** Every decision of the person, oldest first; the caller audits the read. */
  async consentsOf(db: Executor, personId: string): Promise<ConsentView[]> {
    return (await listConsents(db, personId)).map(view);
  }

  /** Records a grant or a revocation in the caller's transaction, audited. */
  async record(trx: Transaction<Database>, decision: ConsentDecision, actor: Actor): Promise<ConsentView> {
    const notice = this.notice();
    if (decision.noticeVersion !== notice.version) {
      throw new AppError('PRIVACY_NOTICE_OUTDATED', `El aviso de privacidad cambió (versión vigente ${notice.version}). Léalo de nuevo antes de dar su consentimiento.`, 409, {
        currentVersion: notice.version,
      });
    }
    if (decision.channel === 'estacion' && !decision.stationId) {
      throw new AppError('CONSENT_STATION_REQUIRED', 'Indique la estación donde la persona otorgó su consentimiento.', 400);
    }
    const row = await insertConsent(trx, {
      personId: decision.personId,
      scope: decision.scope,
      granted: decision.granted,
      noticeVersion: notice.version,
      noticeSha256: notice.sha256,
      channel: decision.channel,
      recordedBy: actor,
      stationId: decision.stationId ?? null,
      recordedAt: this.deps.clock(),
    });
    await this.deps.audit.record(trx, {
      actor,
      action: decision.granted ? 'privacy.consent.grant' : 'privacy.consent.revoke',
      subject: `person:${decision.personId}`,
      purpose: `consentimiento ${decision.scope}`,
      details: { scope: decision.scope, noticeVersion: notice.version, noticeSha256: notice.sha256, channel: decision.channel, stationId: decision.stationId ?? null },
    });
    return view(row);
  }

  /** Records in its own transaction (routes). */
  async recordNow(decision: ConsentDecision, actor: Actor): Promise<ConsentView> {
    return this.deps.db.transaction().execute((trx) => this.record(trx, decision, actor));
  }

  /** The decision that counts now (newest), or null when the person never decided. */
  async current(db: Executor, personId: string, scope: ConsentScope): Promise<ConsentView | null> {
    const row = await latestConsent(db, personId, scope);
    return row ? view(row) : null;
  }

  /**
   * Throws CONSENT_REQUIRED unless the newest decision for the scope is a grant. A grant stays
   * valid when the notice later changes (the person is asked again on their next visit, not
   * refused service); a revocation ends it at once.
   */
  async requireConsent(db: Executor, personId: string, scope: ConsentScope): Promise<ConsentView> {
    if (await hasBlockingErasure(db, personId)) {
      throw new AppError('BIOMETRIC_DATA_CANCELLED', 'La persona pidió la cancelación de sus datos biométricos: están bloqueados y no se usan ni se capturan.', 403);
    }
    const current = await this.current(db, personId, scope);
    if (!current?.granted) {
      throw new AppError('CONSENT_REQUIRED', 'Se necesita el consentimiento expreso de la persona para tratar sus datos biométricos antes de capturarlos.', 403, { scope });
    }
    return current;
  }

  /** The consent gate of verification and identification: a standing grant and no cancellation under way. */
  async mayUse(db: Executor, personId: string): Promise<boolean> {
    const state = await biometricUseState(db, personId);
    return !state.erasure && state.granted === true;
  }

  /** A person's consent history, audited with its purpose. */
  async history(curp: string, actor: Actor, purpose: string): Promise<ConsentView[]> {
    const personId = await this.deps.identity.resolvePersonId(this.deps.db, curp.trim().toUpperCase());
    if (!personId) throw new AppError('PERSON_NOT_FOUND', 'No hay una persona registrada con esta CURP.', 404);
    return this.deps.db.transaction().execute(async (trx) => {
      const rows = await listConsents(trx, personId);
      await this.deps.audit.record(trx, { actor, action: 'privacy.consent.read', subject: `person:${personId}`, purpose, details: { count: rows.length } });
      return rows.map(view);
    });
  }

  async resolvePerson(curp: string): Promise<string> {
    const personId = await this.deps.identity.resolvePersonId(this.deps.db, curp.trim().toUpperCase());
    if (!personId) throw new AppError('PERSON_NOT_FOUND', 'No hay una persona registrada con esta CURP.', 404);
    return personId;
  }
}

function view(row: ConsentRow): ConsentView {
  return {
    scope: row.scope,
    granted: row.granted,
    noticeVersion: row.notice_version,
    channel: row.channel,
    recordedBy: row.recorded_by,
    stationId: row.station_id,
    recordedAt: new Date(row.recorded_at).toISOString(),
  };
}
