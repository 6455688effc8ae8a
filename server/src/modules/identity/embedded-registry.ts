import type { Db } from '../../db/database.ts';
import type { PopulationRegistry, RegistryRecord } from './population-registry.ts';
import * as repository from './repository.ts';

/**
 * PopulationRegistry over the `population_registry` table, for demos and offline installations
 * (filled from a CSV export or by the demo seed). Same contract as the HTTP client.
 */
export class EmbeddedPopulationRegistry implements PopulationRegistry {
  constructor(private readonly db: Db) {}

  async lookup(curp: string): Promise<RegistryRecord | null> {
    const row = await repository.findRegistryRecord(this.db, curp);
    if (!row) return null;
    return {
      curp: row.curp,
      givenNames: row.given_names,
      firstSurname: row.first_surname,
      secondSurname: row.second_surname,
      birthDate: row.birth_date,
      sex: row.sex,
      birthState: row.birth_state,
      status: row.status,
    };
  }
}
