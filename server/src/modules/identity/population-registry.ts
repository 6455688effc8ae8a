/**
 * The port through which the server asks the national population registry (RENAPO) about a CURP.
 * Two adapters implement it: an embedded table (demo / offline installs) and an HTTP client
 * (`renapo-http-client.ts`, contract in `RENAPO-CONTRACT.md`). Services depend only on this file.
 */

/** RENAPO marks a CURP `baja` when it was cancelled (death, duplicate, correction). */
export type RegistryStatus = 'vigente' | 'baja';

export interface RegistryRecord {
  curp: string;
  givenNames: string;
  firstSurname: string;
  secondSurname: string | null;
  /** YYYY-MM-DD */
  birthDate: string;
  sex: 'H' | 'M' | 'X';
  /** RENAPO 2-letter entity code, `NE` for people born abroad. */
  birthState: string;
  status: RegistryStatus;
}

export interface PopulationRegistry {
  /** Resolves `null` when the registry has no such CURP; throws AppError when it cannot answer. */
  lookup(curp: string): Promise<RegistryRecord | null>;
}
