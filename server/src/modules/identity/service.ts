import type { Transaction } from 'kysely';
import { LRUCache } from 'lru-cache';
import { normalizeName, validateCurp, validateNss, validateRfc } from '@siap/mx-identity';
import type { Db, Executor } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../shared/app-error.ts';
import { systemClock, type Clock } from '../../shared/clock.ts';
import type { Actor, AuditService } from '../audit/service.ts';
import type { PopulationRegistry, RegistryRecord } from './population-registry.ts';
import * as repository from './repository.ts';
import type { Sex } from './tables.ts';

export interface NewIdentity {
  curp: string;
  nss?: string | null;
  rfc?: string | null;
  givenNames: string;
  firstSurname: string;
  secondSurname?: string | null;
  /** Optional: when given it must agree with the CURP and the registry. */
  birthDate?: string;
  sex?: Sex;
  email?: string | null;
}

export interface Person {
  id: string;
  curp: string;
  nss: string | null;
  rfc: string | null;
  givenNames: string;
  firstSurname: string;
  secondSurname: string | null;
  birthDate: string;
  sex: Sex;
  birthState: string;
  email: string | null;
  registry: { status: 'vigente' | 'baja'; source: 'embedded' | 'renapo'; verifiedAt: string };
  createdAt: string;
}

/** An identity that passed every check and can be stored. */
export interface VerifiedIdentity {
  curp: string;
  nss: string | null;
  rfc: string | null;
  givenNames: string;
  firstSurname: string;
  secondSurname: string | null;
  birthDate: string;
  sex: Sex;
  birthState: string;
  email: string | null;
  registryStatus: 'vigente';
  verifiedAt: Date;
}

/** Who reads personal data and why: recorded in the audit log with every read. */
export interface DataAccess {
  actor: Actor;
  purpose: string;
}

export class IdentityService {
  constructor(
    private readonly db: Db,
    private readonly registry: PopulationRegistry,
    private readonly registrySource: 'embedded' | 'renapo',
    private readonly audit: AuditService,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Validates the identifiers and cross-checks the person against the population registry. */
  async verify(input: NewIdentity): Promise<VerifiedIdentity> {
    const curp = validateCurp(input.curp);
    if (!curp.ok) throw new AppError(curp.code, curp.reason, 400);
    const nss = input.nss ? validateNss(input.nss) : null;
    if (nss && !nss.ok) throw new AppError(nss.code, nss.reason, 400);
    const rfc = input.rfc ? validateRfc(input.rfc) : null;
    if (rfc && !rfc.ok) throw new AppError(rfc.code, rfc.reason, 400);

    const record = await this.registry.lookup(curp.value.curp);
    if (!record) {
      throw new AppError('CURP_NOT_IN_REGISTRY', 'La CURP no se encuentra en el Registro Nacional de Población.', 422);
    }
    if (record.status === 'baja') {
      throw new AppError('CURP_BAJA', 'La CURP está dada de baja en el Registro Nacional de Población.', 422);
    }

    const mismatched = mismatchedFields(input, curp.value, record, rfc?.ok ? rfc.value.date : null);
    if (mismatched.length > 0) {
      throw new AppError(
        'IDENTITY_MISMATCH',
        'Los datos capturados no coinciden con el Registro Nacional de Población para esta CURP.',
        422,
        { fields: mismatched },
      );
    }
    return {
      curp: curp.value.curp,
      nss: nss?.ok ? nss.value.nss : null,
      rfc: rfc?.ok ? rfc.value.rfc : null,
      // The registry's spelling wins: it is the authoritative one (accents, Ñ, particles).
      givenNames: record.givenNames,
      firstSurname: record.firstSurname,
      secondSurname: record.secondSurname,
      birthDate: record.birthDate,
      sex: record.sex,
      birthState: record.birthState,
      email: input.email ? input.email.trim().toLowerCase() : null,
      registryStatus: 'vigente',
      verifiedAt: this.clock(),
    };
  }

  /** Stores a verified identity inside the caller's transaction and audits it there. */
  async insertVerified(trx: Transaction<Database>, identity: VerifiedIdentity, access: DataAccess): Promise<Person> {
    if (await repository.findPersonByCurp(trx, identity.curp)) {
      throw new AppError('IDENTITY_EXISTS', 'Ya existe una persona registrada con esta CURP.', 409);
    }
    if (identity.nss && (await trx.selectFrom('people').select('id').where('nss', '=', identity.nss).executeTakeFirst())) {
      throw new AppError('NSS_IN_USE', 'El NSS ya está asignado a otra persona.', 409);
    }
    const row = await repository.insertPerson(trx, {
      curp: identity.curp,
      nss: identity.nss,
      rfc: identity.rfc,
      given_names: identity.givenNames,
      first_surname: identity.firstSurname,
      second_surname: identity.secondSurname,
      birth_date: identity.birthDate,
      sex: identity.sex,
      birth_state: identity.birthState,
      email: identity.email,
      registry_status: identity.registryStatus,
      registry_source: this.registrySource,
      registry_verified_at: identity.verifiedAt,
    });
    await this.audit.record(trx, {
      actor: access.actor,
      action: 'identity.created',
      subject: `person:${row.id}`,
      purpose: access.purpose,
      details: { registrySource: this.registrySource, hasNss: identity.nss !== null, hasRfc: identity.rfc !== null },
    });
    return toPerson(row);
  }

  async createIdentity(input: NewIdentity, access: DataAccess): Promise<Person> {
    const verified = await this.verify(input);
    return this.db.transaction().execute((trx) => this.insertVerified(trx, verified, access));
  }

  /** A read of someone's personal data: audited with who and why, in the same transaction. */
  async getByCurp(curpInput: string, access: DataAccess): Promise<Person> {
    const curp = validateCurp(curpInput);
    if (!curp.ok) throw new AppError(curp.code, curp.reason, 400);
    const found = await this.db.transaction().execute(async (trx) => {
      const row = await repository.findPersonByCurp(trx, curp.value.curp);
      if (!row) return null;
      await this.audit.record(trx, {
        actor: access.actor,
        action: 'identity.read',
        subject: `person:${row.id}`,
        purpose: access.purpose,
      });
      return toPerson(row);
    });
    if (found) return found;
    await this.recordMiss(access, curp.value.curp);
    throw new AppError('PERSON_NOT_FOUND', 'No hay una persona registrada con esta CURP.', 404);
  }

  /**
   * Item 14: a lookup that finds nobody is audited too, or an operator could probe CURPs without a
   * trace. In its own transaction: the caller's is about to end with the not-found error.
   */
  async recordMiss(access: DataAccess, key: string): Promise<void> {
    await this.db.transaction().execute((trx) =>
      this.audit.record(trx, { actor: access.actor, action: 'identity.lookup.not_found', subject: `lookup:${key}`, purpose: access.purpose }),
    );
  }

  /** The same audited read by the person's id (the kiosk knows a matrícula, not a CURP). */
  async getById(personId: string, access: DataAccess): Promise<Person> {
    return this.db.transaction().execute(async (trx) => {
      const row = await repository.findPersonById(trx, personId);
      if (!row) throw new AppError('PERSON_NOT_FOUND', 'No hay una persona registrada con ese identificador.', 404);
      await this.audit.record(trx, { actor: access.actor, action: 'identity.read', subject: `person:${row.id}`, purpose: access.purpose });
      return toPerson(row);
    });
  }

  /**
   * Fills the embedded registry (CSV import, demo seed) in one transaction, audited as one entry.
   * Only meaningful for the embedded adapter; an HTTP-backed installation never reads the table.
   */
  async loadRegistry(records: RegistryRecord[], actor: Actor, trx?: Transaction<Database>): Promise<number> {
    const run = async (t: Transaction<Database>): Promise<number> => {
      const now = this.clock();
      await repository.upsertRegistryRecords(
        t,
        records.map((r) => ({
          curp: r.curp,
          given_names: r.givenNames,
          first_surname: r.firstSurname,
          second_surname: r.secondSurname,
          birth_date: r.birthDate,
          sex: r.sex,
          birth_state: r.birthState,
          status: r.status,
          loaded_at: now,
        })),
      );
      await this.audit.record(t, {
        actor,
        action: 'identity.registry.loaded',
        subject: 'population_registry',
        purpose: 'carga del padrón de población embebido',
        details: { records: records.length },
      });
      return records.length;
    };
    return trx ? run(trx) : this.db.transaction().execute(run);
  }

  countRegistry(db: Executor = this.db): Promise<number> {
    return repository.countRegistryRecords(db);
  }

  /** For login and recovery flows, which audit their own access. */
  async resolvePersonId(db: Executor, curp: string): Promise<string | null> {
    const key = curp.trim().toUpperCase();
    const cached = this.personIdByCurp.get(key);
    if (cached) return cached;
    const id = (await repository.findPersonIdByCurp(db, key)) ?? null;
    // Only what a committed read found: an id seen inside a transaction could still be rolled back.
    if (id && !db.isTransaction) this.personIdByCurp.set(key, id);
    return id;
  }

  /**
   * CURP → person id of people found before. A person's row is never deleted and its CURP never
   * changes, so an entry cannot go stale; absences are not kept (the person may register later).
   * Every 1:1 verification by CURP starts here.
   */
  private readonly personIdByCurp = new LRUCache<string, string>({ max: 50_000 });

  /** By NSS (the clinic's key for a patient); the calling flow audits. */
  async resolvePersonIdByNss(db: Executor, nss: string): Promise<string | null> {
    return (await repository.findPersonIdByNss(db, nss.trim())) ?? null;
  }

  /** CURP and full name of several people (the admin's account list); the calling flow audits. */
  async labelsOf(db: Executor, personIds: string[]): Promise<Map<string, { curp: string; name: string }>> {
    const rows = await repository.findPeopleByIds(db, [...new Set(personIds)]);
    return new Map(rows.map((r) => [r.id, { curp: r.curp, name: [r.given_names, r.first_surname, r.second_surname].filter(Boolean).join(' ') }]));
  }

  /** Name and e-mail for messages to the person; the calling flow audits the access. */
  async contactOf(db: Executor, personId: string): Promise<{ givenNames: string; firstSurname: string; secondSurname: string | null; curp: string; email: string | null } | null> {
    const row = await repository.findPersonById(db, personId);
    return row ? { givenNames: row.given_names, firstSurname: row.first_surname, secondSurname: row.second_surname, curp: row.curp, email: row.email } : null;
  }
}

function mismatchedFields(
  input: NewIdentity,
  fromCurp: { birthDate: string; sex: Sex },
  record: RegistryRecord,
  rfcDate: string | null,
): string[] {
  const fields: string[] = [];
  if (normalizeName(input.givenNames) !== normalizeName(record.givenNames)) fields.push('givenNames');
  if (normalizeName(input.firstSurname) !== normalizeName(record.firstSurname)) fields.push('firstSurname');
  if (normalizeName(input.secondSurname ?? '') !== normalizeName(record.secondSurname ?? '')) fields.push('secondSurname');
  if (fromCurp.birthDate !== record.birthDate || (input.birthDate && input.birthDate !== record.birthDate)) {
    fields.push('birthDate');
  }
  if (fromCurp.sex !== record.sex || (input.sex && input.sex !== record.sex)) fields.push('sex');
  if (rfcDate && rfcDate !== record.birthDate) fields.push('rfc');
  return fields;
}

export function toPerson(row: repository.PersonRow): Person {
  return {
    id: row.id,
    curp: row.curp,
    nss: row.nss,
    rfc: row.rfc,
    givenNames: row.given_names,
    firstSurname: row.first_surname,
    secondSurname: row.second_surname,
    birthDate: row.birth_date,
    sex: row.sex,
    birthState: row.birth_state,
    email: row.email,
    registry: {
      status: row.registry_status,
      source: row.registry_source,
      verifiedAt: row.registry_verified_at.toISOString(),
    },
    createdAt: row.created_at.toISOString(),
  };
}
