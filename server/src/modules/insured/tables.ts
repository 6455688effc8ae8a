import type { ColumnType, Generated } from 'kysely';

type DateString = ColumnType<string, string, string>;
type NullableDate = ColumnType<string | null, string | null, string | null>;

/**
 * The restriction of an insured person without biometrics (issue 15):
 * sin_biometria → restringido (notified, deadline) → nss_suspendido (after the deadline),
 * and al_corriente at once when the person becomes registrado.
 */
export type RestrictionState = 'sin_biometria' | 'restringido' | 'nss_suspendido' | 'al_corriente';
export const RESTRICTION_STATES: readonly RestrictionState[] = ['sin_biometria', 'restringido', 'nss_suspendido', 'al_corriente'];

/** Rollout segments the admin schedules (pensioners are never in one: never suspended). */
export type RolloutSegment = 'nuevo_ingreso' | 'existente';

export interface InsuredPeopleTable {
  person_id: string;
  /** The portal account; null for a worker known from the employer's movements who has none yet. */
  account_id: string | null;
  nss: string;
  ooad_code: string | null;
  /** The person's family clinic (UMF). */
  clinic_id: string | null;
  /** Start of the current employment: a hire on or after a new-hire wave's date is restricted at once. */
  hired_on: NullableDate;
  pensioner: Generated<boolean>;
  state: RestrictionState;
  restricted_on: NullableDate;
  /** Last day to register before the NSS is suspended (restricted_on + 30, or an extension). */
  deadline: NullableDate;
  state_changed_at: Date;
  created_at: Generated<Date>;
}

export interface InsuredTransitionsTable {
  id: Generated<string>;
  seq: Generated<string>;
  person_id: string;
  from_state: RestrictionState;
  to_state: RestrictionState;
  reason: string;
  actor: string;
  effective_on: DateString;
  deadline: NullableDate;
  at: Date;
}

export interface RolloutWavesTable {
  id: Generated<string>;
  segment: RolloutSegment;
  starts_on: DateString;
  /** Existing workers: only this OOAD (null = every OOAD). */
  ooad_code: string | null;
  /** Existing workers: only those born in [birth_from, birth_to] (either end open when null). */
  birth_from: NullableDate;
  birth_to: NullableDate;
  note: string | null;
  created_by: string;
  created_at: Date;
  withdrawn_at: Date | null;
}

export interface RestrictionExtensionsTable {
  id: Generated<string>;
  person_id: string;
  previous_deadline: DateString;
  new_deadline: DateString;
  reason: string;
  granted_by: string;
  granted_at: Date;
}

export interface InsuredTables {
  insured_people: InsuredPeopleTable;
  insured_transitions: InsuredTransitionsTable;
  rollout_waves: RolloutWavesTable;
  restriction_extensions: RestrictionExtensionsTable;
}
