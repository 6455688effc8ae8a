import type { ColumnType, Generated } from 'kysely';

export type Sex = 'H' | 'M' | 'X';

export interface PeopleTable {
  id: Generated<string>;
  curp: string;
  nss: string | null;
  rfc: string | null;
  given_names: string;
  first_surname: string;
  second_surname: string | null;
  /** `date`, read back as YYYY-MM-DD (see db/database.ts parsers). */
  birth_date: string;
  sex: Sex;
  birth_state: string;
  email: string | null;
  /** What the population registry answered when the identity was created. */
  registry_status: 'vigente' | 'baja';
  registry_source: 'embedded' | 'renapo';
  registry_verified_at: Date;
  created_at: Generated<Date>;
}

/** The embedded stand-in for RENAPO: one row per CURP the installation knows about. */
export interface PopulationRegistryTable {
  curp: string;
  given_names: string;
  first_surname: string;
  second_surname: string | null;
  birth_date: string;
  sex: Sex;
  birth_state: string;
  status: 'vigente' | 'baja';
  loaded_at: ColumnType<Date, Date | undefined, Date>;
}

export interface IdentityTables {
  people: PeopleTable;
  population_registry: PopulationRegistryTable;
}
